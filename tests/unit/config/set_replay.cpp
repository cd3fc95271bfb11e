// Test helper: `set` / `delete` lines applied to a tree through the embedded schema (see set_replay.hpp).
#include "set_replay.hpp"

#include <algorithm>
#include <optional>

#include <doctest/doctest.h>

#include "ctsh/cli/schema.hpp"

namespace ctsh::cli::testing {
namespace {

void mark_tags(ConfigNode& tree, const Path& path, const std::vector<std::size_t>& tag_positions) {
  for (std::size_t position : tag_positions) {
    tree.find(Path(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(position) + 1))->is_tag = true;
  }
}

void apply_leaf(ConfigNode& tree, bool is_set, const SchemaNode& leaf, const Path& path,
                const std::optional<std::string>& value, const std::vector<std::size_t>& tag_positions) {
  if (!is_set) {
    ConfigNode* node = tree.find(path);
    REQUIRE_MESSAGE(node != nullptr, "nothing to delete at " << join_path(path));
    if (value && leaf.kind == NodeKind::multi) std::erase(node->values, *value);
    if (!value || node->values.empty()) tree.erase(path);
    return;
  }
  ConfigNode& node = tree.ensure(path);
  mark_tags(tree, path, tag_positions);
  if (leaf.kind == NodeKind::multi && node.is_leaf && value) node.values.push_back(*value);
  else node.set_leaf(value ? std::vector<std::string>{*value} : std::vector<std::string>{});
}

void apply_line(ConfigNode& tree, const std::string& line) {
  const std::vector<std::string> words = command_words(line);
  REQUIRE_MESSAGE((words.size() >= 2 && (words[0] == "set" || words[0] == "delete")), line);
  const bool is_set = words[0] == "set";
  const SchemaNode* parent = &Schema::embedded().root();
  Path path;
  std::vector<std::size_t> tag_positions;
  for (std::size_t i = 1; i < words.size();) {
    const SchemaNode* node = parent->child(words[i]);
    REQUIRE_MESSAGE(node != nullptr, "\"" << words[i] << "\" is not in the schema: " << line);
    path.push_back(words[i++]);
    if (node->kind == NodeKind::tag) {
      tag_positions.push_back(path.size() - 1);
      if (i < words.size()) path.push_back(words[i++]);
    } else if (node->kind != NodeKind::container) {
      std::optional<std::string> value;
      if (i < words.size()) value = words[i++];
      REQUIRE_MESSAGE(i == words.size(), "words after the value: " << line);
      return apply_leaf(tree, is_set, *node, path, value, tag_positions);
    }
    parent = node;
  }
  if (is_set) {
    tree.ensure(path);
    mark_tags(tree, path, tag_positions);
  } else {
    REQUIRE_MESSAGE(tree.erase(path), "nothing to delete: " << line);
  }
}

}  // namespace

std::vector<std::string> command_words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
      continue;
    }
    std::string word;
    if (line[i] == '\'') {
      const std::size_t end = line.find('\'', i + 1);
      word = line.substr(i + 1, end - i - 1);
      i = end + 1;
    } else if (line[i] == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\') ++i;
        word += line[i];
      }
      ++i;
    } else {
      while (i < line.size() && line[i] != ' ') word += line[i++];
    }
    words.push_back(std::move(word));
  }
  return words;
}

ConfigNode replay(const std::vector<std::string>& lines, ConfigNode tree) {
  for (const auto& line : lines) apply_line(tree, line);
  return tree;
}

}  // namespace ctsh::cli::testing
