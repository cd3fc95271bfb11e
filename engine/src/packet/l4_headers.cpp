// Transport header checks and tuple ports (see l4_headers.hpp). Checksums cover the whole transport
// part of the IP packet (UDP-Lite: its coverage); a packet whose covered bytes were not all captured
// (snaplen) cannot be checked, and its checksum is skipped.
#include "packet/l4_headers.hpp"

#include <algorithm>

#include "packet/byte_order.hpp"
#include "packet/checksum.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint8_t proto_icmp = 1;
constexpr std::uint8_t proto_tcp = 6;
constexpr std::uint8_t proto_udp = 17;
constexpr std::uint8_t proto_gre = 47;
constexpr std::uint8_t proto_icmpv6 = 58;
constexpr std::uint8_t proto_sctp = 132;
constexpr std::uint8_t proto_udplite = 136;
constexpr std::uint16_t gre_protocol_ppp = 0x880b;

bool has(const TransportView& view, std::uint32_t length) { return view.captured >= length; }

bool sum_verifies(const ParsedPacket& out, const TransportView& view, std::uint8_t pseudo_protocol,
                  std::uint32_t covered) {
  std::uint64_t sum = add_to_checksum(0, view.l4, covered);
  if (pseudo_protocol != 0) {
    sum += pseudo_header_sum(out.family, out.tuple.src, out.tuple.dst, view.wire_length, pseudo_protocol);
  }
  return checksum_verifies(sum);
}

// Whether a checksum over the whole transport part can and should be checked.
bool checkable(bool verify, const TransportView& view) { return verify && view.captured == view.wire_length; }

ParseStatus parse_tcp(const TransportView& view, bool verify, ParsedPacket& out) {
  if (!has(view, 20)) return ParseStatus::invalid;
  const std::uint32_t header_length = static_cast<std::uint32_t>(view.l4[12] >> 4) * 4;
  if (header_length < 20 || view.wire_length < header_length || !has(view, header_length)) {
    return ParseStatus::invalid;
  }
  if (checkable(verify, view) && !sum_verifies(out, view, proto_tcp, view.wire_length)) return ParseStatus::invalid;
  out.tcp_seq = load_be32(view.l4 + 4);
  out.tcp_ack = load_be32(view.l4 + 8);
  out.tcp_flags = view.l4[13];
  out.tcp_window = load_be16(view.l4 + 14);
  out.tcp_header_length = static_cast<std::uint8_t>(header_length);
  out.payload_offset = header_length;
  return ParseStatus::ok;
}

ParseStatus parse_udp(const TransportView& view, bool verify, ParsedPacket& out) {
  if (!has(view, 8)) return ParseStatus::invalid;
  const std::uint16_t length = load_be16(view.l4 + 4);
  if (length < 8 || length > view.wire_length) return ParseStatus::invalid;
  // A zero checksum means "none" (accepted by conntrack over IPv6 as well).
  const bool has_checksum = load_be16(view.l4 + 6) != 0;
  if (has_checksum && checkable(verify, view) && !sum_verifies(out, view, proto_udp, view.wire_length)) {
    return ParseStatus::invalid;
  }
  out.payload_offset = 8;
  return ParseStatus::ok;
}

ParseStatus parse_udplite(const TransportView& view, bool verify, ParsedPacket& out) {
  if (!has(view, 8)) return ParseStatus::invalid;
  std::uint32_t coverage = load_be16(view.l4 + 4);
  if (coverage == 0) {
    coverage = view.wire_length;
  } else if (coverage < 8 || coverage > view.wire_length) {
    return ParseStatus::invalid;
  }
  if (load_be16(view.l4 + 6) == 0) return ParseStatus::invalid;  // UDP-Lite mandates a checksum
  // The kernel (udplite_error() -> nf_checksum_partial(..., IPPROTO_UDP, ...)) puts protocol 17,
  // not 136, in the pseudo-header; we check exactly what it checks.
  if (verify && has(view, coverage) && !sum_verifies(out, view, proto_udp, coverage)) return ParseStatus::invalid;
  out.payload_offset = 8;
  return ParseStatus::ok;
}

ParseStatus parse_sctp(const TransportView& view, bool verify, ParsedPacket& out) {
  if (!has(view, 12)) return ParseStatus::invalid;
  if (checkable(verify, view) && !sctp_checksum_verifies(view.l4, view.captured)) return ParseStatus::invalid;
  out.payload_offset = 12;
  return ParseStatus::ok;
}

// GRE header length from its flags (RFC 2784/2890; PPTP's version 1 of RFC 2637 adds the ack).
std::uint32_t gre_header_length(const std::uint8_t* gre) {
  const std::uint8_t flags = gre[0];
  const bool version1 = (gre[1] & 0x07) == 1;
  std::uint32_t length = 4;
  if (!version1 && (flags & 0xc0)) length += 4;  // checksum (or routing) present: checksum + offset
  if (flags & 0x20) length += 4;                  // key (version 1: payload length + call id)
  if (flags & 0x10) length += 4;                  // sequence number
  if (version1 && (gre[1] & 0x80)) length += 4;   // acknowledgment number
  return length;
}

ParseStatus parse_icmp(std::uint8_t protocol, const TransportView& view, bool verify, ParsedPacket& out) {
  if (!has(view, 8)) return ParseStatus::invalid;
  // Only ICMP over IPv4 and ICMPv6 over IPv6 go through the kernel's icmp error checks.
  const bool native = (protocol == proto_icmp) == (out.family == Family::ipv4);
  const std::uint8_t pseudo_protocol = protocol == proto_icmpv6 ? proto_icmpv6 : 0;
  if (native && checkable(verify, view) && !sum_verifies(out, view, pseudo_protocol, view.wire_length)) {
    return ParseStatus::invalid;
  }
  out.icmp_type = view.l4[0];
  out.icmp_code = view.l4[1];
  out.payload_offset = 8;
  const bool ipv4_error = native && protocol == proto_icmp &&
                          (out.icmp_type == 3 || out.icmp_type == 4 || out.icmp_type == 5 ||
                           out.icmp_type == 11 || out.icmp_type == 12);
  const bool ipv6_error = native && protocol == proto_icmpv6 && out.icmp_type < 128;
  if (ipv4_error || ipv6_error) {
    const TransportView quote{view.l4 + 8, view.wire_length - 8, view.captured - 8};
    out.inner = PacketTuple{};
    out.inner_valid = read_quoted_tuple(out.family, quote, out.inner);
  }
  return ParseStatus::ok;
}

}  // namespace

bool read_tuple_ports(std::uint8_t protocol, const TransportView& view, PacketTuple& tuple) {
  // Bytes the wire packet holds but the capture lacks cannot be read: unreadable either way.
  const auto readable = [&](std::uint32_t length) { return view.wire_length >= length && has(view, length); };
  switch (protocol) {
    case proto_tcp:
    case proto_udp:
    case proto_udplite:
    case proto_sctp:
      if (!readable(4)) return false;
      tuple.sport = load_be16(view.l4);
      tuple.dport = load_be16(view.l4 + 2);
      return true;
    case proto_icmp:
    case proto_icmpv6:
      if (!readable(8)) return false;
      tuple.sport = load_be16(view.l4 + 4);
      tuple.dport = static_cast<std::uint16_t>((view.l4[0] << 8) | view.l4[1]);
      return true;
    case proto_gre:
      // Like the kernel's gre_pkt_to_tuple() without the PPTP helper's keymap: only a version 1
      // (PPTP) header long enough for its call id gives a key, and it must carry PPP.
      if (view.wire_length < 4) return true;
      if (!has(view, 4)) return false;
      if ((view.l4[1] & 0x07) != 1 || view.wire_length < 8) return true;
      if (!has(view, 8)) return false;
      if (load_be16(view.l4 + 2) != gre_protocol_ppp) return false;
      tuple.dport = load_be16(view.l4 + 6);
      return true;
    default:
      return true;
  }
}

ParseStatus parse_transport(std::uint8_t protocol, const TransportView& view, bool verify_checksums,
                            ParsedPacket& out) {
  out.tuple.protocol = protocol;
  out.l4 = view.l4;
  out.l4_length = view.captured;
  out.l4_wire_length = view.wire_length;
  if (!read_tuple_ports(protocol, view, out.tuple)) return ParseStatus::invalid;
  switch (protocol) {
    case proto_tcp:
      return parse_tcp(view, verify_checksums, out);
    case proto_udp:
      return parse_udp(view, verify_checksums, out);
    case proto_udplite:
      return parse_udplite(view, verify_checksums, out);
    case proto_sctp:
      return parse_sctp(view, verify_checksums, out);
    case proto_icmp:
    case proto_icmpv6:
      return parse_icmp(protocol, view, verify_checksums, out);
    case proto_gre:
      if (has(view, 4)) out.payload_offset = std::min(gre_header_length(view.l4), view.captured);
      return ParseStatus::ok;
    default:
      return ParseStatus::ok;
  }
}

}  // namespace ctsh::engine
