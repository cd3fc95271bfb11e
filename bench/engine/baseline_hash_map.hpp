// BaselineHashMap: a plain open-addressing hash map (linear probing, power-of-two capacity kept at
// most half full) from a direction-independent IPv4 5-tuple key to a 16-byte value. Every engine
// figure is quoted as a ratio against this map doing the same lookups and updates in the same run.
//
//   BaselineHashMap map(1'000'000);
//   bool inserted = false;
//   map.find_or_insert(key_of_ipv4_frame(bytes), inserted).packets++;
//
// Not thread-safe.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

namespace ctsh::bench {

// Both endpoints in a fixed order (the lower address:port first), so both directions share a key.
// An all-zero key marks an empty slot; a real key always has a non-zero protocol.
struct TupleKey {
  std::uint64_t addresses = 0;
  std::uint64_t ports_protocol = 0;
  bool operator==(const TupleKey&) const = default;
};

struct FlowValue {
  std::uint64_t packets = 0;
  std::uint64_t last_seen_ns = 0;
};

// The key of an Ethernet + IPv4 (no options) + TCP/UDP frame, read at fixed offsets.
inline TupleKey key_of_ipv4_frame(const std::uint8_t* frame) {
  auto be32 = [](const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
  };
  auto be16 = [](const std::uint8_t* p) { return static_cast<std::uint32_t>(p[0] << 8 | p[1]); };
  std::uint64_t a = std::uint64_t{be32(frame + 26)} << 16 | be16(frame + 34);
  std::uint64_t b = std::uint64_t{be32(frame + 30)} << 16 | be16(frame + 36);
  if (a > b) std::swap(a, b);
  const std::uint64_t protocol = frame[23];
  return TupleKey{(a >> 16) << 32 | (b >> 16), (a & 0xffff) << 48 | (b & 0xffff) << 32 | protocol};
}

class BaselineHashMap {
 public:
  explicit BaselineHashMap(std::uint32_t table_size)
      : slots_(std::bit_ceil(std::size_t{table_size} * 2)), mask_(slots_.size() - 1) {}

  FlowValue* find(const TupleKey& key) {
    for (std::size_t i = hash(key) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.key == key) return &slot.value;
      if (slot.key == TupleKey{}) return nullptr;
    }
  }

  FlowValue& find_or_insert(const TupleKey& key, bool& inserted) {
    for (std::size_t i = hash(key) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      inserted = slot.key == TupleKey{};
      if (inserted) {
        slot.key = key;
        ++size_;
      }
      if (inserted || slot.key == key) return slot.value;
    }
  }

  // A map sized for `table_size` holding every entry of this one (the baseline of a table resize).
  BaselineHashMap grown(std::uint32_t table_size) const {
    BaselineHashMap bigger(table_size);
    for (const Slot& slot : slots_) {
      if (slot.key == TupleKey{}) continue;
      bool inserted = false;
      bigger.find_or_insert(slot.key, inserted) = slot.value;
    }
    return bigger;
  }

  void clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    size_ = 0;
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    TupleKey key;
    FlowValue value;
  };

  static std::size_t hash(const TupleKey& key) {
    std::uint64_t h = key.addresses * 0x9e3779b97f4a7c15ull ^ (key.ports_protocol + 0x632be59bd9b4e019ull);
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
  }

  std::vector<Slot> slots_;
  std::size_t mask_;
  std::size_t size_ = 0;
};

}  // namespace ctsh::bench
