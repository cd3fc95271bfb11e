// Schema: the configuration tree's shape, read from schema/ctsh.schema.json (embedded at build time).
//
// The one declaration behind set/delete parsing, value checks, `?` help, completion, config.boot
// rendering and commit-time validation. Node kinds follow VyOS: containers ("node"), tag nodes
// ("tagNode": `rule 10`), leaves with one value, multi-value leaves, and valueless leaves.
//
//   const Schema& schema = Schema::embedded();
//   const SchemaNode* node = schema.root().child("system")->child("conntrack")->child("table-size");
//   if (auto ok = node->check_value("0"); !ok) for (auto& line : ok.error().lines) ...
//
// Schema::embedded() is built once, on first use, and is read-only afterwards (safe to share).
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ctsh/cli/config_tree.hpp"

namespace ctsh::cli {

enum class NodeKind { container, tag, leaf, multi, valueless };

// The JSON type a leaf's value takes in typed JSON (and in valijson's check).
enum class ValueType { string, integer };

// One row of VyOS's valueHelp: `<1-50000000>  Number of entries allowed ...`.
struct ValueHelp {
  std::string format;       // as VyOS writes it: "u32:1-50000000", "ipv4net", "txt", "enable"
  std::string description;
};

// Why a value was refused, in VyOS's order: the validator's own lines (may be empty), then the
// constraint message ("Invalid value" unless the schema names another). The caller adds
// "Value validation failed" and "Set failed".
struct ValueError {
  std::vector<std::string> lines;
};

class SchemaNode {
 public:
  NodeKind kind = NodeKind::container;
  std::string name;
  std::string help;                         // "Size of connection tracking table"
  std::vector<ValueHelp> value_help;        // for leaves, multis and tag values
  std::optional<std::string> default_value; // leaves only; as the user would type it
  ValueType value_type = ValueType::string; // leaves, multis and tag values
  std::vector<std::string> completions;     // fixed words a value may take (enum), for TAB

  // Children of a container, or of each value of a tag node; in the schema's declaration order.
  const std::vector<std::unique_ptr<SchemaNode>>& children() const { return children_; }
  const SchemaNode* child(std::string_view child_name) const;

  // Checks a value of a leaf or multi, or the value (name) of a tag node. Length is capped before any
  // pattern is tried.
  std::expected<void, ValueError> check_value(std::string_view value) const;

  // Implementation detail of the loader.
  struct Impl;
  std::shared_ptr<const Impl> impl;
  std::vector<std::unique_ptr<SchemaNode>> children_;
};

// What is found when walking a set/delete path through the schema.
struct PathResolution {
  const SchemaNode* node = nullptr;  // the schema node the path ends on (or the last valid one)
  Path node_path;                    // the path to that node, tag values included
  std::optional<std::string> value;  // the trailing value word, for leaves/multis
  std::size_t invalid_at = 0;        // index of the first word that is not valid; == words.size() when all valid
  bool tag_value_given = false;      // node is a tag node and node_path ends on one of its values
  std::optional<ValueError> value_error;  // why words[invalid_at] was refused, when it was a value
};

class Schema {
 public:
  static const Schema& embedded();
  // For tests: a schema from another document. Throws std::invalid_argument (or nlohmann's parse_error)
  // naming the node of a document that breaks the conventions of schema/ctsh.schema.json.
  static std::unique_ptr<Schema> from_json(std::string_view json_text);
  ~Schema();

  const SchemaNode& root() const { return *root_; }
  const nlohmann::json& document() const;

  // Walks `words` (a set/delete/show path) from the root: container and leaf names must match exactly,
  // tag values and leaf values are checked with check_value. Stops at the first word that does not fit.
  PathResolution resolve(const Path& words) const;

  // The schema node for a path of an existing tree (tag values included), or nullptr.
  const SchemaNode* node_at(const Path& tree_path) const;

  // Whole-tree check at commit: the typed JSON of the tree against the JSON Schema (valijson, built on
  // first use), then every value through check_value. Each problem is one line naming the path.
  std::vector<std::string> validate(const nlohmann::json& typed_tree) const;

 private:
  Schema();
  std::unique_ptr<SchemaNode> root_;
  struct Validator;
  mutable std::unique_ptr<Validator> validator_;
  std::unique_ptr<nlohmann::json> document_;
};

}  // namespace ctsh::cli
