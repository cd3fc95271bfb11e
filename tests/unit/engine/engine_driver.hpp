// Test support for the engine behaviour tests: an Engine with its own clock that sends PacketSpecs
// (or raw frames) a given time after the previous one, records every event, and reads views back.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/packet_builder.hpp"
#include "test_config.hpp"

namespace ctsh::engine::test {

constexpr std::uint64_t seconds(std::uint64_t s) { return s * 1'000'000'000ull; }
constexpr std::uint64_t millis(std::uint64_t ms) { return ms * 1'000'000ull; }

// A spec from "addr" strings; protocol and ports as given (ports 0 for portless protocols).
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

// The same packet travelling the other way (addresses and ports swapped).
inline PacketSpec reversed(PacketSpec spec) {
  std::swap(spec.src, spec.dst);
  std::swap(spec.sport, spec.dport);
  return spec;
}

class EngineDriver {
 public:
  static constexpr std::uint64_t start_ns = seconds(1'000'000);

  explicit EngineDriver(const ConntrackConfig& config = kernel_defaults(), EngineOptions options = {})
      : engine(config, options) {
    engine.subscribe([this](const FlowEvent& event) { events.push_back(event); });
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

  // Idle time: the engine's clock and the next frame's time both move on.
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

  // The one flow in the table (fails the test when there is not exactly one).
  FlowView only_flow() const {
    const std::vector<FlowView> all = flows();
    REQUIRE(all.size() == 1);
    return all.front();
  }

  // The flow whose original direction is `spec`'s tuple, if tracked.
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

  EngineStats stats() const { return engine.stats(); }

  Engine engine;
  std::vector<FlowEvent> events;
  std::uint64_t now_ns = start_ns;
};

// A TCP connection's two ends with their sequence numbers, so that segments stay in window:
// `client(flags, bytes)` builds the client's next segment and moves its sequence number on.
class TcpConversation {
 public:
  explicit TcpConversation(PacketSpec client_spec, std::uint32_t client_isn = 1000, std::uint32_t server_isn = 5000)
      : client_spec_(std::move(client_spec)), client_seq_(client_isn), server_seq_(server_isn) {
    client_spec_.protocol = 6;
  }

  // payload_bytes: at most max_payload.
  PacketSpec client(std::uint8_t flags, std::uint32_t payload_bytes = 0) {
    return segment(client_spec_, client_seq_, server_seq_, flags, payload_bytes);
  }
  PacketSpec server(std::uint8_t flags, std::uint32_t payload_bytes = 0) {
    return segment(reversed(client_spec_), server_seq_, client_seq_, flags, payload_bytes);
  }

  static constexpr std::uint32_t max_payload = 1400;

 private:
  static PacketSpec segment(PacketSpec spec, std::uint32_t& seq, std::uint32_t peer_seq, std::uint8_t flags,
                            std::uint32_t payload_bytes) {
    static const std::vector<std::uint8_t> payload(max_payload, 'x');
    REQUIRE(payload_bytes <= max_payload);
    spec.tcp_flags = flags;
    spec.seq = seq;
    spec.ack = (flags & tcp_ack) ? peer_seq : 0;
    spec.payload = std::span(payload).first(payload_bytes);
    seq += payload_bytes + ((flags & (tcp_syn | tcp_fin)) ? 1u : 0u);
    return spec;
  }

  PacketSpec client_spec_;
  std::uint32_t client_seq_;
  std::uint32_t server_seq_;
};

}  // namespace ctsh::engine::test
