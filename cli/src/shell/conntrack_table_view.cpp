// Rendering of the conntrack table for `show conntrack table ipv4|ipv6` (text and `| json`).
#include "conntrack_table_view.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "text_table.hpp"

namespace ctsh::cli {
namespace {

using engine::FlowTuple;
using engine::FlowView;

bool has_ports(std::uint8_t protocol) { return protocol == 6 || protocol == 17 || protocol == 136 || protocol == 132; }
bool is_icmp(std::uint8_t protocol) { return protocol == 1 || protocol == 58; }

// `ip:port` when the flow has ports (IPv6 as `[ip]:port`), else the address alone.
std::string endpoint(const engine::IpAddress& address, std::uint16_t port, std::uint8_t protocol) {
  const std::string text = address_text(address);
  if (!has_ports(protocol)) return text;
  if (address.family == engine::Family::ipv6) return fmt::format("[{}]:{}", text, port);
  return fmt::format("{}:{}", text, port);
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
  const int family = address.family == engine::Family::ipv4 ? AF_INET : AF_INET6;
  inet_ntop(family, address.bytes.data(), buffer, sizeof buffer);
  return buffer;
}

void sort_flows(std::vector<FlowView>& flows) {
  const auto key = [](const FlowView& f) {
    return std::tie(f.family, f.protocol, f.original.src, f.original.sport, f.original.dst, f.original.dport,
                    f.original.type, f.original.code, f.original.id, f.id);
  };
  std::sort(flows.begin(), flows.end(), [&](const FlowView& a, const FlowView& b) { return key(a) < key(b); });
}

std::string table_text(const std::vector<FlowView>& flows) {
  if (flows.empty()) return "Entries not found\n";
  const bool counters = std::any_of(flows.begin(), flows.end(), [](const FlowView& f) { return f.counters.has_value(); });
  std::vector<std::string> headers = {"Id", "Original src", "Original dst"};
  if (counters) headers.insert(headers.end(), {"Original packets", "Original bytes"});
  headers.insert(headers.end(), {"Reply src", "Reply dst"});
  if (counters) headers.insert(headers.end(), {"Reply packets", "Reply bytes"});
  headers.insert(headers.end(), {"Protocol", "State", "Timeout", "Mark", "Zone"});
  std::vector<std::vector<std::string>> rows;
  rows.reserve(flows.size());
  for (const FlowView& f : flows) {
    std::vector<std::string> row = {std::to_string(f.id), endpoint(f.original.src, f.original.sport, f.protocol),
                                    endpoint(f.original.dst, f.original.dport, f.protocol)};
    if (counters) {
      row.push_back(f.counters ? std::to_string((*f.counters)[0].packets) : "");
      row.push_back(f.counters ? std::to_string((*f.counters)[0].bytes) : "");
    }
    row.push_back(endpoint(f.reply.src, f.reply.sport, f.protocol));
    row.push_back(endpoint(f.reply.dst, f.reply.dport, f.protocol));
    if (counters) {
      row.push_back(f.counters ? std::to_string((*f.counters)[1].packets) : "");
      row.push_back(f.counters ? std::to_string((*f.counters)[1].bytes) : "");
    }
    row.insert(row.end(), {std::string(engine::protocol_name(f.protocol)), std::string(f.state),
                           std::to_string(f.timeout_seconds), std::to_string(f.mark),
                           f.zone ? std::to_string(f.zone) : ""});
    rows.push_back(std::move(row));
  }
  return render_table(headers, rows);
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
