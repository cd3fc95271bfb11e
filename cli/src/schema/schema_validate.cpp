// Schema::validate: the whole typed tree against the JSON Schema (valijson, built on first use), then
// every value through check_value; one line per problem, naming the path as the user types it.
#include <algorithm>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "ctsh/cli/schema.hpp"
#include "name_tables.hpp"
#include "value_rules.hpp"

namespace ctsh::cli {

struct Schema::Validator {
  valijson::Schema compiled;
};

Schema::Schema() = default;
Schema::~Schema() = default;

namespace {

using Json = nlohmann::json;

struct Problem {
  Path path;
  std::string line;
};

std::string describe(const Path& path, std::string_view what) {
  return fmt::format("{}: {}", path.empty() ? std::string("(top level)") : fmt::format("{}", fmt::join(path, " ")), what);
}

// Strings valijson's regular expressions must never see: every value and key is capped first.
void find_overlong_strings(const Json& value, Path& path, std::vector<Problem>& problems) {
  const auto too_long = [](std::string_view text) { return text.size() > max_value_length; };
  if (value.is_string() && too_long(value.get_ref<const std::string&>())) {
    problems.push_back({path, describe(path, fmt::format("value is too long: {} characters (limit {})",
                                                         value.get_ref<const std::string&>().size(), max_value_length))});
  } else if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      if (too_long(key)) {
        problems.push_back({path, describe(path, fmt::format("a node name is too long: {} characters (limit {})",
                                                             key.size(), max_value_length))});
        continue;
      }
      path.push_back(key);
      find_overlong_strings(child, path, problems);
      path.pop_back();
    }
  } else if (value.is_array()) {
    for (const auto& item : value) find_overlong_strings(item, path, problems);
  }
}

std::string expected_shape(const SchemaNode& node) {
  switch (node.kind) {
    case NodeKind::container:
    case NodeKind::tag:
      return "an object of settings";
    case NodeKind::valueless:
      return "{} (it takes no value)";
    case NodeKind::multi:
      return node.value_type == ValueType::integer ? "an array of numbers" : "an array of strings";
    case NodeKind::leaf:
      break;
  }
  return node.value_type == ValueType::integer ? "a number" : "a string";
}

std::string_view json_kind(const Json& value) {
  if (value.is_number_float()) return "a fractional number";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  if (value.is_boolean()) return "a boolean";
  return "null";
}

// Walks the typed tree beside the schema: unknown nodes, shapes that do not fit, and every value's check.
class TreeChecker {
 public:
  explicit TreeChecker(std::vector<Problem>& problems) : problems_(problems) {}

  void check_node(const SchemaNode& node, const Json& value, Path& path) {
    switch (node.kind) {
      case NodeKind::container:
        if (value.is_object()) check_children(node, value, path);
        return;
      case NodeKind::tag:
        if (!value.is_object()) return;
        for (const auto& [tag_value, body] : value.items()) {
          path.push_back(tag_value);
          if (tag_value.size() <= max_value_length) check_value(node, tag_value, path);
          if (body.is_object()) check_children(node, body, path);
          path.pop_back();
        }
        return;
      case NodeKind::leaf:
        check_leaf_value(node, value, path);
        return;
      case NodeKind::multi:
        if (value.is_array()) {
          for (const auto& item : value) check_leaf_value(node, item, path);
        }
        return;
      case NodeKind::valueless:
        return;
    }
  }

 private:
  std::vector<Problem>& problems_;

  void check_children(const SchemaNode& node, const Json& object, Path& path) {
    for (const auto& [key, child_value] : object.items()) {
      const SchemaNode* child = node.child(key);
      path.push_back(key);
      if (child == nullptr) {
        problems_.push_back({path, describe(path, "is not a valid configuration node")});
      } else {
        check_node(*child, child_value, path);
      }
      path.pop_back();
    }
  }

  void check_leaf_value(const SchemaNode& node, const Json& value, const Path& path) {
    if (value.is_string()) {
      check_value(node, value.get_ref<const std::string&>(), path);
    } else if (value.is_number_integer()) {
      check_value(node, value.dump(), path);
    }
  }

  void check_value(const SchemaNode& node, std::string_view text, const Path& path) {
    auto checked = node.check_value(text);
    if (checked) return;
    std::string reasons;
    for (const auto& line : checked.error().lines) reasons += (reasons.empty() ? "" : "; ") + line;
    Path value_path = path;
    if (node.kind != NodeKind::tag) value_path.push_back(shown_value(text));
    problems_.push_back({path, describe(value_path, reasons)});
  }
};

// valijson's context ("<root>", "[system]", "[conntrack]", "[0]") as schema path words, with array
// indices of multi values dropped; also the schema node the path ends on.
std::pair<Path, const SchemaNode*> user_path(const Schema& schema, const std::vector<std::string>& context) {
  Path path;
  for (const auto& part : context) {
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') continue;
    const SchemaNode* at = schema.node_at(path);
    if (at != nullptr && at->kind == NodeKind::multi) continue;
    path.push_back(part.substr(1, part.size() - 2));
  }
  return {path, schema.node_at(path)};
}

// Rewords the valijson errors worth showing; the "failed to validate against ..." chain is dropped,
// as are the checks TreeChecker words better (ranges, patterns, enums, unknown properties).
std::optional<Problem> reword(const Schema& schema, const valijson::ValidationResults::Error& error,
                              const Json& tree) {
  const auto [path, node] = user_path(schema, error.context);
  const std::string& what = error.description;
  if (what.starts_with("Value type not permitted")) {
    const Json* value = &tree;
    for (const auto& word : path) {
      if (!value->is_object() || !value->contains(word)) return std::nullopt;
      value = &value->at(word);
    }
    if (node == nullptr) return std::nullopt;
    return Problem{path, describe(path, fmt::format("must be {}, not {}", expected_shape(*node), json_kind(*value)))};
  }
  if (what.starts_with("Object should have no more than 0")) {
    return Problem{path, describe(path, "takes no value: write it as {}")};
  }
  const bool reported_elsewhere = what.starts_with("Failed to") || what.starts_with("Object contains a property") ||
                                  what.starts_with("Expected number") || what.starts_with("String should be");
  if (reported_elsewhere) return std::nullopt;
  return Problem{path, describe(path, what)};
}

}  // namespace

std::vector<std::string> Schema::validate(const nlohmann::json& typed_tree) const {
  std::vector<Problem> problems;
  Path path;
  find_overlong_strings(typed_tree, path, problems);
  if (problems.empty()) {
    static std::mutex building;
    {
      std::scoped_lock lock(building);
      if (!validator_) {
        validator_ = std::make_unique<Validator>();
        valijson::SchemaParser parser;
        parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(*document_), validator_->compiled);
      }
    }
    valijson::Validator validator;
    valijson::ValidationResults results;
    if (!validator.validate(validator_->compiled, valijson::adapters::NlohmannJsonAdapter(typed_tree), &results)) {
      for (const auto& error : results) {
        if (auto problem = reword(*this, error, typed_tree)) problems.push_back(std::move(*problem));
      }
    }
  }
  std::vector<Problem> value_problems;
  if (typed_tree.is_object()) {
    TreeChecker(value_problems).check_node(*root_, typed_tree, path);
  } else {
    value_problems.push_back({{}, describe({}, fmt::format("must be an object, not {}", json_kind(typed_tree)))});
  }
  // A value's own message says more than a structural one about the same node.
  std::set<Path> value_paths;
  for (const auto& problem : value_problems) value_paths.insert(problem.path);
  std::erase_if(problems, [&](const Problem& problem) { return value_paths.contains(problem.path); });
  problems.insert(problems.end(), value_problems.begin(), value_problems.end());

  std::vector<std::string> lines;
  std::set<std::string> seen;
  for (auto& problem : problems) {
    if (seen.insert(problem.line).second) lines.push_back(std::move(problem.line));
  }
  return lines;
}

}  // namespace ctsh::cli
