// ExpectationTable: the kernel's expectation checks (__nf_ct_expect_check()), consumption by a new
// connection (nf_ct_find_expectation()), timeouts and removal with the master, over a slot pool
// indexed by destination and by master, with a deadline-ordered list for expiry.
#include "helpers/expectation_table.hpp"

#include <algorithm>
#include <bit>

#include "core/tuple_hash.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint32_t min_buckets = 16;
constexpr std::uint32_t max_buckets = 1u << 16;
constexpr std::uint32_t max_reserved_slots = 1u << 16;

std::size_t address_length(Family family) { return family == Family::ipv4 ? 4 : 16; }

bool same_address(const IpAddress& a, const IpAddress& b, Family family) {
  return std::equal(a.bytes.begin(), a.bytes.begin() + static_cast<std::ptrdiff_t>(address_length(family)),
                    b.bytes.begin());
}

// Same family, protocol, destination address and port: what the destination index groups.
bool same_destination(const Expectation& e, Family family, const PacketTuple& tuple) {
  return e.family == family && e.tuple.protocol == tuple.protocol && e.tuple.dport == tuple.dport &&
         same_address(e.tuple.dst, tuple.dst, family);
}

// The tuple a new connection has falls under the expectation's tuple and mask (nf_ct_tuple_mask_cmp()).
bool matches(const Expectation& e, Family family, const PacketTuple& tuple) {
  return same_destination(e, family, tuple) && same_address(e.tuple.src, tuple.src, family) &&
         (e.any_source_port || e.tuple.sport == tuple.sport);
}

// Same tuple and same mask (expect_matches()).
bool identical(const Expectation& a, const Expectation& b) {
  return same_destination(a, b.family, b.tuple) && same_address(a.tuple.src, b.tuple.src, b.family) &&
         a.any_source_port == b.any_source_port && (a.any_source_port || a.tuple.sport == b.tuple.sport);
}

// Some connection would match both (expect_clash(): equal where both masks look).
bool clash(const Expectation& a, const Expectation& b) {
  return same_destination(a, b.family, b.tuple) && same_address(a.tuple.src, b.tuple.src, b.family) &&
         (a.any_source_port || b.any_source_port || a.tuple.sport == b.tuple.sport);
}

bool later_than(Tick a, Tick b) { return static_cast<std::int32_t>(a - b) > 0; }

}  // namespace

ExpectationTable::ExpectationTable(std::uint32_t max_expectations) : max_(max_expectations) { size_buckets(); }

void ExpectationTable::set_max(std::uint32_t max_expectations) {
  max_ = max_expectations;
  size_buckets();
}

void ExpectationTable::size_buckets() {
  const std::uint32_t wanted = std::bit_ceil(std::clamp(max_, min_buckets, max_buckets));
  slots_.reserve(std::min(max_, max_reserved_slots));
  if (wanted == by_destination_.size()) return;
  by_destination_.assign(wanted, nil);
  by_master_.assign(wanted, nil);
  // Re-chain oldest first, so that each chain keeps its newest expectation at the head.
  for (std::uint32_t slot = soonest_; slot != nil; slot = slots_[slot].later) {
    Slot& s = slots_[slot];
    std::uint32_t& destination_head = by_destination_[destination_bucket(s.value.family, s.value.tuple)];
    s.next_same_destination = destination_head;
    destination_head = slot;
    std::uint32_t& master_head = by_master_[master_bucket(s.value.master)];
    s.next_same_master = master_head;
    master_head = slot;
  }
}

std::uint32_t ExpectationTable::destination_bucket(Family family, const PacketTuple& tuple) const {
  const std::uint8_t* dst = tuple.dst.bytes.data();
  std::uint64_t h = tuple_hash_seed ^ (std::uint64_t{tuple.dport} << 16) ^ (std::uint64_t{tuple.protocol} << 8) ^
                    static_cast<std::uint64_t>(family);
  if (family == Family::ipv4) {
    h = mix64(h ^ (std::uint64_t{load32(dst)} << 32));
  } else {
    h = mix64(mix64(h ^ load64(dst)) ^ load64(dst + 8));
  }
  return static_cast<std::uint32_t>(h) & static_cast<std::uint32_t>(by_destination_.size() - 1);
}

std::uint32_t ExpectationTable::master_bucket(std::uint32_t master) const {
  return static_cast<std::uint32_t>(mix64(tuple_hash_seed ^ master)) & static_cast<std::uint32_t>(by_master_.size() - 1);
}

ExpectAddResult ExpectationTable::add(const Expectation& expectation, std::uint32_t max_per_master,
                                      KernelCounters& counters) {
  bool replaced = false;
  for (std::uint32_t slot = by_destination_[destination_bucket(expectation.family, expectation.tuple)]; slot != nil;
       slot = slots_[slot].next_same_destination) {
    const Expectation& existing = slots_[slot].value;
    if (existing.master == expectation.master && identical(existing, expectation)) {
      if (existing.expect_class != expectation.expect_class) return ExpectAddResult::busy;
      remove(slot, counters);
      replaced = true;
      break;
    }
    if (clash(existing, expectation)) return ExpectAddResult::busy;
  }
  if (max_per_master != 0) {
    std::uint32_t expecting = 0;
    std::uint32_t oldest = nil;
    for (std::uint32_t slot = by_master_[master_bucket(expectation.master)]; slot != nil;
         slot = slots_[slot].next_same_master) {
      const Slot& s = slots_[slot];
      if (s.value.master != expectation.master || s.value.expect_class != expectation.expect_class) continue;
      ++expecting;
      if (oldest == nil || s.serial < slots_[oldest].serial) oldest = slot;
    }
    if (expecting >= max_per_master) {
      remove(oldest, counters);
      if (expecting - 1 >= max_per_master) return ExpectAddResult::table_full;  // still over: -EMFILE
    }
  }
  if (count_ >= max_) return ExpectAddResult::table_full;
  insert(expectation);
  ++counters.expect_create;
  return replaced ? ExpectAddResult::replaced : ExpectAddResult::created;
}

void ExpectationTable::insert(const Expectation& expectation) {
  std::uint32_t slot = free_;
  if (slot != nil) {
    free_ = slots_[slot].next_same_destination;
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.value = expectation;
  s.serial = next_serial_++;
  std::uint32_t& destination_head = by_destination_[destination_bucket(expectation.family, expectation.tuple)];
  s.next_same_destination = destination_head;
  destination_head = slot;
  std::uint32_t& master_head = by_master_[master_bucket(expectation.master)];
  s.next_same_master = master_head;
  master_head = slot;
  // Deadline list: almost always appended, as deadlines grow with creation time.
  std::uint32_t before = latest_;
  while (before != nil && later_than(slots_[before].value.deadline, expectation.deadline)) {
    before = slots_[before].earlier;
  }
  s.earlier = before;
  s.later = before == nil ? soonest_ : slots_[before].later;
  (before == nil ? soonest_ : slots_[before].later) = slot;
  (s.later == nil ? latest_ : slots_[s.later].earlier) = slot;
  ++count_;
}

void ExpectationTable::remove(std::uint32_t slot, KernelCounters& counters) {
  unlink(slot);
  ++counters.expect_delete;
}

void ExpectationTable::unlink(std::uint32_t slot) {
  Slot& s = slots_[slot];
  std::uint32_t* link = &by_destination_[destination_bucket(s.value.family, s.value.tuple)];
  while (*link != slot) link = &slots_[*link].next_same_destination;
  *link = s.next_same_destination;
  link = &by_master_[master_bucket(s.value.master)];
  while (*link != slot) link = &slots_[*link].next_same_master;
  *link = s.next_same_master;
  (s.earlier == nil ? soonest_ : slots_[s.earlier].later) = s.later;
  (s.later == nil ? latest_ : slots_[s.later].earlier) = s.earlier;
  s.next_same_destination = free_;
  s.next_same_master = s.earlier = s.later = nil;
  free_ = slot;
  --count_;
}

std::optional<Expectation> ExpectationTable::take(const PacketTuple& tuple, Family family, Tick now,
                                                  KernelCounters& counters) {
  if (count_ == 0) return std::nullopt;
  for (std::uint32_t slot = by_destination_[destination_bucket(family, tuple)]; slot != nil;
       slot = slots_[slot].next_same_destination) {
    const Expectation& e = slots_[slot].value;
    if (!matches(e, family, tuple) || tick_reached(e.deadline, now)) continue;
    const Expectation taken = e;
    remove(slot, counters);
    ++counters.expect_new;
    return taken;
  }
  return std::nullopt;
}

void ExpectationTable::expire(Tick now, KernelCounters& counters) {
  while (soonest_ != nil && tick_reached(slots_[soonest_].value.deadline, now)) remove(soonest_, counters);
}

void ExpectationTable::remove_master(std::uint32_t master, KernelCounters& counters) {
  std::uint32_t slot = by_master_[master_bucket(master)];
  while (slot != nil) {
    const std::uint32_t next = slots_[slot].next_same_master;
    if (slots_[slot].value.master == master) remove(slot, counters);
    slot = next;
  }
}

void ExpectationTable::clear() {
  slots_.clear();
  free_ = soonest_ = latest_ = nil;
  count_ = 0;
  std::fill(by_destination_.begin(), by_destination_.end(), nil);
  std::fill(by_master_.begin(), by_master_.end(), nil);
}

void ExpectationTable::for_each(const std::function<void(const Expectation&)>& visit) const {
  for (std::uint32_t slot = soonest_; slot != nil; slot = slots_[slot].later) visit(slots_[slot].value);
}

}  // namespace ctsh::engine
