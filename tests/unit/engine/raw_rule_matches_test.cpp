// Each kind of rule condition (protocol, addresses, ports, inbound interface, TCP flags) accepts
// exactly the packets it names, negations included; a rule matches when all its conditions do.
#include <doctest/doctest.h>

#include "rule_test_packets.hpp"
#include "rules/raw_classifier.hpp"

namespace ctsh::engine {
namespace {

using namespace rule_test;

const std::vector<std::string> kInterfaces{"", "eth0", "eth1", "wg0"};

// Whether a one-rule prerouting chain (drop on match) matches the packet.
bool matches(const PacketMatch& match, const ParsedPacket& p) {
  RawTable table;
  table.prerouting.rules = {rule(10, RawAction::drop, match)};
  return RawClassifier::compile(table, kInterfaces).classify(p) == RawVerdict::drop;
}

TEST_CASE("raw matches: a protocol number, tcp_udp and their negations") {
  PacketMatch udp;
  udp.protocol = protocol(17);
  CHECK(matches(udp, packet({.protocol = 17})));
  CHECK_FALSE(matches(udp, packet({.protocol = 6})));
  PacketMatch not_udp;
  not_udp.protocol = protocol(17, true);
  CHECK_FALSE(matches(not_udp, packet({.protocol = 17})));
  CHECK(matches(not_udp, packet({.protocol = 47})));
  PacketMatch both;
  both.protocol = tcp_or_udp();
  CHECK(matches(both, packet({.protocol = 6})));
  CHECK(matches(both, packet({.protocol = 17})));
  CHECK_FALSE(matches(both, packet({.protocol = 136})));
  PacketMatch neither;
  neither.protocol = tcp_or_udp(true);
  CHECK_FALSE(matches(neither, packet({.protocol = 17})));
  CHECK(matches(neither, packet({.protocol = 1})));
}

TEST_CASE("raw matches: IPv4 address ranges are inclusive, and negated ones match everything else") {
  PacketMatch source;
  source.source_address = range(v4(10, 0, 0, 0), v4(10, 0, 0, 255));
  CHECK(matches(source, packet({.src = v4(10, 0, 0, 0)})));
  CHECK(matches(source, packet({.src = v4(10, 0, 0, 255)})));
  CHECK_FALSE(matches(source, packet({.src = v4(10, 0, 1, 0)})));
  CHECK_FALSE(matches(source, packet({.src = v4(9, 255, 255, 255)})));
  PacketMatch not_destination;
  not_destination.destination_address = range(v4(192, 168, 1, 1), v4(192, 168, 1, 1), true);
  CHECK_FALSE(matches(not_destination, packet({.dst = v4(192, 168, 1, 1)})));
  CHECK(matches(not_destination, packet({.dst = v4(192, 168, 1, 2)})));
  PacketMatch everything;
  everything.source_address = range(v4(0, 0, 0, 0), v4(255, 255, 255, 255));
  CHECK(matches(everything, packet({.src = v4(255, 255, 255, 255)})));
}

TEST_CASE("raw matches: IPv6 address ranges, and an address of the other family never matches") {
  PacketMatch prefix;
  prefix.destination_address = range(v6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 0}),
                                     v6({0x2001, 0xdb8, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff}));
  const IpAddress host = v6({0xfe80, 0, 0, 0, 0, 0, 0, 1});
  CHECK(matches(prefix, packet({.src = host, .dst = v6({0x2001, 0xdb8, 0, 0, 1, 2, 3, 4})})));
  CHECK_FALSE(matches(prefix, packet({.src = host, .dst = v6({0x2001, 0xdb8, 0, 1, 0, 0, 0, 0})})));
  CHECK_FALSE(matches(prefix, packet({.dst = v4(32, 1, 13, 184)})));
  PacketMatch not_v4;
  not_v4.source_address = range(v4(10, 0, 0, 0), v4(10, 255, 255, 255), true);
  CHECK_FALSE(matches(not_v4, packet({.src = host, .dst = host})));
  CHECK(matches(not_v4, packet({.src = v4(11, 0, 0, 1)})));
}

TEST_CASE("raw matches: port lists of ranges, negated as a whole") {
  PacketMatch list;
  list.destination_port = ports({{22, 22}, {80, 80}, {1000, 2000}});
  const std::uint16_t inside[] = {22, 80, 1000, 1500, 2000};
  const std::uint16_t outside[] = {21, 23, 443, 999, 2001};
  for (const std::uint16_t port : inside) CHECK(matches(list, packet({.dport = port})));
  for (const std::uint16_t port : outside) CHECK_FALSE(matches(list, packet({.dport = port})));
  PacketMatch not_list;
  not_list.source_port = ports({{0, 1023}, {65535, 65535}}, true);
  CHECK_FALSE(matches(not_list, packet({.sport = 0})));
  CHECK_FALSE(matches(not_list, packet({.sport = 65535})));
  CHECK(matches(not_list, packet({.sport = 1024})));
  PacketMatch both;
  both.source_port = ports({{53, 53}});
  both.destination_port = ports({{53, 53}});
  CHECK(matches(both, packet({.protocol = 17, .sport = 53, .dport = 53})));
  CHECK_FALSE(matches(both, packet({.protocol = 17, .sport = 5353, .dport = 53})));
}

TEST_CASE("raw matches: port conditions match TCP, UDP, UDP-Lite and SCTP only, never ICMP's id or type") {
  PacketMatch port;
  port.destination_port = ports({{2048, 2048}});  // ICMP echo request's type << 8 | code
  PacketMatch not_port;
  not_port.source_port = ports({{1, 1}}, true);
  const std::uint8_t with_ports[] = {6, 17, 132, 136};
  const std::uint8_t without_ports[] = {1, 47, 50};
  for (const std::uint8_t protocol_number : with_ports) {
    CHECK(matches(port, packet({.protocol = protocol_number, .sport = 7, .dport = 2048})));
    CHECK(matches(not_port, packet({.protocol = protocol_number, .sport = 7})));
  }
  for (const std::uint8_t protocol_number : without_ports) {
    CHECK_FALSE(matches(port, packet({.protocol = protocol_number, .sport = 7, .dport = 2048})));
    CHECK_FALSE(matches(not_port, packet({.protocol = protocol_number, .sport = 7})));
  }
  const IpAddress a = v6({0xfd00, 0, 0, 0, 0, 0, 0, 1});
  CHECK_FALSE(matches(port, packet({.protocol = 58, .src = a, .dst = a, .dport = 2048})));
  CHECK(matches(PacketMatch{}, packet({.protocol = 1})));
}

TEST_CASE("raw matches: inbound interfaces by id, exact names and trailing-star wildcards") {
  PacketMatch eth0;
  eth0.inbound_interface = "eth0";
  CHECK(matches(eth0, packet({.interface = 1})));
  CHECK_FALSE(matches(eth0, packet({.interface = 2})));
  CHECK_FALSE(matches(eth0, packet({.interface = 0})));
  PacketMatch any_eth;
  any_eth.inbound_interface = "eth*";
  CHECK(matches(any_eth, packet({.interface = 1})));
  CHECK(matches(any_eth, packet({.interface = 2})));
  CHECK_FALSE(matches(any_eth, packet({.interface = 3})));
  PacketMatch literal_star_inside;
  literal_star_inside.inbound_interface = "e*h0";
  CHECK_FALSE(matches(literal_star_inside, packet({.interface = 1})));
}

TEST_CASE("raw matches: an interface named after compile is matched once bound") {
  RawTable table;
  PacketMatch vlan;
  vlan.inbound_interface = "eth0.*";
  PacketMatch exact;
  exact.inbound_interface = "br0";
  table.prerouting.rules = {rule(10, RawAction::drop, vlan), rule(20, RawAction::reject, exact)};
  RawClassifier classifier = RawClassifier::compile(table, kInterfaces);
  CHECK(classifier.classify(packet({.interface = 6})) == RawVerdict::track);
  classifier.bind_interface(6, "br0");
  classifier.bind_interface(4, "eth0.10");
  CHECK(classifier.classify(packet({.interface = 6})) == RawVerdict::reject);
  CHECK(classifier.classify(packet({.interface = 4})) == RawVerdict::drop);
  CHECK(classifier.classify(packet({.interface = 5})) == RawVerdict::track);  // never named
  CHECK(classifier.classify(packet({.interface = 1})) == RawVerdict::track);
}

TEST_CASE("raw matches: TCP flags compare the set and unset bits, and only TCP packets match") {
  PacketMatch syn_only;
  syn_only.tcp_flags = TcpFlagsMatch{tcp_syn, tcp_ack};
  CHECK(matches(syn_only, packet({.tcp_flags = tcp_syn})));
  CHECK(matches(syn_only, packet({.tcp_flags = tcp_syn | tcp_ecn})));
  CHECK_FALSE(matches(syn_only, packet({.tcp_flags = tcp_syn | tcp_ack})));
  CHECK_FALSE(matches(syn_only, packet({.tcp_flags = tcp_ack})));
  PacketMatch no_rst;
  no_rst.tcp_flags = TcpFlagsMatch{0, tcp_rst};
  CHECK(matches(no_rst, packet({.tcp_flags = tcp_ack})));
  CHECK_FALSE(matches(no_rst, packet({.tcp_flags = tcp_rst | tcp_ack})));
  CHECK_FALSE(matches(no_rst, packet({.protocol = 17})));
}

TEST_CASE("raw matches: a rule matches only when every condition it has does") {
  PacketMatch ssh_from_lan;
  ssh_from_lan.protocol = protocol(6);
  ssh_from_lan.source_address = range(v4(10, 0, 0, 0), v4(10, 0, 0, 255));
  ssh_from_lan.destination_port = ports({{22, 22}});
  ssh_from_lan.inbound_interface = "eth1";
  ssh_from_lan.tcp_flags = TcpFlagsMatch{tcp_syn, tcp_ack};
  const PacketSpec ok{.src = v4(10, 0, 0, 9), .dport = 22, .tcp_flags = tcp_syn, .interface = 2};
  CHECK(matches(ssh_from_lan, packet(ok)));
  PacketSpec other = ok;
  other.interface = 1;
  CHECK_FALSE(matches(ssh_from_lan, packet(other)));
  other = ok;
  other.src = v4(10, 0, 1, 9);
  CHECK_FALSE(matches(ssh_from_lan, packet(other)));
  other = ok;
  other.dport = 23;
  CHECK_FALSE(matches(ssh_from_lan, packet(other)));
  other = ok;
  other.tcp_flags = tcp_syn | tcp_ack;
  CHECK_FALSE(matches(ssh_from_lan, packet(other)));
  other = ok;
  other.protocol = 17;
  CHECK_FALSE(matches(ssh_from_lan, packet(other)));
}

}  // namespace
}  // namespace ctsh::engine
