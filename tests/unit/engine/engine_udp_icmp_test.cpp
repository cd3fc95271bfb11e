// UDP, UDP-Lite, ICMP and ICMPv6 through the whole engine: timeouts, SEEN_REPLY and ASSURED, their
// events, ICMP errors attached as RELATED, and the ICMP types conntrack refuses or leaves untracked
// (reference §3.1, §3.2, §7.3).
#include <doctest/doctest.h>

#include <vector>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

constexpr std::uint64_t tick = millis(4);

PacketSpec dns_query() { return make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53); }

PacketSpec echo(std::string_view src, std::string_view dst, std::uint8_t type, std::uint8_t protocol = 1) {
  PacketSpec spec = make_spec(protocol, src, 0, dst, 0);
  spec.icmp_type = type;
  spec.icmp_id = 7;
  spec.icmp_sequence = 1;
  return spec;
}

// An ICMP error from `from` to `to` quoting `quoted` (its IP header and first 8 bytes of L4).
PacketSpec icmp_error(std::string_view from, std::string_view to, const PacketSpec& quoted,
                      std::vector<std::uint8_t>& quote_storage, std::uint8_t type = 3, std::uint8_t code = 3) {
  quote_storage = build_ip_packet(quoted);
  quote_storage.resize(28);
  PacketSpec spec = make_spec(1, from, 0, to, 0);
  spec.icmp_type = type;
  spec.icmp_code = code;
  spec.icmp_quote = quote_storage;
  return spec;
}

std::size_t by_state(const EngineStats& stats, CtState state) {
  return stats.packets_by_state[static_cast<std::size_t>(state)];
}

}  // namespace

TEST_CASE("a UDP request is NEW and UNREPLIED with 30 s, shown as 29 one tick later") {
  Harness driver;
  CHECK(driver.send(dns_query()).state == CtState::new_flow);
  FlowView flow = driver.only_flow();
  CHECK(flow.timeout_seconds == 30);
  CHECK(flow.status == status_confirmed);
  CHECK(flow.state.empty());
  CHECK(flow.reply.sport == 53);
  CHECK(flow.reply.dport == 5000);
  driver.advance(tick);
  CHECK(driver.only_flow().timeout_seconds == 29);
  CHECK(driver.send(dns_query(), seconds(1)).state == CtState::new_flow);
  CHECK(driver.only_flow().timeout_seconds == 30);
}

TEST_CASE("a UDP reply is ESTABLISHED and keeps 30 s without ASSURED") {
  Harness driver;
  driver.send(dns_query());
  const PacketVerdict reply = driver.send(reversed(dns_query()), millis(100));
  CHECK(reply.state == CtState::established);
  CHECK((reply.flags & verdict_reply) != 0);
  const FlowView flow = driver.only_flow();
  CHECK(flow.timeout_seconds == 30);
  CHECK(flow.status == (status_confirmed | status_seen_reply));
  CHECK(driver.send(dns_query(), millis(100)).state == CtState::established);
  CHECK(driver.only_flow().timeout_seconds == 30);
}

TEST_CASE("a replied UDP flow turns to the stream timeout and ASSURED only after more than 2 s") {
  Harness driver;
  driver.send(dns_query());
  driver.send(reversed(dns_query()), millis(100));
  driver.send(dns_query(), millis(1900));  // exactly 2 s after creation: not yet
  CHECK(driver.only_flow().timeout_seconds == 30);
  CHECK((driver.only_flow().status & status_assured) == 0);
  driver.send(reversed(dns_query()), tick);
  CHECK(driver.only_flow().timeout_seconds == 120);
  CHECK((driver.only_flow().status & status_assured) != 0);
}

TEST_CASE("a UDP flow emits NEW 30 UNREPLIED, UPDATE 30 replied, UPDATE 120 ASSURED") {
  Harness driver;
  driver.send(dns_query());
  driver.send(reversed(dns_query()), millis(10));
  driver.send(dns_query(), millis(2200));
  driver.send(dns_query(), millis(10));  // nothing changes: no event
  REQUIRE(driver.events.size() == 3);
  CHECK(driver.events[0].type == FlowEventType::new_flow);
  CHECK(driver.events[0].flow.timeout_seconds == 30);
  CHECK(driver.events[0].flow.status == status_confirmed);
  CHECK(driver.events[1].type == FlowEventType::update);
  CHECK(driver.events[1].flow.timeout_seconds == 30);
  CHECK(driver.events[1].flow.status == (status_confirmed | status_seen_reply));
  CHECK(driver.events[2].type == FlowEventType::update);
  CHECK(driver.events[2].flow.timeout_seconds == 120);
  CHECK(driver.events[2].flow.status == (status_confirmed | status_seen_reply | status_assured));
}

TEST_CASE("the UDP stream timeout comes from the configuration") {
  ConntrackConfig config = kernel_defaults();
  config.timeouts.udp_stream = 180;
  config.timeouts.udp_other = 20;
  Harness driver(config);
  driver.send(dns_query());
  CHECK(driver.only_flow().timeout_seconds == 20);
  driver.send(reversed(dns_query()), seconds(3));
  driver.send(dns_query(), millis(10));
  CHECK(driver.only_flow().timeout_seconds == 180);
}

TEST_CASE("UDP-Lite shares the UDP timeouts and ASSURED rule") {
  Harness driver;
  const PacketSpec lite = make_spec(136, "10.0.0.1", 6000, "10.0.0.2", 6001);
  CHECK(driver.send(lite).state == CtState::new_flow);
  CHECK(driver.only_flow().protocol == 136);
  CHECK(driver.only_flow().timeout_seconds == 30);
  CHECK(driver.send(reversed(lite), millis(10)).state == CtState::established);
  CHECK(driver.only_flow().timeout_seconds == 30);
  driver.send(lite, seconds(3));
  CHECK(driver.only_flow().timeout_seconds == 120);
  CHECK((driver.only_flow().status & status_assured) != 0);
}

TEST_CASE("an ICMP echo request is NEW, its reply ESTABLISHED, and the entry stays 30 s after the reply") {
  Harness driver;
  CHECK(driver.send(echo("10.0.0.1", "10.0.0.2", 8)).state == CtState::new_flow);
  FlowView flow = driver.only_flow();
  CHECK(flow.protocol == 1);
  CHECK(flow.timeout_seconds == 30);
  CHECK(flow.original.type == 8);
  CHECK(flow.original.id == 7);
  CHECK(flow.reply.type == 0);
  CHECK(flow.reply.id == 7);
  CHECK(flow.original.sport == 0);
  const PacketVerdict reply = driver.send(echo("10.0.0.2", "10.0.0.1", 0), millis(1));
  CHECK(reply.state == CtState::established);
  CHECK((reply.flags & verdict_reply) != 0);
  flow = driver.only_flow();
  CHECK(flow.timeout_seconds == 30);
  CHECK(flow.status == (status_confirmed | status_seen_reply));
  driver.advance(seconds(29));
  CHECK(driver.flows().size() == 1);
  driver.advance(seconds(1));
  CHECK(driver.flows().empty());
}

TEST_CASE("an unsolicited ICMP echo reply is INVALID and creates nothing") {
  Harness driver;
  CHECK(driver.send(echo("10.0.0.2", "10.0.0.1", 0)).state == CtState::invalid);
  CHECK(driver.flows().empty());
  CHECK(driver.stats().kernel.invalid == 1);
  CHECK(driver.stats().new_flows == 0);
}

TEST_CASE("a port unreachable quoting a tracked UDP flow is RELATED and counts nothing") {
  Harness driver;
  driver.send(dns_query());
  std::vector<std::uint8_t> quote;
  const PacketVerdict verdict = driver.send(icmp_error("10.0.0.2", "10.0.0.1", dns_query(), quote), millis(1));
  CHECK(verdict.state == CtState::related);
  CHECK((verdict.flags & verdict_reply) != 0);
  const EngineStats stats = driver.stats();
  CHECK(stats.kernel.error == 0);
  CHECK(stats.kernel.invalid == 0);
  CHECK(stats.new_flows == 1);
  CHECK(stats.entries == 1);
  CHECK(by_state(stats, CtState::related) == 1);
  CHECK(driver.only_flow().status == status_confirmed);  // the error is not a reply of the flow
}

TEST_CASE("an ICMP error quoting no tracked flow is INVALID and counts an error") {
  Harness driver;
  driver.send(dns_query());
  std::vector<std::uint8_t> quote;
  const PacketSpec other = make_spec(17, "10.0.0.1", 5001, "10.0.0.2", 53);
  CHECK(driver.send(icmp_error("10.0.0.2", "10.0.0.1", other, quote), millis(1)).state == CtState::invalid);
  const EngineStats stats = driver.stats();
  CHECK(stats.kernel.error == 1);
  CHECK(stats.kernel.invalid == 0);
  CHECK(stats.entries == 1);
}

TEST_CASE("an ICMP type above 18 is INVALID and counts an error") {
  Harness driver;
  CHECK(driver.send(echo("10.0.0.1", "10.0.0.2", 19)).state == CtState::invalid);
  CHECK(driver.flows().empty());
  CHECK(driver.stats().kernel.error == 1);
}

TEST_CASE("an ICMPv6 echo request is NEW and its reply ESTABLISHED") {
  Harness driver;
  CHECK(driver.send(echo("2001:db8::1", "2001:db8::2", 128, 58)).state == CtState::new_flow);
  FlowView flow = driver.only_flow();
  CHECK(flow.family == Family::ipv6);
  CHECK(flow.protocol == 58);
  CHECK(flow.original.type == 128);
  CHECK(flow.reply.type == 129);
  CHECK(flow.timeout_seconds == 30);
  CHECK(driver.send(echo("2001:db8::2", "2001:db8::1", 129, 58), millis(1)).state == CtState::established);
  CHECK((driver.only_flow().status & status_seen_reply) != 0);
}

TEST_CASE("an ICMPv6 neighbour solicitation is UNTRACKED and creates no entry") {
  Harness driver;
  CHECK(driver.send(echo("2001:db8::1", "ff02::1:ff00:2", 135, 58)).state == CtState::untracked);
  CHECK(driver.flows().empty());
  CHECK(by_state(driver.stats(), CtState::untracked) == 1);
  CHECK(driver.stats().kernel.invalid == 0);
  CHECK(driver.stats().kernel.error == 0);
}

TEST_CASE("a time exceeded from a router on the path is RELATED: only the outer destination must match") {
  Harness driver;
  driver.send(dns_query());
  std::vector<std::uint8_t> quote;
  CHECK(driver.send(icmp_error("10.0.0.254", "10.0.0.1", dns_query(), quote, 11, 0), millis(1)).state ==
        CtState::related);
  CHECK(driver.stats().kernel.error == 0);
}

TEST_CASE("an ICMP error whose outer destination is not the flow's endpoint is INVALID") {
  Harness driver;
  driver.send(dns_query());
  std::vector<std::uint8_t> quote;
  CHECK(driver.send(icmp_error("10.0.0.2", "10.0.0.9", dns_query(), quote), millis(1)).state == CtState::invalid);
  CHECK(driver.stats().kernel.error == 1);
}

TEST_CASE("a host unreachable quoting a tracked echo request is RELATED") {
  Harness driver;
  const PacketSpec request = echo("10.0.0.1", "10.0.0.2", 8);
  driver.send(request);
  std::vector<std::uint8_t> quote;
  CHECK(driver.send(icmp_error("10.0.0.254", "10.0.0.1", request, quote, 3, 1), millis(1)).state ==
        CtState::related);
  CHECK(driver.stats().kernel.error == 0);
  CHECK(driver.flows().size() == 1);
}

TEST_CASE("an ICMPv6 packet too big quoting a tracked IPv6 UDP flow is RELATED") {
  Harness driver;
  const PacketSpec query = make_spec(17, "2001:db8::1", 5000, "2001:db8::2", 53);
  driver.send(query);
  std::vector<std::uint8_t> quote = build_ip_packet(query);
  quote.resize(48);
  PacketSpec too_big = make_spec(58, "2001:db8::fe", 0, "2001:db8::1", 0);
  too_big.icmp_type = 2;
  too_big.icmp_quote = quote;
  CHECK(driver.send(too_big, millis(1)).state == CtState::related);
  CHECK(driver.stats().kernel.error == 0);
  const PacketSpec unknown = make_spec(17, "2001:db8::1", 5001, "2001:db8::2", 53);
  std::vector<std::uint8_t> other_quote = build_ip_packet(unknown);
  other_quote.resize(48);
  too_big.icmp_quote = other_quote;
  CHECK(driver.send(too_big, millis(1)).state == CtState::invalid);
  CHECK(driver.stats().kernel.error == 1);
}
