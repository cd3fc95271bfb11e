// `conntrack -L -o save` lines: the options that `conntrack -A` (`-I` before conntrack 1.4.7) takes
// to create the entry again:
//   -A -t 119 -u SEEN_REPLY,ASSURED -s 10.0.0.1 -d 10.0.0.2 -r 10.0.0.2 -q 10.0.0.1 -p tcp
//      --sport 40000 --dport 80 --reply-port-src 80 --reply-port-dst 40000 --state ESTABLISHED
// conntrack prints -g / -n for a translated reply source / destination; the long option names
// (--timeout, --status, --orig-src, ...) are taken too. Options appear once each; the protocol's
// options follow -p, as conntrack requires.
#include <array>
#include <limits>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "proto/icmp_classes.hpp"
#include "table_files/table_formats.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint64_t u16_max = std::numeric_limits<std::uint16_t>::max();
constexpr std::uint64_t u32_max = std::numeric_limits<std::uint32_t>::max();

enum class Field : std::uint8_t {
  timeout, status, secmark, zone, orig_zone, reply_zone, orig_src, orig_dst, reply_src, reply_dst, mark, label,
  protocol, sport, dport, reply_sport, reply_dport, state, orig_vtag, reply_vtag, icmp_type, icmp_code, icmp_id,
  count
};

struct Option {
  std::string_view name;
  Field field;
  bool after_protocol;  // a protocol's own option: only after -p
};

constexpr Option options[] = {
    {"-t", Field::timeout, false},          {"--timeout", Field::timeout, false},
    {"-u", Field::status, false},           {"--status", Field::status, false},
    {"-c", Field::secmark, false},          {"--secmark", Field::secmark, false},
    {"-w", Field::zone, false},             {"--zone", Field::zone, false},
    {"--orig-zone", Field::orig_zone, false}, {"--reply-zone", Field::reply_zone, false},
    {"-s", Field::orig_src, false},         {"--src", Field::orig_src, false},  {"--orig-src", Field::orig_src, false},
    {"-d", Field::orig_dst, false},         {"--dst", Field::orig_dst, false},  {"--orig-dst", Field::orig_dst, false},
    {"-r", Field::reply_src, false},        {"--reply-src", Field::reply_src, false},
    {"-g", Field::reply_src, false},        {"--dst-nat", Field::reply_src, false},
    {"-q", Field::reply_dst, false},        {"--reply-dst", Field::reply_dst, false},
    {"-n", Field::reply_dst, false},        {"--src-nat", Field::reply_dst, false},
    {"-m", Field::mark, false},             {"--mark", Field::mark, false},
    {"-l", Field::label, false},            {"--label", Field::label, false},
    {"-p", Field::protocol, false},         {"--protonum", Field::protocol, false},
    {"--sport", Field::sport, true},        {"--orig-port-src", Field::sport, true},
    {"--dport", Field::dport, true},        {"--orig-port-dst", Field::dport, true},
    {"--reply-port-src", Field::reply_sport, true}, {"--reply-port-dst", Field::reply_dport, true},
    {"--srckey", Field::sport, true},       {"--dstkey", Field::dport, true},
    {"--reply-key-src", Field::reply_sport, true}, {"--reply-key-dst", Field::reply_dport, true},
    {"--state", Field::state, true},
    {"--orig-vtag", Field::orig_vtag, true}, {"--reply-vtag", Field::reply_vtag, true},
    {"--icmp-type", Field::icmp_type, true}, {"--icmp-code", Field::icmp_code, true}, {"--icmp-id", Field::icmp_id, true},
    {"--icmpv6-type", Field::icmp_type, true}, {"--icmpv6-code", Field::icmp_code, true},
    {"--icmpv6-id", Field::icmp_id, true},
};

const Option* find_option(std::string_view name) {
  for (const Option& option : options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

// The values of one line by field, checked as the entry is built.
using Values = std::array<std::optional<std::string_view>, static_cast<std::size_t>(Field::count)>;

std::expected<std::uint64_t, std::string> number(const Values& values, Field field, std::string_view name,
                                                 std::uint64_t max) {
  const auto& text = values[static_cast<std::size_t>(field)];
  if (!text) return std::unexpected(fmt::format("missing {}", name));
  const auto value = parse_number(*text, max);
  if (!value) return std::unexpected(fmt::format("{} {} is not a number from 0 to {}", name, *text, max));
  return *value;
}

std::expected<IpAddress, std::string> address(const Values& values, Field field, std::string_view name) {
  const auto& text = values[static_cast<std::size_t>(field)];
  if (!text) return std::unexpected(fmt::format("missing {} (address)", name));
  const auto parsed = parse_address(*text);
  if (!parsed) return std::unexpected(fmt::format("{} {} is not an IPv4 or IPv6 address", name, *text));
  return *parsed;
}

std::expected<std::uint8_t, std::string> protocol_of(std::string_view text) {
  if (const auto named = protocol_by_name(text)) return *named;
  if (const auto number = parse_decimal(text, 255)) return static_cast<std::uint8_t>(*number);
  return std::unexpected(fmt::format("-p {}: unknown protocol", text));
}

std::expected<std::uint16_t, std::string> status_of(std::string_view list) {
  std::uint16_t status = 0;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string_view name = list.substr(start, comma - start);
    const auto bit = status_by_name(name);
    if (!bit) return std::unexpected(fmt::format("-u {}: unknown status \"{}\"", list, name));
    status = static_cast<std::uint16_t>(status | *bit);
    start = comma + 1;
  }
  return status;
}

// The protocol's part of a tuple pair from the options (reply ports default to the original's reversed).
std::expected<void, std::string> read_protocol_fields(const Values& values, TableFileEntry& entry) {
  FlowView& flow = entry.flow;
  const bool keys = tuple_kind(flow.protocol) == TupleKind::keys;
  // A port or key; without a fallback it must be given.
  const auto port = [&](Field field, std::string_view ports_name, std::string_view keys_name,
                        std::optional<std::uint16_t> fallback) -> std::expected<std::uint16_t, std::string> {
    if (!values[static_cast<std::size_t>(field)] && fallback) return *fallback;
    auto value = number(values, field, keys ? keys_name : ports_name, u16_max);
    if (!value) return std::unexpected(value.error());
    return static_cast<std::uint16_t>(*value);
  };
  switch (tuple_kind(flow.protocol)) {
    case TupleKind::ports:
    case TupleKind::keys: {
      auto sport = port(Field::sport, "--sport", "--srckey", std::nullopt);
      if (!sport) return std::unexpected(sport.error());
      auto dport = port(Field::dport, "--dport", "--dstkey", std::nullopt);
      if (!dport) return std::unexpected(dport.error());
      flow.original.sport = *sport;
      flow.original.dport = *dport;
      auto reply_sport = port(Field::reply_sport, "--reply-port-src", "--reply-key-src", *dport);
      if (!reply_sport) return std::unexpected(reply_sport.error());
      auto reply_dport = port(Field::reply_dport, "--reply-port-dst", "--reply-key-dst", *sport);
      if (!reply_dport) return std::unexpected(reply_dport.error());
      flow.reply.sport = *reply_sport;
      flow.reply.dport = *reply_dport;
      break;
    }
    case TupleKind::icmp: {
      auto type = number(values, Field::icmp_type, "--icmp-type", 255);
      if (!type) return std::unexpected(type.error());
      auto code = number(values, Field::icmp_code, "--icmp-code", 255);
      if (!code) return std::unexpected(code.error());
      auto id = number(values, Field::icmp_id, "--icmp-id", u16_max);
      if (!id) return std::unexpected(id.error());
      flow.original.type = static_cast<std::uint8_t>(*type);
      flow.original.code = flow.reply.code = static_cast<std::uint8_t>(*code);
      flow.original.id = flow.reply.id = static_cast<std::uint16_t>(*id);
      // A type without an inverse stays (and is refused when loaded: only queries create entries).
      flow.reply.type = flow.original.type;
      invert_icmp_type(flow.family, flow.original.type, flow.reply.type);
      break;
    }
    case TupleKind::none:
      break;
  }
  if (has_state(flow.protocol)) {
    const auto& name = values[static_cast<std::size_t>(Field::state)];
    if (!name) return std::unexpected(std::string("missing --state"));
    const auto state = state_by_name(flow.protocol, *name);
    if (!state) return std::unexpected(fmt::format("--state {}: unknown {} state", *name, conntrack_protocol_name(flow.protocol)));
    flow.state = *state;
  }
  return {};
}

}  // namespace

EntryResult parse_save_line(std::string_view line) {
  auto words = split_words(line);
  if (!words) return std::unexpected(words.error());
  if (words->empty() || ((*words)[0] != "-A" && (*words)[0] != "-I")) {
    return std::unexpected(fmt::format("expected -A or -I at the start of the line, found \"{}\"",
                                       words->empty() ? std::string_view{} : (*words)[0]));
  }
  Values values;
  bool protocol_seen = false;
  for (std::size_t at = 1; at < words->size(); at += 2) {
    const std::string_view name = (*words)[at];
    const Option* option = find_option(name);
    if (!option) return std::unexpected(fmt::format("unknown option \"{}\"", name));
    if (option->after_protocol && !protocol_seen) return std::unexpected(fmt::format("{} before -p", name));
    if (at + 1 >= words->size()) return std::unexpected(fmt::format("{} needs a value", name));
    auto& slot = values[static_cast<std::size_t>(option->field)];
    if (slot) return std::unexpected(fmt::format("{} is given twice", name));
    slot = (*words)[at + 1];
    protocol_seen = protocol_seen || option->field == Field::protocol;
  }
  TableFileEntry entry;
  FlowView& flow = entry.flow;
  const auto& protocol_text = values[static_cast<std::size_t>(Field::protocol)];
  if (!protocol_text) return std::unexpected(std::string("missing -p (protocol)"));
  auto protocol = protocol_of(*protocol_text);
  if (!protocol) return std::unexpected(protocol.error());
  flow.protocol = *protocol;
  auto timeout = number(values, Field::timeout, "-t (timeout)", u32_max);
  if (!timeout) return std::unexpected(timeout.error());
  flow.timeout_seconds = static_cast<std::uint32_t>(*timeout);
  if (const auto& status = values[static_cast<std::size_t>(Field::status)]) {
    auto bits = status_of(*status);
    if (!bits) return std::unexpected(bits.error());
    flow.status = *bits;
  }
  auto src = address(values, Field::orig_src, "-s");
  if (!src) return std::unexpected(src.error());
  auto dst = address(values, Field::orig_dst, "-d");
  if (!dst) return std::unexpected(dst.error());
  flow.original.src = flow.reply.dst = *src;
  flow.original.dst = flow.reply.src = *dst;
  flow.family = src->family;
  if (values[static_cast<std::size_t>(Field::reply_src)]) {
    auto reply_src = address(values, Field::reply_src, "-r");
    if (!reply_src) return std::unexpected(reply_src.error());
    flow.reply.src = *reply_src;
  }
  if (values[static_cast<std::size_t>(Field::reply_dst)]) {
    auto reply_dst = address(values, Field::reply_dst, "-q");
    if (!reply_dst) return std::unexpected(reply_dst.error());
    flow.reply.dst = *reply_dst;
  }
  if (auto read = read_protocol_fields(values, entry); !read) return std::unexpected(read.error());
  // Numbers checked whether kept or not: the mark, the zones (the first non-zero one is the entry's),
  // and the security mark and SCTP verification tags the engine does not keep.
  constexpr std::tuple<Field, std::string_view, std::uint64_t> numbers[] = {
      {Field::mark, "-m", u32_max},        {Field::zone, "-w", u16_max},
      {Field::orig_zone, "--orig-zone", u16_max}, {Field::reply_zone, "--reply-zone", u16_max},
      {Field::secmark, "-c", u32_max},     {Field::orig_vtag, "--orig-vtag", u32_max},
      {Field::reply_vtag, "--reply-vtag", u32_max},
  };
  for (const auto& [field, name, max] : numbers) {
    if (!values[static_cast<std::size_t>(field)]) continue;
    auto value = number(values, field, name, max);
    if (!value) return std::unexpected(value.error());
    if (field == Field::mark) flow.mark = static_cast<std::uint32_t>(*value);
    if (max == u16_max && *value != 0 && flow.zone == 0) flow.zone = static_cast<std::uint16_t>(*value);
  }
  if (auto finished = finish_entry(entry, {}); !finished) return std::unexpected(finished.error());
  return entry;
}

}  // namespace ctsh::engine
