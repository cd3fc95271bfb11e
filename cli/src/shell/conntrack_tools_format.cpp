// conntrack-tools' line formats (libnetfilter_conntrack's __snprintf_conntrack_default() and
// __snprintf_expect_default(), conntrack's -o timestamp prefix).
#include "conntrack_tools_format.hpp"

#include <fmt/format.h>

#include "conntrack_table_view.hpp"

namespace ctsh::cli {
namespace {

using engine::FlowTuple;
using engine::FlowView;

bool is_icmp(std::uint8_t protocol) { return protocol == 1 || protocol == 58; }
bool has_ports(std::uint8_t protocol) { return protocol == 6 || protocol == 17 || protocol == 136 || protocol == 132; }

// "src=A dst=B " and the protocol's part.
void append_tuple(std::string& out, const FlowTuple& tuple, std::uint8_t protocol) {
  out += fmt::format("src={} dst={} ", address_text(tuple.src), address_text(tuple.dst));
  if (has_ports(protocol)) {
    out += fmt::format("sport={} dport={} ", tuple.sport, tuple.dport);
  } else if (protocol == 47) {
    out += fmt::format("srckey={:#x} dstkey={:#x} ", tuple.sport, tuple.dport);
  } else if (is_icmp(protocol)) {
    out += fmt::format("type={} code={} id={} ", tuple.type, tuple.code, tuple.id);
  }
}

void append_counters(std::string& out, const engine::FlowCounters& counters) {
  out += fmt::format("packets={} bytes={} ", counters.packets, counters.bytes);
}

enum class Layout : std::uint8_t { list, event_without_counters, event_with_counters };

// The shared body of -L and -E lines.
std::string flow_text(const FlowView& flow, Layout layout) {
  std::string out = fmt::format("{:<8} {} {} ", engine::protocol_name(flow.protocol), flow.protocol, flow.timeout_seconds);
  if (!flow.state.empty()) out += fmt::format("{} ", flow.state);
  const bool counters = flow.counters && layout != Layout::event_without_counters;
  append_tuple(out, flow.original, flow.protocol);
  if (counters) append_counters(out, (*flow.counters)[0]);
  if (!(flow.status & engine::status_seen_reply)) out += "[UNREPLIED] ";
  append_tuple(out, flow.reply, flow.protocol);
  if (counters) append_counters(out, (*flow.counters)[1]);
  if (flow.status & engine::status_assured) out += "[ASSURED] ";
  if (layout == Layout::list || flow.mark != 0) out += fmt::format("mark={} ", flow.mark);
  if (flow.zone != 0) out += fmt::format("zone={} ", flow.zone);
  if (!flow.helper.empty() && layout != Layout::event_with_counters) out += fmt::format("helper={} ", flow.helper);
  if (layout == Layout::list) out += "use=1 ";
  out.pop_back();
  return out;
}

}  // namespace

std::string conntrack_list_line(const FlowView& flow) { return flow_text(flow, Layout::list); }

std::string conntrack_event_line(const engine::FlowEvent& event) {
  static constexpr std::uint64_t nanoseconds_per_second = 1'000'000'000;
  const std::uint64_t seconds = event.time_ns / nanoseconds_per_second;
  const std::uint64_t microseconds = event.time_ns % nanoseconds_per_second / 1000;
  const std::string_view type = event.type == engine::FlowEventType::new_flow ? "[NEW]"
                                : event.type == engine::FlowEventType::update ? "[UPDATE]"
                                                                               : "[DESTROY]";
  const Layout layout =
      event.type == engine::FlowEventType::destroy ? Layout::event_with_counters : Layout::event_without_counters;
  return fmt::format("[{:08}.{:06}]\t{:>9} {}", seconds, microseconds, type, flow_text(event.flow, layout));
}

std::string conntrack_expect_line(const engine::ExpectationView& e) {
  std::string out = fmt::format("{} proto={} ", e.timeout_seconds, e.protocol);
  append_tuple(out, e.tuple, e.protocol);
  out += fmt::format("mask-src={} mask-dst={} ", address_text(e.mask.src), address_text(e.mask.dst));
  if (has_ports(e.protocol)) out += fmt::format("sport={} dport={} ", e.mask.sport, e.mask.dport);
  out += fmt::format("master-src={} master-dst={} ", address_text(e.master.src), address_text(e.master.dst));
  if (has_ports(e.protocol)) out += fmt::format("sport={} dport={} ", e.master.sport, e.master.dport);
  out += fmt::format("class={} helper={}", e.expect_class, e.helper);
  return out;
}

}  // namespace ctsh::cli
