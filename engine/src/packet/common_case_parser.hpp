// The parser's fast path for the overwhelmingly common frame: untagged Ethernet, IPv4 without options
// or IPv6 without extension headers, unfragmented, a well-formed TCP or UDP header, checksums not
// verified. It writes every field the full parser would leave after its reset (so that the packet
// needs no reset first), with exactly the values the full parser gives; anything else is left to the
// full parser.
#pragma once

#include <algorithm>
#include <cstdint>

#include "ctsh/engine/frame.hpp"
#include "packet/byte_order.hpp"
#include "packet/parsed_packet.hpp"

namespace ctsh::engine::common_case {

inline constexpr std::uint32_t ethernet_header_length = 14;
inline constexpr std::uint32_t ipv4_header_length = 20;  // no options
inline constexpr std::uint32_t ipv6_header_length = 40;
inline constexpr std::uint8_t proto_tcp = 6;
inline constexpr std::uint8_t proto_udp = 17;

// Where the IP header's transport part lies, and what it is.
struct Located {
  Family family = Family::ipv4;
  std::uint8_t protocol = 0;
  const std::uint8_t* ip = nullptr;
  const std::uint8_t* l4 = nullptr;
  std::uint32_t ip_length = 0;   // the length the IP header gives
  std::uint32_t wire_length = 0;  // transport bytes the IP header announces
  std::uint32_t captured = 0;     // transport bytes captured
};

// An IPv4 header of 20 bytes, not a fragment, carrying TCP or UDP.
inline bool locate_ipv4(const std::uint8_t* ip, std::uint32_t available, Located& at) {
  if (available < ipv4_header_length || ip[0] != 0x45) return false;
  const std::uint32_t total_length = load_be16(ip + 2);
  if (total_length < ipv4_header_length || (load_be16(ip + 6) & 0x3fffu) != 0) return false;
  at = Located{Family::ipv4, ip[9], ip, ip + ipv4_header_length, total_length, total_length - ipv4_header_length,
               std::min(available, total_length) - ipv4_header_length};
  return true;
}

// An IPv6 header directly followed by TCP or UDP (no extension header).
inline bool locate_ipv6(const std::uint8_t* ip, std::uint32_t available, Located& at) {
  if (available < ipv6_header_length || (ip[0] >> 4) != 6) return false;
  const std::uint32_t total_length = ipv6_header_length + std::uint32_t{load_be16(ip + 4)};
  at = Located{Family::ipv6, ip[6], ip, ip + ipv6_header_length, total_length, total_length - ipv6_header_length,
               std::min(available, total_length) - ipv6_header_length};
  return true;
}

// Whether the transport header is one the full parser would accept (its checks, verification off).
inline bool transport_accepted(const Located& at) {
  if (at.protocol == proto_tcp) {
    if (at.captured < 20) return false;
    const std::uint32_t header_length = static_cast<std::uint32_t>(at.l4[12] >> 4) * 4;
    return header_length >= 20 && at.wire_length >= header_length && at.captured >= header_length;
  }
  if (at.protocol == proto_udp) {
    if (at.captured < 8) return false;
    const std::uint32_t length = load_be16(at.l4 + 4);
    return length >= 8 && length <= at.wire_length;
  }
  return false;
}

// Fills `out` (every field but `inner`, which is read only when inner_valid) and returns true when the
// frame is the common case; returns false, with `out` untouched, otherwise.
inline bool parse(const Frame& frame, ParsedPacket& out) {
  if (frame.link != LinkType::ethernet || frame.data == nullptr || frame.length < ethernet_header_length) {
    return false;
  }
  const std::uint16_t ethertype = load_be16(frame.data + 12);
  const std::uint8_t* const ip = frame.data + ethernet_header_length;
  const std::uint32_t available = frame.length - ethernet_header_length;
  Located at;
  const bool located = ethertype == 0x0800   ? locate_ipv4(ip, available, at)
                       : ethertype == 0x86dd ? locate_ipv6(ip, available, at)
                                             : false;
  if (!located || !transport_accepted(at)) return false;

  out.status = ParseStatus::ok;
  out.family = at.family;
  out.tuple.src.family = at.family;
  out.tuple.dst.family = at.family;
  // Constant-length copies: a length chosen at run time would cost a memmove call.
  if (at.family == Family::ipv4) {
    out.tuple.src.bytes = {};
    out.tuple.dst.bytes = {};
    std::copy_n(ip + 12, 4, out.tuple.src.bytes.begin());
    std::copy_n(ip + 16, 4, out.tuple.dst.bytes.begin());
  } else {
    std::copy_n(ip + 8, 16, out.tuple.src.bytes.begin());
    std::copy_n(ip + 24, 16, out.tuple.dst.bytes.begin());
  }
  out.tuple.protocol = at.protocol;
  out.tuple.sport = load_be16(at.l4);
  out.tuple.dport = load_be16(at.l4 + 2);
  out.ip_length = at.ip_length;
  out.interface = frame.interface;
  out.l4 = at.l4;
  out.l4_length = at.captured;
  out.l4_wire_length = at.wire_length;
  if (at.protocol == proto_tcp) {
    const std::uint32_t header_length = static_cast<std::uint32_t>(at.l4[12] >> 4) * 4;
    out.tcp_seq = load_be32(at.l4 + 4);
    out.tcp_ack = load_be32(at.l4 + 8);
    out.tcp_flags = at.l4[13];
    out.tcp_window = load_be16(at.l4 + 14);
    out.tcp_header_length = static_cast<std::uint8_t>(header_length);
    out.payload_offset = header_length;
  } else {
    out.tcp_seq = 0;
    out.tcp_ack = 0;
    out.tcp_flags = 0;
    out.tcp_window = 0;
    out.tcp_header_length = 0;
    out.payload_offset = 8;
  }
  out.icmp_type = 0;
  out.icmp_code = 0;
  out.inner_valid = false;
  return true;
}

}  // namespace ctsh::engine::common_case
