// Rendering of the conntrack table for `show conntrack table ipv4|ipv6` (text and `| json`). Built for a
// million entries: flows are sorted as packed integer keys holding their table handles, and the text
// table formats each row's cells into fixed buffers twice (measure, then write) instead of keeping a
// string per cell.
#include "conntrack_table_view.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <span>
#include <stdexcept>

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

// The views' order as integers compared word by word: the big-endian bytes of family, protocol,
// original source, source port, destination, destination port, ICMP type, code and id, then the flow
// id (46 bytes for IPv6, 22 for IPv4), with the flow's handle beside them.
template <std::size_t Words>
struct SortKey {
  std::array<std::uint64_t, Words> words{};
  std::uint32_t handle = 0;
  bool operator<(const SortKey& other) const { return words < other.words; }
};
constexpr std::size_t ipv4_key_words = 3;
constexpr std::size_t any_key_words = 6;

template <std::size_t Words>
SortKey<Words> sort_key(const FlowView& f, std::uint32_t handle) {
  const std::size_t address_bytes = f.family == engine::Family::ipv6 ? 16 : 4;
  constexpr std::size_t other_bytes = 14;  // family, protocol, ports, ICMP type, code and id, flow id
  std::array<std::uint8_t, Words * 8> bytes{};
  if (2 * address_bytes + other_bytes > bytes.size()) throw std::logic_error("an IPv6 flow in an IPv4 sort");
  std::size_t at = 0;
  auto put = [&](std::uint64_t value, std::size_t count) {
    for (std::size_t i = count; i-- > 0;) bytes[at++] = static_cast<std::uint8_t>(value >> (8 * i));
  };
  auto put_address = [&](const engine::IpAddress& address) {
    std::memcpy(bytes.data() + at, address.bytes.data(), address_bytes);
    at += address_bytes;
  };
  put(static_cast<std::uint8_t>(f.family), 1);
  put(f.protocol, 1);
  put_address(f.original.src);
  put(f.original.sport, 2);
  put_address(f.original.dst);
  put(f.original.dport, 2);
  put(f.original.type, 1);
  put(f.original.code, 1);
  put(f.original.id, 2);
  put(f.id, 4);
  SortKey<Words> key;
  for (std::size_t i = 0; i < Words; ++i) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + 8 * i, 8);
    key.words[i] = __builtin_bswap64(word);
  }
  key.handle = handle;
  return key;
}

template <std::size_t Words>
std::vector<std::uint32_t> sorted_handles(const engine::Engine& engine, const engine::FlowFilter& filter,
                                          const std::function<void(const FlowView&)>& visit) {
  std::vector<SortKey<Words>> keys;
  keys.reserve(engine.stats().entries);
  engine.for_each_handle(filter, [&](std::uint32_t handle, const FlowView& flow) {
    keys.push_back(sort_key<Words>(flow, handle));
    if (visit) visit(flow);
  });
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> handles(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) handles[i] = keys[i].handle;
  return handles;
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
  std::vector<SortKey<any_key_words>> keys;
  keys.reserve(flows.size());
  for (std::uint32_t i = 0; i < flows.size(); ++i) keys.push_back(sort_key<any_key_words>(flows[i], i));
  std::sort(keys.begin(), keys.end());
  std::vector<FlowView> sorted;
  sorted.reserve(flows.size());
  for (const auto& key : keys) sorted.push_back(flows[key.handle]);
  flows = std::move(sorted);
}

std::vector<std::uint32_t> sorted_flow_handles(const engine::Engine& engine, const engine::FlowFilter& filter,
                                               const std::function<void(const FlowView&)>& visit) {
  if (filter.family == engine::Family::ipv4) return sorted_handles<ipv4_key_words>(engine, filter, visit);
  return sorted_handles<any_key_words>(engine, filter, visit);
}

namespace {

std::vector<std::string> table_headers(bool counters) {
  std::vector<std::string> headers = {"Id", "Original src", "Original dst"};
  if (counters) headers.insert(headers.end(), {"Original packets", "Original bytes"});
  headers.insert(headers.end(), {"Reply src", "Reply dst"});
  if (counters) headers.insert(headers.end(), {"Reply packets", "Reply bytes"});
  headers.insert(headers.end(), {"Protocol", "State", "Timeout", "Mark", "Zone"});
  return headers;
}

}  // namespace

FlowTableText::FlowTableText(bool counters) : counters_(counters), layout_(table_headers(counters)) {}

void FlowTableText::measure(const FlowView& flow) { layout_.measure(RowCells(flow, counters_).cells()); }

void FlowTableText::append_header(std::string& out) const { layout_.append_header(out); }

void FlowTableText::append_row(std::string& out, const FlowView& flow) const {
  layout_.append_row(out, RowCells(flow, counters_).cells());
}

nlohmann::ordered_json flow_json(const FlowView& f) {
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
  return j;
}

}  // namespace ctsh::cli
