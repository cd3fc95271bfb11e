// chaintoolong: a new flow whose bucket chain already holds more than 50 + hash % 30 entries is not
// inserted (chaintoolong, insert_failed and drop move, the packet is dropped), whether its lookup was
// resolved ahead of tracking (one packet per call) or searched again at tracking time (a batch whose
// earlier packets linked into the same bucket).
#include <doctest/doctest.h>

#include <vector>

#include "core/tuple_hash.hpp"
#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

constexpr std::uint16_t flow_count = 100;

PacketSpec flow(std::uint16_t n) {
  return make_spec(17, "10.0.0.1", static_cast<std::uint16_t>(20000 + n), "10.0.0.2", 53);
}

std::uint32_t hash_of(const PacketSpec& spec) {
  return hash_tuple(false, spec.src.bytes.data(), spec.dst.bytes.data(), spec.sport, spec.dport, spec.protocol);
}

// The flows the rule refuses: with a single bucket, a new flow walks both links (original and reply)
// of every flow inserted before it.
std::vector<bool> expected_refusals() {
  std::vector<bool> refused;
  std::uint32_t inserted = 0;
  for (std::uint16_t n = 0; n < flow_count; ++n) {
    const bool refuse = 2 * inserted > 50 + hash_of(flow(n)) % 30;
    refused.push_back(refuse);
    if (!refuse) ++inserted;
  }
  return refused;
}

void check_counters(const Engine& engine, const std::vector<bool>& refused) {
  std::uint64_t refusals = 0;
  for (const bool r : refused) refusals += r ? 1 : 0;
  REQUIRE(refusals > 0);
  const EngineStats stats = engine.stats();
  CHECK(stats.kernel.chaintoolong == refusals);
  CHECK(stats.kernel.insert_failed == refusals);
  CHECK(stats.kernel.drop == refusals);
  CHECK(stats.entries == flow_count - refusals);
}

}  // namespace

TEST_CASE("chaintoolong refuses a new flow past 50 + hash % 30 entries when its lookup was resolved ahead") {
  Harness driver(kernel_defaults(4096, 1));
  const std::vector<bool> refused = expected_refusals();
  for (std::uint16_t n = 0; n < flow_count; ++n) {
    CAPTURE(n);
    const PacketVerdict verdict = driver.send(flow(n), 1000);
    CHECK(((verdict.flags & verdict_dropped) != 0) == refused[n]);
    if (!refused[n]) CHECK(verdict.state == CtState::new_flow);
  }
  check_counters(driver.engine, refused);
}

TEST_CASE("chaintoolong refuses the same flows when they come in batches that link into their bucket") {
  Engine engine(kernel_defaults(4096, 1));
  std::vector<std::vector<std::uint8_t>> bytes;
  for (std::uint16_t n = 0; n < flow_count; ++n) bytes.push_back(build_frame(flow(n)));
  std::vector<Frame> frames;
  for (const auto& b : bytes) frames.push_back(Frame{b.data(), static_cast<std::uint32_t>(b.size()), 1'000'000'000});
  std::vector<PacketVerdict> verdicts(frames.size());
  engine.process(frames, verdicts);
  const std::vector<bool> refused = expected_refusals();
  for (std::uint16_t n = 0; n < flow_count; ++n) {
    CAPTURE(n);
    CHECK(((verdicts[n].flags & verdict_dropped) != 0) == refused[n]);
  }
  check_counters(engine, refused);
}
