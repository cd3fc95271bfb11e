// FlowTable: the entry pools (at most table-size entries, 32-bit indices, free list; the lookup part
// and the state part in two pools at the same index), the IPv6, accounting and mark side pools, the hash
// index of hash-size buckets in which each entry is linked once per direction, and the timer wheel
// that expires entries. Policy (limits, early drop, events) is the
// engine's; this is storage and lookup.
//
//   FlowTable table;  table.configure(262144, 32768);
//   std::uint32_t i = table.allocate();  ... fill table.entry(i) ...;  table.link(i);
//   FlowMatch m = table.find(tuple, family, hash_tuple(tuple, family));
//
// Not thread-safe.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>

#include "core/entry.hpp"
#include "core/reserved_array.hpp"
#include "core/timer_wheel.hpp"
#include "core/tuple_hash.hpp"
#include "ctsh/engine/flow.hpp"
#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

struct FlowMatch {
  std::uint32_t index = nil_index;
  Direction direction = Direction::original;
  std::uint32_t chain_length = 0;  // entries walked in the bucket (for chaintoolong: kept on a miss)
  bool found() const { return index != nil_index; }
};

// A tuple prepared for comparison with entries (see FlowTable::find()).
struct LookupKey {
  const PacketTuple* tuple = nullptr;
  std::uint64_t addresses[2] = {0, 0};  // IPv4 source | destination << 32, as seen by each direction
  std::uint32_t ports = 0;              // sport | dport << 16
  std::uint32_t kind = 0;               // protocol | entry_ipv6 << 8
};

class FlowTable {
 public:
  // Sizes the pool for `capacity` entries and the index for `buckets` buckets, keeping every live
  // entry (rehashing when the bucket count changes). Growth only: the pool never shrinks.
  std::expected<void, std::string> configure(std::uint32_t capacity, std::uint32_t buckets, bool accounting);
  void clear(std::uint64_t now_tick);  // removes every entry

  // A free entry (zeroed, not linked), or nil_index when the pool is exhausted.
  std::uint32_t allocate();
  // Returns an unlinked entry to the pool.
  void release(std::uint32_t index);

  void link(std::uint32_t index);
  // Links with both directions' hashes already known (a new flow: the reply hash was computed early
  // to fetch its bucket while the flow was being set up).
  void link(std::uint32_t index, std::uint32_t original_hash, std::uint32_t reply_hash);
  void unlink(std::uint32_t index);

  FlowMatch find(const PacketTuple& tuple, Family family, std::uint32_t hash) const;
  static LookupKey key_of(const PacketTuple& tuple, Family family);
  // Whether the entry of `link` (not nil) holds `key` in the link's direction.
  bool link_matches(std::uint32_t link, const LookupKey& key) const;
  // Lookups resolved ahead (a batch's): after mark_lookups_resolved(), whether a lookup in `bucket`
  // would still find what it found then: no entry unlinked since, and no link into the bucket. A
  // filter of linked buckets answers, so it may say no needlessly, never yes wrongly.
  void mark_lookups_resolved() {
    unlinked_since_mark_ = false;
    if (linked_since_mark_) {
      linked_buckets_.fill(0);
      linked_since_mark_ = false;
    }
  }
  bool lookup_unchanged(std::uint32_t bucket) const {
    if (unlinked_since_mark_) return false;
    if (!linked_since_mark_) return true;  // established traffic: nothing linked, no filter to read
    const std::uint32_t bit = bucket % linked_filter_bits;
    return !(linked_buckets_[bit / 64] & (std::uint64_t{1} << (bit % 64)));
  }
  std::uint32_t bucket_head(std::uint32_t bucket) const { return buckets_[bucket]; }
  std::uint32_t bucket_count() const { return bucket_count_; }
  std::uint32_t bucket_for(std::uint32_t hash) const { return bucket_of(hash, bucket_count_); }
  // The batch lookups walk chains with these: the prefetch of a bucket (to read its head, or to link
  // into it), the link after a link, and the prefetches of a link's lookup part (nil_index: nothing
  // to prefetch) and of a state part.
  void prefetch_bucket(std::uint32_t bucket) const { __builtin_prefetch(&buckets_[bucket]); }
  void prefetch_bucket_for_write(std::uint32_t bucket) const { __builtin_prefetch(&buckets_[bucket], 1); }
  std::uint32_t next_link(std::uint32_t link) const { return pool_[link >> 1].next[link & 1]; }
  // The lookup part only (one cache line), for walking a chain.
  void prefetch_key_of(std::uint32_t link) const {
    if (link != nil_index) __builtin_prefetch(&pool_[link >> 1]);
  }
  // The state part: one cache line, all a tracker reads.
  void prefetch_state_of(std::uint32_t index) const { __builtin_prefetch(&states_[index]); }
  // Every part of entry `index` that a flow view reads (lookup part, state part, side pools in use).
  void prefetch_entry(std::uint32_t index) const {
    __builtin_prefetch(&pool_[index]);
    prefetch_state_of(index);
    __builtin_prefetch(&records_[index]);
    if (any_ipv6_) __builtin_prefetch(&ipv6_[index]);
    if (accounting_) __builtin_prefetch(&counters_[std::size_t{index} * 2]);
    if (any_mark_) __builtin_prefetch(&marks_[index]);
  }

  Entry& entry(std::uint32_t index) { return pool_[index]; }
  const Entry& entry(std::uint32_t index) const { return pool_[index]; }
  EntryState& state(std::uint32_t index) { return states_[index]; }
  const EntryState& state(std::uint32_t index) const { return states_[index]; }
  EntryRecord& record(std::uint32_t index) { return records_[index]; }
  const EntryRecord& record(std::uint32_t index) const { return records_[index]; }
  Ipv6Addresses& ipv6(std::uint32_t index) { return ipv6_[index]; }
  const Ipv6Addresses& ipv6(std::uint32_t index) const { return ipv6_[index]; }
  FlowCounters* counters(std::uint32_t index) { return accounting_ ? &counters_[std::size_t{index} * 2] : nullptr; }
  const FlowCounters* counters(std::uint32_t index) const {
    return accounting_ ? &counters_[std::size_t{index} * 2] : nullptr;
  }

  // Marks come only from loaded tables (no rule sets one): the side pool is touched once one is set.
  std::uint32_t mark(std::uint32_t index) const { return any_mark_ ? marks_[index] : 0; }
  void set_mark(std::uint32_t index, std::uint32_t mark);
  bool any_mark() const { return any_mark_; }
  const std::uint32_t* marks() const { return marks_.data(); }

  // Writes the tuple of `direction` of entry `index`.
  PacketTuple tuple_of(std::uint32_t index, Direction direction) const;
  Family family_of(std::uint32_t index) const;

  TimerWheel& wheel() { return wheel_; }
  const TimerWheel& wheel() const { return wheel_; }

  std::uint32_t count() const { return count_; }
  std::uint32_t high_water() const { return high_water_; }  // indices [0, high_water) were ever used
  std::uint32_t capacity() const { return static_cast<std::uint32_t>(pool_.capacity()); }
  std::uint64_t memory_bytes() const;

  // Snapshots: replaces every entry with `count` saved ones (ipv6, counters and marks may be null;
  // `states` and `records` are the bytes of `count` EntryState and EntryRecord, at any alignment), then
  // rebuilds the free list, the index and the wheel (at `wheel_time`). The pool must be large enough.
  void restore(const Entry* entries, const void* states, const void* records, std::uint32_t count,
               const Ipv6Addresses* ipv6,
               const FlowCounters* counters, const std::uint32_t* marks, std::uint64_t wheel_time);
  bool any_ipv6() const { return any_ipv6_; }
  bool accounting() const { return accounting_; }

 private:
  ReservedArray<Entry> pool_;
  ReservedArray<EntryState> states_;
  ReservedArray<EntryRecord> records_;
  ReservedArray<Ipv6Addresses> ipv6_;
  ReservedArray<FlowCounters> counters_;
  ReservedArray<std::uint32_t> marks_;
  ReservedArray<std::uint32_t> buckets_;  // huge pages: a random bucket rarely misses the TLB
  std::uint32_t bucket_count_ = 0;
  TimerWheel wheel_;
  std::uint32_t free_head_ = nil_index;  // free entries chained through next[0]
  std::uint32_t high_water_ = 0;
  std::uint32_t count_ = 0;
  static constexpr std::uint32_t linked_filter_bits = 1024;
  std::array<std::uint64_t, linked_filter_bits / 64> linked_buckets_{};  // buckets linked into since the mark
  bool unlinked_since_mark_ = true;
  bool linked_since_mark_ = false;  // some bit of linked_buckets_ is set
  bool accounting_ = false;
  bool any_ipv6_ = false;
  bool any_mark_ = false;
};

// The entry's ports are stored as two 32-bit words (original, then reply) and its IPv4 addresses as
// one 64-bit word (source, destination) that the reply direction sees swapped: a link is compared
// with a few word compares selected by its direction, without branching on the direction.
inline LookupKey FlowTable::key_of(const PacketTuple& tuple, Family family) {
  LookupKey key;
  key.tuple = &tuple;
  key.ports = std::uint32_t{tuple.sport} | (std::uint32_t{tuple.dport} << 16);
  key.kind = std::uint32_t{tuple.protocol} | (family == Family::ipv6 ? std::uint32_t{entry_ipv6} << 8 : 0u);
  const std::uint64_t source = load32(tuple.src.bytes.data());
  const std::uint64_t destination = load32(tuple.dst.bytes.data());
  key.addresses[0] = source | (destination << 32);
  key.addresses[1] = destination | (source << 32);
  return key;
}

inline bool FlowTable::link_matches(std::uint32_t link, const LookupKey& key) const {
  static_assert(offsetof(Entry, dst4) == offsetof(Entry, src4) + 4);
  static_assert(offsetof(Entry, reply_sport) == offsetof(Entry, sport) + 4);
  static_assert(offsetof(Entry, flags) == offsetof(Entry, protocol) + 1);
  static_assert(std::endian::native == std::endian::little, "entry words are compared as little-endian loads");
  const std::uint32_t index = link >> 1;
  const std::uint32_t direction = link & 1;
  const Entry& e = pool_[index];
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(&e);
  // protocol | flags << 8 in one load (little-endian, as the address words), keeping the family bit.
  const std::uint32_t kind = std::uint32_t{load16(bytes + offsetof(Entry, protocol))} & (0xffu | entry_ipv6 << 8);
  const std::uint32_t ports = load32(bytes + offsetof(Entry, sport) + 4 * direction);
  if (((ports ^ key.ports) | (kind ^ key.kind)) != 0) return false;
  if (!(kind >> 8)) return load64(bytes + offsetof(Entry, src4)) == key.addresses[direction];
  const Ipv6Addresses& a = ipv6_[index];
  const PacketTuple& tuple = *key.tuple;
  return direction == 0 ? tuple.src.bytes == a.src && tuple.dst.bytes == a.dst
                        : tuple.src.bytes == a.dst && tuple.dst.bytes == a.src;
}

}  // namespace ctsh::engine
