// Engine counters: the kernel's per-CPU conntrack statistics (same names, same meanings) and ctsh's own.
//
//   EngineStats s = engine.stats();
//   fmt::print("{} of {} entries, {} early drops\n", s.entries, s.table_size, s.kernel.early_drop);
//
// Value type.
#pragma once

#include <array>
#include <cstdint>

#include "ctsh/engine/flow.hpp"

namespace ctsh::engine {

// `struct ip_conntrack_stat` of Linux 6.18. found, insert, search_restart and clash_resolve are only
// moved by kernel paths the engine does not have (NAT port selection, ctnetlink inserts, RCU
// restarts, parallel confirmation), so they stay 0; README says so.
struct KernelCounters {
  std::uint64_t found = 0, invalid = 0, insert = 0, insert_failed = 0, drop = 0, early_drop = 0;
  std::uint64_t error = 0, search_restart = 0, clash_resolve = 0, chaintoolong = 0;
  std::uint64_t expect_new = 0, expect_create = 0, expect_delete = 0;
};

struct EngineStats {
  KernelCounters kernel;
  std::uint64_t new_flows = 0;   // entries created
  std::uint64_t destroyed = 0;   // entries removed for any reason (expiry, early drop, RST, delete, ...)
  std::uint64_t expired = 0;     // of which by timeout
  std::uint64_t raw_dropped = 0;   // packets discarded by a raw `drop` rule
  std::uint64_t raw_rejected = 0;  // packets discarded by a raw `reject` rule
  std::uint64_t packets = 0;       // frames given to the engine
  std::uint64_t not_ip = 0;        // frames that carried no IPv4/IPv6 packet (ARP, ...): no ct state
  std::array<std::uint64_t, ct_state_count> packets_by_state{};  // indexed by CtState
  std::uint64_t entries = 0;
  std::uint64_t peak_entries = 0;
  std::uint64_t expectations = 0;
  std::uint32_t table_size = 0;
  std::uint32_t hash_size = 0;
  std::uint32_t expect_table_size = 0;
  std::uint64_t memory_bytes = 0;  // pool pages touched + index + side pools
};

// What EngineStats::memory_bytes charges, page rounding aside, so that a table can be sized before it
// exists: `entry` bytes per entry and `bucket` per bucket; `ipv6` more per entry once the table holds
// any IPv6 entry (the address side pool), `accounting` more per entry with flow-accounting.
struct EngineMemoryModel {
  std::uint32_t entry = 0;
  std::uint32_t ipv6 = 0;
  std::uint32_t accounting = 0;
  std::uint32_t bucket = 0;
};
EngineMemoryModel engine_memory_model();

}  // namespace ctsh::engine
