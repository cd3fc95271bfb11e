// Engine expiry through the public API: an entry whose timeout passed is gone at once (views, lookups,
// counters, DESTROY event), reaping costs O(expired), and timeouts show truncated like the kernel's.
#include <doctest/doctest.h>

#include <chrono>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

PacketSpec dns_query() { return make_spec(17, "10.0.0.1", 40000, "10.0.0.2", 53); }

// A TCP connection 10.0.0.1:40000 -> 10.0.0.2:80 taken through its handshake (ESTABLISHED, ASSURED).
TcpPeers established_tcp(Harness& driver) {
  TcpPeers tcp(make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 80));
  tcp.handshake(driver);
  return tcp;
}

}  // namespace

TEST_CASE("an unreplied UDP entry is gone from the views the moment its 30 s pass, counted as expired") {
  Harness driver;
  REQUIRE(driver.send(dns_query()).state == CtState::new_flow);
  const std::uint32_t id = driver.only_flow().id;
  driver.advance(seconds(29));
  CHECK(driver.only_flow().timeout_seconds == 1);
  driver.advance(seconds(1) - one_tick);
  CHECK(driver.only_flow().timeout_seconds == 0);
  driver.advance(one_tick);
  CHECK(driver.flows().empty());
  const EngineStats stats = driver.stats();
  CHECK(stats.entries == 0);
  CHECK(stats.expired == 1);
  CHECK(stats.destroyed == 1);
  REQUIRE(driver.events.size() == 2);
  CHECK(driver.events.back().type == FlowEventType::destroy);
  CHECK(driver.events.back().flow.id == id);
  CHECK(driver.events.back().time_ns == *driver.engine.clock_ns());
}

TEST_CASE("the next packet of an expired tuple is NEW and creates a new entry with a new id") {
  Harness driver;
  REQUIRE(driver.send(dns_query()).state == CtState::new_flow);
  const std::uint32_t first_id = driver.only_flow().id;
  CHECK(driver.send(dns_query(), seconds(30)).state == CtState::new_flow);
  const FlowView second = driver.only_flow();
  CHECK(second.id != first_id);
  CHECK(second.timeout_seconds == 30);
  CHECK((second.status & status_seen_reply) == 0);
  const EngineStats stats = driver.stats();
  CHECK(stats.new_flows == 2);
  CHECK(stats.expired == 1);
  CHECK(stats.entries == 1);
  REQUIRE(driver.events.size() == 3);
  CHECK(driver.events[1].type == FlowEventType::destroy);
  CHECK(driver.events[2].type == FlowEventType::new_flow);
}

TEST_CASE("a reply arriving after the entry expired is a new flow of its own, not ESTABLISHED") {
  Harness driver;
  REQUIRE(driver.send(dns_query()).state == CtState::new_flow);
  const PacketVerdict late_reply = driver.send(reversed(dns_query()), seconds(31));
  CHECK(late_reply.state == CtState::new_flow);
  CHECK((late_reply.flags & verdict_reply) == 0);
  CHECK(driver.only_flow().original.sport == 53);
}

TEST_CASE("a packet before the timeout pushes the deadline on: the entry outlives its first deadline") {
  Harness driver;
  REQUIRE(driver.send(dns_query()).state == CtState::new_flow);
  REQUIRE(driver.send(dns_query(), seconds(20)).state == CtState::new_flow);
  driver.advance(seconds(20));
  CHECK(driver.only_flow().timeout_seconds == 10);
  driver.advance(seconds(10));
  CHECK(driver.flows().empty());
  CHECK(driver.stats().expired == 1);
}

TEST_CASE("a shorter timeout after a state change takes effect: TIME_WAIT goes after 120 s, not 5 days") {
  Harness driver;
  TcpPeers tcp = established_tcp(driver);
  REQUIRE(driver.send(tcp.client(tcp_fin | tcp_ack)).state == CtState::established);
  REQUIRE(driver.send(tcp.server(tcp_ack)).state == CtState::established);
  REQUIRE(driver.send(tcp.server(tcp_fin | tcp_ack)).state == CtState::established);
  REQUIRE(driver.send(tcp.client(tcp_ack)).state == CtState::established);
  CHECK(driver.only_flow().state == "TIME_WAIT");
  CHECK(driver.only_flow().timeout_seconds == 120);
  driver.advance(seconds(120));
  CHECK(driver.flows().empty());
  CHECK(driver.stats().expired == 1);
}

TEST_CASE("timeouts show truncated: 431999 one tick after an ESTABLISHED refresh") {
  Harness driver;
  TcpPeers tcp = established_tcp(driver);
  CHECK(driver.only_flow().timeout_seconds == 432000);
  driver.advance(seconds(100));
  REQUIRE(driver.send(tcp.client(tcp_ack)).state == CtState::established);
  CHECK(driver.only_flow().timeout_seconds == 432000);
  driver.advance(one_tick);
  CHECK(driver.only_flow().timeout_seconds == 431999);
}

TEST_CASE("data the peer has not acknowledged caps the timeout at the 300 s unack timeout") {
  Harness driver;
  TcpPeers tcp = established_tcp(driver);
  REQUIRE(driver.send(tcp.client(tcp_ack | tcp_psh, "0123456789")).state == CtState::established);
  CHECK(driver.only_flow().timeout_seconds == 300);
  REQUIRE(driver.send(tcp.server(tcp_ack)).state == CtState::established);
  CHECK(driver.only_flow().timeout_seconds == 432000);
}

TEST_CASE("hours of idle time in one-second steps reap 100k entries, and only the expired ones cost") {
  constexpr std::uint32_t flow_count = 100'000;
  Harness driver(kernel_defaults(131072, 32768));
  // One long-lived entry that must survive every step.
  established_tcp(driver);
  std::vector<std::vector<std::uint8_t>> bytes;
  bytes.reserve(flow_count);
  for (std::uint32_t i = 0; i < flow_count; ++i) {
    PacketSpec spec = make_spec(17, "10.1.0.0", static_cast<std::uint16_t>(1024 + i % 50000), "10.2.0.1", 53);
    spec.src.bytes[2] = static_cast<std::uint8_t>(i / 50000);
    bytes.push_back(build_frame(spec));
  }
  std::vector<Frame> frames;
  for (const auto& frame : bytes) {
    frames.push_back(Frame{frame.data(), static_cast<std::uint32_t>(frame.size()), driver.now_ns});
  }
  std::vector<PacketVerdict> verdicts(frames.size());
  driver.engine.process(frames, verdicts);
  REQUIRE(driver.stats().entries == flow_count + 1);

  const auto started = std::chrono::steady_clock::now();
  for (int step = 0; step < 3 * 3600; ++step) driver.advance(seconds(1));
  const auto elapsed = std::chrono::steady_clock::now() - started;

  const EngineStats stats = driver.stats();
  CHECK(stats.entries == 1);
  CHECK(stats.expired == flow_count);
  CHECK(stats.destroyed == flow_count);
  CHECK(driver.only_flow().state == "ESTABLISHED");
  CHECK(driver.only_flow().timeout_seconds == 432000 - 3 * 3600);
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 2000);
}
