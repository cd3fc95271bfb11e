// Computing the rule bitset of an interface from its name (exact names and `*` prefix wildcards).
#include "rules/interface_table.hpp"

#include <algorithm>

namespace ctsh::engine {

bool interface_name_matches(std::string_view pattern, std::string_view name) {
  if (!pattern.empty() && pattern.back() == '*') {
    pattern.remove_suffix(1);
    return name.starts_with(pattern);
  }
  return name == pattern;
}

InterfaceTable InterfaceTable::build(std::vector<std::optional<std::string>> patterns,
                                     const std::vector<std::string>& interfaces) {
  InterfaceTable table;
  table.patterns_ = std::move(patterns);
  table.width_ = words_for_rules(table.patterns_.size());
  table.row_count_ = std::max<std::size_t>(interfaces.size(), 1);
  table.rows_.assign(table.row_count_ * table.width_, 0);
  table.fill_row(0, "");
  for (std::size_t id = 1; id < interfaces.size(); ++id) table.fill_row(id, interfaces[id]);
  return table;
}

void InterfaceTable::bind(std::uint16_t id, std::string_view name) {
  if (id >= row_count_) {
    rows_.resize((static_cast<std::size_t>(id) + 1) * width_, 0);
    for (std::size_t unnamed = row_count_; unnamed < id; ++unnamed) {
      std::copy_n(rows_.begin(), width_, rows_.begin() + static_cast<std::ptrdiff_t>(unnamed * width_));
    }
    row_count_ = static_cast<std::size_t>(id) + 1;
  }
  fill_row(id, name);
}

void InterfaceTable::fill_row(std::size_t id, std::string_view name) {
  const std::span<RuleWord> row(rows_.data() + id * width_, width_);
  std::fill(row.begin(), row.end(), 0);
  for (std::size_t rule = 0; rule < patterns_.size(); ++rule) {
    if (!patterns_[rule] || interface_name_matches(*patterns_[rule], name)) add_rule(row, rule);
  }
}

}  // namespace ctsh::engine
