// Raw rules and custom timeout rules through the whole engine: notrack makes packets UNTRACKED with no
// entry, drop discards them, an interface match follows Frame::interface, and custom timeouts give
// matching new flows their values (the last matching rule wins) while others keep the global ones.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

AddressMatch host(std::string_view address) {
  const IpAddress ip = parse_ip(address).value();
  return AddressMatch{false, ip, ip};
}

PacketMatch udp_to_port(std::uint16_t port) {
  PacketMatch match;
  match.protocol = ProtocolMatch{.number = 17};
  match.destination_port = PortMatch{false, {{port, port}}};
  return match;
}

RawRule rule(std::uint32_t number, RawAction action, PacketMatch match) {
  RawRule out;
  out.number = number;
  out.action = action;
  out.match = std::move(match);
  return out;
}

CustomTimeoutRule timeout_rule(std::uint32_t number, PacketMatch match, std::map<std::string, std::uint32_t> timeouts) {
  return CustomTimeoutRule{number, std::move(match), std::move(timeouts)};
}

}  // namespace

TEST_CASE("a raw notrack rule makes matching packets UNTRACKED and creates no entry") {
  ConntrackConfig config = kernel_defaults();
  config.raw_ipv4.prerouting.rules = {rule(10, RawAction::notrack, udp_to_port(9999))};
  Harness driver(config);
  const PacketSpec ignored = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 9999);
  CHECK(driver.send(ignored).state == CtState::untracked);
  CHECK(driver.send(reversed(ignored), millis(1)).state == CtState::new_flow);  // the reply's dport differs
  CHECK(driver.send(make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53), millis(1)).state == CtState::new_flow);
  CHECK(driver.flows().size() == 2);
  CHECK_FALSE(driver.flow_of(ignored).has_value());
  CHECK(driver.stats().packets_by_state[static_cast<std::size_t>(CtState::untracked)] == 1);
}

TEST_CASE("an ICMP error about an untracked flow finds nothing: INVALID and an error") {
  ConntrackConfig config = kernel_defaults();
  config.raw_ipv4.prerouting.rules = {rule(10, RawAction::notrack, udp_to_port(9999))};
  Harness driver(config);
  const PacketSpec ignored = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 9999);
  driver.send(ignored);
  std::vector<std::uint8_t> quote = build_ip_packet(ignored);
  quote.resize(28);
  PacketSpec unreachable = make_spec(1, "10.0.0.2", 0, "10.0.0.1", 0);
  unreachable.icmp_type = 3;
  unreachable.icmp_code = 3;
  unreachable.icmp_quote = quote;
  CHECK(driver.send(unreachable, millis(1)).state == CtState::invalid);
  CHECK(driver.stats().kernel.error == 1);
}

TEST_CASE("a raw drop rule discards the packet: verdict_dropped, raw_dropped, no entry") {
  ConntrackConfig config = kernel_defaults();
  config.raw_ipv4.prerouting.rules = {rule(10, RawAction::drop, udp_to_port(9999))};
  Harness driver(config);
  const PacketVerdict verdict = driver.send(make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 9999));
  CHECK((verdict.flags & verdict_dropped) != 0);
  CHECK(driver.flows().empty());
  const EngineStats stats = driver.stats();
  CHECK(stats.raw_dropped == 1);
  CHECK(stats.kernel.drop == 0);
  CHECK(stats.kernel.invalid == 0);
  CHECK(stats.new_flows == 0);
}

TEST_CASE("a raw reject rule discards the packet and counts raw_rejected") {
  ConntrackConfig config = kernel_defaults();
  config.raw_ipv4.prerouting.rules = {rule(10, RawAction::reject, udp_to_port(9999))};
  Harness driver(config);
  CHECK((driver.send(make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 9999)).flags & verdict_dropped) != 0);
  CHECK(driver.flows().empty());
  CHECK(driver.stats().raw_rejected == 1);
  CHECK(driver.stats().raw_dropped == 0);
}

TEST_CASE("raw rules of one family leave the other family's packets tracked") {
  ConntrackConfig config = kernel_defaults();
  config.raw_ipv4.prerouting.rules = {rule(10, RawAction::drop, udp_to_port(9999))};
  Harness driver(config);
  CHECK(driver.send(make_spec(17, "2001:db8::1", 5000, "2001:db8::2", 9999)).state == CtState::new_flow);
  CHECK(driver.stats().raw_dropped == 0);
}

TEST_CASE("a raw rule matching an inbound interface applies only to frames from that interface") {
  ConntrackConfig config = kernel_defaults();
  PacketMatch from_eth1;
  from_eth1.inbound_interface = "eth1";
  config.raw_ipv4.prerouting.rules = {rule(10, RawAction::notrack, from_eth1)};
  Harness driver(config);
  const std::uint16_t eth0 = driver.engine.interface_id("eth0");
  const std::uint16_t eth1 = driver.engine.interface_id("eth1");
  const PacketSpec spec = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  CHECK(driver.send(spec, 0, eth1).state == CtState::untracked);
  CHECK(driver.flows().empty());
  CHECK(driver.send(spec, millis(1), eth0).state == CtState::new_flow);
  CHECK(driver.send(reversed(spec), millis(1), eth1).state == CtState::untracked);
  CHECK(driver.send(spec, millis(1), 0).state == CtState::new_flow);  // unknown interface: no match
}

TEST_CASE("custom timeout rules give matching new flows their timeouts and others the global ones") {
  ConntrackConfig config = kernel_defaults();
  config.custom_timeouts_ipv4 = {timeout_rule(10, udp_to_port(53), {{"unreplied", 50}, {"replied", 500}})};
  Harness driver(config);
  const PacketSpec dns = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  const PacketSpec other = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 54);
  driver.send(dns);
  driver.send(other);
  CHECK(driver.flow_of(dns)->timeout_seconds == 50);
  CHECK(driver.flow_of(other)->timeout_seconds == 30);
  driver.send(reversed(dns), millis(10));
  CHECK(driver.flow_of(dns)->timeout_seconds == 50);
  driver.send(dns, seconds(3));
  CHECK(driver.flow_of(dns)->timeout_seconds == 500);
  CHECK((driver.flow_of(dns)->status & status_assured) != 0);
}

TEST_CASE("when several custom timeout rules match a new flow, the last one wins") {
  ConntrackConfig config = kernel_defaults();
  PacketMatch to_host;
  to_host.protocol = ProtocolMatch{.number = 17};
  to_host.destination_address = host("10.0.0.2");
  config.custom_timeouts_ipv4 = {timeout_rule(10, udp_to_port(53), {{"unreplied", 50}}),
                                 timeout_rule(20, to_host, {{"unreplied", 70}})};
  Harness driver(config);
  const PacketSpec both = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  const PacketSpec port_only = make_spec(17, "10.0.0.1", 5000, "10.0.0.3", 53);
  const PacketSpec host_only = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 54);
  const PacketSpec neither = make_spec(17, "10.0.0.1", 5000, "10.0.0.4", 54);
  for (const PacketSpec* spec : {&both, &port_only, &host_only, &neither}) driver.send(*spec);
  CHECK(driver.flow_of(both)->timeout_seconds == 70);
  CHECK(driver.flow_of(port_only)->timeout_seconds == 50);
  CHECK(driver.flow_of(host_only)->timeout_seconds == 70);
  CHECK(driver.flow_of(neither)->timeout_seconds == 30);
}

TEST_CASE("a custom TCP established timeout applies from the handshake's final ACK") {
  ConntrackConfig config = kernel_defaults();
  PacketMatch ssh;
  ssh.protocol = ProtocolMatch{.number = 6};
  ssh.destination_port = PortMatch{false, {{22, 22}}};
  config.custom_timeouts_ipv4 = {timeout_rule(10, ssh, {{"established", 3600}, {"syn-sent", 20}})};
  Harness driver(config);
  TcpPeers tcp(make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 22));
  driver.send(tcp.client(tcp_syn));
  CHECK(driver.only_flow().timeout_seconds == 20);
  driver.send(tcp.server(tcp_syn | tcp_ack), millis(1));
  CHECK(driver.only_flow().timeout_seconds == 60);
  driver.send(tcp.client(tcp_ack), millis(1));
  CHECK(driver.only_flow().timeout_seconds == 3600);

  const PacketSpec web = make_spec(6, "10.0.0.1", 40001, "10.0.0.2", 80);
  TcpPeers web_tcp(web);
  driver.send(web_tcp.client(tcp_syn), millis(1));
  CHECK(driver.flow_of(web)->timeout_seconds == 120);
}
