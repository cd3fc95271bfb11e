// Protocols other than TCP, UDP and ICMP through the whole engine: the generic tracker (600 s, no
// state, never ASSURED), GRE (30 s unreplied, 180 s and ASSURED once replied) and an SCTP association
// up to ESTABLISHED (reference §3.3, §3.4).
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

std::vector<std::uint8_t> be32(std::uint32_t value) {
  return {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
          static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

// One SCTP chunk (type, flags 0, body) padded to 4 bytes.
std::vector<std::uint8_t> chunk(std::uint8_t type, const std::vector<std::uint8_t>& body = {}) {
  const std::size_t length = 4 + body.size();
  std::vector<std::uint8_t> out((length + 3) / 4 * 4, 0);
  out[0] = type;
  out[2] = static_cast<std::uint8_t>(length >> 8);
  out[3] = static_cast<std::uint8_t>(length);
  std::copy(body.begin(), body.end(), out.begin() + 4);
  return out;
}

// INIT / INIT_ACK body: initiate tag, a_rwnd, streams, initial TSN.
std::vector<std::uint8_t> init_body(std::uint32_t tag) {
  std::vector<std::uint8_t> body = be32(tag);
  for (const std::uint32_t word : {65535u, 0x000a000au, 1u}) {
    const std::vector<std::uint8_t> bytes = be32(word);
    body.insert(body.end(), bytes.begin(), bytes.end());
  }
  return body;
}

}  // namespace

TEST_CASE("an unknown protocol gets 600 s, no state, and is never ASSURED") {
  Harness driver;
  const std::vector<std::uint8_t> payload{1, 2, 3, 4, 5, 6, 7, 8};
  PacketSpec spec = make_spec(253, "10.0.0.1", 0, "10.0.0.2", 0);
  spec.payload = payload;
  CHECK(driver.send(spec).state == CtState::new_flow);
  FlowView flow = driver.only_flow();
  CHECK(flow.protocol == 253);
  CHECK(flow.state.empty());
  CHECK(flow.timeout_seconds == 600);
  CHECK(flow.status == status_confirmed);
  driver.advance(millis(4));
  CHECK(driver.only_flow().timeout_seconds == 599);
  CHECK(driver.send(reversed(spec), seconds(5)).state == CtState::established);
  CHECK(driver.send(spec, seconds(5)).state == CtState::established);
  CHECK(driver.send(reversed(spec), seconds(5)).state == CtState::established);
  flow = driver.only_flow();
  CHECK(flow.timeout_seconds == 600);
  CHECK(flow.status == (status_confirmed | status_seen_reply));
}

// Like UDP's, the GRE tracker sees SEEN_REPLY only from the packet after the first reply (the core
// sets it after the tracker ran, as nf_conntrack_in() does).
TEST_CASE("GRE is 30 s until replied, then 180 s and ASSURED") {
  Harness driver;
  const std::vector<std::uint8_t> gre{0x00, 0x00, 0x08, 0x00, 0x45, 0, 0, 0};  // version 0, IPv4 inside
  PacketSpec spec = make_spec(47, "10.0.0.1", 0, "10.0.0.2", 0);
  spec.payload = gre;
  CHECK(driver.send(spec).state == CtState::new_flow);
  CHECK(driver.only_flow().protocol == 47);
  CHECK(driver.only_flow().timeout_seconds == 30);
  CHECK(driver.send(reversed(spec), millis(10)).state == CtState::established);
  CHECK(driver.only_flow().status == (status_confirmed | status_seen_reply));
  CHECK(driver.only_flow().timeout_seconds == 30);
  CHECK(driver.send(spec, millis(10)).state == CtState::established);
  const FlowView flow = driver.only_flow();
  CHECK(flow.timeout_seconds == 180);
  CHECK((flow.status & status_assured) != 0);
}

TEST_CASE("an SCTP association goes CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED 210 s and ASSURED") {
  Harness driver;
  constexpr std::uint32_t client_tag = 0x11111111;
  constexpr std::uint32_t server_tag = 0x22222222;
  PacketSpec client = make_spec(132, "10.0.0.1", 40000, "10.0.0.2", 2905);
  PacketSpec server = reversed(client);

  const std::vector<std::uint8_t> init = chunk(1, init_body(client_tag));
  client.sctp_chunks = init;
  CHECK(driver.send(client).state == CtState::new_flow);
  CHECK(driver.only_flow().state == "CLOSED");
  CHECK(driver.only_flow().timeout_seconds == 10);

  const std::vector<std::uint8_t> init_ack = chunk(2, init_body(server_tag));
  server.sctp_vtag = client_tag;
  server.sctp_chunks = init_ack;
  CHECK(driver.send(server, millis(1)).state == CtState::established);
  CHECK(driver.only_flow().state == "COOKIE_WAIT");
  CHECK(driver.only_flow().timeout_seconds == 3);

  const std::vector<std::uint8_t> cookie_echo = chunk(10, {1, 2, 3, 4});
  client.sctp_vtag = server_tag;
  client.sctp_chunks = cookie_echo;
  CHECK(driver.send(client, millis(1)).state == CtState::established);
  CHECK(driver.only_flow().state == "COOKIE_ECHOED");
  CHECK((driver.only_flow().status & status_assured) == 0);

  const std::vector<std::uint8_t> cookie_ack = chunk(11);
  server.sctp_chunks = cookie_ack;
  CHECK(driver.send(server, millis(1)).state == CtState::established);
  const FlowView flow = driver.only_flow();
  CHECK(flow.state == "ESTABLISHED");
  CHECK(flow.timeout_seconds == 210);
  CHECK((flow.status & status_assured) != 0);
  CHECK(flow.original.dport == 2905);
}

TEST_CASE("an SCTP packet with the wrong verification tag is INVALID") {
  Harness driver;
  PacketSpec client = make_spec(132, "10.0.0.1", 40000, "10.0.0.2", 2905);
  const std::vector<std::uint8_t> init = chunk(1, init_body(0x11111111));
  client.sctp_chunks = init;
  driver.send(client);
  PacketSpec server = reversed(client);
  const std::vector<std::uint8_t> init_ack = chunk(2, init_body(0x22222222));
  server.sctp_vtag = 0x33333333;
  server.sctp_chunks = init_ack;
  CHECK(driver.send(server, millis(1)).state == CtState::invalid);
  CHECK(driver.only_flow().state == "CLOSED");
  CHECK(driver.stats().kernel.invalid == 1);
}
