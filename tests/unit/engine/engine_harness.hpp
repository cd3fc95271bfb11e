// Test support for the engine behaviour tests: an Engine driven by its own clock (send a PacketSpec or
// raw frame `dt` after the previous one, idle with advance), the events it reported, its views as
// vectors, and a TCP conversation that keeps sequence numbers right.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/packet_builder.hpp"
#include "test_config.hpp"

namespace ctsh::engine::test {

constexpr std::uint64_t seconds(std::uint64_t s) { return s * 1'000'000'000ull; }
constexpr std::uint64_t millis(std::uint64_t ms) { return ms * 1'000'000ull; }
constexpr std::uint64_t one_tick = millis(4);  // the engine's time unit (HZ = 250)

inline PacketSpec make_spec(std::uint8_t protocol, std::string_view src, std::uint16_t sport, std::string_view dst,
                            std::uint16_t dport) {
  PacketSpec spec;
  spec.src = parse_ip(src).value();
  spec.dst = parse_ip(dst).value();
  spec.protocol = protocol;
  spec.sport = sport;
  spec.dport = dport;
  return spec;
}

inline PacketSpec udp(std::string_view src, std::uint16_t sport, std::string_view dst, std::uint16_t dport) {
  return make_spec(17, src, sport, dst, dport);
}

inline PacketSpec reversed(PacketSpec spec) {
  std::swap(spec.src, spec.dst);
  std::swap(spec.sport, spec.dport);
  return spec;
}

inline std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

class Harness {
 public:
  static constexpr std::uint64_t start_ns = seconds(5'000'000);

  explicit Harness(const ConntrackConfig& config = kernel_defaults(), EngineOptions options = {})
      : engine(config, options) {
    subscription = engine.subscribe([this](const FlowEvent& event) { events.push_back(event); });
  }

  // Sends one frame `dt` nanoseconds after the previous one (the first at start_ns + dt).
  PacketVerdict send(const PacketSpec& spec, std::uint64_t dt = 0, std::uint16_t interface = 0) {
    const std::vector<std::uint8_t> bytes = build_frame(spec);
    return send_bytes(bytes, dt, LinkType::ethernet, interface);
  }

  PacketVerdict send_bytes(std::span<const std::uint8_t> bytes, std::uint64_t dt = 0,
                           LinkType link = LinkType::ethernet, std::uint16_t interface = 0) {
    now_ns += dt;
    const Frame frame{bytes.data(), static_cast<std::uint32_t>(bytes.size()), now_ns, link, interface};
    PacketVerdict verdict;
    engine.process({&frame, 1}, {&verdict, 1});
    return verdict;
  }

  void advance(std::uint64_t dt) {
    if (!engine.clock_ns()) engine.start_clock(now_ns);
    now_ns += dt;
    engine.advance(now_ns - *engine.clock_ns());
  }

  std::vector<FlowView> flows(const FlowFilter& filter = {}) const {
    std::vector<FlowView> out;
    engine.for_each(filter, [&](const FlowView& flow) { out.push_back(flow); });
    return out;
  }

  FlowView only_flow() const {
    const std::vector<FlowView> all = flows();
    REQUIRE(all.size() == 1);
    return all.front();
  }

  // The flow whose original tuple is the spec's.
  std::optional<FlowView> flow_of(const PacketSpec& spec) const {
    for (const FlowView& flow : flows()) {
      if (flow.protocol == spec.protocol && flow.original.src == spec.src && flow.original.dst == spec.dst &&
          flow.original.sport == spec.sport && flow.original.dport == spec.dport) {
        return flow;
      }
    }
    return std::nullopt;
  }

  std::vector<ExpectationView> expectations() const {
    std::vector<ExpectationView> out;
    engine.for_each_expectation([&](const ExpectationView& e) { out.push_back(e); });
    return out;
  }

  std::size_t count_events(FlowEventType type) const {
    std::size_t n = 0;
    for (const FlowEvent& e : events) n += e.type == type;
    return n;
  }

  EngineStats stats() const { return engine.stats(); }

  Engine engine;
  Engine::SubscriptionId subscription = 0;
  std::vector<FlowEvent> events;
  std::uint64_t now_ns = start_ns;
};

// Both ends of a TCP connection with their next sequence numbers; client()/server() build the next
// segment (ACKing everything the peer sent) carrying `payload`, or that many bytes of filler.
class TcpPeers {
 public:
  explicit TcpPeers(PacketSpec client_to_server, std::uint32_t client_isn = 1000, std::uint32_t server_isn = 9000)
      : forward_(std::move(client_to_server)), client_seq_(client_isn), server_seq_(server_isn) {
    forward_.protocol = 6;
  }

  PacketSpec client(std::uint8_t flags, std::string_view payload = {}) {
    return segment(forward_, client_seq_, server_seq_, flags, payload);
  }
  PacketSpec server(std::uint8_t flags, std::string_view payload = {}) {
    return segment(reversed(forward_), server_seq_, client_seq_, flags, payload);
  }
  PacketSpec client(std::uint8_t flags, std::uint32_t payload_bytes) { return client(flags, filler(payload_bytes)); }
  PacketSpec server(std::uint8_t flags, std::uint32_t payload_bytes) { return server(flags, filler(payload_bytes)); }

  static constexpr std::uint32_t max_payload = 1400;

  // SYN, SYN/ACK, ACK through the harness; each must have the kernel's ct state.
  void handshake(Harness& harness) {
    REQUIRE(harness.send(client(tcp_syn)).state == CtState::new_flow);
    REQUIRE(harness.send(server(tcp_syn | tcp_ack)).state == CtState::established);
    REQUIRE(harness.send(client(tcp_ack)).state == CtState::established);
  }

 private:
  static std::string_view filler(std::uint32_t bytes) {
    static const std::string text(max_payload, 'x');
    REQUIRE(bytes <= max_payload);
    return std::string_view(text).substr(0, bytes);
  }
  static PacketSpec segment(PacketSpec spec, std::uint32_t& seq, std::uint32_t peer_seq, std::uint8_t flags,
                            std::string_view payload) {
    spec.tcp_flags = flags;
    spec.seq = seq;
    spec.ack = (flags & tcp_ack) ? peer_seq : 0;
    spec.payload = bytes_of(payload);
    seq += static_cast<std::uint32_t>(payload.size()) + ((flags & (tcp_syn | tcp_fin)) ? 1u : 0u);
    return spec;
  }

  PacketSpec forward_;
  std::uint32_t client_seq_;
  std::uint32_t server_seq_;
};

}  // namespace ctsh::engine::test
