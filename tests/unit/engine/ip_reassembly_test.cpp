// Fragment reassembly through PacketParser: datagrams held until complete, overlaps, duplicates,
// timeouts, the memory threshold and the IPv6 fragment rules.
#include <doctest/doctest.h>

#include "packet/packet_parser.hpp"
#include "packet_builder.hpp"

using namespace ctsh::engine;
using namespace packet_builder;

namespace {

constexpr std::uint64_t second = 1'000'000'000;
constexpr std::uint16_t more_fragments = 0x2000;

// A 48-byte UDP datagram (8 header + 40 payload) with a valid checksum.
Bytes udp_datagram() {
  Bytes ip = concat({ipv4(17, 48), udp(1111, 2222, 40)});
  fill_checksum(ip, 20, 6, 17);
  return Bytes(ip.begin() + 20, ip.end());
}

// IPv4 fragment of `l4` bytes [offset, offset + length).
Bytes ipv4_fragment(const Bytes& l4, std::size_t offset, std::size_t length, bool more, std::uint16_t id = 7) {
  const auto field = static_cast<std::uint16_t>((offset / 8) | (more ? more_fragments : 0));
  return concat({ipv4(17, length, id, field), Bytes(l4.begin() + static_cast<long>(offset),
                                                    l4.begin() + static_cast<long>(offset + length))});
}

Bytes ipv6_fragment(const Bytes& l4, std::size_t offset, std::size_t length, bool more, std::uint8_t next = 17) {
  Bytes fragment_header{next, 0, 0, 0, 0, 0, 0x12, 0x34};
  put16(fragment_header, 2, static_cast<std::uint32_t>(offset | (more ? 1u : 0u)));
  return concat({ipv6(44, 8 + length), fragment_header,
                 Bytes(l4.begin() + static_cast<long>(offset), l4.begin() + static_cast<long>(offset + length))});
}

ParsedPacket feed(PacketParser& parser, const Bytes& ip, std::uint64_t time_ns = 0, LinkType link = LinkType::ipv4) {
  ParsedPacket p;
  parser.parse(frame(ip, link, time_ns), p);
  return p;
}

}  // namespace

TEST_CASE("IPv4 fragments are held until the datagram is complete, then it comes whole") {
  PacketParser parser(true);
  const Bytes l4 = udp_datagram();
  const Bytes second_half = ipv4_fragment(l4, 24, 24, false);
  const Bytes first_half = ipv4_fragment(l4, 0, 24, true);
  const Bytes untouched = first_half;
  CHECK(feed(parser, second_half).status == ParseStatus::fragment_held);
  CHECK(parser.held_fragments() == 1);
  const ParsedPacket p = feed(parser, first_half, second);
  REQUIRE(p.status == ParseStatus::ok);  // the UDP checksum over the whole datagram verifies
  CHECK(p.tuple.sport == 1111);
  CHECK(p.tuple.dport == 2222);
  CHECK(p.ip_length == 68);
  CHECK(p.l4_length == 48);
  CHECK(std::equal(p.l4, p.l4 + 48, l4.begin()));
  CHECK(parser.held_fragments() == 0);
  CHECK(first_half == untouched);
}

TEST_CASE("an IPv4 non-last fragment is trimmed to a multiple of 8, as the kernel does") {
  PacketParser parser(false);
  const Bytes l4 = udp_datagram();
  CHECK(feed(parser, ipv4_fragment(l4, 0, 21, true)).status == ParseStatus::fragment_held);
  const ParsedPacket p = feed(parser, ipv4_fragment(l4, 16, 32, false));
  CHECK(p.status == ParseStatus::ok);
  CHECK(p.l4_length == 48);
}

TEST_CASE("overlapping IPv4 fragments discard the datagram, exact duplicates are ignored") {
  PacketParser parser(false);
  const Bytes l4 = udp_datagram();
  CHECK(feed(parser, ipv4_fragment(l4, 0, 24, true)).status == ParseStatus::fragment_held);
  CHECK(feed(parser, ipv4_fragment(l4, 0, 24, true)).status == ParseStatus::fragment_held);
  CHECK(parser.held_fragments() == 1);
  CHECK(feed(parser, ipv4_fragment(l4, 16, 32, false)).status == ParseStatus::invalid);
  CHECK(parser.held_fragments() == 0);
  // The datagram is gone: the rest alone never completes it.
  CHECK(feed(parser, ipv4_fragment(l4, 24, 24, false)).status == ParseStatus::fragment_held);
}

TEST_CASE("fragments with different ids, protocols or addresses are different datagrams") {
  PacketParser parser(false);
  const Bytes l4 = udp_datagram();
  CHECK(feed(parser, ipv4_fragment(l4, 0, 24, true, 1)).status == ParseStatus::fragment_held);
  CHECK(feed(parser, ipv4_fragment(l4, 24, 24, false, 2)).status == ParseStatus::fragment_held);
  CHECK(parser.held_fragments() == 2);
  CHECK(feed(parser, ipv4_fragment(l4, 24, 24, false, 1)).status == ParseStatus::ok);
}

TEST_CASE("an incomplete IPv4 datagram expires 30 s after its first fragment") {
  PacketParser parser(false);
  const Bytes l4 = udp_datagram();
  CHECK(feed(parser, ipv4_fragment(l4, 0, 24, true), 100 * second).status == ParseStatus::fragment_held);
  CHECK(feed(parser, ipv4_fragment(l4, 24, 24, false), 130 * second).status == ParseStatus::fragment_held);
  CHECK(parser.held_fragments() == 1);  // the first fragment expired; the last starts a new datagram
  CHECK(feed(parser, ipv4_fragment(l4, 0, 24, true), 159 * second).status == ParseStatus::ok);
}

TEST_CASE("IPv4 fragment errors: an empty fragment, a second different end, an oversize datagram") {
  PacketParser parser(false);
  const Bytes l4 = udp_datagram();
  CHECK(feed(parser, ipv4_fragment(l4, 0, 24, true)).status == ParseStatus::fragment_held);
  CHECK(feed(parser, ipv4_fragment(l4, 8, 0, true)).status == ParseStatus::invalid);
  CHECK(parser.held_fragments() == 0);
  CHECK(feed(parser, ipv4_fragment(l4, 24, 24, false)).status == ParseStatus::fragment_held);
  CHECK(feed(parser, ipv4_fragment(l4, 32, 8, false)).status == ParseStatus::invalid);
  // A datagram ending at 66920 bytes is held piece by piece, then discarded when complete.
  CHECK(feed(parser, concat({ipv4(17, 1480, 9, 8180), Bytes(1480, 0)})).status == ParseStatus::fragment_held);
  for (std::uint32_t offset = 0; offset < 65440; offset += 1480) {
    const std::uint32_t length = std::min<std::uint32_t>(1480, 65440 - offset);
    const auto field = static_cast<std::uint16_t>(offset / 8 | more_fragments);
    const ParsedPacket p = feed(parser, concat({ipv4(17, length, 9, field), Bytes(length, 0)}));
    CHECK(p.status == (offset + length == 65440 ? ParseStatus::invalid : ParseStatus::fragment_held));
  }
  CHECK(parser.held_fragments() == 0);  // datagram 7 went with its inconsistent end, 9 when complete
}

TEST_CASE("past 4 MiB of held IPv4 fragments new fragments are refused") {
  PacketParser parser(false);
  Bytes payload(1480, 0);
  std::size_t refused_at = 0;
  for (std::uint16_t id = 1; id < 5000 && refused_at == 0; ++id) {
    const Bytes fragment = concat({ipv4(17, 1480, id, more_fragments), payload});
    const std::size_t before = parser.held_fragments();
    CHECK(feed(parser, fragment).status == ParseStatus::fragment_held);
    if (parser.held_fragments() == before) refused_at = id;
  }
  CHECK(refused_at > 2000);  // 4 MiB / (1500 + 576) bytes
  CHECK(refused_at < 2100);
  parser.clear();
  CHECK(parser.held_fragments() == 0);
  CHECK(feed(parser, concat({ipv4(17, 1480, 1, more_fragments), payload})).status == ParseStatus::fragment_held);
  CHECK(parser.held_fragments() == 1);
}

TEST_CASE("IPv6 fragments are reassembled without their fragment header") {
  PacketParser parser(true);
  Bytes whole = concat({ipv6(17, 48), udp(4000, 53, 40)});
  fill_checksum(whole, 40, 6, 17);
  const Bytes l4(whole.begin() + 40, whole.end());
  CHECK(feed(parser, ipv6_fragment(l4, 16, 32, false), 0, LinkType::ipv6).status == ParseStatus::fragment_held);
  const ParsedPacket p = feed(parser, ipv6_fragment(l4, 0, 16, true), second, LinkType::ipv6);
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.family == Family::ipv6);
  CHECK(p.tuple.protocol == 17);
  CHECK(p.tuple.sport == 4000);
  CHECK(p.ip_length == 88);
  CHECK(p.l4_length == 48);
}

TEST_CASE("an incomplete IPv6 datagram lives 60 s") {
  PacketParser parser(false);
  const Bytes l4 = udp_datagram();
  CHECK(feed(parser, ipv6_fragment(l4, 0, 16, true), 0, LinkType::ipv6).status == ParseStatus::fragment_held);
  CHECK(feed(parser, ipv6_fragment(l4, 16, 32, false), 59 * second, LinkType::ipv6).status == ParseStatus::ok);
  CHECK(feed(parser, ipv6_fragment(l4, 0, 16, true), 100 * second, LinkType::ipv6).status == ParseStatus::fragment_held);
  CHECK(feed(parser, ipv6_fragment(l4, 16, 32, false), 160 * second, LinkType::ipv6).status == ParseStatus::fragment_held);
}

TEST_CASE("an IPv6 fragment whose length is not a multiple of 8 bypasses reassembly") {
  PacketParser parser(false);
  const Bytes l4 = tcp(1111, 80, tcp_ack, 28);
  const ParsedPacket first = feed(parser, ipv6_fragment(l4, 0, 20, true, 6), 0, LinkType::ipv6);
  CHECK(first.status == ParseStatus::ok);  // conntrack sees the first fragment and its TCP header
  CHECK(first.tuple.sport == 1111);
  CHECK(feed(parser, ipv6_fragment(l4, 24, 20, true, 6), 0, LinkType::ipv6).status == ParseStatus::invalid);
  CHECK(parser.held_fragments() == 0);
}

TEST_CASE("an IPv6 first fragment without its whole transport header bypasses reassembly") {
  PacketParser parser(false);
  Bytes tcp_segment = tcp(1, 2, tcp_syn, 4);
  Bytes ip = ipv6_fragment(tcp_segment, 0, 16, true, 6);
  CHECK(feed(parser, ip, 0, LinkType::ipv6).status == ParseStatus::invalid);
  CHECK(parser.held_fragments() == 0);
}

TEST_CASE("overlapping IPv6 fragments discard the datagram; an offset past 65535 is invalid") {
  PacketParser parser(false);
  const Bytes l4 = udp_datagram();
  CHECK(feed(parser, ipv6_fragment(l4, 0, 24, true), 0, LinkType::ipv6).status == ParseStatus::fragment_held);
  CHECK(feed(parser, ipv6_fragment(l4, 16, 32, false), 0, LinkType::ipv6).status == ParseStatus::invalid);
  CHECK(parser.held_fragments() == 0);
  Bytes far = concat({ipv6(44, 8 + 16), Bytes{17, 0, 0xff, 0xf8, 0, 0, 0, 1}, Bytes(16, 0)});
  CHECK(feed(parser, far, 0, LinkType::ipv6).status == ParseStatus::invalid);
}

TEST_CASE("a reassembled datagram from fragments cut by the snaplen keeps only the captured prefix") {
  PacketParser parser(false);
  const Bytes l4 = udp_datagram();
  const Bytes first = ipv4_fragment(l4, 0, 24, true);
  CHECK(feed(parser, Bytes(first.begin(), first.begin() + 34)).status == ParseStatus::fragment_held);
  const ParsedPacket p = feed(parser, ipv4_fragment(l4, 24, 24, false));
  REQUIRE(p.status == ParseStatus::ok);
  CHECK(p.ip_length == 68);
  CHECK(p.l4_length == 14);
}
