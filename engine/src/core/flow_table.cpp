// FlowTable: pool, side pools, two-direction hash index and timer wheel of the engine's entries.
#include "core/flow_table.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "core/tuple_hash.hpp"

namespace ctsh::engine {
namespace {

std::uint32_t link_value(std::uint32_t index, Direction direction) {
  return (index << 1) | static_cast<std::uint32_t>(direction);
}

}  // namespace

std::expected<void, std::string> FlowTable::configure(std::uint32_t capacity, std::uint32_t buckets, bool accounting) {
  if (capacity > pool_.capacity()) {
    auto pool = pool_.grown(capacity, high_water_);
    if (!pool) return std::unexpected(pool.error());
    auto states = states_.grown(capacity, high_water_);
    if (!states) return std::unexpected(states.error());
    auto records = records_.grown(capacity, high_water_);
    if (!records) return std::unexpected(records.error());
    auto ipv6 = ipv6_.grown(capacity, any_ipv6_ ? high_water_ : 0);
    if (!ipv6) return std::unexpected(ipv6.error());
    auto marks = marks_.grown(capacity, any_mark_ ? high_water_ : 0);
    if (!marks) return std::unexpected(marks.error());
    ReservedArray<FlowCounters> counters;
    if (accounting_ || accounting) {
      auto grown = counters_.grown(std::size_t{capacity} * 2, accounting_ ? std::size_t{high_water_} * 2 : 0);
      if (!grown) return std::unexpected(grown.error());
      counters = std::move(*grown);
    }
    pool_ = std::move(*pool);
    states_ = std::move(*states);
    records_ = std::move(*records);
    ipv6_ = std::move(*ipv6);
    marks_ = std::move(*marks);
    counters_ = std::move(counters);
    wheel_.attach(states_.data(), records_.data());
  } else if (accounting && !accounting_) {
    auto counters = ReservedArray<FlowCounters>::reserve(std::size_t{pool_.capacity()} * 2);
    if (!counters) return std::unexpected(counters.error());
    counters_ = std::move(*counters);
  }
  if (accounting && !accounting_) {
    std::memset(static_cast<void*>(counters_.data()), 0, std::size_t{high_water_} * 2 * sizeof(FlowCounters));
  }
  accounting_ = accounting;
  if (buckets != bucket_count_) {
    auto heads = ReservedArray<std::uint32_t>::reserve(buckets);
    if (!heads) return std::unexpected(heads.error());
    buckets_ = std::move(*heads);
    bucket_count_ = buckets;
    unlinked_since_mark_ = true;
    std::fill_n(buckets_.data(), bucket_count_, nil_index);
    for (std::uint32_t index = 0; index < high_water_; ++index) {
      if (pool_[index].flags & entry_live) link(index);
    }
  }
  return {};
}

void FlowTable::clear(std::uint64_t now_tick) {
  unlinked_since_mark_ = true;
  std::fill_n(buckets_.data(), bucket_count_, nil_index);
  wheel_.reset(now_tick);
  free_head_ = nil_index;
  high_water_ = 0;
  count_ = 0;
  any_ipv6_ = false;
  any_mark_ = false;
}

std::uint32_t FlowTable::allocate() {
  std::uint32_t index;
  if (free_head_ != nil_index) {
    index = free_head_;
    free_head_ = pool_[index].next[0];
  } else if (high_water_ < pool_.capacity()) {
    index = high_water_++;
  } else {
    return nil_index;
  }
  pool_[index] = Entry{};
  pool_[index].flags = entry_live;
  states_[index] = EntryState{};
  records_[index] = EntryRecord{};
  if (accounting_) {
    counters_[std::size_t{index} * 2] = {};
    counters_[std::size_t{index} * 2 + 1] = {};
  }
  if (any_mark_) marks_[index] = 0;
  ++count_;
  return index;
}

void FlowTable::set_mark(std::uint32_t index, std::uint32_t mark) {
  if (mark == 0 && !any_mark_) return;
  if (!any_mark_) {
    // The pool may hold marks of entries from before the last clear(): start from zeros.
    std::fill_n(marks_.data(), high_water_, 0u);
    any_mark_ = true;
  }
  marks_[index] = mark;
}

void FlowTable::release(std::uint32_t index) {
  Entry& e = pool_[index];
  e.flags = 0;
  e.next[0] = free_head_;
  free_head_ = index;
  --count_;
}

PacketTuple FlowTable::tuple_of(std::uint32_t index, Direction direction) const {
  const Entry& e = pool_[index];
  PacketTuple tuple;
  tuple.protocol = e.protocol;
  if (e.flags & entry_ipv6) {
    tuple.src.family = tuple.dst.family = Family::ipv6;
    tuple.src.bytes = ipv6_[index].src;
    tuple.dst.bytes = ipv6_[index].dst;
  } else {
    std::memcpy(tuple.src.bytes.data(), &e.src4, 4);
    std::memcpy(tuple.dst.bytes.data(), &e.dst4, 4);
  }
  if (direction == Direction::original) {
    tuple.sport = e.sport;
    tuple.dport = e.dport;
  } else {
    std::swap(tuple.src, tuple.dst);
    tuple.sport = e.reply_sport;
    tuple.dport = e.reply_dport;
  }
  return tuple;
}

Family FlowTable::family_of(std::uint32_t index) const {
  return (pool_[index].flags & entry_ipv6) ? Family::ipv6 : Family::ipv4;
}

void FlowTable::link(std::uint32_t index) {
  const Family family = family_of(index);
  link(index, hash_tuple(tuple_of(index, Direction::original), family),
       hash_tuple(tuple_of(index, Direction::reply), family));
}

void FlowTable::link(std::uint32_t index, std::uint32_t original_hash, std::uint32_t reply_hash) {
  Entry& e = pool_[index];
  if (e.flags & entry_ipv6) any_ipv6_ = true;
  const std::uint32_t original_bucket = bucket_for(original_hash);
  e.next[0] = buckets_[original_bucket];
  buckets_[original_bucket] = link_value(index, Direction::original);
  const std::uint32_t reply_bucket = bucket_for(reply_hash);
  e.next[1] = buckets_[reply_bucket];
  buckets_[reply_bucket] = link_value(index, Direction::reply);
  for (const std::uint32_t bucket : {original_bucket, reply_bucket}) {
    const std::uint32_t bit = bucket % linked_filter_bits;
    linked_buckets_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  linked_since_mark_ = true;
}

void FlowTable::unlink(std::uint32_t index) {
  Entry& e = pool_[index];
  unlinked_since_mark_ = true;
  for (const Direction direction : {Direction::original, Direction::reply}) {
    const std::uint32_t own = link_value(index, direction);
    const std::uint32_t bucket = bucket_for(hash_tuple(tuple_of(index, direction), family_of(index)));
    std::uint32_t* cursor = &buckets_[bucket];
    while (*cursor != nil_index && *cursor != own) {
      cursor = &pool_[*cursor >> 1].next[*cursor & 1];
    }
    if (*cursor == own) *cursor = e.next[static_cast<int>(direction)];
  }
}

FlowMatch FlowTable::find(const PacketTuple& tuple, Family family, std::uint32_t hash) const {
  FlowMatch match;
  const LookupKey key = key_of(tuple, family);
  for (std::uint32_t link = buckets_[bucket_for(hash)]; link != nil_index; link = next_link(link)) {
    ++match.chain_length;
    if (link_matches(link, key)) {
      match.index = link >> 1;
      match.direction = static_cast<Direction>(link & 1);
      return match;
    }
  }
  return match;
}

std::uint64_t FlowTable::memory_bytes() const {
  std::uint64_t bytes = ReservedArray<Entry>::touched_bytes(high_water_) +
                        ReservedArray<EntryState>::touched_bytes(high_water_) +
                        ReservedArray<EntryRecord>::touched_bytes(high_water_) +
                        std::uint64_t{bucket_count_} * sizeof(std::uint32_t);
  if (any_ipv6_) bytes += ReservedArray<Ipv6Addresses>::touched_bytes(high_water_);
  if (accounting_) bytes += ReservedArray<FlowCounters>::touched_bytes(std::size_t{high_water_} * 2);
  if (any_mark_) bytes += ReservedArray<std::uint32_t>::touched_bytes(high_water_);
  return bytes;
}

void FlowTable::restore(const Entry* entries, const void* states, const void* records, std::uint32_t count,
                        const Ipv6Addresses* ipv6, const FlowCounters* counters, const std::uint32_t* marks,
                        std::uint64_t wheel_time) {
  clear(wheel_time);
  if (count > 0) {
    std::memcpy(static_cast<void*>(pool_.data()), entries, std::size_t{count} * sizeof(Entry));
    std::memcpy(static_cast<void*>(states_.data()), states, std::size_t{count} * sizeof(EntryState));
    std::memcpy(static_cast<void*>(records_.data()), records, std::size_t{count} * sizeof(EntryRecord));
  }
  if (ipv6 && count > 0) {
    std::memcpy(static_cast<void*>(ipv6_.data()), ipv6, std::size_t{count} * sizeof(Ipv6Addresses));
  }
  if (accounting_ && count > 0) {
    if (counters) {
      std::memcpy(static_cast<void*>(counters_.data()), counters, std::size_t{count} * 2 * sizeof(FlowCounters));
    } else {
      std::memset(static_cast<void*>(counters_.data()), 0, std::size_t{count} * 2 * sizeof(FlowCounters));
    }
  }
  if (marks && count > 0) {
    std::memcpy(static_cast<void*>(marks_.data()), marks, std::size_t{count} * sizeof(std::uint32_t));
    any_mark_ = true;
  }
  high_water_ = count;
  for (std::uint32_t index = count; index-- > 0;) {
    Entry& e = pool_[index];
    if (e.flags & entry_live) {
      ++count_;
      link(index);
      wheel_.insert(index, e.deadline);
    } else {
      e.next[0] = free_head_;
      free_head_ = index;
    }
  }
}

}  // namespace ctsh::engine
