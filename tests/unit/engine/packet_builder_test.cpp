// PacketBuilder: the frames it synthesises are well formed (lengths, ethertypes, checksums).
#include <doctest/doctest.h>

#include "ctsh/engine/flow.hpp"
#include "ctsh/engine/packet_builder.hpp"

using namespace ctsh::engine;

namespace {

std::uint16_t be16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

// Folded one's-complement sum; 0xffff when a checksummed region is intact.
std::uint16_t folded_sum(const std::uint8_t* data, std::size_t size, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < size; i += 2) sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
  if (size % 2) sum += static_cast<std::uint32_t>(data[size - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

PacketSpec syn_spec() {
  PacketSpec spec;
  spec.src = *parse_ip("10.0.0.1");
  spec.dst = *parse_ip("10.0.0.2");
  spec.protocol = 6;
  spec.sport = 40000;
  spec.dport = 80;
  spec.seq = 1000;
  spec.tcp_flags = tcp_syn;
  return spec;
}

}  // namespace

TEST_CASE("parse_ip reads IPv4 and IPv6 text and refuses anything else") {
  CHECK(parse_ip("192.0.2.7")->family == Family::ipv4);
  CHECK(parse_ip("192.0.2.7")->bytes[3] == 7);
  CHECK(parse_ip("2001:db8::1")->family == Family::ipv6);
  CHECK(parse_ip("2001:db8::1")->bytes[15] == 1);
  CHECK_FALSE(parse_ip("300.1.1.1"));
  CHECK_FALSE(parse_ip("host"));
}

TEST_CASE("an IPv4 TCP frame has an Ethernet header, a valid IP header checksum and a valid TCP checksum") {
  const std::vector<std::uint8_t> frame = build_frame(syn_spec());
  REQUIRE(frame.size() == 14 + 20 + 20);
  CHECK(be16(frame, 12) == 0x0800);
  CHECK(be16(frame, 16) == 40);  // IP total length
  CHECK(folded_sum(frame.data() + 14, 20) == 0xffff);
  std::uint32_t pseudo = folded_sum(frame.data() + 26, 8);
  pseudo += 6 + 20;
  CHECK(folded_sum(frame.data() + 34, 20, pseudo) == 0xffff);
  CHECK(frame[34 + 13] == tcp_syn);
}

TEST_CASE("TCP options are padded to a multiple of four bytes and counted in the data offset") {
  PacketSpec spec = syn_spec();
  const std::uint8_t wscale[] = {3, 3, 7};
  spec.tcp_options = wscale;
  const std::vector<std::uint8_t> frame = build_frame(spec);
  REQUIRE(frame.size() == 14 + 20 + 24);
  CHECK((frame[34 + 12] >> 4) == 6);
  CHECK(frame[34 + 23] == 1);  // NOP padding
}

TEST_CASE("a VLAN tag goes between the MAC addresses and the IPv6 ethertype") {
  PacketSpec spec;
  spec.src = *parse_ip("2001:db8::1");
  spec.dst = *parse_ip("2001:db8::2");
  spec.protocol = 17;
  spec.sport = 5353;
  spec.dport = 53;
  const std::uint8_t query[] = {1, 2, 3};
  spec.payload = query;
  spec.vlan = 42;
  const std::vector<std::uint8_t> frame = build_frame(spec);
  REQUIRE(frame.size() == 18 + 40 + 8 + 3);
  CHECK(be16(frame, 12) == 0x8100);
  CHECK(be16(frame, 14) == 42);
  CHECK(be16(frame, 16) == 0x86dd);
  CHECK(be16(frame, 18 + 4) == 11);  // payload length
  CHECK(be16(frame, 18 + 40 + 4) == 11);  // UDP length
}

TEST_CASE("an ICMP error quotes the offending packet after its 8-byte header") {
  const std::vector<std::uint8_t> quoted = build_ip_packet(syn_spec());
  PacketSpec spec;
  spec.src = *parse_ip("10.0.0.2");
  spec.dst = *parse_ip("10.0.0.1");
  spec.protocol = 1;
  spec.icmp_type = 3;
  spec.icmp_code = 3;
  spec.icmp_quote = std::span(quoted.data(), 28);
  const std::vector<std::uint8_t> packet = build_ip_packet(spec);
  REQUIRE(packet.size() == 20 + 8 + 28);
  CHECK(packet[20] == 3);
  CHECK(folded_sum(packet.data() + 20, 36) == 0xffff);
  CHECK(packet[28] == 0x45);
}
