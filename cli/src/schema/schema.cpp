// Schema: the embedded schema, and walking set/delete paths and tree paths through it.
#include "ctsh/cli/schema.hpp"

#include <nlohmann/json.hpp>

#include "ctsh/schema/embedded.hpp"
#include "schema_loader.hpp"
#include "value_rules.hpp"

namespace ctsh::cli {

const SchemaNode* SchemaNode::child(std::string_view child_name) const {
  for (const auto& candidate : children_) {
    if (candidate->name == child_name) return candidate.get();
  }
  return nullptr;
}

std::expected<void, ValueError> SchemaNode::check_value(std::string_view value) const {
  if (!impl) {
    return std::unexpected(ValueError{{kind == NodeKind::valueless ? "This node takes no value" : "This node is not a value"}});
  }
  return impl->check(value);
}

const Schema& Schema::embedded() {
  static const std::unique_ptr<Schema> schema = from_json(ctsh::embedded::config_schema_json);
  return *schema;
}

std::unique_ptr<Schema> Schema::from_json(std::string_view json_text) {
  std::unique_ptr<Schema> schema(new Schema());
  const auto ordered = nlohmann::ordered_json::parse(json_text);
  schema->root_ = load_schema_tree(ordered);
  schema->document_ = std::make_unique<nlohmann::json>(ordered);
  return schema;
}

const nlohmann::json& Schema::document() const { return *document_; }

PathResolution Schema::resolve(const Path& words) const {
  PathResolution found;
  found.node = root_.get();
  found.invalid_at = words.size();
  for (std::size_t index = 0; index < words.size(); ++index) {
    const std::string& word = words[index];
    const SchemaNode& node = *found.node;
    const bool expects_value = !found.value && ((node.kind == NodeKind::tag && !found.tag_value_given) ||
                                                node.kind == NodeKind::leaf || node.kind == NodeKind::multi);
    if (expects_value) {
      if (auto checked = node.check_value(word); !checked) {
        found.invalid_at = index;
        found.value_error = std::move(checked.error());
        return found;
      }
      if (node.kind == NodeKind::tag) {
        found.tag_value_given = true;
        found.node_path.push_back(word);
      } else {
        found.value = word;
      }
      continue;
    }
    const bool has_children = node.kind == NodeKind::container || (node.kind == NodeKind::tag && found.tag_value_given);
    const SchemaNode* next = has_children ? node.child(word) : nullptr;
    if (next == nullptr) {
      found.invalid_at = index;
      return found;
    }
    found.node = next;
    found.node_path.push_back(word);
    found.tag_value_given = false;
  }
  return found;
}

const SchemaNode* Schema::node_at(const Path& tree_path) const {
  const SchemaNode* node = root_.get();
  bool at_tag_value = false;
  for (const std::string& word : tree_path) {
    if (node->kind == NodeKind::tag && !at_tag_value) {
      at_tag_value = true;
      continue;
    }
    if (node->kind != NodeKind::container && node->kind != NodeKind::tag) return nullptr;
    node = node->child(word);
    if (node == nullptr) return nullptr;
    at_tag_value = false;
  }
  return node;
}

}  // namespace ctsh::cli
