// Storing rule bitset rows with identical rows kept once (the tables of a field share most rows).
#include "rules/bitset_rows.hpp"

#include <map>

namespace ctsh::engine {

BitsetRows BitsetRows::deduplicated(const std::vector<RuleWord>& matrix, std::size_t row_count, std::size_t width,
                                    std::vector<std::uint32_t>& indices) {
  BitsetRows rows;
  rows.width_ = width;
  indices.clear();
  std::map<std::vector<RuleWord>, std::uint32_t> seen;
  for (std::size_t k = 0; k < row_count; ++k) {
    const auto first = matrix.begin() + static_cast<std::ptrdiff_t>(k * width);
    std::vector<RuleWord> row(first, first + static_cast<std::ptrdiff_t>(width));
    const auto [it, added] = seen.try_emplace(std::move(row), static_cast<std::uint32_t>(seen.size()));
    if (added) rows.words_.insert(rows.words_.end(), it->first.begin(), it->first.end());
    indices.push_back(it->second);
  }
  return rows;
}

}  // namespace ctsh::engine
