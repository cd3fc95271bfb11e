// with_defaults: the effective tree, with the schema's default values filled in.
#include "ctsh/cli/config_diff.hpp"

namespace ctsh::cli {
namespace {

// Which missing containers may be created to hold defaults. Only under `system`: `system conntrack`
// always exists in effect (the kernel has a table, timeouts, ...), so its defaults show even in an empty
// tree. A firewall subtree, or a tag value anywhere, exists only when configured; inside one that
// exists, its own defaults (a rule set's default-action) are filled in.
bool may_create_for_defaults(const SchemaNode& parent, const SchemaNode& child, bool parent_may_create,
                             const Schema& schema) {
  return parent_may_create || (&parent == &schema.root() && child.name == "system");
}

void fill_defaults(ConfigNode& node, const SchemaNode& schema_node, bool may_create, const Schema& schema) {
  for (const auto& child_schema : schema_node.children()) {
    const bool may_create_below = may_create_for_defaults(schema_node, *child_schema, may_create, schema);
    auto existing = node.children.find(child_schema->name);
    switch (child_schema->kind) {
      case NodeKind::leaf:
      case NodeKind::multi:
      case NodeKind::valueless:
        if (child_schema->default_value && existing == node.children.end()) {
          node.children[child_schema->name].set_leaf({*child_schema->default_value});
        }
        break;
      case NodeKind::tag:
        if (existing == node.children.end()) break;
        for (auto& [tag_value, value_node] : existing->second.children) {
          fill_defaults(value_node, *child_schema, may_create_below, schema);
        }
        break;
      case NodeKind::container:
        if (existing != node.children.end()) {
          if (!existing->second.is_leaf) fill_defaults(existing->second, *child_schema, may_create_below, schema);
        } else if (may_create_below) {
          ConfigNode created;
          fill_defaults(created, *child_schema, true, schema);
          if (!created.empty()) node.children.emplace(child_schema->name, std::move(created));
        }
        break;
    }
  }
}

}  // namespace

ConfigNode with_defaults(const ConfigNode& tree, const Schema& schema) {
  ConfigNode effective = tree;
  fill_defaults(effective, schema.root(), false, schema);
  return effective;
}

}  // namespace ctsh::cli
