// TimerWheel: exact, O(1) expiry of table entries without scanning (a hierarchical wheel of 6 levels
// of 64 slots over 4-ms ticks, with lazy refresh).
//
// Each entry sits in the slot of its `expiry_key`. A packet that only pushes the deadline further
// touches nothing but the entry (expiry_key stays, deadline moves); when the wheel reaches the key,
// an entry whose deadline has not come is put back at its deadline. A deadline moved earlier than
// the key (a shorter timeout after a state change) re-inserts the entry at once. Each entry is looked
// at most 6 times per key, so reaping costs O(1) per expired entry.
//
//   wheel.insert(index, deadline);
//   wheel.advance(now, [&](std::uint32_t index) { /* key reached: expire or re-insert */ });
//
// Not thread-safe. The entry arrays may move (pool growth): call attach() again.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "core/entry.hpp"

namespace ctsh::engine {

class TimerWheel {
 public:
  static constexpr int levels = 6;
  static constexpr int slots = 64;

  TimerWheel() { heads_.fill(nil_index); }

  // The entries' keys and slots (states) and their links (records), both indexed by entry.
  void attach(EntryState* states, EntryRecord* records) {
    states_ = states;
    records_ = records;
  }
  // Empties the wheel and sets its time (absolute ticks since the engine epoch).
  void reset(std::uint64_t now) {
    heads_.fill(nil_index);
    occupied_.fill(0);
    time_ = now;
  }
  std::uint64_t time() const { return time_; }

  // Files entry `index` under `key` (low 32 bits of an absolute tick, after the wheel's time).
  void insert(std::uint32_t index, Tick key) {
    EntryState& e = states_[index];
    EntryRecord& r = records_[index];
    e.expiry_key = key;
    std::uint64_t absolute = absolute_of(key);
    if (absolute <= time_) absolute = time_ + 1;
    const std::uint64_t differing = absolute ^ time_;
    const int level = static_cast<int>((std::bit_width(differing) - 1) / 6);
    const auto slot = static_cast<std::uint16_t>(level * slots + ((absolute >> (6 * level)) & 63));
    e.wheel_slot = slot;
    r.wheel_prev = nil_index;
    r.wheel_next = heads_[slot];
    if (r.wheel_next != nil_index) records_[r.wheel_next].wheel_prev = index;
    heads_[slot] = index;
    occupied_[static_cast<std::size_t>(level)] |= std::uint64_t{1} << (slot & 63);
  }

  void remove(std::uint32_t index) {
    const std::uint16_t slot = states_[index].wheel_slot;
    const EntryRecord& r = records_[index];
    if (r.wheel_prev != nil_index) {
      records_[r.wheel_prev].wheel_next = r.wheel_next;
    } else {
      heads_[slot] = r.wheel_next;
      if (r.wheel_next == nil_index) occupied_[slot / slots] &= ~(std::uint64_t{1} << (slot & 63));
    }
    if (r.wheel_next != nil_index) records_[r.wheel_next].wheel_prev = r.wheel_prev;
  }

  // Moves the wheel's time to `target`, calling due(index) for every entry whose key is reached (in
  // key order); the entry is already out of the wheel when due() runs.
  template <typename Due>
  void advance(std::uint64_t target, Due&& due) {
    while (true) {
      const std::uint64_t next = next_event();
      if (next > target) break;
      time_ = next;
      for (int level = levels - 1; level >= 0; --level) {
        const std::uint64_t low_bits = (std::uint64_t{1} << (6 * level)) - 1;
        if ((time_ & low_bits) != 0) continue;
        const auto slot_in_level = static_cast<unsigned>((time_ >> (6 * level)) & 63);
        const std::uint64_t bit = std::uint64_t{1} << slot_in_level;
        if (!(occupied_[static_cast<std::size_t>(level)] & bit)) continue;
        occupied_[static_cast<std::size_t>(level)] &= ~bit;
        const std::size_t head = static_cast<std::size_t>(level) * slots + slot_in_level;
        std::uint32_t index = heads_[head];
        heads_[head] = nil_index;
        while (index != nil_index) {
          const std::uint32_t following = records_[index].wheel_next;
          if (absolute_of(states_[index].expiry_key) <= time_) {
            due(index);
          } else {
            insert(index, states_[index].expiry_key);
          }
          index = following;
        }
      }
    }
    if (target > time_) time_ = target;
  }

  // Absolute tick of a key stored as its low 32 bits (keys are never more than 2^31 ticks away).
  std::uint64_t absolute_of(Tick key) const {
    const auto offset = static_cast<std::int32_t>(key - static_cast<Tick>(time_));
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(time_) + offset);
  }

  const std::array<std::uint32_t, levels * slots>& heads() const { return heads_; }

 private:
  std::uint64_t next_event() const {
    std::uint64_t best = UINT64_MAX;
    for (int level = 0; level < levels; ++level) {
      const std::uint64_t bits = occupied_[static_cast<std::size_t>(level)];
      if (!bits) continue;
      const auto slot = static_cast<std::uint64_t>(std::countr_zero(bits));
      const int span = 6 * (level + 1);
      const std::uint64_t base = span >= 64 ? 0 : (time_ >> span) << span;
      const std::uint64_t at = base + (slot << (6 * level));
      if (at < best) best = at;
    }
    return best;
  }

  EntryState* states_ = nullptr;
  EntryRecord* records_ = nullptr;
  std::array<std::uint32_t, levels * slots> heads_{};
  std::array<std::uint64_t, levels> occupied_{};
  std::uint64_t time_ = 0;
};

}  // namespace ctsh::engine
