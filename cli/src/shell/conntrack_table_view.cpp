// Rendering of the conntrack table for `show conntrack table ipv4|ipv6` (text and `| json`). Built for a
// million entries: flows are sorted on packed integer keys, and the text table formats each row's cells
// into fixed buffers twice (measure, then write) instead of keeping a string per cell.
#include "conntrack_table_view.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <span>

#include <fmt/format.h>

#include "text_table.hpp"

namespace ctsh::cli {
namespace {

using engine::FlowTuple;
using engine::FlowView;

bool has_ports(std::uint8_t protocol) { return protocol == 6 || protocol == 17 || protocol == 136 || protocol == 132; }
bool is_icmp(std::uint8_t protocol) { return protocol == 1 || protocol == 58; }

// Writes `address` at `out` (room for INET6_ADDRSTRLEN characters); returns the end. IPv4 by hand,
// which is cheaper than inet_ntop.
char* write_address(const engine::IpAddress& address, char* out) {
  if (address.family == engine::Family::ipv6) {
    inet_ntop(AF_INET6, address.bytes.data(), out, INET6_ADDRSTRLEN);
    return out + std::strlen(out);
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (i) *out++ = '.';
    out = std::to_chars(out, out + 3, address.bytes[i]).ptr;
  }
  return out;
}

// One row's cells, formatted into fixed buffers; names point at static text.
class RowCells {
 public:
  static constexpr std::size_t max_columns = 14;

  RowCells(const FlowView& f, bool counters) {
    number(f.id);
    endpoint(f.original.src, f.original.sport, f.protocol);
    endpoint(f.original.dst, f.original.dport, f.protocol);
    if (counters) counter_cells(f, 0);
    endpoint(f.reply.src, f.reply.sport, f.protocol);
    endpoint(f.reply.dst, f.reply.dport, f.protocol);
    if (counters) counter_cells(f, 1);
    text(engine::protocol_name(f.protocol));
    text(f.state);
    number(f.timeout_seconds);
    number(f.mark);
    if (f.zone) {
      number(f.zone);
    } else {
      text({});
    }
  }
  std::span<const std::string_view> cells() const { return {views_.data(), count_}; }

 private:
  // The widest cell, an IPv6 endpoint `[address]:port`, takes 47 characters.
  using Buffer = std::array<char, 64>;

  char* next_buffer() { return buffers_[count_].data(); }
  void finish(const char* end) {
    views_[count_] = std::string_view(buffers_[count_].data(), static_cast<std::size_t>(end - buffers_[count_].data()));
    ++count_;
  }
  void text(std::string_view name) { views_[count_++] = name; }
  void number(std::uint64_t value) {
    char* out = next_buffer();
    finish(std::to_chars(out, out + sizeof(Buffer), value).ptr);
  }
  void counter_cells(const FlowView& f, std::size_t direction) {
    if (!f.counters) {
      text({});
      text({});
      return;
    }
    number((*f.counters)[direction].packets);
    number((*f.counters)[direction].bytes);
  }
  // `ip:port` when the flow has ports (IPv6 as `[ip]:port`), else the address alone.
  void endpoint(const engine::IpAddress& address, std::uint16_t port, std::uint8_t protocol) {
    char* out = next_buffer();
    const bool bracketed = has_ports(protocol) && address.family == engine::Family::ipv6;
    if (bracketed) *out++ = '[';
    out = write_address(address, out);
    if (bracketed) *out++ = ']';
    if (has_ports(protocol)) {
      *out++ = ':';
      out = std::to_chars(out, out + 5, port).ptr;
    }
    finish(out);
  }

  std::array<Buffer, max_columns> buffers_;
  std::array<std::string_view, max_columns> views_;
  std::size_t count_ = 0;
};

// The views' order as integers compared word by word: family, protocol, original source, source port,
// destination, destination port, ICMP type, code and id, then the flow id (IPv4 addresses keep their
// last 12 bytes zero, so one layout serves both families).
struct SortKey {
  std::array<std::uint64_t, 6> words{};
  std::uint32_t index = 0;
  bool operator<(const SortKey& other) const { return words < other.words; }
};

std::uint64_t big_endian(const std::uint8_t* bytes, std::size_t count) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) value = value << 8 | bytes[i];
  return value;
}

SortKey sort_key(const FlowView& f, std::uint32_t index) {
  const std::uint8_t* src = f.original.src.bytes.data();
  const std::uint8_t* dst = f.original.dst.bytes.data();
  SortKey key;
  key.words[0] = std::uint64_t{static_cast<std::uint8_t>(f.family)} << 56 | std::uint64_t{f.protocol} << 48 |
                 big_endian(src, 6);
  key.words[1] = big_endian(src + 6, 8);
  key.words[2] = big_endian(src + 14, 2) << 48 | std::uint64_t{f.original.sport} << 32 | big_endian(dst, 4);
  key.words[3] = big_endian(dst + 4, 8);
  key.words[4] = big_endian(dst + 12, 4) << 32 | std::uint64_t{f.original.dport} << 16 |
                 std::uint64_t{f.original.type} << 8 | f.original.code;
  key.words[5] = std::uint64_t{f.original.id} << 32 | f.id;
  key.index = index;
  return key;
}

nlohmann::ordered_json tuple_json(const FlowTuple& tuple, std::uint8_t protocol,
                                  const engine::FlowCounters* counters) {
  nlohmann::ordered_json j;
  j["src"] = address_text(tuple.src);
  j["dst"] = address_text(tuple.dst);
  if (is_icmp(protocol)) {
    j["type"] = tuple.type;
    j["code"] = tuple.code;
    j["id"] = tuple.id;
  } else if (has_ports(protocol)) {
    j["sport"] = tuple.sport;
    j["dport"] = tuple.dport;
  } else if (protocol == 47) {
    j["srckey"] = tuple.sport;
    j["dstkey"] = tuple.dport;
  }
  if (counters) {
    j["packets"] = counters->packets;
    j["bytes"] = counters->bytes;
  }
  return j;
}

}  // namespace

std::string address_text(const engine::IpAddress& address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  return std::string(buffer, write_address(address, buffer));
}

void sort_flows(std::vector<FlowView>& flows) {
  std::vector<SortKey> keys;
  keys.reserve(flows.size());
  for (std::uint32_t i = 0; i < flows.size(); ++i) keys.push_back(sort_key(flows[i], i));
  std::sort(keys.begin(), keys.end());
  // Position i takes flows[keys[i].index]: each cycle of that permutation is rotated in place (a million
  // flows are too big to copy), and an index is set to its own position once its place is filled.
  for (std::uint32_t start = 0; start < keys.size(); ++start) {
    if (keys[start].index == start) continue;
    FlowView held = std::move(flows[start]);
    std::uint32_t position = start;
    while (keys[position].index != start) {
      const std::uint32_t from = keys[position].index;
      flows[position] = std::move(flows[from]);
      keys[position].index = position;
      position = from;
    }
    flows[position] = std::move(held);
    keys[position].index = position;
  }
}

std::string table_text(const std::vector<FlowView>& flows) {
  if (flows.empty()) return "Entries not found\n";
  const bool counters = std::any_of(flows.begin(), flows.end(), [](const FlowView& f) { return f.counters.has_value(); });
  std::vector<std::string> headers = {"Id", "Original src", "Original dst"};
  if (counters) headers.insert(headers.end(), {"Original packets", "Original bytes"});
  headers.insert(headers.end(), {"Reply src", "Reply dst"});
  if (counters) headers.insert(headers.end(), {"Reply packets", "Reply bytes"});
  headers.insert(headers.end(), {"Protocol", "State", "Timeout", "Mark", "Zone"});
  TableLayout layout(std::move(headers));
  for (const FlowView& f : flows) layout.measure(RowCells(f, counters).cells());
  std::string out;
  out.reserve((flows.size() + 2) * layout.row_width());
  layout.append_header(out);
  for (const FlowView& f : flows) layout.append_row(out, RowCells(f, counters).cells());
  return out;
}

nlohmann::ordered_json table_json(const std::vector<FlowView>& flows) {
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const FlowView& f : flows) {
    nlohmann::ordered_json j;
    j["id"] = f.id;
    j["family"] = f.family == engine::Family::ipv4 ? "ipv4" : "ipv6";
    j["protocol"] = engine::protocol_name(f.protocol);
    if (f.state.empty()) {
      j["state"] = nullptr;
    } else {
      j["state"] = f.state;
    }
    j["timeout"] = f.timeout_seconds;
    j["original"] = tuple_json(f.original, f.protocol, f.counters ? &(*f.counters)[0] : nullptr);
    j["reply"] = tuple_json(f.reply, f.protocol, f.counters ? &(*f.counters)[1] : nullptr);
    nlohmann::ordered_json status = nlohmann::ordered_json::array();
    for (std::string_view name : engine::status_names(f.status)) status.push_back(name);
    j["status"] = std::move(status);
    j["mark"] = f.mark;
    j["zone"] = f.zone;
    if (f.helper.empty()) {
      j["helper"] = nullptr;
    } else {
      j["helper"] = f.helper;
    }
    entries.push_back(std::move(j));
  }
  nlohmann::ordered_json out;
  out["entries"] = std::move(entries);
  return out;
}

}  // namespace ctsh::cli
