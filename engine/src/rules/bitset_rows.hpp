// Bitsets of rules (bit i = rule i, 64 rules a word) stored as rows of one width, identical rows
// kept once, and the scans that find the first or the last rule of a bitset.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ctsh::engine {

using RuleWord = std::uint64_t;
inline constexpr std::size_t rules_per_word = 64;

constexpr std::size_t words_for_rules(std::size_t rules) { return (rules + rules_per_word - 1) / rules_per_word; }

inline void add_rule(std::span<RuleWord> bits, std::size_t rule) {
  bits[rule / rules_per_word] |= RuleWord{1} << (rule % rules_per_word);
}

// The lowest rule in [from, end) present in `bits`, or `end` when there is none.
inline std::size_t first_rule_in(std::span<const RuleWord> bits, std::size_t from, std::size_t end) {
  while (from < end) {
    const std::size_t word = from / rules_per_word;
    const RuleWord remaining = bits[word] & (~RuleWord{0} << (from % rules_per_word));
    if (remaining != 0) {
      const std::size_t found = word * rules_per_word + static_cast<std::size_t>(std::countr_zero(remaining));
      return found < end ? found : end;
    }
    from = (word + 1) * rules_per_word;
  }
  return end;
}

// The highest rule present in `bits`, or -1 when there is none.
inline std::ptrdiff_t last_rule_in(std::span<const RuleWord> bits) {
  for (std::size_t word = bits.size(); word-- > 0;) {
    if (bits[word] != 0) {
      return static_cast<std::ptrdiff_t>(word * rules_per_word + rules_per_word - 1 -
                                         static_cast<std::size_t>(std::countl_zero(bits[word])));
    }
  }
  return -1;
}

// Rows of `width` words each; built from a matrix in which identical rows are stored once.
class BitsetRows {
 public:
  BitsetRows() = default;
  // `matrix` holds `row_count` rows of `width` words; row k of it becomes stored row `indices[k]`.
  static BitsetRows deduplicated(const std::vector<RuleWord>& matrix, std::size_t row_count, std::size_t width,
                                 std::vector<std::uint32_t>& indices);

  std::span<const RuleWord> row(std::uint32_t index) const {
    return {words_.data() + static_cast<std::size_t>(index) * width_, width_};
  }

 private:
  std::size_t width_ = 0;
  std::vector<RuleWord> words_;
};

}  // namespace ctsh::engine
