// Op-mode deletion from the engine's table: `delete conntrack table ipv4|ipv6 [source A]
// [destination B] [protocol P] [source-port N] [destination-port N] [state S] [status ...]` removes
// every entry of the family that matches all the options given (DESTROY events, as `conntrack -D`),
// saves the table and says how many went; none matching is not an error.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine_command_support.hpp"
#include "flow_filter_options.hpp"

namespace ctsh::cli {
namespace {

Status delete_table(Shell::State& state, Invocation& call, engine::Family family) {
  auto filter = flow_filter_from_options(family, call.options);
  if (!filter) return engine_failure(call, filter.error());
  std::size_t deleted = 0;
  auto done = state.engine_dataplane().use(true, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    deleted = engine.erase(*filter);
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  if (call.format == Format::json) {
    call.output.out += nlohmann::json{{"deleted", deleted}}.dump() + "\n";
  } else {
    call.output.out += fmt::format("{} flow {} been deleted.\n", deleted, deleted == 1 ? "entry has" : "entries have");
  }
  return Status::ok;
}

Status delete_table_ipv4(Shell::State& state, Invocation& call) { return delete_table(state, call, engine::Family::ipv4); }
Status delete_table_ipv6(Shell::State& state, Invocation& call) { return delete_table(state, call, engine::Family::ipv6); }

constexpr NamedHandler conntrack_delete_handler_table[] = {
    {"delete-conntrack-table-ipv4", delete_table_ipv4, formats(Format::json)},
    {"delete-conntrack-table-ipv6", delete_table_ipv6, formats(Format::json)},
};

}  // namespace

std::span<const NamedHandler> conntrack_delete_handlers() { return conntrack_delete_handler_table; }

}  // namespace ctsh::cli
