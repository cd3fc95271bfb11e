// ParsedPacket: what the packet parser extracts from one frame for tracking, raw rules and helpers.
//
// Pointers refer into the frame's bytes (or into the parser's reassembly buffer, valid until the
// parser's next call). All lengths are checked by the parser: a tracker may read l4[0..l4_length).
#pragma once

#include <cstdint>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

enum class ParseStatus : std::uint8_t {
  ok,              // an IP packet with a readable L4 header (or an unknown protocol)
  not_ip,          // no IPv4/IPv6 packet in the frame (ARP, LLDP, ...): conntrack never sees it
  fragment_held,   // a fragment kept for reassembly; the reassembled packet comes with the last one
  invalid,         // truncated or malformed L3, or an L4 header too short/damaged: ct state INVALID
};

// The tuple of a packet as the kernel builds it (nf_ct_get_tuple()): for TCP/UDP/UDP-Lite/SCTP the
// ports, for GRE the keys (version 1) or 0, for ICMP/ICMPv6 sport = echo id and
// dport = type << 8 | code, for other protocols 0/0.
struct PacketTuple {
  IpAddress src;
  IpAddress dst;
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint8_t protocol = 0;
  bool operator==(const PacketTuple&) const = default;
};

struct ParsedPacket {
  ParseStatus status = ParseStatus::invalid;
  Family family = Family::ipv4;
  PacketTuple tuple;
  std::uint32_t ip_length = 0;  // bytes of the IP packet (for flow accounting)
  std::uint16_t interface = 0;  // Frame::interface

  // L4 header + payload as captured (bounded by the IP length).
  const std::uint8_t* l4 = nullptr;
  std::uint32_t l4_length = 0;
  std::uint32_t l4_wire_length = 0;  // L4 bytes the IP header announces (>= l4_length under a snaplen)
  std::uint32_t payload_offset = 0;  // start of the application payload within l4

  // TCP (valid when tuple.protocol == 6 and status == ok)
  std::uint32_t tcp_seq = 0;
  std::uint32_t tcp_ack = 0;
  std::uint16_t tcp_window = 0;  // raw, unscaled
  std::uint8_t tcp_flags = 0;    // TcpFlag bits
  std::uint8_t tcp_header_length = 0;

  // ICMP / ICMPv6
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  // For ICMP errors: the tuple of the packet quoted inside (as it was sent); inner_valid is false
  // when the quoted header could not be read.
  bool inner_valid = false;
  PacketTuple inner;
};

}  // namespace ctsh::engine
