// IP protocols: the project's name table, parse_protocol_match and protocol_name.
#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "ctsh/cli/value_parsers.hpp"
#include "name_tables.hpp"

namespace ctsh::cli {
namespace {

// IP protocol names as /etc/protocols spells them, plus common aliases; the first entry for a number is
// the name shown for it (conntrack's "icmpv6" before "ipv6-icmp").
constexpr std::array<NamedNumber, 46> protocol_table{{
    {"hopopt", 0},   {"icmp", 1},       {"igmp", 2},        {"ggp", 3},         {"ipencap", 4},
    {"st", 5},       {"tcp", 6},        {"egp", 8},         {"igp", 9},         {"pup", 12},
    {"udp", 17},     {"hmp", 20},       {"xns-idp", 22},    {"rdp", 27},        {"iso-tp4", 29},
    {"dccp", 33},    {"xtp", 36},       {"ddp", 37},        {"idpr-cmtp", 38},  {"ipv6", 41},
    {"ipv6-route", 43}, {"ipv6-frag", 44}, {"idrp", 45},     {"rsvp", 46},       {"gre", 47},
    {"esp", 50},     {"ah", 51},        {"skip", 57},       {"icmpv6", 58},     {"ipv6-icmp", 58},
    {"ipv6-nonxt", 59}, {"ipv6-opts", 60}, {"rspf", 73},     {"vmtp", 81},       {"eigrp", 88},
    {"ospf", 89},    {"ax.25", 93},     {"ipip", 94},       {"etherip", 97},    {"encap", 98},
    {"pim", 103},    {"ipcomp", 108},   {"vrrp", 112},      {"l2tp", 115},      {"sctp", 132},
    {"udplite", 136},
}};

std::optional<std::uint8_t> protocol_number(std::string_view word) {
  if (auto named = find_named_number(protocol_table, word)) return static_cast<std::uint8_t>(*named);
  if (word.empty() || word.size() > 3 || !std::ranges::all_of(word, [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  unsigned number = 0;
  std::from_chars(word.data(), word.data() + word.size(), number);
  if (number > std::numeric_limits<std::uint8_t>::max()) return std::nullopt;
  return static_cast<std::uint8_t>(number);
}

}  // namespace

std::expected<std::optional<engine::ProtocolMatch>, std::string> parse_protocol_match(std::string_view text) {
  if (text == "all") return std::nullopt;
  engine::ProtocolMatch match;
  std::string_view word = text;
  if (word.starts_with('!')) {
    match.negated = true;
    word.remove_prefix(1);
  }
  if (word == "tcp_udp") {
    match.tcp_udp = true;
    return match;
  }
  if (auto number = protocol_number(word)) {
    match.number = *number;
    return match;
  }
  return std::unexpected(fmt::format(
      "{} is not a valid IP protocol: use a name (tcp, udp, icmp, ...), a number 0-{}, tcp_udp or all, "
      "optionally negated with '!'",
      shown_value(text), std::numeric_limits<std::uint8_t>::max()));
}

std::string protocol_name(std::uint8_t number) {
  auto found = std::ranges::find(protocol_table, number, &NamedNumber::number);
  if (found == protocol_table.end()) return std::to_string(number);
  return std::string(found->name);
}

}  // namespace ctsh::cli
