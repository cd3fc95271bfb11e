// Op-mode views of the engine's table: `show conntrack table ipv4|ipv6 [source A] [destination B]
// [protocol P] [source-port N] [destination-port N] [state S] [status ...]`, every filter given
// applying (original direction, as conntrack -L does). The rows leave in blocks as they are written
// (Output::flush_block), and the engine lock is held only while the table is loaded.
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "conntrack_table_view.hpp"
#include "conntrack_tools_format.hpp"
#include "engine_command_support.hpp"
#include "flow_filter_options.hpp"

namespace ctsh::cli {
namespace {

// Writes each flow at `handles` through `write_row`, letting the output leave a block at a time.
template <typename WriteRow>
void stream_rows(const engine::Engine& engine, const std::vector<std::uint32_t>& handles, Output& output,
                 WriteRow&& write_row) {
  engine.for_each_at(handles, [&](const engine::FlowView& flow) {
    write_row(flow);
    output.flush_block();
  });
}

void write_text(const engine::Engine& engine, const engine::FlowFilter& filter, Output& output) {
  std::optional<FlowTableText> text;  // its columns follow the first flow (counters or not)
  const auto handles = sorted_flow_handles(engine, filter, [&](const engine::FlowView& flow) {
    if (!text) text.emplace(flow.counters.has_value());
    text->measure(flow);
  });
  if (handles.empty()) {
    output.out += no_entries_text;
    return;
  }
  text->append_header(output.out);
  stream_rows(engine, handles, output, [&](const engine::FlowView& flow) { text->append_row(output.out, flow); });
}

void write_json(const engine::Engine& engine, const engine::FlowFilter& filter, Output& output) {
  output.out += "{\"entries\":[";
  bool first = true;
  stream_rows(engine, sorted_flow_handles(engine, filter, {}), output, [&](const engine::FlowView& flow) {
    if (!first) output.out += ',';
    first = false;
    output.out += flow_json(flow).dump();
  });
  output.out += "]}\n";
}

void write_conntrack_lines(const engine::Engine& engine, const engine::FlowFilter& filter, Output& output) {
  stream_rows(engine, sorted_flow_handles(engine, filter, {}), output, [&](const engine::FlowView& flow) {
    output.out += conntrack_list_line(flow);
    output.out += '\n';
  });
}

Status show_table(Shell::State& state, Invocation& call, engine::Family family) {
  auto filter = flow_filter_from_options(family, call.options);
  if (!filter) return engine_failure(call, filter.error());
  auto done = state.engine_dataplane().read([&](const engine::Engine& engine) {
    if (call.format == Format::json) {
      write_json(engine, *filter, call.output);
    } else if (call.format == Format::conntrack) {
      write_conntrack_lines(engine, *filter, call.output);
    } else {
      write_text(engine, *filter, call.output);
    }
  });
  if (!done) return engine_failure(call, done.error());
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
