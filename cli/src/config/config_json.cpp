// to_typed_json / from_json: the tree as typed JSON, and back from typed or VyOS's all-strings JSON.
#include <charconv>
#include <cstdint>

#include <fmt/format.h>

#include "ctsh/cli/config_formats.hpp"

namespace ctsh::cli {
namespace {

using nlohmann::json;

json typed_value(const std::string& value, const SchemaNode* schema) {
  if (schema != nullptr && schema->value_type == ValueType::integer) {
    std::int64_t number = 0;
    const char* end = value.data() + value.size();
    auto [stop, error] = std::from_chars(value.data(), end, number);
    if (error == std::errc{} && stop == end && !value.empty()) return number;
  }
  return value;
}

json leaf_json(const ConfigNode& leaf, const SchemaNode* schema) {
  const NodeKind kind = schema != nullptr ? schema->kind
                        : leaf.values.empty() ? NodeKind::valueless
                        : leaf.values.size() > 1 ? NodeKind::multi
                                                 : NodeKind::leaf;
  if (kind == NodeKind::valueless || leaf.values.empty()) return json::object();
  if (kind == NodeKind::leaf && leaf.values.size() == 1) return typed_value(leaf.values.front(), schema);
  json values = json::array();
  for (const auto& value : leaf.values) values.push_back(typed_value(value, schema));
  return values;
}

// Containers and tag nodes look the same in JSON: objects keyed by child name or tag value. For a tag
// node the schema node stays the same one level down, since it describes each tag value's children.
json node_json(const ConfigNode& node, const SchemaNode* schema) {
  if (node.is_leaf) return leaf_json(node, schema);
  json object = json::object();
  for (const auto& [name, child] : node.children) {
    const SchemaNode* child_schema = node.is_tag ? schema : schema != nullptr ? schema->child(name) : nullptr;
    object[name] = node_json(child, child_schema);
  }
  return object;
}

std::unexpected<FormatError> error_at(const Path& path, std::string_view what) {
  return std::unexpected(FormatError{fmt::format("{}: {}", join_path(path), what)});
}

std::string_view json_kind(const json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_boolean()) return "true or false";
  if (value.is_null()) return "null";
  if (value.is_number_float()) return "a fractional number";
  return value.is_string() ? "a string" : "a number";
}

std::expected<std::string, FormatError> value_text(const json& value, const Path& path) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.is_number_unsigned() ? std::to_string(value.get<std::uint64_t>())
                                                                   : std::to_string(value.get<std::int64_t>());
  return error_at(path, fmt::format("expected a string or a whole number, got {}", json_kind(value)));
}

bool is_no_value(const json& value) {
  return value.is_null() || (value.is_object() && value.empty()) || (value.is_string() && value.get<std::string>().empty());
}

class JsonReader {
 public:
  std::expected<void, FormatError> read_children(const json& object, const SchemaNode& schema, Path& path,
                                                 ConfigNode& node) {
    if (object.is_null()) return {};
    if (!object.is_object()) {
      return error_at(path, fmt::format("expected an object of child nodes, got {}", json_kind(object)));
    }
    for (const auto& [name, value] : object.items()) {
      const SchemaNode* child_schema = schema.child(name);
      path.push_back(name);
      if (child_schema == nullptr) {
        unknown.push_back(join_path(path));
      } else if (auto read = read_node(value, *child_schema, path, node.children[name]); !read) {
        return read;
      }
      path.pop_back();
    }
    return {};
  }

  std::vector<std::string> unknown;

 private:
  std::expected<void, FormatError> read_node(const json& value, const SchemaNode& schema, Path& path,
                                             ConfigNode& node) {
    switch (schema.kind) {
      case NodeKind::container: return read_children(value, schema, path, node);
      case NodeKind::tag: return read_tag(value, schema, path, node);
      case NodeKind::valueless:
        if (!is_no_value(value)) return error_at(path, fmt::format("takes no value, got {}", json_kind(value)));
        node.set_leaf({});
        return {};
      case NodeKind::leaf: {
        auto text = value_text(value, path);
        if (!text) return std::unexpected(text.error());
        node.set_leaf({std::move(*text)});
        return {};
      }
      case NodeKind::multi: return read_multi(value, path, node);
    }
    return {};
  }

  std::expected<void, FormatError> read_tag(const json& value, const SchemaNode& schema, Path& path,
                                            ConfigNode& node) {
    if (!value.is_object()) {
      return error_at(path, fmt::format("expected an object keyed by tag value, got {}", json_kind(value)));
    }
    node.is_tag = true;
    for (const auto& [tag_value, children] : value.items()) {
      path.push_back(tag_value);
      if (auto read = read_children(children, schema, path, node.children[tag_value]); !read) return read;
      path.pop_back();
    }
    return {};
  }

  std::expected<void, FormatError> read_multi(const json& value, const Path& path, ConfigNode& node) {
    std::vector<std::string> values;
    if (!value.is_array()) {
      auto text = value_text(value, path);
      if (!text) return std::unexpected(text.error());
      values.push_back(std::move(*text));
    }
    for (const auto& element : value.is_array() ? value : json::array()) {
      auto text = value_text(element, path);
      if (!text) return std::unexpected(text.error());
      values.push_back(std::move(*text));
    }
    node.set_leaf(std::move(values));
    return {};
  }
};

// Removes tag nodes that ended up without values (`"rule": {}`): a tree never holds them.
void drop_empty_tags(ConfigNode& node) {
  for (auto it = node.children.begin(); it != node.children.end();) {
    drop_empty_tags(it->second);
    it = it->second.is_tag && it->second.children.empty() ? node.children.erase(it) : std::next(it);
  }
}

}  // namespace

nlohmann::json to_typed_json(const ConfigNode& root, const Schema& schema) { return node_json(root, &schema.root()); }

std::expected<ConfigNode, FormatError> from_json(const nlohmann::json& document, const Schema& schema) {
  if (!document.is_object()) {
    return std::unexpected(FormatError{fmt::format("the JSON configuration must be an object, got {}",
                                                   json_kind(document))});
  }
  ConfigNode root;
  JsonReader reader;
  Path path;
  if (auto read = reader.read_children(document, schema.root(), path, root); !read) {
    return std::unexpected(read.error());
  }
  if (!reader.unknown.empty()) {
    std::string names;
    for (const auto& name : reader.unknown) names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", name);
    return std::unexpected(FormatError{fmt::format("not part of the configuration tree: {}", names)});
  }
  drop_empty_tags(root);
  return root;
}

}  // namespace ctsh::cli
