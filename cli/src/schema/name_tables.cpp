// Name lookup in the project's tables, and values as messages quote them.
#include <algorithm>

#include "name_tables.hpp"

namespace ctsh::cli {

std::optional<std::uint16_t> find_named_number(std::span<const NamedNumber> table, std::string_view name) {
  auto found = std::ranges::find(table, name, &NamedNumber::name);
  if (found == table.end()) return std::nullopt;
  return found->number;
}

std::string shown_value(std::string_view value) {
  constexpr std::size_t longest_shown = 64;
  if (value.size() <= longest_shown) return std::string(value);
  return std::string(value.substr(0, longest_shown)) + "...";
}

}  // namespace ctsh::cli
