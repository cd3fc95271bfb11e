// Field readers shared by the table-file formats.
#include "table_files/table_fields.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "proto/icmp_classes.hpp"

namespace ctsh::engine {
namespace {

constexpr std::pair<std::string_view, std::uint8_t> protocol_names[] = {
    {"icmp", 1}, {"tcp", 6}, {"udp", 17}, {"dccp", 33}, {"gre", 47}, {"icmpv6", 58}, {"sctp", 132}, {"udplite", 136},
};

// The states conntrack prints (libnetfilter_conntrack's tables; NONE never reaches a table).
constexpr std::string_view tcp_states[] = {"SYN_SENT",   "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT",
                                           "LAST_ACK",   "TIME_WAIT", "CLOSE",      "SYN_SENT2"};
constexpr std::string_view sctp_states[] = {"CLOSED",        "COOKIE_WAIT",   "COOKIE_ECHOED",     "ESTABLISHED",
                                            "SHUTDOWN_SENT", "SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT", "HEARTBEAT_SENT"};
constexpr std::string_view dccp_states[] = {"REQUEST", "RESPOND", "PARTOPEN", "OPEN", "CLOSEREQ", "CLOSING", "TIMEWAIT"};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The reply tuple the original one gives without NAT.
FlowTuple reversed(const FlowTuple& original, Family family, std::uint8_t protocol) {
  FlowTuple reply = original;
  std::swap(reply.src, reply.dst);
  switch (tuple_kind(protocol)) {
    case TupleKind::ports:
    case TupleKind::keys:
      std::swap(reply.sport, reply.dport);
      break;
    case TupleKind::icmp:
      invert_icmp_type(family, original.type, reply.type);
      break;
    case TupleKind::none:
      break;
  }
  return reply;
}

}  // namespace

std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t max) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t max) {
  if (!text.starts_with("0x") && !text.starts_with("0X")) return parse_decimal(text, max);
  const std::string_view digits = text.substr(2);
  if (digits.empty() || digits.size() > 16) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (error != std::errc{} || end != digits.data() + digits.size() || value > max) return std::nullopt;
  return value;
}

std::optional<IpAddress> parse_address(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string terminated(text);
  IpAddress address;
  if (inet_pton(AF_INET, terminated.c_str(), address.bytes.data()) == 1) return address;
  address.family = Family::ipv6;
  if (inet_pton(AF_INET6, terminated.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

std::optional<std::uint8_t> protocol_by_name(std::string_view name) {
  for (const auto& [known, number] : protocol_names) {
    if (known == name) return number;
  }
  return std::nullopt;
}

std::string_view conntrack_protocol_name(std::uint8_t protocol) {
  for (const auto& [known, number] : protocol_names) {
    if (number == protocol) return known;
  }
  return "unknown";
}

bool has_state(std::uint8_t protocol) { return protocol == 6 || protocol == 132 || protocol == 33; }

std::optional<std::string_view> state_by_name(std::uint8_t protocol, std::string_view name) {
  const auto find = [&](const auto& names) -> std::optional<std::string_view> {
    for (const std::string_view known : names) {
      if (known == name) return known;
    }
    return std::nullopt;
  };
  if (protocol == 6) return find(tcp_states);
  if (protocol == 132) return find(sctp_states);
  if (protocol == 33) return find(dccp_states);
  return std::nullopt;
}

TupleKind tuple_kind(std::uint8_t protocol) {
  switch (protocol) {
    case 6: case 17: case 33: case 132: case 136: return TupleKind::ports;
    case 47: return TupleKind::keys;
    case 1: case 58: return TupleKind::icmp;
    default: return TupleKind::none;
  }
}

std::optional<std::uint16_t> status_by_name(std::string_view name) {
  static constexpr std::pair<std::string_view, std::uint16_t> names[] = {
      {"UNSET", 0},
      {"EXPECTED", status_expected},
      {"SEEN_REPLY", status_seen_reply},
      {"ASSURED", status_assured},
      {"FIXED_TIMEOUT", status_fixed_timeout},
      // Offloaded flows are established ones the kernel's flowtable took over: ASSURED in the engine.
      {"OFFLOAD", status_assured},
      {"HW_OFFLOAD", status_assured},
  };
  for (const auto& [known, bit] : names) {
    if (equal_ignoring_case(known, name)) return bit;
  }
  return std::nullopt;
}

std::expected<std::vector<std::string_view>, std::string> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < line.size()) {
    if (is_blank(line[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    if (line[at] == '[') {
      end = line.find(']', at);
      if (end == std::string_view::npos) {
        return std::unexpected(fmt::format("\"{}\" has no closing ']'", line.substr(at, 40)));
      }
      ++end;
    } else {
      while (end < line.size() && !is_blank(line[end])) ++end;
    }
    words.push_back(line.substr(at, end - at));
    at = end;
  }
  return words;
}

std::expected<void, std::string> finish_entry(TableFileEntry& entry, std::string_view helper) {
  FlowView& flow = entry.flow;
  const Family family = flow.original.src.family;
  for (const IpAddress* address : {&flow.original.dst, &flow.reply.src, &flow.reply.dst}) {
    if (address->family != family) return std::unexpected(std::string("IPv4 and IPv6 addresses are mixed"));
  }
  flow.family = family;
  entry.translated = flow.reply != reversed(flow.original, family, flow.protocol);
  if (helper == "ftp" || helper == "tftp") {
    flow.helper = helper == "ftp" ? "ftp" : "tftp";
  } else if (!helper.empty()) {
    entry.other_helper = helper;
  }
  return {};
}

bool is_conntrack_summary(std::string_view line) {
  return line.starts_with("conntrack v") && line.find("(conntrack-tools):") != std::string_view::npos;
}

std::optional<std::string_view> value_of(std::string_view word, std::string_view key) {
  if (word.size() <= key.size() || !word.starts_with(key) || word[key.size()] != '=') return std::nullopt;
  return word.substr(key.size() + 1);
}

}  // namespace ctsh::engine
