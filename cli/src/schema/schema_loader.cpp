// Builds the SchemaNode tree from schema/ctsh.schema.json: node kinds, help, defaults, value rules.
#include "schema_loader.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "validators.hpp"
#include "value_rules.hpp"

namespace ctsh::cli {
namespace {

using Json = nlohmann::ordered_json;

// Deeper $ref chains than this are taken for a cycle.
constexpr std::size_t max_reference_depth = 16;

// A schema node with its "$ref" chain followed, without copying: the node's own keys first, then the
// referenced definition's, and so on (keys beside "$ref" override the referenced ones).
class ResolvedNode {
 public:
  const Json* find(std::string_view key) const {
    for (const Json* layer : layers_) {
      if (auto found = layer->find(key); found != layer->end()) return &*found;
    }
    return nullptr;
  }
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  std::string string_or(std::string_view key, std::string fallback) const {
    const Json* found = find(key);
    return found != nullptr && found->is_string() ? found->get<std::string>() : fallback;
  }

 private:
  friend class TreeLoader;
  std::vector<const Json*> layers_;
};

class TreeLoader {
 public:
  explicit TreeLoader(const Json& document) : document_(document) {}

  std::unique_ptr<SchemaNode> load_node(const Json& raw, std::string name, const std::string& where) const {
    const ResolvedNode schema = resolve(raw, where);
    auto node = std::make_unique<SchemaNode>();
    node->name = std::move(name);
    node->help = schema.string_or("description", "");
    node->kind = kind_of(schema, where);
    switch (node->kind) {
      case NodeKind::container:
        load_children(*node, schema, where);
        break;
      case NodeKind::valueless:
        break;
      case NodeKind::leaf:
        load_value_rules(*node, schema, where);
        if (const Json* default_value = schema.find("default")) {
          node->default_value = default_value->is_string() ? default_value->get<std::string>() : default_value->dump();
        }
        break;
      case NodeKind::multi:
        load_value_rules(*node, resolve(required(schema, "items", where), where + "/items"), where + "/items");
        break;
      case NodeKind::tag: {
        const std::string value_where = where + "/x-tag-value";
        load_value_rules(*node, resolve(required(schema, "x-tag-value", where), value_where), value_where);
        const std::string body_where = where + "/additionalProperties";
        load_children(*node, resolve(required(schema, "additionalProperties", where), body_where), body_where);
        break;
      }
    }
    return node;
  }

 private:
  const Json& document_;

  [[noreturn]] static void fail(const std::string& where, std::string_view what) {
    throw std::invalid_argument(fmt::format("schema node {}: {}", where.empty() ? "/" : where, what));
  }

  static const Json& required(const ResolvedNode& schema, const char* key, const std::string& where) {
    const Json* found = schema.find(key);
    if (found == nullptr || !found->is_object()) fail(where, fmt::format("needs an object \"{}\"", key));
    return *found;
  }

  ResolvedNode resolve(const Json& raw, const std::string& where) const {
    ResolvedNode resolved;
    const Json* layer = &raw;
    std::string layer_where = where;
    while (true) {
      if (!layer->is_object()) fail(layer_where, "is not an object");
      resolved.layers_.push_back(layer);
      auto reference = layer->find("$ref");
      if (reference == layer->end()) return resolved;
      if (resolved.layers_.size() > max_reference_depth) fail(where, "has a $ref chain that does not end");
      if (!reference->is_string() || !reference->get<std::string>().starts_with("#/")) {
        fail(layer_where, "has a $ref that is not a local JSON pointer (#/...)");
      }
      const std::string pointer = reference->get<std::string>().substr(1);
      Json::json_pointer target;
      try {
        target = Json::json_pointer(pointer);
      } catch (const nlohmann::json::exception&) {
        fail(layer_where, fmt::format("has a malformed $ref {}", pointer));
      }
      if (!document_.contains(target)) fail(layer_where, fmt::format("refers to {}, which does not exist", pointer));
      layer = &document_.at(target);
      layer_where = pointer;
    }
  }

  static NodeKind kind_of(const ResolvedNode& schema, const std::string& where) {
    if (const Json* marker = schema.find("x-node")) {
      const std::string kind = marker->is_string() ? marker->get<std::string>() : std::string{};
      if (kind == "valueless") return NodeKind::valueless;
      if (kind == "tag") return NodeKind::tag;
      if (kind == "multi") return NodeKind::multi;
      fail(where, "has an x-node other than valueless, tag or multi");
    }
    const std::string type = schema.string_or("type", "");
    if (type == "object") return NodeKind::container;
    if (type == "integer" || type == "string") return NodeKind::leaf;
    fail(where, "has no type the shell knows (object, integer or string)");
  }

  void load_children(SchemaNode& node, const ResolvedNode& schema, const std::string& where) const {
    const Json* properties = schema.find("properties");
    if (properties == nullptr) return;
    if (!properties->is_object()) fail(where, "has \"properties\" that is not an object");
    for (const auto& [child_name, child_schema] : properties->items()) {
      node.children_.push_back(load_node(child_schema, child_name, where + "/properties/" + child_name));
    }
  }

  static std::optional<std::int64_t> integer_key(const ResolvedNode& schema, const char* key, const std::string& where) {
    const Json* found = schema.find(key);
    if (found == nullptr) return std::nullopt;
    if (!found->is_number_integer()) fail(where, fmt::format("has a \"{}\" that is not an integer", key));
    return found->get<std::int64_t>();
  }

  static std::optional<std::string> string_key(const ResolvedNode& schema, const char* key, const std::string& where) {
    const Json* found = schema.find(key);
    if (found == nullptr) return std::nullopt;
    if (!found->is_string()) fail(where, fmt::format("has a \"{}\" that is not a string", key));
    return found->get<std::string>();
  }

  static void load_value_rules(SchemaNode& node, const ResolvedNode& schema, const std::string& where) {
    auto rules = std::make_shared<SchemaNode::Impl>();
    const std::string type = schema.string_or("type", "");
    if (type != "integer" && type != "string") fail(where, "needs a value type of integer or string");
    rules->type = type == "integer" ? ValueType::integer : ValueType::string;
    rules->minimum = integer_key(schema, "minimum", where);
    rules->maximum = integer_key(schema, "maximum", where);
    if (auto length = integer_key(schema, "maxLength", where)) rules->max_length = static_cast<std::size_t>(*length);
    if (const Json* words = schema.find("enum")) {
      for (const auto& word : *words) {
        if (!word.is_string()) fail(where, "has an enum entry that is not a string");
        rules->allowed_words.push_back(word.get<std::string>());
      }
    }
    rules->pattern = string_key(schema, "pattern", where);
    rules->validator = string_key(schema, "x-validator", where);
    if (rules->validator && !is_known_validator(*rules->validator)) {
      fail(where, fmt::format("names an unknown x-validator \"{}\"", *rules->validator));
    }
    rules->constraint_error = string_key(schema, "x-constraint-error", where);

    node.value_type = rules->type;
    node.completions = rules->allowed_words;
    if (const Json* rows = schema.find("x-value-help")) {
      for (const auto& row : *rows) {
        ValueHelp help{.format = row.value("format", ""), .description = row.value("description", "")};
        if (help.format.empty()) help.format = derived_range_format(*rules, where);
        node.value_help.push_back(std::move(help));
      }
    } else if (rules->type == ValueType::integer) {
      node.value_help.push_back({.format = derived_range_format(*rules, where), .description = node.help});
    }
    node.impl = std::move(rules);
  }

  // VyOS's `u32:A-B` format, written once in the schema as minimum/maximum.
  static std::string derived_range_format(const SchemaNode::Impl& rules, const std::string& where) {
    if (rules.type != ValueType::integer || !rules.minimum || !rules.maximum) {
      fail(where, "has an x-value-help row without a format, which only integers with minimum and maximum may omit");
    }
    return fmt::format("u32:{}-{}", *rules.minimum, *rules.maximum);
  }
};

}  // namespace

std::unique_ptr<SchemaNode> load_schema_tree(const nlohmann::ordered_json& document) {
  try {
    return TreeLoader(document).load_node(document, "", "");
  } catch (const nlohmann::json::exception& error) {
    throw std::invalid_argument(fmt::format("schema document: {}", error.what()));
  }
}

}  // namespace ctsh::cli
