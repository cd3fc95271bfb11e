// Test helpers that build frames byte by byte: Ethernet/IPv4/IPv6 headers and transport headers
// with correct checksums (computed here, independently of the parser's checksum code).
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "ctsh/engine/frame.hpp"

namespace packet_builder {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

inline std::uint32_t word_sum(const Bytes& b, std::size_t from, std::size_t to) {
  std::uint32_t sum = 0;
  for (std::size_t i = from; i < to; i += 2) sum += (std::uint32_t{b[i]} << 8) | (i + 1 < to ? b[i + 1] : 0u);
  return sum;
}

inline std::uint16_t finish(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// 20-byte IPv4 header 10.0.0.1 -> 10.0.0.2 with a correct checksum.
inline Bytes ipv4(std::uint8_t protocol, std::size_t payload_length, std::uint16_t id = 1, std::uint16_t fragment = 0,
                  std::uint8_t last_src = 1) {
  Bytes h{0x45, 0, 0, 0, 0, 0, 0, 0, 64, protocol, 0, 0, 10, 0, 0, last_src, 10, 0, 0, 2};
  put16(h, 2, static_cast<std::uint32_t>(20 + payload_length));
  put16(h, 4, id);
  put16(h, 6, fragment);
  put16(h, 10, finish(word_sum(h, 0, 20)));
  return h;
}

// 40-byte IPv6 header 2001:db8::1 -> 2001:db8::2.
inline Bytes ipv6(std::uint8_t next_header, std::size_t payload_length) {
  Bytes h(40, 0);
  h[0] = 0x60;
  put16(h, 4, static_cast<std::uint32_t>(payload_length));
  h[6] = next_header;
  h[7] = 64;
  for (std::size_t base : {8u, 24u}) {
    h[base] = 0x20;
    h[base + 1] = 0x01;
    h[base + 2] = 0x0d;
    h[base + 3] = 0xb8;
  }
  h[23] = 1;
  h[39] = 2;
  return h;
}

inline Bytes tcp(std::uint16_t sport, std::uint16_t dport, std::uint8_t flags, std::size_t payload = 0) {
  Bytes t(20 + payload, 0);
  put16(t, 0, sport);
  put16(t, 2, dport);
  t[4] = 0x11; t[5] = 0x22; t[6] = 0x33; t[7] = 0x44;   // seq
  t[8] = 0x55; t[9] = 0x66; t[10] = 0x77; t[11] = 0x88;  // ack
  t[12] = 5 << 4;
  t[13] = flags;
  put16(t, 14, 29200);
  for (std::size_t i = 20; i < t.size(); ++i) t[i] = static_cast<std::uint8_t>('a' + i % 26);
  return t;
}

inline Bytes udp(std::uint16_t sport, std::uint16_t dport, std::size_t payload = 0) {
  Bytes u(8 + payload, 0);
  put16(u, 0, sport);
  put16(u, 2, dport);
  put16(u, 4, static_cast<std::uint32_t>(8 + payload));
  for (std::size_t i = 8; i < u.size(); ++i) u[i] = static_cast<std::uint8_t>(i);
  return u;
}

// Fills the transport checksum at `field` of the packet `ip` (header length `l3`), with the
// pseudo-header when `pseudo_protocol` is non-zero; IPv4 or IPv6 by the version nibble.
inline void fill_checksum(Bytes& ip, std::size_t l3, std::size_t field, std::uint8_t pseudo_protocol) {
  put16(ip, l3 + field, 0);
  std::uint32_t sum = word_sum(ip, l3, ip.size());
  if (pseudo_protocol != 0) {
    const bool v4 = (ip[0] >> 4) == 4;
    sum += v4 ? word_sum(ip, 12, 20) : word_sum(ip, 8, 40);
    const std::size_t length = ip.size() - l3;
    sum += static_cast<std::uint32_t>((length >> 16) + (length & 0xffff) + pseudo_protocol);
  }
  put16(ip, l3 + field, finish(sum));
}

inline Bytes ethernet(std::uint16_t ethertype, const Bytes& payload) {
  Bytes e(14 + payload.size(), 0);
  e[0] = 2;
  e[5] = 2;
  e[6] = 2;
  e[11] = 1;
  put16(e, 12, ethertype);
  std::copy(payload.begin(), payload.end(), e.begin() + 14);
  return e;
}

inline ctsh::engine::Frame frame(const Bytes& bytes, ctsh::engine::LinkType link = ctsh::engine::LinkType::ethernet,
                                 std::uint64_t time_ns = 0, std::uint16_t interface = 1) {
  return ctsh::engine::Frame{bytes.data(), static_cast<std::uint32_t>(bytes.size()), time_ns, link, interface};
}

}  // namespace packet_builder
