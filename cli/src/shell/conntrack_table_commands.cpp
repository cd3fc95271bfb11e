// Op-mode views of the engine's table: `show conntrack table ipv4|ipv6 [source A] [destination B]
// [protocol P] [source-port N] [destination-port N] [state S] [status ...]`, every filter given
// applying (original direction, as conntrack -L does).
#include <fmt/format.h>

#include "conntrack_table_view.hpp"
#include "conntrack_tools_format.hpp"
#include "engine_command_support.hpp"
#include "flow_filter_options.hpp"

namespace ctsh::cli {
namespace {

Status show_table(Shell::State& state, Invocation& call, engine::Family family) {
  auto filter = flow_filter_from_options(family, call.options);
  if (!filter) return engine_failure(call, filter.error());
  std::vector<engine::FlowView> flows;
  auto done = state.engine_dataplane().use(false, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    flows.reserve(engine.stats().entries);
    engine.for_each(*filter, [&](const engine::FlowView& flow) { flows.push_back(flow); });
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  sort_flows(flows);
  if (call.format == Format::json) {
    call.output.out += table_json(flows).dump() + "\n";
  } else if (call.format == Format::conntrack) {
    for (const engine::FlowView& flow : flows) call.output.out += conntrack_list_line(flow) + "\n";
  } else {
    call.output.out += table_text(flows);
  }
  return Status::ok;
}

Status show_table_ipv4(Shell::State& state, Invocation& call) { return show_table(state, call, engine::Family::ipv4); }
Status show_table_ipv6(Shell::State& state, Invocation& call) { return show_table(state, call, engine::Family::ipv6); }

constexpr NamedHandler conntrack_table_handler_table[] = {
    {"show-conntrack-table-ipv4", show_table_ipv4, formats(Format::json, Format::conntrack)},
    {"show-conntrack-table-ipv6", show_table_ipv6, formats(Format::json, Format::conntrack)},
};

}  // namespace

std::span<const NamedHandler> conntrack_table_handlers() { return conntrack_table_handler_table; }

}  // namespace ctsh::cli
