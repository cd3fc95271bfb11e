// The packet path end to end: IPv6 TCP and UDP, 802.1Q-tagged frames, IPv4 fragments reassembled into
// one tracked packet, and checksum verification (the kernel's nf_conntrack_checksum) on and off.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

constexpr std::size_t ethernet_header = 14;

void put16(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t value) {
  bytes[at] = static_cast<std::uint8_t>(value >> 8);
  bytes[at + 1] = static_cast<std::uint8_t>(value);
}

// The checksum of an IPv4 header (options included), computed here, independently of the engine's code.
void fill_ipv4_header_checksum(std::vector<std::uint8_t>& header) {
  put16(header, 10, 0);
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < header.size(); i += 2) sum += (std::uint32_t{header[i]} << 8) | header[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  put16(header, 10, ~sum & 0xffff);
}

// The Ethernet frame of one fragment of `packet` (an IPv4 packet with a 20-byte header): the L3
// payload bytes [offset, offset + length), with MF set when `more` follow.
std::vector<std::uint8_t> fragment_frame(const std::vector<std::uint8_t>& packet, std::size_t offset,
                                         std::size_t length, bool more) {
  std::vector<std::uint8_t> header(packet.begin(), packet.begin() + 20);
  put16(header, 2, static_cast<std::uint32_t>(20 + length));
  put16(header, 6, static_cast<std::uint32_t>((more ? 0x2000 : 0) | (offset / 8)));
  fill_ipv4_header_checksum(header);
  std::vector<std::uint8_t> frame(ethernet_header + 20 + length, 0);
  frame[12] = 0x08;  // IPv4
  std::copy(header.begin(), header.end(), frame.begin() + ethernet_header);
  const auto payload = packet.begin() + 20 + static_cast<std::ptrdiff_t>(offset);
  std::copy(payload, payload + static_cast<std::ptrdiff_t>(length), frame.begin() + ethernet_header + 20);
  return frame;
}

}  // namespace

TEST_CASE("an IPv6 TCP connection is tracked through its handshake to ESTABLISHED and ASSURED") {
  Harness driver;
  TcpPeers tcp(make_spec(6, "2001:db8::1", 40000, "2001:db8::2", 443));
  CHECK(driver.send(tcp.client(tcp_syn)).state == CtState::new_flow);
  CHECK(driver.send(tcp.server(tcp_syn | tcp_ack), millis(1)).state == CtState::established);
  CHECK(driver.send(tcp.client(tcp_ack), millis(1)).state == CtState::established);
  CHECK(driver.send(tcp.client(tcp_ack | tcp_psh, 200), millis(1)).state == CtState::established);
  CHECK(driver.only_flow().timeout_seconds == 300);  // data not yet acknowledged: UNACK
  CHECK(driver.send(tcp.server(tcp_ack), millis(1)).state == CtState::established);
  const FlowView flow = driver.only_flow();
  CHECK(flow.family == Family::ipv6);
  CHECK(flow.state == "ESTABLISHED");
  CHECK(flow.timeout_seconds == 432000);
  CHECK((flow.status & status_assured) != 0);
  CHECK(flow.original.src == parse_ip("2001:db8::1").value());
  CHECK(flow.reply.src == parse_ip("2001:db8::2").value());
  CHECK(flow.reply.sport == 443);
}

TEST_CASE("an IPv6 UDP flow is NEW then ESTABLISHED and its views carry IPv6 tuples") {
  Harness driver;
  const PacketSpec query = make_spec(17, "2001:db8::1", 5000, "2001:db8::2", 53);
  CHECK(driver.send(query).state == CtState::new_flow);
  CHECK(driver.send(reversed(query), millis(1)).state == CtState::established);
  const FlowView flow = driver.only_flow();
  CHECK(flow.family == Family::ipv6);
  CHECK(flow.original.dst.family == Family::ipv6);
  CHECK(flow.status == (status_confirmed | status_seen_reply));
  FlowFilter ipv4_only;
  ipv4_only.family = Family::ipv4;
  CHECK(driver.flows(ipv4_only).empty());
}

TEST_CASE("802.1Q-tagged frames are tracked like untagged ones and find the same entry") {
  Harness driver;
  PacketSpec tagged = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  tagged.vlan = 100;
  CHECK(driver.send(tagged).state == CtState::new_flow);
  PacketSpec untagged_reply = reversed(tagged);
  untagged_reply.vlan.reset();
  CHECK(driver.send(untagged_reply, millis(1)).state == CtState::established);
  CHECK(driver.stats().entries == 1);
  CHECK(driver.stats().not_ip == 0);
}

TEST_CASE("IPv4 fragments are held, then tracked as one packet when the datagram is complete") {
  Harness driver;
  std::vector<std::uint8_t> payload(100);
  std::iota(payload.begin(), payload.end(), std::uint8_t{0});
  PacketSpec spec = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  spec.payload = payload;
  spec.ip_id = 0x4242;
  const std::vector<std::uint8_t> packet = build_ip_packet(spec);
  REQUIRE(packet.size() == 20 + 8 + 100);
  const std::vector<std::uint8_t> first = fragment_frame(packet, 0, 48, true);
  const std::vector<std::uint8_t> second = fragment_frame(packet, 48, 60, false);

  const PacketVerdict held = driver.send_bytes(first);
  CHECK((held.flags & verdict_skipped) != 0);
  CHECK(driver.flows().empty());
  const PacketVerdict complete = driver.send_bytes(second, millis(1));
  CHECK(complete.state == CtState::new_flow);
  const FlowView flow = driver.only_flow();
  CHECK(flow.original.sport == 5000);
  CHECK(flow.original.dport == 53);
  const EngineStats stats = driver.stats();
  CHECK(stats.packets == 2);
  CHECK(stats.packets_by_state[static_cast<std::size_t>(CtState::new_flow)] == 1);
  CHECK(stats.kernel.invalid == 0);
  CHECK(driver.send(reversed(spec), millis(1)).state == CtState::established);
}

TEST_CASE("fragments arriving last-first are reassembled the same way") {
  Harness driver;
  std::vector<std::uint8_t> payload(64, 0x5a);
  PacketSpec spec = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  spec.payload = payload;
  spec.ip_id = 7;
  const std::vector<std::uint8_t> packet = build_ip_packet(spec);
  CHECK((driver.send_bytes(fragment_frame(packet, 32, 40, false)).flags & verdict_skipped) != 0);
  CHECK(driver.send_bytes(fragment_frame(packet, 0, 32, true), millis(1)).state == CtState::new_flow);
  CHECK(driver.flows().size() == 1);
}

TEST_CASE("an IPv4 header with options is tracked by the transport header after them") {
  Harness driver(kernel_defaults(), EngineOptions{.verify_checksums = true});
  const PacketSpec spec = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  const std::vector<std::uint8_t> plain = build_ip_packet(spec);
  std::vector<std::uint8_t> frame(ethernet_header + plain.size() + 4, 0);
  frame[12] = 0x08;
  std::copy(plain.begin(), plain.begin() + 20, frame.begin() + ethernet_header);
  std::fill_n(frame.begin() + ethernet_header + 20, 4, std::uint8_t{1});  // four NOP options
  std::copy(plain.begin() + 20, plain.end(), frame.begin() + ethernet_header + 24);
  std::vector<std::uint8_t> header(frame.begin() + ethernet_header, frame.begin() + ethernet_header + 24);
  header[0] = 0x46;
  put16(header, 2, static_cast<std::uint32_t>(plain.size() + 4));
  fill_ipv4_header_checksum(header);
  std::copy(header.begin(), header.end(), frame.begin() + ethernet_header);
  CHECK(driver.send_bytes(frame).state == CtState::new_flow);
  REQUIRE(driver.flow_of(spec).has_value());
  CHECK(driver.send(reversed(spec), millis(1)).state == CtState::established);
}

TEST_CASE("with verify_checksums a TCP segment with a bad checksum is INVALID; without, it is tracked") {
  TcpPeers tcp(make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 80));
  std::vector<std::uint8_t> frame = build_frame(tcp.client(tcp_syn));
  frame[ethernet_header + 20 + 16] ^= 0xff;  // the TCP checksum

  Harness verifying(kernel_defaults(), EngineOptions{.verify_checksums = true});
  CHECK(verifying.send_bytes(frame).state == CtState::invalid);
  CHECK(verifying.flows().empty());
  CHECK(verifying.stats().kernel.invalid == 1);

  Harness trusting;
  CHECK(trusting.send_bytes(frame).state == CtState::new_flow);
  CHECK(trusting.flows().size() == 1);
}

TEST_CASE("with verify_checksums a correct TCP checksum is accepted") {
  TcpPeers tcp(make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 80));
  Harness verifying(kernel_defaults(), EngineOptions{.verify_checksums = true});
  CHECK(verifying.send(tcp.client(tcp_syn)).state == CtState::new_flow);
  CHECK(verifying.send(tcp.server(tcp_syn | tcp_ack), millis(1)).state == CtState::established);
}

TEST_CASE("Ethernet padding after the IP packet is ignored: checksums verify and TCP sees no payload") {
  Harness driver(kernel_defaults(), EngineOptions{.verify_checksums = true});
  const auto padded = [](const PacketSpec& spec) {
    std::vector<std::uint8_t> frame = build_frame(spec);
    frame.resize(std::max<std::size_t>(frame.size(), 60), 0);
    return frame;
  };
  const PacketSpec query = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  CHECK(driver.send_bytes(padded(query)).state == CtState::new_flow);
  TcpPeers tcp(make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 80));
  CHECK(driver.send_bytes(padded(tcp.client(tcp_syn)), millis(1)).state == CtState::new_flow);
  CHECK(driver.send_bytes(padded(tcp.server(tcp_syn | tcp_ack)), millis(1)).state == CtState::established);
  CHECK(driver.send_bytes(padded(tcp.client(tcp_ack)), millis(1)).state == CtState::established);
  CHECK(driver.send_bytes(padded(tcp.server(tcp_ack)), millis(1)).state == CtState::established);
  PacketSpec web = make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 80);
  CHECK(driver.flow_of(web)->state == "ESTABLISHED");
  CHECK(driver.flow_of(web)->timeout_seconds == 432000);  // no phantom unacknowledged data
  CHECK(driver.stats().kernel.invalid == 0);
}

TEST_CASE("a frame that carries no IP packet is skipped and counted as not_ip") {
  Harness driver;
  std::vector<std::uint8_t> arp(60, 0);
  arp[12] = 0x08;
  arp[13] = 0x06;
  const PacketVerdict verdict = driver.send_bytes(arp);
  CHECK((verdict.flags & verdict_skipped) != 0);
  CHECK(driver.stats().not_ip == 1);
  CHECK(driver.stats().packets == 1);
  const auto& by_state = driver.stats().packets_by_state;
  CHECK(std::all_of(by_state.begin(), by_state.end(), [](std::uint64_t n) { return n == 0; }));
}
