// TCP through the whole engine (parser, tracker, table, events): the handshake, data, both closes,
// RST, re-open from TIME_WAIT, loose pickup, window and flag checks, SYN retransmission, compared
// with the kernel's observed behaviour (reference §2).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

PacketSpec client_spec() { return make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 80); }

// Handshake on `driver`, checking the per-packet ct state (NEW, ESTABLISHED, ESTABLISHED).
void handshake(Harness& driver, TcpPeers& tcp) {
  CHECK(driver.send(tcp.client(tcp_syn)).state == CtState::new_flow);
  CHECK(driver.send(tcp.server(tcp_syn | tcp_ack), millis(1)).state == CtState::established);
  CHECK(driver.send(tcp.client(tcp_ack), millis(1)).state == CtState::established);
}

struct EventLine {
  FlowEventType type;
  std::string state;
  std::uint32_t timeout;
  bool assured;
  bool operator==(const EventLine&) const = default;
};

std::vector<EventLine> event_lines(const std::vector<FlowEvent>& events) {
  std::vector<EventLine> out;
  for (const FlowEvent& e : events) {
    out.push_back({e.type, std::string(e.flow.state), e.flow.timeout_seconds, (e.flow.status & status_assured) != 0});
  }
  return out;
}

}  // namespace

TEST_CASE("a TCP handshake goes SYN_SENT 120, SYN_RECV 60, ESTABLISHED 432000 and is ASSURED on the final ACK") {
  Harness driver;
  TcpPeers tcp(client_spec());
  CHECK(driver.send(tcp.client(tcp_syn)).state == CtState::new_flow);
  FlowView flow = driver.only_flow();
  CHECK(flow.state == "SYN_SENT");
  CHECK(flow.timeout_seconds == 120);
  CHECK(flow.status == status_confirmed);

  const PacketVerdict synack = driver.send(tcp.server(tcp_syn | tcp_ack), millis(1));
  CHECK(synack.state == CtState::established);
  CHECK((synack.flags & verdict_reply) != 0);
  flow = driver.only_flow();
  CHECK(flow.state == "SYN_RECV");
  CHECK(flow.timeout_seconds == 60);
  CHECK(flow.status == (status_confirmed | status_seen_reply));

  const PacketVerdict ack = driver.send(tcp.client(tcp_ack), millis(1));
  CHECK(ack.state == CtState::established);
  CHECK((ack.flags & verdict_reply) == 0);
  flow = driver.only_flow();
  CHECK(flow.state == "ESTABLISHED");
  CHECK(flow.timeout_seconds == 432000);
  CHECK(flow.status == (status_confirmed | status_seen_reply | status_assured));
  CHECK(flow.reply.src == flow.original.dst);
  CHECK(flow.reply.sport == 80);
  CHECK(flow.reply.dport == 40000);
}

TEST_CASE("data both ways keeps a TCP connection ESTABLISHED at 432000 s") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  driver.advance(seconds(100));
  CHECK(driver.only_flow().timeout_seconds == 431900);
  CHECK(driver.send(tcp.client(tcp_ack | tcp_psh, 500)).state == CtState::established);
  CHECK(driver.send(tcp.server(tcp_ack | tcp_psh, 1000), millis(1)).state == CtState::established);
  CHECK(driver.send(tcp.client(tcp_ack), millis(1)).state == CtState::established);
  const FlowView flow = driver.only_flow();
  CHECK(flow.state == "ESTABLISHED");
  CHECK(flow.timeout_seconds == 432000);
}

TEST_CASE("a client-initiated close goes FIN_WAIT 120, CLOSE_WAIT 60, LAST_ACK 30, TIME_WAIT 120") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  CHECK(driver.send(tcp.client(tcp_fin | tcp_ack), millis(1)).state == CtState::established);
  CHECK(driver.only_flow().state == "FIN_WAIT");
  CHECK(driver.only_flow().timeout_seconds == 120);
  CHECK(driver.send(tcp.server(tcp_ack), millis(1)).state == CtState::established);
  CHECK(driver.only_flow().state == "CLOSE_WAIT");
  CHECK(driver.only_flow().timeout_seconds == 60);
  CHECK(driver.send(tcp.server(tcp_fin | tcp_ack), millis(1)).state == CtState::established);
  CHECK(driver.only_flow().state == "LAST_ACK");
  CHECK(driver.only_flow().timeout_seconds == 30);
  CHECK(driver.send(tcp.client(tcp_ack), millis(1)).state == CtState::established);
  CHECK(driver.only_flow().state == "TIME_WAIT");
  CHECK(driver.only_flow().timeout_seconds == 120);
  CHECK((driver.only_flow().status & status_assured) != 0);
}

TEST_CASE("a server-initiated close walks the same states from the other side") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  driver.send(tcp.server(tcp_fin | tcp_ack), millis(1));
  CHECK(driver.only_flow().state == "FIN_WAIT");
  driver.send(tcp.client(tcp_ack), millis(1));
  CHECK(driver.only_flow().state == "CLOSE_WAIT");
  driver.send(tcp.client(tcp_fin | tcp_ack), millis(1));
  CHECK(driver.only_flow().state == "LAST_ACK");
  driver.send(tcp.server(tcp_ack), millis(1));
  CHECK(driver.only_flow().state == "TIME_WAIT");
  driver.advance(seconds(120));
  CHECK(driver.flows().empty());
  CHECK(driver.stats().expired == 1);
}

TEST_CASE("a TCP connect and close emits the kernel's NEW and six UPDATE events with their states") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  driver.send(tcp.client(tcp_fin | tcp_ack), millis(1));
  driver.send(tcp.server(tcp_ack), millis(1));
  driver.send(tcp.server(tcp_fin | tcp_ack), millis(1));
  driver.send(tcp.client(tcp_ack), millis(1));
  const std::vector<EventLine> expected{
      {FlowEventType::new_flow, "SYN_SENT", 120, false}, {FlowEventType::update, "SYN_RECV", 60, false},
      {FlowEventType::update, "ESTABLISHED", 432000, true}, {FlowEventType::update, "FIN_WAIT", 120, true},
      {FlowEventType::update, "CLOSE_WAIT", 60, true},    {FlowEventType::update, "LAST_ACK", 30, true},
      {FlowEventType::update, "TIME_WAIT", 120, true},
  };
  CHECK(event_lines(driver.events) == expected);
  CHECK((driver.events[0].flow.status & status_seen_reply) == 0);
  CHECK((driver.events[1].flow.status & status_seen_reply) != 0);
  CHECK(driver.events[0].time_ns == Harness::start_ns);
}

TEST_CASE("an RST answering a SYN destroys the entry at once with a DESTROY event in CLOSE") {
  Harness driver;
  TcpPeers tcp(client_spec());
  driver.send(tcp.client(tcp_syn));
  const PacketVerdict rst = driver.send(tcp.server(tcp_rst | tcp_ack), millis(1));
  CHECK(rst.state == CtState::established);
  CHECK(driver.flows().empty());
  REQUIRE(driver.events.size() == 2);
  CHECK(driver.events[1].type == FlowEventType::destroy);
  CHECK(driver.events[1].flow.state == "CLOSE");
  CHECK((driver.events[1].flow.status & status_seen_reply) == 0);
  CHECK(driver.stats().destroyed == 1);
  CHECK(driver.stats().expired == 0);
}

TEST_CASE("an RST from the client before any reply destroys the entry too") {
  Harness driver;
  TcpPeers tcp(client_spec());
  driver.send(tcp.client(tcp_syn));
  CHECK(driver.send(tcp.client(tcp_rst), millis(1)).state == CtState::new_flow);
  CHECK(driver.flows().empty());
  CHECK(driver.stats().destroyed == 1);
}

TEST_CASE("an RST on an established connection moves it to CLOSE with 10 s") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  CHECK(driver.send(tcp.client(tcp_rst | tcp_ack), millis(1)).state == CtState::established);
  CHECK(driver.only_flow().state == "CLOSE");
  CHECK(driver.only_flow().timeout_seconds == 10);
}

TEST_CASE("a new SYN on a TIME_WAIT connection destroys the old entry and creates a new one") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  driver.send(tcp.client(tcp_fin | tcp_ack), millis(1));
  driver.send(tcp.server(tcp_fin | tcp_ack), millis(1));
  driver.send(tcp.client(tcp_ack), millis(1));
  REQUIRE(driver.only_flow().state == "TIME_WAIT");
  const std::uint32_t old_id = driver.only_flow().id;
  driver.events.clear();

  TcpPeers again(client_spec(), 900000, 700000);
  CHECK(driver.send(again.client(tcp_syn), seconds(1)).state == CtState::new_flow);
  const FlowView flow = driver.only_flow();
  CHECK(flow.state == "SYN_SENT");
  CHECK(flow.id != old_id);
  CHECK(flow.status == status_confirmed);
  REQUIRE(driver.events.size() == 2);
  CHECK(driver.events[0].type == FlowEventType::destroy);
  CHECK(driver.events[0].flow.id == old_id);
  CHECK(driver.events[1].type == FlowEventType::new_flow);
  CHECK(driver.stats().new_flows == 2);
  CHECK(driver.stats().destroyed == 1);
}

// The tracker runs before the core sets SEEN_REPLY (nf_conntrack_in()), so the first reply still
// gets the unreplied cap and ASSURED comes with the packet after it.
TEST_CASE("a mid-stream ACK is picked up as ESTABLISHED (loose) and ASSURED by the packet after the first reply") {
  Harness driver;
  TcpPeers tcp(client_spec());
  CHECK(driver.send(tcp.client(tcp_ack, 100)).state == CtState::new_flow);
  FlowView flow = driver.only_flow();
  CHECK(flow.state == "ESTABLISHED");
  CHECK(flow.timeout_seconds == 300);  // capped at UNACK while no reply is seen
  CHECK((flow.status & status_seen_reply) == 0);
  CHECK(driver.send(tcp.server(tcp_ack), millis(1)).state == CtState::established);
  flow = driver.only_flow();
  CHECK(flow.status == (status_confirmed | status_seen_reply));
  CHECK(flow.timeout_seconds == 300);
  CHECK(driver.send(tcp.client(tcp_ack), millis(1)).state == CtState::established);
  flow = driver.only_flow();
  CHECK((flow.status & status_assured) != 0);
  CHECK(flow.timeout_seconds == 432000);
}

TEST_CASE("without tcp.loose a mid-stream ACK is INVALID and creates nothing") {
  ConntrackConfig config = kernel_defaults();
  config.tcp.loose = false;
  Harness driver(config);
  TcpPeers tcp(client_spec());
  CHECK(driver.send(tcp.client(tcp_ack, 100)).state == CtState::invalid);
  CHECK(driver.flows().empty());
  CHECK(driver.stats().kernel.invalid == 1);
  CHECK(driver.events.empty());
}

TEST_CASE("a segment far outside the window is INVALID and leaves the state and timeout alone") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  driver.send(tcp.client(tcp_fin | tcp_ack), millis(1));
  driver.advance(seconds(5));
  REQUIRE(driver.only_flow().state == "FIN_WAIT");
  const std::uint32_t before = driver.only_flow().timeout_seconds;
  PacketSpec wild = tcp.server(tcp_ack);
  wild.seq += 0x40000000;
  CHECK(driver.send(wild).state == CtState::invalid);
  CHECK(driver.only_flow().state == "FIN_WAIT");
  CHECK(driver.only_flow().timeout_seconds == before);
  CHECK(driver.stats().kernel.invalid == 1);
}

TEST_CASE("a bare FIN is INVALID, new or on an established connection") {
  Harness driver;
  TcpPeers stray(make_spec(6, "10.0.0.9", 1234, "10.0.0.2", 80));
  CHECK(driver.send(stray.client(tcp_fin)).state == CtState::invalid);
  CHECK(driver.flows().empty());
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  CHECK(driver.send(tcp.client(tcp_fin), millis(1)).state == CtState::invalid);
  CHECK(driver.only_flow().state == "ESTABLISHED");
  CHECK(driver.stats().kernel.invalid == 2);
}

TEST_CASE("a SYN retransmitted in SYN_SENT is NEW but does not refresh the timeout") {
  Harness driver;
  TcpPeers tcp(client_spec());
  const PacketSpec syn = tcp.client(tcp_syn);
  driver.send(syn);
  driver.send(syn, seconds(10));
  CHECK(driver.only_flow().timeout_seconds == 110);
  driver.advance(seconds(10));
  CHECK(driver.send(syn).state == CtState::new_flow);
  CHECK(driver.only_flow().timeout_seconds == 100);
  CHECK(driver.only_flow().state == "SYN_SENT");
  CHECK(driver.events.size() == 1);
}

TEST_CASE("a SYN/ACK retransmitted in SYN_RECV is ignored: ESTABLISHED packet, state kept") {
  Harness driver;
  TcpPeers tcp(client_spec());
  driver.send(tcp.client(tcp_syn));
  const PacketSpec synack = tcp.server(tcp_syn | tcp_ack);
  driver.send(synack, millis(1));
  driver.advance(seconds(1));
  CHECK(driver.send(synack).state == CtState::established);
  CHECK(driver.only_flow().state == "SYN_RECV");
  CHECK(driver.only_flow().timeout_seconds == 59);  // ignored packets do not refresh
}

TEST_CASE("a SYN on an established connection is ignored and changes nothing") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  driver.advance(seconds(10));
  TcpPeers other_isn(client_spec(), 123456, 0);
  CHECK(driver.send(other_isn.client(tcp_syn)).state == CtState::established);
  CHECK(driver.only_flow().state == "ESTABLISHED");
  CHECK(driver.only_flow().timeout_seconds == 431990);
  CHECK(driver.stats().new_flows == 1);
}

TEST_CASE("a FIN in SYN_SENT and a segment with no flags are INVALID") {
  Harness driver;
  TcpPeers tcp(client_spec());
  driver.send(tcp.client(tcp_syn));
  CHECK(driver.send(tcp.client(tcp_fin | tcp_ack), millis(1)).state == CtState::invalid);
  CHECK(driver.send(tcp.client(0), millis(1)).state == CtState::invalid);
  CHECK(driver.send(tcp.client(tcp_syn | tcp_fin), millis(1)).state == CtState::invalid);
  CHECK(driver.only_flow().state == "SYN_SENT");
  CHECK(driver.stats().kernel.invalid == 3);
}

TEST_CASE("a SYN/ACK acknowledging data never sent is INVALID and the connection stays SYN_SENT") {
  Harness driver;
  TcpPeers tcp(client_spec());
  driver.send(tcp.client(tcp_syn));
  PacketSpec bad = tcp.server(tcp_syn | tcp_ack);
  bad.ack += 100000;
  CHECK(driver.send(bad, millis(1)).state == CtState::invalid);
  const FlowView flow = driver.only_flow();
  CHECK(flow.state == "SYN_SENT");
  CHECK((flow.status & status_seen_reply) == 0);
  CHECK(driver.stats().kernel.invalid == 1);
}

TEST_CASE("an RST below the peer's highest ACK is INVALID; one in window but not exact keeps ESTABLISHED") {
  Harness driver;
  TcpPeers tcp(client_spec());
  handshake(driver, tcp);
  PacketSpec old_rst = tcp.client(tcp_rst);
  old_rst.seq -= 10;
  CHECK(driver.send(old_rst, millis(1)).state == CtState::invalid);
  CHECK(driver.only_flow().state == "ESTABLISHED");
  PacketSpec inexact_rst = old_rst;
  inexact_rst.seq += 20;
  CHECK(driver.send(inexact_rst, millis(1)).state == CtState::established);
  CHECK(driver.only_flow().state == "ESTABLISHED");
  CHECK(driver.only_flow().timeout_seconds == 10);  // an RST always takes the CLOSE timeout
}
