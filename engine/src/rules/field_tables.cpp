// Building the per-field tables: one candidate row per value (bytes) or per elementary interval
// (ranges), identical rows stored once, neighbouring intervals with the same rules merged.
#include "rules/field_tables.hpp"

#include <limits>

namespace ctsh::engine {
namespace {

bool is_greatest(std::uint32_t key) { return key == std::numeric_limits<std::uint32_t>::max(); }
std::uint32_t successor(std::uint32_t key) { return key + 1; }

bool is_greatest(const AddressKey& key) {
  return key.high == std::numeric_limits<std::uint64_t>::max() && key.low == std::numeric_limits<std::uint64_t>::max();
}
AddressKey successor(const AddressKey& key) {
  return key.low == std::numeric_limits<std::uint64_t>::max() ? AddressKey{key.high + 1, 0}
                                                               : AddressKey{key.high, key.low + 1};
}

}  // namespace

ByteTable ByteTable::build(const std::vector<ByteCondition>& rules) {
  const std::size_t width = words_for_rules(rules.size());
  std::vector<RuleWord> matrix(256 * width, 0);
  for (std::size_t value = 0; value < 256; ++value) {
    const std::span<RuleWord> row(matrix.data() + value * width, width);
    for (std::size_t rule = 0; rule < rules.size(); ++rule) {
      if (rules[rule].test(value)) add_rule(row, rule);
    }
  }
  ByteTable table;
  std::vector<std::uint32_t> indices;
  table.rows_ = BitsetRows::deduplicated(matrix, 256, width, indices);
  std::copy(indices.begin(), indices.end(), table.row_of_.begin());
  return table;
}

template <typename Key>
IntervalTable<Key> IntervalTable<Key>::build(const std::vector<RangeCondition<Key>>& rules) {
  using Kind = typename RangeCondition<Key>::Kind;
  std::vector<Key> starts{Key{}};
  for (const auto& rule : rules) {
    if (rule.kind != Kind::ranges) continue;
    for (const auto& [first, last] : rule.ranges) {
      if (last < first) continue;
      starts.push_back(first);
      if (!is_greatest(last)) starts.push_back(successor(last));
    }
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());

  const std::size_t width = words_for_rules(rules.size());
  const std::size_t intervals = starts.size();
  std::vector<RuleWord> matrix(intervals * width, 0);
  std::vector<std::uint8_t> inside(intervals);
  for (std::size_t rule = 0; rule < rules.size(); ++rule) {
    const auto& condition = rules[rule];
    if (condition.kind == Kind::never) continue;
    std::fill(inside.begin(), inside.end(), condition.kind == Kind::any ? 1 : 0);
    if (condition.kind == Kind::ranges) {
      for (const auto& [first, last] : condition.ranges) {
        if (last < first) continue;
        const auto begin = std::lower_bound(starts.begin(), starts.end(), first) - starts.begin();
        const auto end = std::upper_bound(starts.begin(), starts.end(), last) - starts.begin();
        std::fill(inside.begin() + begin, inside.begin() + end, 1);
      }
    }
    const bool flip = condition.kind == Kind::ranges && condition.negated;
    for (std::size_t k = 0; k < intervals; ++k) {
      if ((inside[k] != 0) != flip) add_rule(std::span<RuleWord>(matrix.data() + k * width, width), rule);
    }
  }

  IntervalTable table;
  std::vector<std::uint32_t> indices;
  table.rows_ = BitsetRows::deduplicated(matrix, intervals, width, indices);
  for (std::size_t k = 0; k < intervals; ++k) {
    if (k > 0 && indices[k] == indices[k - 1]) continue;
    table.starts_.push_back(starts[k]);
    table.row_of_.push_back(indices[k]);
  }
  return table;
}

template class IntervalTable<std::uint32_t>;
template class IntervalTable<AddressKey>;

}  // namespace ctsh::engine
