// Reading the tuples and attributes of conntrack's default line format (conntrack -L, /proc).
#include "table_files/default_line.hpp"

#include <limits>
#include <optional>

#include <fmt/format.h>

namespace ctsh::engine {
namespace {

constexpr std::uint64_t u16_max = std::numeric_limits<std::uint16_t>::max();
constexpr std::uint64_t u32_max = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t u64_max = std::numeric_limits<std::uint64_t>::max();

// Reads the words of a line one by one, each `key=value` checked as it is taken.
class WordReader {
 public:
  WordReader(const Words& words, std::size_t at) : words_(words), at_(at) {}
  bool done() const { return at_ >= words_.size(); }
  std::string_view peek() const { return done() ? std::string_view{} : words_[at_]; }
  void skip() { ++at_; }

  // The value of `key=` in the next word; an error naming what was expected otherwise.
  std::expected<std::string_view, std::string> take(std::string_view key) {
    const auto value = value_of(peek(), key);
    if (!value) {
      if (done()) return std::unexpected(fmt::format("the line ends where {}= was expected", key));
      return std::unexpected(fmt::format("expected {}=, found \"{}\"", key, peek()));
    }
    ++at_;
    return *value;
  }
  std::expected<std::uint64_t, std::string> take_number(std::string_view key, std::uint64_t max) {
    auto value = take(key);
    if (!value) return std::unexpected(value.error());
    const auto number = parse_number(*value, max);
    if (!number) return std::unexpected(fmt::format("{}={} is not a number from 0 to {}", key, *value, max));
    return *number;
  }
  bool next_is(std::string_view key) const { return value_of(peek(), key).has_value(); }

 private:
  const Words& words_;
  std::size_t at_;
};

std::expected<void, std::string> read_tuple(WordReader& in, std::uint8_t protocol, FlowTuple& tuple) {
  for (const auto& [key, address] : {std::pair{"src", &tuple.src}, std::pair{"dst", &tuple.dst}}) {
    auto text = in.take(key);
    if (!text) return std::unexpected(text.error());
    const auto parsed = parse_address(*text);
    if (!parsed) return std::unexpected(fmt::format("{}={} is not an IPv4 or IPv6 address", key, *text));
    *address = *parsed;
  }
  const auto number = [&](std::string_view key, std::uint64_t max, auto& field) -> std::expected<void, std::string> {
    auto value = in.take_number(key, max);
    if (!value) return std::unexpected(value.error());
    field = static_cast<std::remove_reference_t<decltype(field)>>(*value);
    return {};
  };
  std::expected<void, std::string> read = {};
  switch (tuple_kind(protocol)) {
    case TupleKind::ports:
      if (read = number("sport", u16_max, tuple.sport); read) read = number("dport", u16_max, tuple.dport);
      break;
    case TupleKind::keys:
      if (read = number("srckey", u16_max, tuple.sport); read) read = number("dstkey", u16_max, tuple.dport);
      break;
    case TupleKind::icmp:
      if (read = number("type", 255, tuple.type); read) read = number("code", 255, tuple.code);
      if (read) read = number("id", u16_max, tuple.id);
      break;
    case TupleKind::none:
      break;
  }
  return read;
}

// `packets=N bytes=N` after a tuple, if there.
std::expected<std::optional<FlowCounters>, std::string> read_counters(WordReader& in) {
  if (!in.next_is("packets")) return std::nullopt;
  FlowCounters counters;
  auto packets = in.take_number("packets", u64_max);
  if (!packets) return std::unexpected(packets.error());
  auto bytes = in.take_number("bytes", u64_max);
  if (!bytes) return std::unexpected(bytes.error());
  counters.packets = *packets;
  counters.bytes = *bytes;
  return counters;
}

// One direction: the tuple, its zone, its counters.
std::expected<std::optional<FlowCounters>, std::string> read_direction(WordReader& in, std::uint8_t protocol,
                                                                       FlowTuple& tuple, std::string_view zone_key,
                                                                       std::uint16_t& zone) {
  if (auto read = read_tuple(in, protocol, tuple); !read) return std::unexpected(read.error());
  if (in.next_is(zone_key)) {
    auto value = in.take_number(zone_key, u16_max);
    if (!value) return std::unexpected(value.error());
    zone = static_cast<std::uint16_t>(*value);
  }
  return read_counters(in);
}

}  // namespace

std::expected<std::size_t, std::string> read_protocol(const Words& words, std::size_t at, TableFileEntry& entry) {
  if (at + 1 >= words.size()) return std::unexpected(std::string("the line ends before the protocol"));
  const std::string_view name = words[at];
  const auto number = parse_decimal(words[at + 1], 255);
  if (!number) {
    return std::unexpected(fmt::format("expected a protocol name and number (\"tcp 6\"), found \"{} {}\"", name,
                                       words[at + 1]));
  }
  const auto protocol = static_cast<std::uint8_t>(*number);
  const std::string_view expected = conntrack_protocol_name(protocol);
  const bool known = expected != "unknown";
  if (known ? name != expected : protocol_by_name(name).has_value() || name.find('=') != std::string_view::npos) {
    return std::unexpected(fmt::format("protocol \"{}\" does not go with number {}", name, protocol));
  }
  entry.flow.protocol = protocol;
  return at + 2;
}

bool names_offload(const Words& words) {
  for (const std::string_view word : words) {
    if (word == "[OFFLOAD]" || word == "[HW_OFFLOAD]") return true;
  }
  return false;
}

std::expected<void, std::string> read_tuples_and_attributes(const Words& words, std::size_t at, TableFileEntry& entry) {
  FlowView& flow = entry.flow;
  WordReader in(words, at);
  std::uint16_t zones[3] = {0, 0, 0};  // zone-orig, zone-reply, zone
  auto original = read_direction(in, flow.protocol, flow.original, "zone-orig", zones[0]);
  if (!original) return std::unexpected(original.error());
  flow.status = status_seen_reply;
  if (in.peek() == "[UNREPLIED]") {
    flow.status = 0;
    in.skip();
  }
  auto reply = read_direction(in, flow.protocol, flow.reply, "zone-reply", zones[1]);
  if (!reply) return std::unexpected(reply.error());
  if (original->has_value() != reply->has_value()) {
    return std::unexpected(std::string("packets= and bytes= are on one tuple only"));
  }
  if (original->has_value()) flow.counters = std::array<FlowCounters, 2>{**original, **reply};

  std::string_view helper;
  std::vector<std::string_view> seen;
  while (!in.done()) {
    const std::string_view word = in.peek();
    const std::string_view key = word.substr(0, word.find('='));
    const bool flag = word.starts_with('[');
    if (!flag && key.size() == word.size()) return std::unexpected(fmt::format("unexpected \"{}\"", word));
    const std::string_view name = flag ? word.substr(0, word.find_first_of("=]")) : key;
    for (const std::string_view earlier : seen) {
      if (earlier == name) return std::unexpected(fmt::format("\"{}\" is given twice", name));
    }
    seen.push_back(name);
    if (word == "[ASSURED]" || word == "[OFFLOAD]" || word == "[HW_OFFLOAD]") {
      flow.status |= status_assured;
      in.skip();
    } else if (name == "mark") {
      auto value = in.take_number("mark", u32_max);
      if (!value) return std::unexpected(value.error());
      flow.mark = static_cast<std::uint32_t>(*value);
    } else if (name == "zone") {
      auto value = in.take_number("zone", u16_max);
      if (!value) return std::unexpected(value.error());
      zones[2] = static_cast<std::uint16_t>(*value);
    } else if (name == "secmark" || name == "use" || name == "id" || name == "delta-time") {
      if (auto value = in.take_number(name, u64_max); !value) return std::unexpected(value.error());
    } else if (name == "helper") {
      helper = word.substr(key.size() + 1);
      if (helper.empty()) return std::unexpected(std::string("helper= names no helper"));
      in.skip();
    } else if (name == "secctx" || name == "labels" || name == "[start" || name == "[stop") {
      in.skip();  // security context, labels and timestamps: not modelled
    } else {
      return std::unexpected(fmt::format("unexpected \"{}\"", word));
    }
  }
  for (const std::uint16_t zone : zones) {
    if (zone != 0 && flow.zone == 0) flow.zone = zone;
  }
  return finish_entry(entry, helper);
}

}  // namespace ctsh::engine
