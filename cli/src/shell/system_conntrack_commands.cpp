// `show system conntrack`: every effective `system conntrack` setting of the running configuration,
// walked from the schema (so a new setting shows without code), each marked `default` or `set`:
// values with the schema's defaults filled in, valueless settings as enabled/disabled, rule lists
// (ignore and custom timeout rules) as their number of rules. Text and `| json`.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ctsh/cli/config_diff.hpp"
#include "engine_command_support.hpp"
#include "text_table.hpp"

namespace ctsh::cli {
namespace {

struct Setting {
  std::string name;  // the path below `system conntrack`: "timeout tcp established"
  std::string text;  // as the table shows it
  nlohmann::ordered_json value;
  bool set = false;  // given in the running configuration (else the schema's default, or absent)
};

void collect(const SchemaNode& schema_node, const Path& path, const ConfigNode& running, const ConfigNode& effective,
             std::vector<Setting>& out) {
  for (const auto& child : schema_node.children()) {
    Path child_path = path;
    child_path.push_back(child->name);
    const std::string name = join_path(Path(child_path.begin() + 2, child_path.end()));
    const bool set = running.find(child_path) != nullptr;
    switch (child->kind) {
      case NodeKind::container:
        collect(*child, child_path, running, effective, out);
        break;
      case NodeKind::valueless:
        out.push_back({name, set ? "enabled" : "disabled", set, set});
        break;
      case NodeKind::tag: {
        const ConfigNode* rules = running.find(child_path);
        const std::size_t count = rules ? rules->children.size() : 0;
        out.push_back({name, fmt::format("{} {}{}", count, child->name, count == 1 ? "" : "s"), count, set});
        break;
      }
      case NodeKind::leaf:
      case NodeKind::multi: {
        const ConfigNode* leaf = effective.find(child_path);
        if (!leaf || leaf->values.empty()) {
          out.push_back({name, "(none)", nullptr, false});
          break;
        }
        const std::string text = fmt::format("{}", fmt::join(leaf->values, ","));
        nlohmann::ordered_json value = text;
        if (child->value_type == ValueType::integer && child->kind == NodeKind::leaf) value = std::stoull(text);
        out.push_back({name, text, std::move(value), set});
        break;
      }
    }
  }
}

Status show_system_conntrack(Shell::State& state, Invocation& call) {
  const Path base{"system", "conntrack"};
  const SchemaNode* schema_node = state.schema().node_at(base);
  if (!schema_node) return engine_failure(call, "the schema has no system conntrack node");
  const ConfigNode effective = with_defaults(state.running, state.schema());
  std::vector<Setting> settings;
  collect(*schema_node, base, state.running, effective, settings);
  if (call.format == Format::json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const Setting& s : settings) j[s.name] = {{"value", s.value}, {"origin", s.set ? "set" : "default"}};
    call.output.out += j.dump() + "\n";
    return Status::ok;
  }
  std::vector<std::vector<std::string>> rows;
  for (const Setting& s : settings) rows.push_back({s.name, s.text, s.set ? "set" : "default"});
  call.output.out += render_table({"Setting", "Value", "Origin"}, rows);
  return Status::ok;
}

constexpr NamedHandler system_conntrack_handler_table[] = {
    {"show-system-conntrack", show_system_conntrack, formats(Format::json)},
};

}  // namespace

std::span<const NamedHandler> system_conntrack_handlers() { return system_conntrack_handler_table; }

}  // namespace ctsh::cli
