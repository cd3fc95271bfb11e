// PacketParser on frames built byte by byte: link layers, IPv4/IPv6 headers, transport header checks,
// checksums and the quoted packets of ICMP errors.
#include <doctest/doctest.h>

#include <cstring>

#include "packet/checksum.hpp"
#include "packet/packet_parser.hpp"
#include "packet_builder.hpp"

using namespace ctsh::engine;
using namespace packet_builder;

namespace {

Bytes ipv4_tcp(std::uint8_t flags = tcp_syn, std::size_t payload = 0) {
  Bytes ip = concat({ipv4(6, 20 + payload), tcp(40000, 80, flags, payload)});
  fill_checksum(ip, 20, 16, 6);
  return ip;
}

Bytes ipv4_udp(std::size_t payload = 4) {
  Bytes ip = concat({ipv4(17, 8 + payload), udp(5353, 53, payload)});
  fill_checksum(ip, 20, 6, 17);
  return ip;
}

ParsedPacket parse(const Bytes& bytes, LinkType link = LinkType::ethernet, bool verify = false) {
  PacketParser parser(verify);
  ParsedPacket p;
  const Frame f = frame(bytes, link);
  parser.parse(f, p);
  return p;
}

}  // namespace

TEST_CASE("an Ethernet IPv4 TCP segment gives its tuple, sequence numbers, flags and window") {
  const ParsedPacket p = parse(ethernet(0x0800, ipv4_tcp(tcp_syn | tcp_ack, 5)));
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.family == Family::ipv4);
  CHECK(p.tuple.protocol == 6);
  CHECK(p.tuple.src.bytes[3] == 1);
  CHECK(p.tuple.dst.bytes[3] == 2);
  CHECK(p.tuple.sport == 40000);
  CHECK(p.tuple.dport == 80);
  CHECK(p.tcp_seq == 0x11223344u);
  CHECK(p.tcp_ack == 0x55667788u);
  CHECK(p.tcp_flags == (tcp_syn | tcp_ack));
  CHECK(p.tcp_window == 29200);
  CHECK(p.tcp_header_length == 20);
  CHECK(p.payload_offset == 20);
  CHECK(p.ip_length == 45);
  CHECK(p.l4_length == 25);
  CHECK(p.interface == 1);
}

TEST_CASE("Ethernet padding past the IP total length is not part of the packet") {
  Bytes f = ethernet(0x0800, ipv4_udp(0));
  f.resize(60, 0xee);
  const ParsedPacket p = parse(f, LinkType::ethernet, true);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.ip_length == 28);
  CHECK(p.l4_length == 8);
}

TEST_CASE("stacked 802.1ad and 802.1Q tags are skipped to reach the IP header") {
  Bytes ip6 = concat({ipv6(17, 12), udp(1000, 2000, 4)});
  const Bytes tags{0x00, 0x64, 0x81, 0x00, 0x00, 0xc8, 0x86, 0xdd};
  Bytes f = ethernet(0x88a8, concat({tags, ip6}));
  const ParsedPacket p = parse(f);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.family == Family::ipv6);
  CHECK(p.tuple.sport == 1000);
  CHECK(p.ip_length == 52);
}

TEST_CASE("frames that carry no IP are not_ip, IP frames cut inside the IP header are invalid") {
  CHECK(parse(ethernet(0x0806, Bytes(28, 0))).status == ParseStatus::not_ip);  // ARP
  CHECK(parse(ethernet(0x88cc, Bytes(30, 0))).status == ParseStatus::not_ip);  // LLDP
  CHECK(parse(Bytes(10, 0)).status == ParseStatus::not_ip);                   // shorter than Ethernet
  CHECK(parse(ethernet(0x8100, Bytes{0, 1})).status == ParseStatus::not_ip);   // VLAN tag cut short
  CHECK(parse(ethernet(0x0800, Bytes(10, 0x45))).status == ParseStatus::invalid);
  CHECK(parse(ethernet(0x86dd, Bytes(39, 0x60))).status == ParseStatus::invalid);
  CHECK(parse(Bytes{}, LinkType::raw_ip).status == ParseStatus::not_ip);
  CHECK(parse(Bytes{}, LinkType::ipv4).status == ParseStatus::invalid);
  CHECK(parse(ipv4_tcp(), static_cast<LinkType>(147)).status == ParseStatus::not_ip);
  Frame empty{nullptr, 0, 0, LinkType::ethernet, 0};
  PacketParser parser(false);
  ParsedPacket p;
  parser.parse(empty, p);
  CHECK(p.status == ParseStatus::not_ip);
}

TEST_CASE("Linux cooked v1 and v2, BSD loopback in either byte order and raw IP find the IP header") {
  Bytes sll(16, 0);
  sll[14] = 0x08;
  CHECK(parse(concat({sll, ipv4_tcp()}), LinkType::linux_sll).tuple.dport == 80);
  CHECK(parse(Bytes(sll.begin(), sll.begin() + 15), LinkType::linux_sll).status == ParseStatus::invalid);
  Bytes sll2(20, 0);
  sll2[0] = 0x08;
  CHECK(parse(concat({sll2, ipv4_tcp()}), LinkType::linux_sll2).status == ParseStatus::ok);
  sll2[0] = 0x08;
  sll2[1] = 0x06;  // ARP
  CHECK(parse(concat({sll2, Bytes(28, 0)}), LinkType::linux_sll2).status == ParseStatus::not_ip);
  CHECK(parse(concat({Bytes{2, 0, 0, 0}, ipv4_tcp()}), LinkType::null_loopback).status == ParseStatus::ok);
  const Bytes v6 = concat({ipv6(59, 0)});
  CHECK(parse(concat({Bytes{0, 0, 0, 30}, ipv4_tcp()}), LinkType::null_loopback).status == ParseStatus::invalid);
  CHECK(parse(concat({Bytes{24, 0, 0, 0}, concat({ipv6(17, 8), udp(1, 2)})}), LinkType::null_loopback).family ==
        Family::ipv6);
  CHECK(parse(concat({Bytes{7, 0, 0, 0}, ipv4_tcp()}), LinkType::null_loopback).status == ParseStatus::not_ip);
  CHECK(parse(ipv4_tcp(), LinkType::raw_ip).status == ParseStatus::ok);
  CHECK(parse(concat({ipv6(17, 8), udp(1, 2)}), LinkType::ipv6).tuple.dport == 2);
  CHECK(parse(Bytes{0x50, 0, 0, 0}, LinkType::raw_ip).status == ParseStatus::not_ip);
}

TEST_CASE("a malformed IPv4 header is invalid: version, IHL below 5, total length below the header") {
  Bytes ip = ipv4_tcp();
  ip[0] = 0x44;
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::invalid);
  ip[0] = 0x65;
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::invalid);
  ip = ipv4_tcp();
  put16(ip, 2, 19);
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::invalid);
  ip = ipv4_tcp();
  ip[0] = 0x4f;  // 60-byte header, 40 bytes captured
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::invalid);
}

TEST_CASE("IPv4 options are skipped to the transport header") {
  Bytes ip = concat({ipv4(17, 12), Bytes{1, 1, 1, 0}, udp(7, 9)});
  ip[0] = 0x46;
  put16(ip, 2, 32);
  const ParsedPacket p = parse(ip, LinkType::ipv4);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.tuple.sport == 7);
  CHECK(p.l4 == ip.data() + 24);
}

TEST_CASE("a packet cut by the snaplen is tracked by its captured headers and counted at its IP length") {
  const Bytes full = ipv4_tcp(tcp_ack, 1400);
  const Bytes cut(full.begin(), full.begin() + 54);
  const ParsedPacket p = parse(cut, LinkType::ipv4, true);  // checksum cannot be checked: skipped
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.ip_length == 1440);
  CHECK(p.l4_length == 34);
  const Bytes too_short(full.begin(), full.begin() + 30);
  CHECK(parse(too_short, LinkType::ipv4).status == ParseStatus::invalid);
}

TEST_CASE("TCP with a data offset below 5 or past the segment is invalid") {
  Bytes ip = ipv4_tcp();
  ip[32] = 4 << 4;
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::invalid);
  ip[32] = 6 << 4;
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::invalid);
  Bytes short_tcp = concat({ipv4(6, 12), Bytes(12, 0)});
  CHECK(parse(short_tcp, LinkType::ipv4).status == ParseStatus::invalid);
  Bytes with_options = concat({ipv4(6, 24), tcp(1, 2, tcp_syn), Bytes{2, 4, 5, 0xb4}});
  with_options[32] = 6 << 4;
  const ParsedPacket p = parse(with_options, LinkType::ipv4);
  CHECK(p.status == ParseStatus::ok);
  CHECK(p.tcp_header_length == 24);
  CHECK(p.payload_offset == 24);
}

TEST_CASE("UDP whose length field is below 8 or beyond the IP payload is invalid") {
  Bytes ip = ipv4_udp();
  put16(ip, 24, 7);
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::invalid);
  put16(ip, 24, 13);
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::invalid);
  put16(ip, 24, 12);
  CHECK(parse(ip, LinkType::ipv4).status == ParseStatus::ok);
  CHECK(parse(concat({ipv4(17, 7), Bytes(7, 0)}), LinkType::ipv4).status == ParseStatus::invalid);
}

TEST_CASE("UDP-Lite coverage 0 means the whole packet, 1 to 7 or past the packet is invalid") {
  Bytes ip = concat({ipv4(136, 16), udp(1, 2, 8)});
  put16(ip, 24, 0);
  fill_checksum(ip, 20, 6, 17);  // the kernel checks UDP-Lite with protocol 17 in the pseudo-header
  CHECK(parse(ip, LinkType::ipv4, true).status == ParseStatus::ok);
  CHECK(parse(ip, LinkType::ipv4, true).payload_offset == 8);
  for (const std::uint32_t coverage : {1u, 7u, 17u}) {
    Bytes bad = ip;
    put16(bad, 24, coverage);
    CHECK(parse(bad, LinkType::ipv4).status == ParseStatus::invalid);
  }
  Bytes no_checksum = ip;
  put16(no_checksum, 26, 0);
  CHECK(parse(no_checksum, LinkType::ipv4).status == ParseStatus::invalid);
}

TEST_CASE("with checksum verification a damaged IPv4 header, TCP, UDP or ICMP checksum is invalid") {
  CHECK(parse(ipv4_tcp(), LinkType::ipv4, true).status == ParseStatus::ok);
  Bytes bad_tcp = ipv4_tcp();
  bad_tcp[36] ^= 1;
  CHECK(parse(bad_tcp, LinkType::ipv4, true).status == ParseStatus::invalid);
  CHECK(parse(bad_tcp, LinkType::ipv4, false).status == ParseStatus::ok);
  Bytes bad_header = ipv4_tcp();
  bad_header[8] = 63;
  CHECK(parse(bad_header, LinkType::ipv4, true).status == ParseStatus::invalid);
  Bytes bad_udp = ipv4_udp();
  bad_udp[28] ^= 0xff;
  CHECK(parse(bad_udp, LinkType::ipv4, true).status == ParseStatus::invalid);
  put16(bad_udp, 26, 0);  // no checksum
  CHECK(parse(bad_udp, LinkType::ipv4, true).status == ParseStatus::ok);
  Bytes icmp = concat({ipv4(1, 8), Bytes{8, 0, 0, 0, 0x12, 0x34, 0, 1}});
  fill_checksum(icmp, 20, 2, 0);
  CHECK(parse(icmp, LinkType::ipv4, true).status == ParseStatus::ok);
  icmp[27] ^= 1;
  CHECK(parse(icmp, LinkType::ipv4, true).status == ParseStatus::invalid);
}

TEST_CASE("ICMPv6 and UDP over IPv6 are checked with the IPv6 pseudo-header") {
  Bytes echo = concat({ipv6(58, 8), Bytes{128, 0, 0, 0, 0, 7, 0, 1}});
  fill_checksum(echo, 40, 2, 58);
  const ParsedPacket p = parse(echo, LinkType::ipv6, true);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.icmp_type == 128);
  CHECK(p.tuple.sport == 7);
  CHECK(p.tuple.dport == (128 << 8));
  echo[46] ^= 1;
  CHECK(parse(echo, LinkType::ipv6, true).status == ParseStatus::invalid);
  Bytes u = concat({ipv6(17, 10), udp(1, 2, 2)});
  fill_checksum(u, 40, 6, 17);
  CHECK(parse(u, LinkType::ipv6, true).status == ParseStatus::ok);
  u[49] ^= 1;
  CHECK(parse(u, LinkType::ipv6, true).status == ParseStatus::invalid);
}

TEST_CASE("an ICMP echo request gives id as sport and type << 8 | code as dport") {
  const Bytes echo = concat({ipv4(1, 8), Bytes{8, 0, 0, 0, 0x12, 0x34, 0, 1}});
  const ParsedPacket p = parse(echo, LinkType::ipv4);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.icmp_type == 8);
  CHECK(p.tuple.sport == 0x1234);
  CHECK(p.tuple.dport == 0x0800);
  CHECK_FALSE(p.inner_valid);
  CHECK(parse(concat({ipv4(1, 7), Bytes(7, 0)}), LinkType::ipv4).status == ParseStatus::invalid);
}

TEST_CASE("an ICMP port unreachable quotes the UDP packet as it was sent") {
  const Bytes quoted = ipv4_udp(4);
  Bytes error = concat({ipv4(1, 8 + 28, 9, 0, 2), Bytes{3, 3, 0, 0, 0, 0, 0, 0}, Bytes(quoted.begin(), quoted.begin() + 28)});
  const ParsedPacket p = parse(error, LinkType::ipv4);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.icmp_type == 3);
  CHECK(p.icmp_code == 3);
  REQUIRE(p.inner_valid);
  CHECK(p.inner.protocol == 17);
  CHECK(p.inner.src.bytes[3] == 1);
  CHECK(p.inner.dst.bytes[3] == 2);
  CHECK(p.inner.sport == 5353);
  CHECK(p.inner.dport == 53);
  const Bytes cut(error.begin(), error.begin() + 28 + 20 + 2);  // quoted ports not captured
  CHECK_FALSE(parse(cut, LinkType::ipv4).inner_valid);
  Bytes quoted_error = error;
  quoted_error[28 + 9] = 1;  // the quote claims ICMP, its type 5353 >> 8 has no inverse
  CHECK_FALSE(parse(quoted_error, LinkType::ipv4).inner_valid);
}

TEST_CASE("an ICMPv6 error quotes an IPv6 TCP packet through its extension headers") {
  const Bytes quoted = concat({ipv6(60, 28), Bytes{6, 0, 1, 4, 0, 0, 0, 0}, tcp(3333, 443, tcp_syn)});
  Bytes error = concat({ipv6(58, 8 + 56), Bytes{1, 4, 0, 0, 0, 0, 0, 0}, Bytes(quoted.begin(), quoted.begin() + 56)});
  const ParsedPacket p = parse(error, LinkType::ipv6);
  REQUIRE(p.status == ParseStatus::ok);
  REQUIRE(p.inner_valid);
  CHECK(p.inner.protocol == 6);
  CHECK(p.inner.sport == 3333);
  CHECK(p.inner.dport == 443);
  CHECK(p.inner.dst.bytes[15] == 2);
}

TEST_CASE("IPv6 extension headers are skipped to the transport protocol; no-next-header is invalid") {
  const Bytes hop{60, 0, 1, 4, 0, 0, 0, 0};
  const Bytes dest{51, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  const Bytes ah{6, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0};  // (2 + 2) * 4 = 16 bytes
  const Bytes ip = concat({ipv6(0, 8 + 16 + 16 + 20), hop, dest, ah, tcp(5, 6, tcp_syn)});
  const ParsedPacket p = parse(ip, LinkType::ipv6);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.tuple.protocol == 6);
  CHECK(p.tuple.sport == 5);
  CHECK(p.l4 == ip.data() + 80);
  CHECK(p.ip_length == 100);
  CHECK(parse(concat({ipv6(59, 0)}), LinkType::ipv6).status == ParseStatus::invalid);
  const ParsedPacket esp = parse(concat({ipv6(50, 8), Bytes(8, 1)}), LinkType::ipv6);
  CHECK(esp.status == ParseStatus::ok);
  CHECK(esp.tuple.protocol == 50);
  CHECK(esp.tuple.sport == 0);
  const ParsedPacket mobility = parse(concat({ipv6(135, 8), Bytes(8, 1)}), LinkType::ipv6);
  CHECK(mobility.tuple.protocol == 135);  // conntrack does not skip it: a protocol of its own
  CHECK(parse(concat({ipv6(0, 8), Bytes{6, 1, 0, 0, 0, 0, 0, 0}}), LinkType::ipv6).status == ParseStatus::invalid);
}

TEST_CASE("GRE version 1 (PPTP) keys its tuple by call id, other GRE has keys 0") {
  const Bytes pptp{0x30, 0x81, 0x88, 0x0b, 0, 4, 0xab, 0xcd, 0, 0, 0, 1, 1, 2, 3, 4};
  const ParsedPacket p = parse(concat({ipv4(47, 16), pptp}), LinkType::ipv4);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.tuple.sport == 0);
  CHECK(p.tuple.dport == 0xabcd);
  CHECK(p.payload_offset == 16);  // key, sequence and acknowledgment present
  Bytes not_ppp = pptp;
  not_ppp[3] = 0x0c;
  CHECK(parse(concat({ipv4(47, 16), not_ppp}), LinkType::ipv4).status == ParseStatus::invalid);
  const ParsedPacket v0 = parse(concat({ipv4(47, 8), Bytes{0x20, 0, 0x08, 0, 0, 0, 0, 9}}), LinkType::ipv4);
  CHECK(v0.status == ParseStatus::ok);
  CHECK(v0.tuple.dport == 0);
  CHECK(v0.payload_offset == 8);
}

TEST_CASE("SCTP gives its ports and is checked by CRC32c") {
  Bytes sctp{0x13, 0x88, 0x0b, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 4};
  const std::uint32_t crc = crc32c(sctp.data(), sctp.size());
  for (int i = 0; i < 4; ++i) sctp[8 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (8 * i));
  const ParsedPacket p = parse(concat({ipv4(132, 16), sctp}), LinkType::ipv4, true);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.tuple.sport == 5000);
  CHECK(p.tuple.dport == 3000);
  sctp[15] = 5;
  CHECK(parse(concat({ipv4(132, 16), sctp}), LinkType::ipv4, true).status == ParseStatus::invalid);
  CHECK(parse(concat({ipv4(132, 11), Bytes(11, 0)}), LinkType::ipv4).status == ParseStatus::invalid);
}

TEST_CASE("CRC32c matches the standard check value") {
  const char* text = "123456789";
  CHECK(crc32c(reinterpret_cast<const std::uint8_t*>(text), 9) == 0xe3069283u);
}

TEST_CASE("an unknown protocol is tracked with ports 0") {
  const ParsedPacket p = parse(concat({ipv4(253, 4), Bytes{1, 2, 3, 4}}), LinkType::ipv4);
  CHECK(p.status == ParseStatus::ok);
  CHECK(p.tuple.protocol == 253);
  CHECK(p.tuple.sport == 0);
  CHECK(p.tuple.dport == 0);
  CHECK(p.l4_length == 4);
}

TEST_CASE("random and truncated bytes never crash the parser") {
  PacketParser parser(true);
  std::uint32_t state = 12345;
  Bytes bytes(200);
  const Bytes seed = ethernet(0x0800, ipv4_tcp());
  for (int round = 0; round < 20000; ++round) {
    for (auto& b : bytes) {
      state = state * 1103515245u + 12345u;
      b = static_cast<std::uint8_t>(state >> 16);
    }
    if (round % 2 == 0) std::memcpy(bytes.data(), seed.data(), std::min<std::size_t>(seed.size(), 24));
    const auto length = static_cast<std::uint32_t>(state % bytes.size());
    ParsedPacket p;
    const Frame f{bytes.data(), length, static_cast<std::uint64_t>(round) * 1000, static_cast<LinkType>(round % 7 == 0 ? 101 : 1), 0};
    parser.parse(f, p);
    if (p.status == ParseStatus::ok && p.l4 != nullptr) CHECK(p.l4 + p.l4_length <= bytes.data() + length);
  }
  CHECK(parser.held_fragments() < 20000);
}
