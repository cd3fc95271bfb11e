// The parser's common-case fast path (Ethernet, plain IPv4/IPv6, TCP/UDP) gives exactly what the full
// parser gives for the same IP bytes, on valid packets and on every byte and length mutation of them.
#include <doctest/doctest.h>

#include <string>

#include "packet/common_case_parser.hpp"
#include "packet/packet_parser.hpp"
#include "packet_builder.hpp"

using namespace ctsh::engine;
using namespace packet_builder;

namespace {

struct Base {
  const char* name;
  Bytes ip;
  std::uint16_t ethertype;
};

std::vector<Base> bases() {
  return {
      {"ipv4 tcp", concat({ipv4(6, 20 + 5), tcp(40000, 80, tcp_syn | tcp_ack, 5)}), 0x0800},
      {"ipv4 udp", concat({ipv4(17, 8 + 4), udp(5353, 53, 4)}), 0x0800},
      {"ipv6 tcp", concat({ipv6(6, 20 + 3), tcp(40000, 443, tcp_ack, 3)}), 0x86dd},
      {"ipv6 udp", concat({ipv6(17, 8 + 2), udp(5000, 6000, 2)}), 0x86dd},
  };
}

// What a parse gave, with the transport pointer as an offset into the IP bytes it came from.
std::string summary(const ParsedPacket& p, const std::uint8_t* ip) {
  std::string s = std::to_string(static_cast<int>(p.status)) + " f" + std::to_string(static_cast<int>(p.family));
  for (const IpAddress* a : {&p.tuple.src, &p.tuple.dst}) {
    s += " a" + std::to_string(static_cast<int>(a->family));
    for (const std::uint8_t byte : a->bytes) s += "." + std::to_string(byte);
  }
  const long l4 = p.l4 ? static_cast<long>(p.l4 - ip) : -1;
  for (const long v : {long{p.tuple.sport}, long{p.tuple.dport}, long{p.tuple.protocol}, long{p.ip_length},
                       long{p.interface}, l4, long{p.l4_length}, long{p.l4_wire_length}, long{p.payload_offset},
                       long{p.tcp_seq}, long{p.tcp_ack}, long{p.tcp_window}, long{p.tcp_flags},
                       long{p.tcp_header_length}, long{p.icmp_type}, long{p.icmp_code}, long{p.inner_valid}}) {
    s += " " + std::to_string(v);
  }
  return s;
}

// The Ethernet frame (fast path when it applies) against the bare IP bytes (always the full parser).
void check_same_as_full_parser(const Bytes& ip, std::uint16_t ethertype) {
  PacketParser fast_parser(false);  // two parsers: a mutation may turn the packet into a held fragment
  PacketParser full_parser(false);
  const Bytes framed = ethernet(ethertype, ip);
  ParsedPacket fast;
  fast_parser.parse(frame(framed, LinkType::ethernet), fast);
  ParsedPacket full;
  full_parser.parse(frame(ip, ethertype == 0x0800 ? LinkType::ipv4 : LinkType::ipv6), full);
  CHECK(summary(fast, framed.data() + 14) == summary(full, ip.data()));
}

}  // namespace

TEST_CASE("the common-case fast path takes plain TCP and UDP over IPv4 and IPv6 and matches the full parser") {
  for (const Base& base : bases()) {
    CAPTURE(base.name);
    const Bytes framed = ethernet(base.ethertype, base.ip);
    ParsedPacket p;
    CHECK(common_case::parse(frame(framed), p));
    CHECK(p.status == ParseStatus::ok);
    check_same_as_full_parser(base.ip, base.ethertype);
  }
}

TEST_CASE("the common-case fast path leaves IPv4 options, fragments and other protocols to the full parser") {
  Bytes options = concat({ipv4(17, 8), udp(1, 2)});
  options[0] = 0x46;
  Bytes fragment = concat({ipv4(17, 8), udp(1, 2)});
  fragment[6] = 0x20;  // more fragments
  const Bytes icmp = concat({ipv4(1, 8), Bytes{8, 0, 0, 0, 0, 1, 0, 1}});
  for (const Bytes& ip : {options, fragment, icmp}) {
    const Bytes framed = ethernet(0x0800, ip);
    ParsedPacket p;
    CHECK_FALSE(common_case::parse(frame(framed), p));
    CHECK(p.status == ParseStatus::invalid);  // untouched: still as constructed
  }
}

TEST_CASE("every single-byte mutation and every truncation parses the same on the fast and the full path") {
  for (const Base& base : bases()) {
    CAPTURE(base.name);
    for (std::size_t length = 0; length <= base.ip.size(); ++length) {
      check_same_as_full_parser(Bytes(base.ip.begin(), base.ip.begin() + static_cast<long>(length)), base.ethertype);
    }
    for (std::size_t at = 0; at < base.ip.size(); ++at) {
      for (const int value : {0x00, 0x01, 0x0f, 0x10, 0x45, 0x60, 0x7f, 0x80, 0xff}) {
        Bytes ip = base.ip;
        ip[at] = static_cast<std::uint8_t>(value);
        CAPTURE(at);
        CAPTURE(value);
        check_same_as_full_parser(ip, base.ethertype);
      }
    }
  }
}

TEST_CASE("a packet parsed over an earlier one gives what a fresh parse gives (the fast path resets nothing)") {
  // Earlier packets that leave other fields set: TCP fields, an ICMP error with its quote, IPv6 addresses.
  const Bytes quote = concat({ipv4(17, 8), udp(5000, 53)});
  const Bytes icmp_error = concat({ipv4(1, 8 + quote.size()), Bytes{3, 3, 0, 0, 0, 0, 0, 0}, quote});
  const std::vector<std::pair<Bytes, std::uint16_t>> earlier = {
      {icmp_error, 0x0800}, {concat({ipv6(6, 20), tcp(1, 2, tcp_syn, 0)}), 0x86dd}};
  for (const Base& base : bases()) {
    CAPTURE(base.name);
    const Bytes framed = ethernet(base.ethertype, base.ip);
    PacketParser fresh_parser(false);
    ParsedPacket fresh;
    fresh_parser.parse(frame(framed), fresh);
    for (const auto& [ip, ethertype] : earlier) {
      PacketParser parser(false);
      ParsedPacket reused;
      const Bytes before = ethernet(ethertype, ip);
      parser.parse(frame(before), reused);
      parser.parse(frame(framed), reused);
      CHECK(summary(reused, framed.data() + 14) == summary(fresh, framed.data() + 14));
    }
  }
}
