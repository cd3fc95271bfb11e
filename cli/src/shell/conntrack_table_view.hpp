// The conntrack table as the views print it: flows in ctsh's order (family, protocol, original
// source, source port, destination, destination port), as VyOS's `show conntrack table` text table
// or as the JSON documented in README ("Machine-readable output").
//
//   FlowTableText text(/*counters=*/false);
//   auto handles = sorted_flow_handles(engine, filter, [&](const FlowView& f) { text.measure(f); });
//   text.append_header(out);
//   engine.for_each_at(handles, [&](const FlowView& f) { text.append_row(out, f); });
//
// A million flows are never held as views: they are sorted as packed keys with their table handles,
// then read again from the engine in that order while their rows are written.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/flow.hpp"
#include "text_table.hpp"

namespace ctsh::cli {

// Sorts flows in place into the views' order.
void sort_flows(std::vector<engine::FlowView>& flows);

// The handles of the engine's flows that match `filter`, in the views' order; `visit` (when set) sees
// each of those flows once before, in the table's order.
std::vector<std::uint32_t> sorted_flow_handles(const engine::Engine& engine, const engine::FlowFilter& filter,
                                               const std::function<void(const engine::FlowView&)>& visit);

// "10.0.0.1", "2001:db8::1".
std::string address_text(const engine::IpAddress& address);

// VyOS's layout (Id, Original src, Original dst, Reply src, Reply dst, Protocol, State, Timeout, Mark,
// Zone; packet and byte columns when `counters`), measured flow by flow, then written row by row.
class FlowTableText {
 public:
  explicit FlowTableText(bool counters);
  void measure(const engine::FlowView& flow);
  void append_header(std::string& out) const;
  void append_row(std::string& out, const engine::FlowView& flow) const;

 private:
  bool counters_;
  TableLayout layout_;
};

// What an empty table prints.
inline constexpr std::string_view no_entries_text = "Entries not found\n";

// One entry of the table's JSON: {"id", "family", "protocol", "state", "timeout", "original", "reply",
// "status", "mark", "zone", "helper"}; the table is {"entries": [...]}.
nlohmann::ordered_json flow_json(const engine::FlowView& flow);

}  // namespace ctsh::cli
