// Engine::apply through the public API: size changes keep every entry and its lookups, a table-size
// below the count keeps entries and early-drops for new ones, new timeouts apply from each entry's next
// packet, custom timeout rules follow their number, accounting fills views, a failed apply changes nothing.
#include <doctest/doctest.h>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

// Flows of several kinds, some replied, one TCP connection established; returns its peers.
TcpPeers populate(Harness& harness) {
  for (std::uint16_t i = 0; i < 20; ++i) {
    const PacketSpec query = udp("10.0.0.1", static_cast<std::uint16_t>(2000 + i), "10.0.0.2", 53);
    harness.send(query, millis(1));
    if (i % 2 == 0) harness.send(reversed(query), millis(1));
  }
  harness.send(udp("2001:db8::1", 5000, "2001:db8::2", 53));
  TcpPeers tcp(make_spec(6, "10.0.0.1", 40000, "10.0.0.9", 80));
  tcp.handshake(harness);
  REQUIRE(harness.stats().entries == 22);
  return tcp;
}

void check_same_views(const std::vector<FlowView>& before, const std::vector<FlowView>& after) {
  REQUIRE(before.size() == after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    CHECK(before[i].id == after[i].id);
    CHECK(before[i].original == after[i].original);
    CHECK(before[i].reply == after[i].reply);
    CHECK(before[i].status == after[i].status);
    CHECK(before[i].state == after[i].state);
    CHECK(before[i].timeout_seconds == after[i].timeout_seconds);
  }
}

CustomTimeoutRule udp_rule(std::uint32_t number, std::uint16_t dport, std::uint32_t unreplied) {
  CustomTimeoutRule rule;
  rule.number = number;
  rule.match.protocol = ProtocolMatch{false, false, 17};
  rule.match.destination_port = PortMatch{false, {PortRange{dport, dport}}};
  rule.timeouts["unreplied"] = unreplied;
  return rule;
}

}  // namespace

TEST_CASE("a bigger table-size keeps every entry as it was") {
  Harness harness(kernel_defaults(64, 16));
  populate(harness);
  const std::vector<FlowView> before = harness.flows();
  ConntrackConfig bigger = harness.engine.config();
  bigger.table_size = 100000;
  REQUIRE(harness.engine.apply(bigger));
  check_same_views(before, harness.flows());
  CHECK(harness.stats().table_size == 100000);
  CHECK(harness.stats().entries == 22);
}

TEST_CASE("a new hash-size rehashes every entry: views identical and the next packets find their entries") {
  Harness harness(kernel_defaults(4096, 16));
  TcpPeers tcp = populate(harness);
  const std::vector<FlowView> before = harness.flows();
  for (const std::uint32_t buckets : {1024u, 1u, 7u}) {
    ConntrackConfig rehashed = harness.engine.config();
    rehashed.hash_size = buckets;
    REQUIRE(harness.engine.apply(rehashed));
    CHECK(harness.stats().hash_size == buckets);
    check_same_views(before, harness.flows());
  }
  CHECK(harness.send(tcp.client(tcp_ack)).state == CtState::established);
  CHECK(harness.send(reversed(udp("10.0.0.1", 2000, "10.0.0.2", 53))).state == CtState::established);
  CHECK(harness.send(udp("10.0.0.1", 2001, "10.0.0.2", 53)).state == CtState::new_flow);
  CHECK(harness.send(reversed(udp("2001:db8::1", 5000, "2001:db8::2", 53))).state == CtState::established);
  CHECK(harness.stats().entries == 22);
  CHECK(harness.stats().new_flows == 22);
}

TEST_CASE("a table-size below the count keeps every entry; new flows then need an early drop") {
  Harness harness(kernel_defaults(64, 64));
  for (std::uint16_t i = 0; i < 10; ++i) {
    TcpPeers(make_spec(6, "10.0.0.1", static_cast<std::uint16_t>(40000 + i), "10.0.0.9", 80)).handshake(harness);
  }
  const std::vector<FlowView> before = harness.flows();
  ConntrackConfig smaller = harness.engine.config();
  smaller.table_size = 4;
  REQUIRE(harness.engine.apply(smaller));
  check_same_views(before, harness.flows());
  CHECK(harness.stats().entries == 10);
  // Every entry is ASSURED: nothing can be early-dropped, the new flow's packet is dropped.
  CHECK((harness.send(udp("10.0.0.1", 1, "10.0.0.2", 53)).flags & verdict_dropped) != 0);
  CHECK(harness.stats().kernel.drop == 1);
  CHECK(harness.stats().kernel.early_drop == 0);
  CHECK(harness.stats().entries == 10);
}

TEST_CASE("a table-size below the count early-drops unassured entries for a new flow") {
  Harness harness(kernel_defaults(64, 1));
  for (std::uint16_t i = 0; i < 10; ++i) harness.send(udp("10.0.0.1", static_cast<std::uint16_t>(1000 + i), "10.0.0.2", 53));
  ConntrackConfig smaller = harness.engine.config();
  smaller.table_size = 4;
  REQUIRE(harness.engine.apply(smaller));
  CHECK(harness.stats().entries == 10);
  CHECK(harness.send(udp("10.0.0.1", 1, "10.0.0.2", 53)).state == CtState::new_flow);
  // One bucket: early drop empties it of every unassured entry, as the kernel's early_drop_list().
  CHECK(harness.stats().kernel.early_drop == 10);
  CHECK(harness.stats().entries == 1);
}

TEST_CASE("new timeouts apply to an entry from its next packet only") {
  Harness harness;
  const PacketSpec query = udp("10.0.0.1", 1000, "10.0.0.2", 53);
  harness.send(query);
  harness.send(reversed(query), millis(10));
  harness.send(query, seconds(3));
  REQUIRE(harness.only_flow().timeout_seconds == 120);
  ConntrackConfig longer = harness.engine.config();
  longer.timeouts.udp_stream = 300;
  longer.timeouts.udp_other = 45;
  REQUIRE(harness.engine.apply(longer));
  harness.advance(seconds(10));
  CHECK(harness.only_flow().timeout_seconds == 110);
  harness.send(query);
  CHECK(harness.only_flow().timeout_seconds == 300);
  // And a new flow gets the new unreplied timeout at once.
  harness.send(udp("10.0.0.1", 1001, "10.0.0.2", 53));
  CHECK(harness.flow_of(udp("10.0.0.1", 1001, "10.0.0.2", 53))->timeout_seconds == 45);
}

TEST_CASE("custom timeout rules: matching new flows take them, entries keep their rule by number") {
  ConntrackConfig config = kernel_defaults();
  config.custom_timeouts_ipv4 = {udp_rule(20, 53, 5)};
  Harness harness(config);
  const PacketSpec dns = udp("10.0.0.1", 1000, "10.0.0.2", 53);
  const PacketSpec ntp = udp("10.0.0.1", 1000, "10.0.0.2", 123);
  harness.send(dns);
  harness.send(ntp);
  CHECK(harness.flow_of(dns)->timeout_seconds == 5);
  CHECK(harness.flow_of(ntp)->timeout_seconds == 30);

  SUBCASE("a rule inserted before it does not move the entry to another rule") {
    ConntrackConfig more = harness.engine.config();
    more.custom_timeouts_ipv4 = {udp_rule(10, 123, 7), udp_rule(20, 53, 5)};
    REQUIRE(harness.engine.apply(more));
    harness.send(dns, seconds(1));
    harness.send(ntp);
    CHECK(harness.flow_of(dns)->timeout_seconds == 5);
    CHECK(harness.flow_of(ntp)->timeout_seconds == 30);  // an existing flow keeps the global policy
  }
  SUBCASE("the rule removed: the entry falls back to the global timeouts at its next packet") {
    ConntrackConfig none = harness.engine.config();
    none.custom_timeouts_ipv4.clear();
    REQUIRE(harness.engine.apply(none));
    harness.advance(seconds(1));
    CHECK(harness.flow_of(dns)->timeout_seconds == 4);
    harness.send(dns);
    CHECK(harness.flow_of(dns)->timeout_seconds == 30);
  }
}

TEST_CASE("flow accounting switched on: views carry counters, counting packets and IP bytes from then on") {
  Harness harness;
  const PacketSpec query = udp("10.0.0.1", 1000, "10.0.0.2", 53);
  harness.send(query);
  CHECK_FALSE(harness.only_flow().counters.has_value());
  ConntrackConfig accounting = harness.engine.config();
  accounting.flow_accounting = true;
  REQUIRE(harness.engine.apply(accounting));
  REQUIRE(harness.only_flow().counters.has_value());
  harness.send(query);
  harness.send(reversed(query));
  harness.send(reversed(query));
  const auto counters = *harness.only_flow().counters;
  CHECK(counters[0].packets == 1);
  CHECK(counters[0].bytes == 28);  // IP header 20 + UDP header 8
  CHECK(counters[1].packets == 2);
  CHECK(counters[1].bytes == 56);
  harness.send(udp("10.0.0.1", 1001, "10.0.0.2", 53));
  CHECK((*harness.flow_of(udp("10.0.0.1", 1001, "10.0.0.2", 53))->counters)[0].packets == 1);
}

TEST_CASE("an apply that fails changes nothing: configuration, entries and timeouts stay") {
  Harness harness;
  const PacketSpec query = udp("10.0.0.1", 1000, "10.0.0.2", 53);
  harness.send(query);
  const ConntrackConfig running = harness.engine.config();
  const std::vector<FlowView> before = harness.flows();
  ConntrackConfig impossible = running;
  impossible.timeouts.udp_other = 99;
  impossible.table_size = 8192;
  impossible.custom_timeouts_ipv4.assign(0xffff, udp_rule(1, 53, 5));
  const auto applied = harness.engine.apply(impossible);
  REQUIRE_FALSE(applied);
  CHECK_FALSE(applied.error().empty());
  CHECK(harness.engine.config() == running);
  CHECK(harness.stats().table_size == running.table_size);
  check_same_views(before, harness.flows());
  harness.send(query, seconds(1));
  CHECK(harness.only_flow().timeout_seconds == 30);
  harness.send(udp("10.0.0.1", 1001, "10.0.0.2", 53));
  CHECK(harness.flow_of(udp("10.0.0.1", 1001, "10.0.0.2", 53))->timeout_seconds == 30);
}
