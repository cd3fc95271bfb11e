// PacketBuilder: synthesises well-formed frames (Ethernet, optionally 802.1Q-tagged, carrying IPv4 or
// IPv6 with TCP, UDP, UDP-Lite, ICMP, ICMPv6, SCTP, GRE or any other protocol), checksums included, for
// tests, benchmarks and the synthetic workloads.
//
//   PacketSpec spec;
//   spec.src = parse_ip("10.0.0.1").value();  spec.dst = parse_ip("10.0.0.2").value();
//   spec.protocol = 6;  spec.sport = 40000;  spec.dport = 80;  spec.tcp_flags = tcp_syn;
//   std::vector<std::uint8_t> bytes = build_frame(spec);
//   Frame frame{bytes.data(), static_cast<std::uint32_t>(bytes.size()), time_ns};
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

struct PacketSpec {
  IpAddress src;  // the family of src decides IPv4 or IPv6
  IpAddress dst;
  std::uint8_t protocol = 17;
  std::uint16_t sport = 0;  // TCP, UDP, UDP-Lite, SCTP
  std::uint16_t dport = 0;
  // TCP
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t tcp_flags = 0;  // TcpFlag bits
  std::uint16_t window = 65535;
  std::span<const std::uint8_t> tcp_options;  // raw option bytes, padded to 4 bytes with NOPs
  // ICMP / ICMPv6
  std::uint8_t icmp_type = 8;
  std::uint8_t icmp_code = 0;
  std::uint16_t icmp_id = 0;
  std::uint16_t icmp_sequence = 0;
  // ICMP errors: the packet they quote (its IP header and the first bytes of its L4 header)
  std::span<const std::uint8_t> icmp_quote;
  // SCTP: the verification tag and the chunks, as raw bytes after the 12-byte common header
  std::uint32_t sctp_vtag = 0;
  std::span<const std::uint8_t> sctp_chunks;
  std::span<const std::uint8_t> payload;  // application payload (or the whole L4 for other protocols)
  std::uint8_t ttl = 64;
  std::uint16_t ip_id = 0;
  std::optional<std::uint16_t> vlan;  // an 802.1Q tag with this VLAN id
};

// Ethernet frame (with zero MACs, or an 802.1Q tag) holding the packet.
std::vector<std::uint8_t> build_frame(const PacketSpec& spec);
// The bare IP packet (for raw-IP captures and for ICMP quotes).
std::vector<std::uint8_t> build_ip_packet(const PacketSpec& spec);

// "10.0.0.1" or "2001:db8::1"; nullopt when it is neither.
std::optional<IpAddress> parse_ip(std::string_view text);

}  // namespace ctsh::engine
