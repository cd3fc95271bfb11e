// The packet path's batched lookups: lookups resolved ahead of tracking must give what a lookup at
// tracking time would (entries created, reaped or walked deep in a chain within the same batch).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/packet_builder.hpp"
#include "test_config.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint64_t second = 1'000'000'000;

PacketSpec udp(const std::string& src, const std::string& dst, std::uint16_t sport, std::uint16_t dport) {
  PacketSpec spec;
  spec.src = parse_ip(src).value();
  spec.dst = parse_ip(dst).value();
  spec.protocol = 17;
  spec.sport = sport;
  spec.dport = dport;
  return spec;
}

PacketSpec reversed(PacketSpec spec) {
  std::swap(spec.src, spec.dst);
  std::swap(spec.sport, spec.dport);
  return spec;
}

// Frames built from specs, all processed in one call (one batch when there are at most 32).
struct Batch {
  std::vector<std::vector<std::uint8_t>> bytes;
  std::vector<Frame> frames;
  void add(const PacketSpec& spec, std::uint64_t time_ns) {
    bytes.push_back(build_frame(spec));
    frames.clear();
    for (const auto& b : bytes) frames.push_back(Frame{b.data(), static_cast<std::uint32_t>(b.size()), 0});
    times.push_back(time_ns);
  }
  std::vector<PacketVerdict> run(Engine& engine) {
    for (std::size_t i = 0; i < frames.size(); ++i) frames[i].time_ns = times[i];
    std::vector<PacketVerdict> verdicts(frames.size());
    engine.process(frames, verdicts);
    return verdicts;
  }
  std::vector<std::uint64_t> times;
};

TEST_CASE("a reply in the same batch as the packet that created its flow matches the new entry") {
  Engine engine(test::kernel_defaults());
  Batch batch;
  const PacketSpec v4 = udp("10.0.0.1", "10.0.0.2", 5000, 53);
  const PacketSpec v6 = udp("2001:db8::1", "2001:db8::2", 5001, 53);
  batch.add(v4, second);
  batch.add(v6, second);
  batch.add(reversed(v4), second);
  batch.add(reversed(v6), second);
  const auto verdicts = batch.run(engine);
  CHECK(verdicts[0].state == CtState::new_flow);
  CHECK(verdicts[1].state == CtState::new_flow);
  for (std::size_t i : {2u, 3u}) {
    CHECK(verdicts[i].state == CtState::established);
    CHECK(verdicts[i].flags == verdict_reply);
  }
  CHECK(engine.stats().entries == 2);
}

TEST_CASE("a first packet repeated in its batch finds the entry its first copy created") {
  Engine engine(test::kernel_defaults(4096, 4096));
  Batch batch;
  for (std::uint16_t port = 7000; port < 7008; ++port) batch.add(udp("10.0.0.1", "10.0.0.2", port, 53), second);
  batch.add(udp("10.0.0.1", "10.0.0.2", 7003, 53), second);
  const auto verdicts = batch.run(engine);
  CHECK(verdicts[8].state == CtState::new_flow);
  CHECK(verdicts[8].flags == 0);
  CHECK(engine.stats().entries == 8);
  CHECK(engine.stats().new_flows == 8);
}

TEST_CASE("an entry that expires while its batch is tracked is gone for the batch's later packets") {
  Engine engine(test::kernel_defaults());
  const PacketSpec flow = udp("10.0.0.1", "10.0.0.2", 5000, 53);
  Batch opening;
  opening.add(flow, second);
  REQUIRE(opening.run(engine)[0].state == CtState::new_flow);

  Batch batch;
  batch.add(flow, 2 * second);                 // refreshes: unreplied timeout 30 s from here
  batch.add(reversed(flow), 33 * second);      // past the deadline: the entry is reaped, a new flow
  const auto verdicts = batch.run(engine);
  CHECK(verdicts[0].state == CtState::new_flow);  // still unreplied
  CHECK(verdicts[1].state == CtState::new_flow);
  CHECK(verdicts[1].flags == 0);
  CHECK(engine.stats().expired == 1);
}

TEST_CASE("batched lookups walk a whole chain: one bucket holding every flow finds each in both directions") {
  Engine engine(test::kernel_defaults(256, 1));
  Batch requests;
  Batch replies;
  for (std::uint16_t i = 0; i < 16; ++i) {
    const PacketSpec flow = udp("10.0.0.1", "10.0.0.2", static_cast<std::uint16_t>(6000 + i), 53);
    requests.add(flow, second);
    replies.add(i % 2 ? reversed(flow) : flow, 2 * second);
  }
  for (const PacketVerdict& v : requests.run(engine)) CHECK(v.state == CtState::new_flow);
  const auto verdicts = replies.run(engine);
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    CHECK(verdicts[i].state == (i % 2 ? CtState::established : CtState::new_flow));
    CHECK(verdicts[i].flags == (i % 2 ? verdict_reply : 0));
  }
  CHECK(engine.stats().entries == 16);
  CHECK(engine.stats().new_flows == 16);
}

}  // namespace
}  // namespace ctsh::engine
