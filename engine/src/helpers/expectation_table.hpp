// ExpectationTable: connections a helper expects (kernel nf_conntrack_expect.c), bounded by
// expect-table-size, with per-helper max_expected eviction, timeouts, and consumption by the first
// matching new connection.
//
//   ExpectationTable table(2048);
//   table.add(expectation, now, counters);                  // expect_create++
//   if (auto e = table.take(tuple, now, counters)) ...      // expect_new++, expect_delete++
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/ticks.hpp"
#include "ctsh/engine/stats.hpp"
#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

enum class HelperKind : std::uint8_t { none, ftp, tftp };
std::string_view helper_name(HelperKind kind);  // "", "ftp", "tftp"

struct Expectation {
  std::uint32_t id = 0;
  Family family = Family::ipv4;
  PacketTuple tuple;            // expected original tuple; tuple.sport is ignored when any_source_port
  bool any_source_port = true;
  std::uint32_t master = 0;     // the master entry's index in the flow table
  HelperKind helper = HelperKind::none;
  std::uint8_t expect_class = 0;
  Tick deadline = 0;
};

enum class ExpectAddResult : std::uint8_t { created, replaced, table_full };

class ExpectationTable {
 public:
  explicit ExpectationTable(std::uint32_t max_expectations);
  void set_max(std::uint32_t max_expectations);  // existing ones stay, new ones obey the limit

  // Adds `expectation` (its id and deadline set by the caller). An identical one of the same master
  // is replaced; when the master already has `max_per_master` of this helper, its oldest is evicted;
  // when the table is full, nothing is added (the kernel's "expectation table full").
  ExpectAddResult add(const Expectation& expectation, std::uint32_t max_per_master, KernelCounters& counters);
  // The live expectation a new connection with `tuple` matches, removed from the table.
  std::optional<Expectation> take(const PacketTuple& tuple, Family family, Tick now, KernelCounters& counters);
  // Removes expectations whose deadline is reached (expect_delete++ each).
  void expire(Tick now, KernelCounters& counters);
  // Removes the expectations of a master that is going away.
  void remove_master(std::uint32_t master, KernelCounters& counters);
  void clear();
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void for_each(const std::function<void(const Expectation&)>& visit) const;

 private:
  std::uint32_t max_;
  std::vector<Expectation> entries_;  // creation order; small (bounded by expect-table-size)
};

}  // namespace ctsh::engine
