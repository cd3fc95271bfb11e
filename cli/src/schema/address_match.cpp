// parse_address_match: IPv4/IPv6 hosts, prefixes and ranges, each optionally `!`-negated.
#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "ctsh/cli/value_parsers.hpp"
#include "name_tables.hpp"

namespace ctsh::cli {
namespace {

using engine::Family;
using engine::IpAddress;

// Longer text cannot be an address; refusing it early keeps inet_pton's buffer small.
constexpr std::size_t longest_address_text = INET6_ADDRSTRLEN;

std::size_t address_bits(Family family) { return family == Family::ipv4 ? 32 : 128; }

std::optional<IpAddress> parse_host(std::string_view text, Family family) {
  if (text.empty() || text.size() >= longest_address_text) return std::nullopt;
  const std::string terminated(text);
  IpAddress address{.family = family, .bytes = {}};
  const int af = family == Family::ipv4 ? AF_INET : AF_INET6;
  if (inet_pton(af, terminated.c_str(), address.bytes.data()) != 1) return std::nullopt;
  return address;
}

std::string format_host(const IpAddress& address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  const int af = address.family == Family::ipv4 ? AF_INET : AF_INET6;
  inet_ntop(af, address.bytes.data(), buffer, sizeof buffer);
  return buffer;
}

// Sets (or clears) every bit from `prefix_length` on, giving the last (or first) address of the prefix.
IpAddress with_host_bits(IpAddress address, std::size_t prefix_length, bool set) {
  const std::size_t total_bits = address_bits(address.family);
  for (std::size_t bit = prefix_length; bit < total_bits; ++bit) {
    const auto mask = static_cast<std::uint8_t>(0x80u >> (bit % 8));
    auto& byte = address.bytes[bit / 8];
    byte = static_cast<std::uint8_t>(set ? (byte | mask) : (byte & ~mask));
  }
  return address;
}

std::optional<std::size_t> parse_prefix_length(std::string_view text, Family family) {
  if (text.empty() || text.size() > 3 || !std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::size_t length = 0;
  std::from_chars(text.data(), text.data() + text.size(), length);
  if (length > address_bits(family)) return std::nullopt;
  return length;
}

}  // namespace

std::expected<engine::AddressMatch, std::string> parse_address_match(std::string_view text, Family family) {
  const auto refuse = [&](std::string_view reason) {
    return std::unexpected(fmt::format("{} is not a valid {} address, prefix or range{}{}", shown_value(text),
                                       family == Family::ipv4 ? "IPv4" : "IPv6", reason.empty() ? "" : ": ", reason));
  };
  engine::AddressMatch match;
  std::string_view body = text;
  if (body.starts_with('!')) {
    match.negated = true;
    body.remove_prefix(1);
  }
  if (const auto slash = body.find('/'); slash != std::string_view::npos) {
    const auto host = parse_host(body.substr(0, slash), family);
    if (!host) return refuse("");
    const auto length = parse_prefix_length(body.substr(slash + 1), family);
    if (!length) return refuse(fmt::format("the prefix length must be a number from 0 to {}", address_bits(family)));
    match.first = with_host_bits(*host, *length, false);
    match.last = with_host_bits(*host, *length, true);
    if (match.first != *host) {
      return refuse(fmt::format("host bits are set; the network is {}/{}", format_host(match.first), *length));
    }
    return match;
  }
  if (const auto dash = body.find('-'); dash != std::string_view::npos) {
    const auto first = parse_host(body.substr(0, dash), family);
    const auto last = parse_host(body.substr(dash + 1), family);
    if (!first || !last) return refuse("");
    if (*last < *first) return refuse("the first address of the range is above the last");
    match.first = *first;
    match.last = *last;
    return match;
  }
  const auto host = parse_host(body, family);
  if (!host) return refuse("");
  match.first = *host;
  match.last = *host;
  return match;
}

}  // namespace ctsh::cli
