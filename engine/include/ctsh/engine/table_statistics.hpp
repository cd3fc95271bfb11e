// TableStatistics: what one scan of the flow table finds (hash chains, entries per protocol and per
// TCP state, the sources with the most entries), for `show conntrack table statistics`.
//
//   TableStatistics t = engine.table_statistics(10);
//   fmt::print("{} of {} buckets used, longest chain {}\n", t.buckets_used, t.buckets, t.longest_chain);
//
// Computed only when asked (Engine::table_statistics), never kept up to date on the packet path.
// Value type.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

struct SourceCount {
  IpAddress source;
  std::uint64_t entries = 0;
};

struct StateCount {
  std::string_view state;  // "ESTABLISHED", ...
  std::uint64_t entries = 0;
};

struct TableStatistics {
  std::uint64_t entries = 0;       // live entries the scan saw
  std::uint32_t buckets = 0;       // hash-size
  std::uint32_t buckets_used = 0;  // buckets holding at least one link
  std::uint64_t links = 0;         // every entry is linked twice, once per direction (as the kernel's)
  std::uint64_t longest_chain = 0; // links in the fullest bucket
  std::array<std::uint64_t, 256> by_protocol{};  // by IP protocol number
  std::vector<StateCount> by_tcp_state;          // every TCP state, in the kernel's order (SYN_SENT first)
  std::vector<SourceCount> top_sources;          // original sources, most entries first, then by address

  // Links per used bucket: what a lookup walks at most, on average (0 when the table is empty).
  double average_chain() const {
    return buckets_used ? static_cast<double>(links) / static_cast<double>(buckets_used) : 0.0;
  }
};

}  // namespace ctsh::engine
