// parse_port_match: port numbers, names, `a-b` ranges and comma lists; a leading `!` negates the list.
#include <algorithm>
#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "ctsh/cli/value_parsers.hpp"
#include "name_tables.hpp"

namespace ctsh::cli {
namespace {

constexpr unsigned highest_port = std::numeric_limits<std::uint16_t>::max();

// One port: a name from the project's table or a number 1-65535.
std::optional<std::uint16_t> parse_port(std::string_view word) {
  if (auto named = find_named_number(port_names(), word)) return named;
  if (word.empty() || word.size() > 5 || !std::ranges::all_of(word, [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  unsigned number = 0;
  std::from_chars(word.data(), word.data() + word.size(), number);
  if (number == 0 || number > highest_port) return std::nullopt;
  return static_cast<std::uint16_t>(number);
}

// A port or a range; names may contain '-' ("ftp-data"), so every dash is tried as the range separator.
std::expected<engine::PortRange, std::string> parse_port_item(std::string_view item) {
  if (auto port = parse_port(item)) return engine::PortRange{*port, *port};
  for (std::size_t dash = item.find('-'); dash != std::string_view::npos; dash = item.find('-', dash + 1)) {
    const auto first = parse_port(item.substr(0, dash));
    const auto last = parse_port(item.substr(dash + 1));
    if (!first || !last) continue;
    if (*last < *first) {
      return std::unexpected(fmt::format("{} is not a valid port range: the first port is above the last", shown_value(item)));
    }
    return engine::PortRange{*first, *last};
  }
  return std::unexpected(fmt::format("{} is not a valid port (a number 1-{}, a service name or a range a-b)",
                                     shown_value(item), highest_port));
}

}  // namespace

std::expected<engine::PortMatch, std::string> parse_port_match(std::string_view text) {
  engine::PortMatch match;
  std::string_view list = text;
  if (list.starts_with('!')) {
    match.negated = true;
    list.remove_prefix(1);
  }
  if (list.empty()) return std::unexpected(fmt::format("{} is not a valid port list: it names no port", shown_value(text)));
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = list.find(',', start);
    const std::string_view item = list.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (item.empty()) {
      return std::unexpected(fmt::format("{} is not a valid port list: it has an empty entry", shown_value(text)));
    }
    auto range = parse_port_item(item);
    if (!range) return std::unexpected(std::move(range.error()));
    match.ranges.push_back(*range);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return match;
}

}  // namespace ctsh::cli
