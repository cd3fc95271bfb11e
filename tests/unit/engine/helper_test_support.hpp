// Test support for the helper tests: addresses, a flow with its two tuples, and packets carrying a
// payload behind a TCP or UDP header, run through ConntrackHelpers with a fresh expectation table.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "helpers/conntrack_helpers.hpp"

namespace ctsh::engine::test {

inline IpAddress ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  IpAddress address;
  address.family = Family::ipv4;
  address.bytes = {a, b, c, d};
  return address;
}

inline IpAddress ipv6(std::initializer_list<std::uint16_t> groups) {
  IpAddress address;
  address.family = Family::ipv6;
  std::size_t i = 0;
  for (std::uint16_t group : groups) {
    address.bytes[i++] = static_cast<std::uint8_t>(group >> 8);
    address.bytes[i++] = static_cast<std::uint8_t>(group);
  }
  return address;
}

inline PacketTuple tuple(IpAddress src, IpAddress dst, std::uint16_t sport, std::uint16_t dport, std::uint8_t protocol) {
  PacketTuple t;
  t.src = src;
  t.dst = dst;
  t.sport = sport;
  t.dport = dport;
  t.protocol = protocol;
  return t;
}

inline PacketTuple reversed(const PacketTuple& t) { return tuple(t.dst, t.src, t.dport, t.sport, t.protocol); }

// One helper flow (master at table index 7) and what the helpers need around it.
struct HelperHarness {
  HelperFlow flow;
  HelperKind kind;
  ExpectationTable expectations{2048};
  KernelCounters counters;
  std::uint32_t next_expectation_id = 1;
  ConntrackHelpers helpers;
  Tick now = 1000;
  std::vector<std::uint8_t> bytes;

  HelperHarness(HelperKind helper, Family family, const PacketTuple& original) : kind(helper) {
    flow.index = 7;
    flow.family = family;
    flow.original = original;
    flow.reply = reversed(original);
  }

  // Runs the helper on a packet of `direction` with `payload` after a 20-byte TCP (8-byte UDP) header.
  HelperVerdict send(Direction direction, std::uint32_t seq, std::string_view payload,
                     CtState state = CtState::established) {
    const std::uint32_t header = flow.original.protocol == 6 ? 20 : 8;
    bytes.assign(header, 0);
    bytes.insert(bytes.end(), payload.begin(), payload.end());
    ParsedPacket packet;
    packet.status = ParseStatus::ok;
    packet.family = flow.family;
    packet.tuple = direction == Direction::original ? flow.original : flow.reply;
    packet.l4 = bytes.data();
    packet.l4_length = static_cast<std::uint32_t>(bytes.size());
    packet.payload_offset = header;
    packet.tcp_seq = seq;
    HelperContext context{flow, packet, direction, state, now, expectations, counters, next_expectation_id};
    return helpers.inspect(kind, context);
  }

  std::vector<Expectation> all() const {
    std::vector<Expectation> out;
    expectations.for_each([&](const Expectation& e) { out.push_back(e); });
    return out;
  }
  std::optional<Expectation> only() const {
    const auto list = all();
    if (list.size() != 1) return std::nullopt;
    return list.front();
  }
};

}  // namespace ctsh::engine::test
