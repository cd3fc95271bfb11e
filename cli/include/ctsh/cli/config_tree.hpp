// ConfigNode: one node of a configuration tree (running, candidate, saved or archived), as VyOS keeps it.
//
// A path is the words of a `set` command: `firewall ipv4 name RAW rule 10 action notrack` walks
// firewall → ipv4 → name (a tag node) → RAW (a tag value) → rule (tag node) → 10 → action (a leaf with
// value "notrack"). Children are kept in VyOS's numeric-aware order (rule 2 before rule 10). Values are
// strings, as the user typed them; the schema gives them types when the tree is checked or exported.
//
//   ConfigNode root;
//   root.ensure({"system", "conntrack", "table-size"}).set_leaf({"262144"});
//   if (const ConfigNode* n = root.find({"system", "conntrack"})) ...
//
// Value type; not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctsh::cli {

using Path = std::vector<std::string>;

// VyOS's lexical_numeric_compare: runs of digits compare as numbers, the rest byte by byte.
struct NumericAwareLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

class ConfigNode {
 public:
  using Children = std::map<std::string, ConfigNode, NumericAwareLess>;

  Children children;
  std::vector<std::string> values;  // a leaf's values: one, several (multi) or none (valueless)
  bool is_leaf = false;
  bool is_tag = false;  // a tag node: its children are the tag values (`rule` → `10`, `20`)
  std::optional<std::string> comment;

  bool operator==(const ConfigNode&) const = default;

  const ConfigNode* find(const Path& path) const;
  ConfigNode* find(const Path& path);
  // Creates the missing nodes along path (as plain containers) and returns the last one.
  ConfigNode& ensure(const Path& path);
  // Removes the node at path; returns false when it does not exist. Ancestors left empty by the removal
  // (tag nodes without values, containers without children) are removed too, as VyOS does.
  bool erase(const Path& path);
  void set_leaf(std::vector<std::string> leaf_values);
  // The first value of the leaf at path, or nullptr when there is none.
  const std::string* first_value(const Path& path) const;
  bool empty() const { return children.empty() && !is_leaf; }
};

// Prints a path as the user types it: words joined by spaces.
std::string join_path(const Path& path);

}  // namespace ctsh::cli
