// The engine's counters by name, meaning and group (see conntrack_counters.hpp).
#include "conntrack_counters.hpp"

#include <array>

namespace ctsh::cli {
namespace {

using engine::CtState;
using engine::EngineStats;

struct CounterField {
  std::string_view name;
  std::string_view help;
  CounterGroup group;
  std::uint64_t (*read)(const EngineStats&);
};

std::uint64_t by_state(const EngineStats& s, CtState state) { return s.packets_by_state[static_cast<std::size_t>(state)]; }

constexpr std::array<CounterField, 25> counter_fields{{
    {"found", "Lookups that found a clashing entry (NAT port selection; the engine has none)", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.found; }},
    {"invalid", "Packets that could not be tracked (ct state INVALID)", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.invalid; }},
    {"insert", "Entries inserted through ctnetlink (the engine has none)", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.insert; }},
    {"insert_failed", "Entries whose insertion failed (chain too long, clash)", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.insert_failed; }},
    {"drop", "Packets dropped by conntrack (table full with nothing to early-drop, ...)", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.drop; }},
    {"early_drop", "Unassured entries evicted to make room in a full table", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.early_drop; }},
    {"error", "ICMP and ICMPv6 errors that matched no entry", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.error; }},
    {"search_restart", "Lookups restarted by a concurrent resize (the engine has none)", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.search_restart; }},
    {"clash_resolve", "Insertion clashes resolved (parallel confirmation; the engine has none)", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.clash_resolve; }},
    {"chaintoolong", "Insertions refused because the hash chain was too long", CounterGroup::kernel,
     [](const EngineStats& s) { return s.kernel.chaintoolong; }},
    {"expect_new", "Connections created from an expectation", CounterGroup::expectation,
     [](const EngineStats& s) { return s.kernel.expect_new; }},
    {"expect_create", "Expectations created by helpers", CounterGroup::expectation,
     [](const EngineStats& s) { return s.kernel.expect_create; }},
    {"expect_delete", "Expectations removed", CounterGroup::expectation,
     [](const EngineStats& s) { return s.kernel.expect_delete; }},
    {"new", "Entries created", CounterGroup::entries, [](const EngineStats& s) { return s.new_flows; }},
    {"destroyed", "Entries removed for any reason (timeout, early drop, RST, delete)", CounterGroup::entries,
     [](const EngineStats& s) { return s.destroyed; }},
    {"expired", "Entries removed by their timeout", CounterGroup::entries, [](const EngineStats& s) { return s.expired; }},
    {"raw_dropped", "Packets discarded by a raw drop rule", CounterGroup::packets,
     [](const EngineStats& s) { return s.raw_dropped; }},
    {"raw_rejected", "Packets discarded by a raw reject rule", CounterGroup::packets,
     [](const EngineStats& s) { return s.raw_rejected; }},
    {"packets", "Frames given to the engine", CounterGroup::packets, [](const EngineStats& s) { return s.packets; }},
    {"not_ip", "Frames that carried no IPv4 or IPv6 packet", CounterGroup::packets,
     [](const EngineStats& s) { return s.not_ip; }},
    {"packets_invalid", "Packets with ct state INVALID", CounterGroup::ct_state,
     [](const EngineStats& s) { return by_state(s, CtState::invalid); }},
    {"packets_new", "Packets with ct state NEW", CounterGroup::ct_state,
     [](const EngineStats& s) { return by_state(s, CtState::new_flow); }},
    {"packets_established", "Packets with ct state ESTABLISHED", CounterGroup::ct_state,
     [](const EngineStats& s) { return by_state(s, CtState::established); }},
    {"packets_related", "Packets with ct state RELATED", CounterGroup::ct_state,
     [](const EngineStats& s) { return by_state(s, CtState::related); }},
    {"packets_untracked", "Packets with ct state UNTRACKED", CounterGroup::ct_state,
     [](const EngineStats& s) { return by_state(s, CtState::untracked); }},
}};

}  // namespace

std::vector<NamedCounter> named_counters(const EngineStats& stats) {
  std::vector<NamedCounter> out;
  out.reserve(counter_fields.size());
  for (const CounterField& field : counter_fields) out.push_back({field.name, field.help, field.group, field.read(stats)});
  return out;
}

}  // namespace ctsh::cli
