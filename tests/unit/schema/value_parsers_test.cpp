// value_parsers.hpp: addresses, ports and protocols as the engine's match types.
#include <doctest/doctest.h>

#include <arpa/inet.h>

#include "ctsh/cli/value_parsers.hpp"

using namespace ctsh::cli;
using ctsh::engine::Family;
using ctsh::engine::IpAddress;
using ctsh::engine::PortRange;

namespace {

IpAddress address(const char* text, Family family = Family::ipv4) {
  IpAddress parsed{.family = family, .bytes = {}};
  REQUIRE(inet_pton(family == Family::ipv4 ? AF_INET : AF_INET6, text, parsed.bytes.data()) == 1);
  return parsed;
}

}  // namespace

TEST_CASE("an IPv4 host is a range of one address") {
  auto match = parse_address_match("192.0.2.7", Family::ipv4);
  REQUIRE(match);
  CHECK_FALSE(match->negated);
  CHECK(match->first == address("192.0.2.7"));
  CHECK(match->last == address("192.0.2.7"));
}

TEST_CASE("an IPv4 prefix spans its network") {
  auto match = parse_address_match("224.0.0.0/4", Family::ipv4);
  REQUIRE(match);
  CHECK(match->first == address("224.0.0.0"));
  CHECK(match->last == address("239.255.255.255"));
  auto everything = parse_address_match("0.0.0.0/0", Family::ipv4);
  REQUIRE(everything);
  CHECK(everything->last == address("255.255.255.255"));
  CHECK(parse_address_match("10.0.0.5/32", Family::ipv4)->last == address("10.0.0.5"));
}

TEST_CASE("a prefix with host bits set is refused, naming the network") {
  auto match = parse_address_match("10.1.2.3/8", Family::ipv4);
  REQUIRE_FALSE(match);
  CHECK(match.error() == "10.1.2.3/8 is not a valid IPv4 address, prefix or range: host bits are set; the network is 10.0.0.0/8");
}

TEST_CASE("bad prefix lengths are refused") {
  CHECK_FALSE(parse_address_match("10.0.0.0/33", Family::ipv4));
  CHECK_FALSE(parse_address_match("10.0.0.0/", Family::ipv4));
  CHECK_FALSE(parse_address_match("10.0.0.0/x", Family::ipv4));
  CHECK_FALSE(parse_address_match("2001:db8::/129", Family::ipv6));
}

TEST_CASE("an address range runs from its first to its last address, which must not be above") {
  auto match = parse_address_match("10.0.0.1-10.0.0.9", Family::ipv4);
  REQUIRE(match);
  CHECK(match->first == address("10.0.0.1"));
  CHECK(match->last == address("10.0.0.9"));
  auto backwards = parse_address_match("10.0.0.9-10.0.0.1", Family::ipv4);
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().ends_with("the first address of the range is above the last"));
}

TEST_CASE("'!' negates hosts, prefixes and ranges") {
  CHECK(parse_address_match("!10.0.0.1", Family::ipv4)->negated);
  CHECK(parse_address_match("!10.0.0.0/8", Family::ipv4)->negated);
  CHECK(parse_address_match("!10.0.0.1-10.0.0.2", Family::ipv4)->negated);
  CHECK_FALSE(parse_address_match("!!10.0.0.1", Family::ipv4));
  CHECK_FALSE(parse_address_match("!", Family::ipv4));
}

TEST_CASE("IPv6 hosts, compressed forms, prefixes and ranges parse") {
  auto host = parse_address_match("2001:db8::1", Family::ipv6);
  REQUIRE(host);
  CHECK(host->first.family == Family::ipv6);
  CHECK(host->first == address("2001:db8::1", Family::ipv6));
  auto prefix = parse_address_match("2001:db8::/32", Family::ipv6);
  REQUIRE(prefix);
  CHECK(prefix->last == address("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", Family::ipv6));
  CHECK(parse_address_match("::/0", Family::ipv6));
  CHECK(parse_address_match("::ffff:192.0.2.1", Family::ipv6));
  CHECK(parse_address_match("!fe80::1-fe80::ff", Family::ipv6)->negated);
  CHECK_FALSE(parse_address_match("2001:db8::1/64", Family::ipv6));
  CHECK_FALSE(parse_address_match("2001:db8:::1", Family::ipv6));
  CHECK_FALSE(parse_address_match("fe80::1%eth0", Family::ipv6));
}

TEST_CASE("addresses of the other family, or malformed ones, are refused") {
  CHECK_FALSE(parse_address_match("2001:db8::1", Family::ipv4));
  CHECK_FALSE(parse_address_match("192.0.2.1", Family::ipv6));
  CHECK_FALSE(parse_address_match("010.0.0.1", Family::ipv4));
  CHECK_FALSE(parse_address_match("10.0.0", Family::ipv4));
  CHECK_FALSE(parse_address_match("", Family::ipv4));
  CHECK(parse_address_match(std::string(5000, '1'), Family::ipv4).error().size() < 200);
}

TEST_CASE("port lists take numbers, names and ranges") {
  auto match = parse_port_match("22,http,1000-2000,ftp-data");
  REQUIRE(match);
  CHECK_FALSE(match->negated);
  CHECK(match->ranges == std::vector<PortRange>{{22, 22}, {80, 80}, {1000, 2000}, {20, 20}});
}

TEST_CASE("port names may be the ends of a range, even names with dashes") {
  CHECK(parse_port_match("ftp-data-ssh")->ranges == std::vector<PortRange>{{20, 22}});
  CHECK(parse_port_match("http-https")->ranges == std::vector<PortRange>{{80, 443}});
  CHECK(parse_port_match("1-65535")->ranges == std::vector<PortRange>{{1, 65535}});
}

TEST_CASE("'!' negates the whole port list") {
  auto match = parse_port_match("!22,telnet");
  REQUIRE(match);
  CHECK(match->negated);
  CHECK(match->ranges.size() == 2);
}

TEST_CASE("the port table holds the common service names") {
  CHECK(parse_port_match("ssh")->ranges.front().first == 22);
  CHECK(parse_port_match("domain")->ranges.front().first == 53);
  CHECK(parse_port_match("ntp")->ranges.front().first == 123);
  CHECK(parse_port_match("bgp")->ranges.front().first == 179);
  CHECK(parse_port_match("sip")->ranges.front().first == 5060);
  CHECK(parse_port_match("snmp")->ranges.front().first == 161);
  CHECK(parse_port_match("tftp")->ranges.front().first == 69);
}

TEST_CASE("bad ports are refused, naming the entry") {
  CHECK(parse_port_match("65536").error().starts_with("65536 is not a valid port"));
  CHECK(parse_port_match("22,0").error().starts_with("0 is not a valid port"));
  CHECK(parse_port_match("2000-1000").error() == "2000-1000 is not a valid port range: the first port is above the last");
  CHECK(parse_port_match("!").error() == "! is not a valid port list: it names no port");
  CHECK(parse_port_match("22,").error() == "22, is not a valid port list: it has an empty entry");
  CHECK_FALSE(parse_port_match("1-2-3"));
  CHECK_FALSE(parse_port_match("HTTP"));
  CHECK_FALSE(parse_port_match("!!22"));
}

TEST_CASE("protocols: names, numbers, all, tcp_udp and negation") {
  auto all = parse_protocol_match("all");
  REQUIRE(all);
  CHECK_FALSE(all->has_value());
  auto tcp = parse_protocol_match("tcp");
  REQUIRE(tcp);
  REQUIRE(tcp->has_value());
  CHECK((*tcp)->number == 6);
  CHECK_FALSE((*tcp)->negated);
  CHECK((**parse_protocol_match("!udp")).negated);
  CHECK((**parse_protocol_match("!udp")).number == 17);
  CHECK((**parse_protocol_match("tcp_udp")).tcp_udp);
  CHECK((**parse_protocol_match("47")).number == 47);
  CHECK((**parse_protocol_match("gre")).number == 47);
  CHECK((**parse_protocol_match("icmpv6")).number == 58);
  CHECK((**parse_protocol_match("ipv6-icmp")).number == 58);
  CHECK((**parse_protocol_match("sctp")).number == 132);
  CHECK((**parse_protocol_match("255")).number == 255);
}

TEST_CASE("bad protocols are refused") {
  CHECK_FALSE(parse_protocol_match("256"));
  CHECK_FALSE(parse_protocol_match("-1"));
  CHECK_FALSE(parse_protocol_match("TCP"));
  CHECK_FALSE(parse_protocol_match("!all"));
  CHECK_FALSE(parse_protocol_match(""));
  CHECK(parse_protocol_match("nonsense").error().starts_with("nonsense is not a valid IP protocol"));
}

TEST_CASE("protocol_name prints conntrack's names and falls back to the number") {
  CHECK(protocol_name(6) == "tcp");
  CHECK(protocol_name(17) == "udp");
  CHECK(protocol_name(1) == "icmp");
  CHECK(protocol_name(58) == "icmpv6");
  CHECK(protocol_name(47) == "gre");
  CHECK(protocol_name(253) == "253");
}
