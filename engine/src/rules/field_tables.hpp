// Per-field lookup tables of rule matching: a packet's value of one field (a byte such as the
// protocol, or a key of an ordered range such as a port or an address) → the bitset of the rules whose
// condition on that field accepts it. Built once at compile time; lookups are allocation-free.
#pragma once

#include <algorithm>
#include <array>
#include <bitset>
#include <compare>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "rules/bitset_rows.hpp"

namespace ctsh::engine {

// Which of the 256 values of a byte field a rule accepts (all of them when it has no condition).
using ByteCondition = std::bitset<256>;

class ByteTable {
 public:
  ByteTable() = default;
  static ByteTable build(const std::vector<ByteCondition>& rules);
  std::span<const RuleWord> lookup(std::uint8_t value) const { return rows_.row(row_of_[value]); }

 private:
  std::array<std::uint32_t, 256> row_of_{};
  BitsetRows rows_;
};

// A 128-bit address as an ordered key (IPv4 addresses use the top 32 bits, as IpAddress holds them).
struct AddressKey {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  auto operator<=>(const AddressKey&) const = default;
};

// A rule's condition on one ordered field: none (any value), inclusive ranges (optionally negated as
// a whole), or one that no value of this table can meet (e.g. an address of the other family).
template <typename Key>
struct RangeCondition {
  enum class Kind : std::uint8_t { any, ranges, never };
  Kind kind = Kind::any;
  bool negated = false;
  std::vector<std::pair<Key, Key>> ranges;  // first, last; a range with first > last holds nothing
};

// The key space cut at every range boundary into intervals whose values all match the same rules.
template <typename Key>
class IntervalTable {
 public:
  IntervalTable() = default;
  static IntervalTable build(const std::vector<RangeCondition<Key>>& rules);

  std::span<const RuleWord> lookup(Key key) const {
    const auto after = std::upper_bound(starts_.begin(), starts_.end(), key);
    return rows_.row(row_of_[static_cast<std::size_t>(after - starts_.begin()) - 1]);
  }

 private:
  std::vector<Key> starts_;  // ascending; starts_[0] is the smallest key, so every key has an interval
  std::vector<std::uint32_t> row_of_;
  BitsetRows rows_;
};

extern template class IntervalTable<std::uint32_t>;
extern template class IntervalTable<AddressKey>;

}  // namespace ctsh::engine
