// load / merge file reading, format detection, migration and checks.
#include "config_import.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ctsh/cli/config_formats.hpp"

namespace ctsh::cli {
namespace {

constexpr std::uintmax_t kMaxConfigFileBytes = 16u << 20;

std::expected<std::string, std::string> read_whole_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) return std::unexpected(fmt::format("{} is a directory", file.string()));
  auto size = std::filesystem::file_size(file, ec);
  if (ec) return std::unexpected(fmt::format("cannot read {}: {}", file.string(), ec.message()));
  if (size > kMaxConfigFileBytes) {
    return std::unexpected(fmt::format("{} is {} bytes; configuration files are limited to {} bytes", file.string(),
                                       size, kMaxConfigFileBytes));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("cannot read {}", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool looks_like_json(const std::string& text) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

// Keeps only `subtree` of `tree` (at its place); error when the file has nothing there.
std::expected<ConfigNode, std::string> extract(const ConfigNode& tree, const Path& subtree,
                                               const std::filesystem::path& file) {
  if (subtree.empty()) return tree;
  const ConfigNode* part = tree.find(subtree);
  if (!part) return std::unexpected(fmt::format("{} has no configuration under \"{}\"", file.string(), join_path(subtree)));
  ConfigNode result;
  result.ensure(subtree) = *part;
  // Tag markers along the way come from the file's own tree.
  ConfigNode* node = &result;
  const ConfigNode* source = &tree;
  for (const auto& word : subtree) {
    node->is_tag = source->is_tag;
    node = &node->children.at(word);
    source = &source->children.at(word);
  }
  return result;
}

}  // namespace

std::expected<ConfigNode, std::string> import_config_file(const std::filesystem::path& file, const Path& subtree,
                                                          const Schema& schema) {
  auto text = read_whole_file(file);
  if (!text) return std::unexpected(text.error());
  ConfigNode tree;
  if (looks_like_json(*text)) {
    nlohmann::json document = nlohmann::json::parse(*text, nullptr, false);
    if (document.is_discarded()) return std::unexpected(fmt::format("{} is not valid JSON", file.string()));
    if (!subtree.empty()) {
      nlohmann::json part = document;
      for (const auto& word : subtree) {
        if (!part.is_object() || !part.contains(word)) {
          return std::unexpected(fmt::format("{} has no configuration under \"{}\"", file.string(), join_path(subtree)));
        }
        part = nlohmann::json(part.at(word));
      }
      nlohmann::json rebuilt = part;
      for (auto it = subtree.rbegin(); it != subtree.rend(); ++it) rebuilt = nlohmann::json{{*it, rebuilt}};
      document = std::move(rebuilt);
    }
    auto converted = from_json(document, schema);
    if (!converted) return std::unexpected(fmt::format("{}: {}", file.string(), converted.error().message));
    tree = std::move(*converted);
  } else {
    auto parsed = parse_config_boot(*text);
    if (!parsed) return std::unexpected(fmt::format("{}: {}", file.string(), parsed.error().message));
    migrate_vyos15_timeouts(*parsed);
    auto part = extract(*parsed, subtree, file);
    if (!part) return std::unexpected(part.error());
    tree = std::move(*part);
    if (auto unknown = unknown_paths(tree, schema); !unknown.empty()) {
      std::vector<std::string> names;
      for (const auto& path : unknown) names.push_back(join_path(path));
      return std::unexpected(fmt::format(
          "{} holds configuration that ctsh does not manage: {}.\nTo import only its conntrack settings, use: merge {} "
          "system conntrack",
          file.string(), fmt::join(names, ", "), file.string()));
    }
    apply_schema_kinds(tree, schema);
  }
  if (auto problems = schema.validate(to_typed_json(tree, schema)); !problems.empty()) {
    return std::unexpected(fmt::format("{} has invalid values:\n  {}", file.string(), fmt::join(problems, "\n  ")));
  }
  return tree;
}

void merge_tree(ConfigNode& base, const ConfigNode& addition) {
  if (addition.comment) base.comment = addition.comment;
  base.is_tag = base.is_tag || addition.is_tag;
  if (addition.is_leaf) {
    base.set_leaf(addition.values);
    return;
  }
  for (const auto& [name, child] : addition.children) merge_tree(base.children[name], child);
}

}  // namespace ctsh::cli
