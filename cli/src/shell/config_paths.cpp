// Path resolution for configuration-mode commands.
#include "config_paths.hpp"

#include <fmt/format.h>

namespace ctsh::cli {
namespace {

bool has_whitespace(const std::string& s) { return s.find_first_of(" \t\n\r") != std::string::npos; }

std::string path_with_bad_word(const Path& words, std::size_t bad) {
  std::string prefix;
  for (std::size_t i = 0; i < bad; ++i) prefix += words[i] + " ";
  return fmt::format("Configuration path: {}[{}] is not valid", prefix, words[bad]);
}

}  // namespace

std::expected<ResolvedPath, std::vector<std::string>> resolve_config_path(const Schema& schema, const Path& words,
                                                                          PathUse use) {
  ResolvedPath resolved{{}, &schema.root(), std::nullopt, false};
  bool awaiting_tag_value = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    const SchemaNode& node = *resolved.node;
    const bool takes_value = awaiting_tag_value || node.kind == NodeKind::leaf || node.kind == NodeKind::multi;
    if (takes_value && !resolved.value) {
      if (awaiting_tag_value && has_whitespace(word)) {
        return std::unexpected(std::vector<std::string>{"Tag node value name must not contain whitespace"});
      }
      auto checked = node.check_value(word);
      if (!checked) {
        // A value that could never have been set cannot be there to delete.
        if (use == PathUse::remove && i + 1 == words.size() && !awaiting_tag_value) {
          resolved.value = word;
          return resolved;
        }
        std::vector<std::string> lines = checked.error().lines;
        lines.push_back("Value validation failed");
        return std::unexpected(lines);
      }
      if (awaiting_tag_value) {
        resolved.node_path.push_back(word);
        awaiting_tag_value = false;
      } else {
        resolved.value = word;
      }
      continue;
    }
    const SchemaNode* child = takes_value || node.kind == NodeKind::valueless ? nullptr : node.child(word);
    if (!child) return std::unexpected(std::vector<std::string>{path_with_bad_word(words, i)});
    resolved.node = child;
    resolved.node_path.push_back(word);
    awaiting_tag_value = child->kind == NodeKind::tag;
  }
  resolved.tag_without_value = awaiting_tag_value;
  const NodeKind kind = resolved.node->kind;
  const bool missing_value =
      awaiting_tag_value || ((kind == NodeKind::leaf || kind == NodeKind::multi) && !resolved.value);
  if (use == PathUse::set && missing_value) {
    return std::unexpected(
        std::vector<std::string>{fmt::format("Configuration path: [{}] requires a value", join_path(words))});
  }
  return resolved;
}

ConfigNode& ensure_node(ConfigNode& root, const Path& path, const Schema& schema) {
  ConfigNode* node = &root;
  const SchemaNode* schema_node = &schema.root();
  bool in_tag_values = false;
  for (const auto& word : path) {
    node = &node->children[word];
    if (in_tag_values) {
      in_tag_values = false;  // `word` is a tag value: same schema node, its children come next
      continue;
    }
    schema_node = schema_node ? schema_node->child(word) : nullptr;
    if (!schema_node) continue;
    if (schema_node->kind == NodeKind::tag) {
      node->is_tag = true;
      in_tag_values = true;
    } else if (schema_node->kind != NodeKind::container) {
      node->is_leaf = true;
    }
  }
  return *node;
}

}  // namespace ctsh::cli
