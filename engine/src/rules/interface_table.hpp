// Inbound-interface conditions of rules by interface id: one rule bitset per known id, computed when
// the id's name becomes known (at compile, or later through bind). A name ending in `*` matches every
// interface whose name starts with the rest (nft iifname "eth*"); any other name matches exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/bitset_rows.hpp"

namespace ctsh::engine {

bool interface_name_matches(std::string_view pattern, std::string_view name);

class InterfaceTable {
 public:
  InterfaceTable() = default;
  // `patterns[i]` is rule i's condition (absent: any interface); `interfaces[id]` names id.
  static InterfaceTable build(std::vector<std::optional<std::string>> patterns,
                              const std::vector<std::string>& interfaces);
  void bind(std::uint16_t id, std::string_view name);

  // An id never named is treated as the unnamed interface (id 0, "").
  std::span<const RuleWord> lookup(std::uint16_t id) const {
    const std::size_t row = id < row_count_ ? id : 0;
    return {rows_.data() + row * width_, width_};
  }

 private:
  void fill_row(std::size_t id, std::string_view name);

  std::vector<std::optional<std::string>> patterns_;
  std::size_t width_ = 0;
  std::size_t row_count_ = 0;
  std::vector<RuleWord> rows_;  // row_count_ rows of width_ words, by interface id
};

}  // namespace ctsh::engine
