// Builders shared by the rule tests: ParsedPackets made directly (no parser) and rule conditions.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "ctsh/engine/conntrack_config.hpp"
#include "packet/parsed_packet.hpp"

namespace ctsh::engine::rule_test {

inline IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  IpAddress address;
  address.bytes = {a, b, c, d};
  return address;
}

// An IPv6 address from its eight 16-bit groups.
inline IpAddress v6(std::initializer_list<std::uint16_t> groups) {
  IpAddress address;
  address.family = Family::ipv6;
  std::size_t i = 0;
  for (const std::uint16_t group : groups) {
    address.bytes[i++] = static_cast<std::uint8_t>(group >> 8);
    address.bytes[i++] = static_cast<std::uint8_t>(group & 0xff);
  }
  return address;
}

struct PacketSpec {
  std::uint8_t protocol = 6;
  IpAddress src = v4(10, 0, 0, 1);
  IpAddress dst = v4(192, 168, 1, 1);
  std::uint16_t sport = 40000;
  std::uint16_t dport = 80;
  std::uint8_t tcp_flags = tcp_syn;
  std::uint16_t interface = 1;
};

inline ParsedPacket packet(const PacketSpec& spec) {
  ParsedPacket p;
  p.status = ParseStatus::ok;
  p.family = spec.src.family;
  p.tuple.src = spec.src;
  p.tuple.dst = spec.dst;
  p.tuple.sport = spec.sport;
  p.tuple.dport = spec.dport;
  p.tuple.protocol = spec.protocol;
  p.tcp_flags = spec.protocol == 6 ? spec.tcp_flags : 0;
  p.interface = spec.interface;
  return p;
}

inline ProtocolMatch protocol(std::uint8_t number, bool negated = false) { return {negated, false, number}; }
inline ProtocolMatch tcp_or_udp(bool negated = false) { return {negated, true, 0}; }

inline AddressMatch range(IpAddress first, IpAddress last, bool negated = false) {
  return {negated, first, last};
}

inline PortMatch ports(std::initializer_list<PortRange> ranges, bool negated = false) { return {negated, ranges}; }

inline PacketMatch to_port(std::uint16_t port) {
  PacketMatch match;
  match.destination_port = ports({{port, port}});
  return match;
}

inline RawRule rule(std::uint32_t number, RawAction action, PacketMatch match = {}, std::string target = {}) {
  RawRule r;
  r.number = number;
  r.action = action;
  r.jump_target = std::move(target);
  r.match = std::move(match);
  return r;
}

}  // namespace ctsh::engine::rule_test
