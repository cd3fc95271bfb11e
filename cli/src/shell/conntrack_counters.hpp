// Private to the shell's statistics views: every counter of the engine with the name all views use
// (the kernel's for the kernel's counters, as conntrack -S and /proc/net/stat/nf_conntrack print
// them), its meaning, and the group the text view puts it in.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ctsh/engine/stats.hpp"

namespace ctsh::cli {

enum class CounterGroup {
  kernel,       // conntrack -S: found ... chaintoolong
  expectation,  // conntrack -S expect
  entries,      // ctsh's own: entries created and removed
  packets,      // ctsh's own: frames seen, not IP, discarded by raw rules
  ct_state,     // ctsh's own: packets per ct state
};

struct NamedCounter {
  std::string_view name;  // "early_drop", "packets_new"
  std::string_view help;  // one sentence: what moves it
  CounterGroup group;
  std::uint64_t value;
};

// Every counter of `stats` in the views' order: the kernel's (conntrack -S order), the expectation
// counters, then ctsh's own.
std::vector<NamedCounter> named_counters(const engine::EngineStats& stats);

}  // namespace ctsh::cli
