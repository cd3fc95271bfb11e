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
#include <string_view>
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

// busy: it clashes with another master's expectation (kernel -EBUSY), or the same master expects the
// same tuple in another class (-EALREADY). table_full: the kernel's "expectation table full" (-EMFILE).
enum class ExpectAddResult : std::uint8_t { created, replaced, busy, table_full };

class ExpectationTable {
 public:
  explicit ExpectationTable(std::uint32_t max_expectations);
  void set_max(std::uint32_t max_expectations);  // existing ones stay, new ones obey the limit

  // Adds `expectation` (its id and deadline set by the caller). An identical one of the same master
  // is replaced; a clashing one of another master refuses it (busy); when the master already has
  // `max_per_master` (0: no limit) of this class, its oldest is evicted; when the table is full,
  // nothing is added. expect_create++ per insert, expect_delete++ per replaced or evicted one.
  ExpectAddResult add(const Expectation& expectation, std::uint32_t max_per_master, KernelCounters& counters);
  // The live expectation a new connection with `tuple` matches (address and ports equal, the source
  // port only when not any_source_port), removed from the table (expect_new++, expect_delete++).
  std::optional<Expectation> take(const PacketTuple& tuple, Family family, Tick now, KernelCounters& counters);
  // Removes expectations whose deadline is reached (expect_delete++ each). One comparison when none is.
  void expire(Tick now, KernelCounters& counters);
  // Removes the expectations of a master that is going away (expect_delete++ each).
  void remove_master(std::uint32_t master, KernelCounters& counters);
  void clear();
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // In deadline order (which is creation order, every helper's timeout being 300 s).
  void for_each(const std::function<void(const Expectation&)>& visit) const;

 private:
  static constexpr std::uint32_t nil = 0xffffffffu;
  // One expectation, linked into the destination index, the master index and the deadline list.
  struct Slot {
    Expectation value;
    std::uint64_t serial = 0;                     // creation order: the oldest of a master goes first
    std::uint32_t next_same_destination = nil;    // chain of a destination bucket (or the free list)
    std::uint32_t next_same_master = nil;         // chain of a master bucket
    std::uint32_t earlier = nil;                  // deadline list neighbours
    std::uint32_t later = nil;
  };

  std::uint32_t destination_bucket(Family family, const PacketTuple& tuple) const;
  std::uint32_t master_bucket(std::uint32_t master) const;
  void insert(const Expectation& expectation);
  void remove(std::uint32_t slot, KernelCounters& counters);  // expect_delete++
  void unlink(std::uint32_t slot);
  void size_buckets();

  std::uint32_t max_;
  std::uint32_t count_ = 0;
  std::uint64_t next_serial_ = 0;
  std::vector<Slot> slots_;                      // grows up to the most ever live at once
  std::uint32_t free_ = nil;                     // free slots, chained by next_same_destination
  std::vector<std::uint32_t> by_destination_;    // (family, dst, dport, protocol) -> newest first
  std::vector<std::uint32_t> by_master_;         // master index -> its expectations
  std::uint32_t soonest_ = nil;                  // deadline list, soonest first
  std::uint32_t latest_ = nil;
};

}  // namespace ctsh::engine
