// Events through the public API (kernel §7.3): NEW at confirmation, UPDATE on the first reply, on
// ASSURED and on a TCP state change, DESTROY whatever removes the entry; unsubscribe; engine-clock times.
#include <doctest/doctest.h>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

PacketSpec query() { return udp("10.0.0.1", 33076, "10.0.0.2", 5300); }

}  // namespace

TEST_CASE("UDP events: NEW unreplied 30, UPDATE on the first reply 30, UPDATE ASSURED 120 after 2 s") {
  Harness harness;
  REQUIRE(harness.send(query()).state == CtState::new_flow);
  REQUIRE(harness.send(reversed(query()), millis(1)).state == CtState::established);
  REQUIRE(harness.send(query(), millis(100)).state == CtState::established);
  CHECK(harness.events.size() == 2);  // a packet that changes nothing reports nothing
  REQUIRE(harness.send(query(), millis(2200)).state == CtState::established);

  REQUIRE(harness.events.size() == 3);
  const FlowEvent& created = harness.events[0];
  CHECK(created.type == FlowEventType::new_flow);
  CHECK(created.flow.timeout_seconds == 30);
  CHECK((created.flow.status & status_seen_reply) == 0);
  CHECK((created.flow.status & status_confirmed) != 0);
  const FlowEvent& replied = harness.events[1];
  CHECK(replied.type == FlowEventType::update);
  CHECK(replied.flow.timeout_seconds == 30);
  CHECK((replied.flow.status & status_seen_reply) != 0);
  CHECK((replied.flow.status & status_assured) == 0);
  const FlowEvent& assured = harness.events[2];
  CHECK(assured.type == FlowEventType::update);
  CHECK(assured.flow.timeout_seconds == 120);
  CHECK((assured.flow.status & status_assured) != 0);
  for (const FlowEvent& e : harness.events) CHECK(e.flow.id == created.flow.id);
}

TEST_CASE("TCP events: every state change is an UPDATE with the new state and its timeout") {
  Harness harness;
  TcpPeers tcp(make_spec(6, "10.0.0.1", 55618, "10.0.0.2", 8080));
  tcp.handshake(harness);
  REQUIRE(harness.send(tcp.client(tcp_ack)).state == CtState::established);
  REQUIRE(harness.events.size() == 3);
  CHECK(harness.events[0].type == FlowEventType::new_flow);
  CHECK(harness.events[0].flow.state == "SYN_SENT");
  CHECK(harness.events[0].flow.timeout_seconds == 120);
  CHECK(harness.events[1].type == FlowEventType::update);
  CHECK(harness.events[1].flow.state == "SYN_RECV");
  CHECK(harness.events[1].flow.timeout_seconds == 60);
  CHECK(harness.events[2].type == FlowEventType::update);
  CHECK(harness.events[2].flow.state == "ESTABLISHED");
  CHECK(harness.events[2].flow.timeout_seconds == 432000);
  CHECK((harness.events[2].flow.status & status_assured) != 0);
}

TEST_CASE("an event's time is the engine clock: the frame's time, or the clock advance() reached") {
  Harness harness;
  REQUIRE(harness.send(query(), seconds(3)).state == CtState::new_flow);
  CHECK(harness.events.back().time_ns == harness.now_ns);
  REQUIRE(harness.send(reversed(query()), millis(1234)).state == CtState::established);
  CHECK(harness.events.back().time_ns == harness.now_ns);
  harness.advance(seconds(40));
  CHECK(harness.events.back().type == FlowEventType::destroy);
  CHECK(harness.events.back().time_ns == *harness.engine.clock_ns());
  CHECK(harness.events.back().time_ns == harness.now_ns);
}

TEST_CASE("DESTROY is reported for expiry, erase, early drop and clear") {
  SUBCASE("expiry") {
    Harness harness;
    harness.send(query());
    harness.advance(seconds(30));
    CHECK(harness.events.back().type == FlowEventType::destroy);
  }
  SUBCASE("erase") {
    Harness harness;
    harness.send(query());
    CHECK(harness.engine.erase({}) == 1);
    CHECK(harness.events.back().type == FlowEventType::destroy);
    CHECK(harness.stats().expired == 0);
  }
  SUBCASE("early drop") {
    Harness harness(kernel_defaults(1, 1));
    harness.send(query());
    CHECK(harness.send(udp("10.0.0.7", 1, "10.0.0.8", 2)).state == CtState::new_flow);
    REQUIRE(harness.events.size() == 3);
    CHECK(harness.events[1].type == FlowEventType::destroy);
    CHECK(harness.events[1].flow.original.sport == 33076);
    CHECK(harness.events[2].type == FlowEventType::new_flow);
  }
  SUBCASE("clear") {
    Harness harness;
    harness.send(query());
    harness.send(udp("10.0.0.7", 1, "10.0.0.8", 2));
    harness.engine.clear();
    CHECK(harness.count_events(FlowEventType::destroy) == 2);
  }
  SUBCASE("a TCP reset answering the SYN") {
    Harness harness;
    TcpPeers tcp(make_spec(6, "10.0.0.1", 55618, "10.0.0.2", 8080));
    harness.send(tcp.client(tcp_syn));
    harness.send(tcp.server(tcp_rst | tcp_ack));
    REQUIRE(harness.events.size() == 2);
    CHECK(harness.events.back().type == FlowEventType::destroy);
    CHECK(harness.flows().empty());
  }
}

TEST_CASE("a reset of an established connection is an UPDATE to CLOSE, the entry stays 10 s") {
  Harness harness;
  TcpPeers tcp(make_spec(6, "10.0.0.1", 55618, "10.0.0.2", 8080));
  tcp.handshake(harness);
  harness.send(tcp.client(tcp_rst | tcp_ack));
  CHECK(harness.events.back().type == FlowEventType::update);
  CHECK(harness.events.back().flow.state == "CLOSE");
  CHECK(harness.only_flow().timeout_seconds == 10);
  harness.advance(seconds(10));
  CHECK(harness.events.back().type == FlowEventType::destroy);
}

TEST_CASE("unsubscribe stops one subscriber's events, the others keep theirs") {
  Harness harness;
  std::size_t second_seen = 0;
  const Engine::SubscriptionId second = harness.engine.subscribe([&](const FlowEvent&) { ++second_seen; });
  CHECK(second != harness.subscription);
  harness.send(query());
  CHECK(second_seen == 1);
  harness.engine.unsubscribe(second);
  harness.send(reversed(query()));
  CHECK(second_seen == 1);
  CHECK(harness.events.size() == 2);
  harness.engine.unsubscribe(harness.subscription);
  harness.advance(seconds(30));
  CHECK(harness.events.size() == 2);
  CHECK(harness.stats().expired == 1);
}
