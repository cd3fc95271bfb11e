// Walks of a tree against the schema: the paths it does not know, and node kinds for schema-less trees.
#include "ctsh/cli/config_formats.hpp"

namespace ctsh::cli {
namespace {

bool is_leaf_kind(NodeKind kind) { return kind == NodeKind::leaf || kind == NodeKind::multi || kind == NodeKind::valueless; }

// `schema` describes the children of `node` (a container, or one value of a tag node).
void collect_unknown(const ConfigNode& node, const SchemaNode& schema, Path& path, std::vector<Path>& unknown) {
  for (const auto& [name, child] : node.children) {
    path.push_back(name);
    const SchemaNode* child_schema = schema.child(name);
    if (child_schema == nullptr) {
      unknown.push_back(path);
    } else if (child_schema->kind == NodeKind::tag) {
      for (const auto& [tag_value, value_node] : child.children) {
        path.push_back(tag_value);
        collect_unknown(value_node, *child_schema, path, unknown);
        path.pop_back();
      }
    } else if (is_leaf_kind(child_schema->kind)) {
      for (const auto& [below_leaf, ignored] : child.children) {
        path.push_back(below_leaf);
        unknown.push_back(path);
        path.pop_back();
      }
    } else {
      collect_unknown(child, *child_schema, path, unknown);
    }
    path.pop_back();
  }
}

// A valueless line (`conntrack`) where the schema has a container is an empty container.
void make_container(ConfigNode& node) {
  if (node.is_leaf && node.values.empty()) node.is_leaf = false;
  node.is_tag = false;
}

void apply_kinds(ConfigNode& node, const SchemaNode& schema) {
  for (auto& [name, child] : node.children) {
    const SchemaNode* child_schema = schema.child(name);
    if (child_schema == nullptr) continue;
    switch (child_schema->kind) {
      case NodeKind::container:
        make_container(child);
        apply_kinds(child, *child_schema);
        break;
      case NodeKind::tag:
        // `name RAW` written as a leaf line is the tag value RAW with nothing under it.
        if (child.is_leaf) {
          for (const auto& tag_value : child.values) child.children.try_emplace(tag_value);
          child.values.clear();
          child.is_leaf = false;
        }
        child.is_tag = true;
        for (auto& [tag_value, value_node] : child.children) {
          make_container(value_node);
          apply_kinds(value_node, *child_schema);
        }
        break;
      case NodeKind::leaf:
      case NodeKind::multi:
      case NodeKind::valueless:
        if (!child.is_leaf && child.children.empty()) child.set_leaf({});
        child.is_tag = false;
        break;
    }
  }
}

}  // namespace

std::vector<Path> unknown_paths(const ConfigNode& tree, const Schema& schema) {
  std::vector<Path> unknown;
  Path path;
  collect_unknown(tree, schema.root(), path, unknown);
  return unknown;
}

void apply_schema_kinds(ConfigNode& tree, const Schema& schema) { apply_kinds(tree, schema.root()); }

}  // namespace ctsh::cli
