// A full table through the public API (kernel §1.6): a new flow early-drops the non-ASSURED entries of
// the first bucket, among the 8 from its own, that has any; with none there the packet is dropped.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "core/tuple_hash.hpp"
#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

constexpr std::uint32_t small_table = 16;

std::uint32_t bucket_of_spec(const PacketSpec& spec) {
  return bucket_of(hash_tuple(false, spec.src.bytes.data(), spec.dst.bytes.data(), spec.sport, spec.dport,
                              spec.protocol),
                   small_table);
}

// True when `bucket` is one of the 8 buckets early drop scans for a new packet like `spec`.
bool in_eviction_range(const PacketSpec& spec, std::uint32_t bucket) {
  return (bucket + small_table - bucket_of_spec(spec)) % small_table < 8;
}

PacketSpec udp_flow(std::uint16_t sport) { return make_spec(17, "10.0.0.1", sport, "10.0.0.2", 53); }

void handshake(Harness& driver, std::uint16_t sport) {
  TcpPeers(make_spec(6, "10.0.0.1", sport, "10.0.0.2", 80)).handshake(driver);
}

}  // namespace

TEST_CASE("a table full of unassured UDP flows early-drops the first non-empty bucket of the new tuple's range") {
  Harness driver(kernel_defaults(small_table, small_table));
  std::vector<PacketSpec> flows;
  for (std::uint16_t i = 0; i < small_table; ++i) {
    flows.push_back(udp_flow(static_cast<std::uint16_t>(1000 + i)));
    REQUIRE(driver.send(flows.back()).state == CtState::new_flow);
  }
  REQUIRE(driver.stats().entries == small_table);

  // The entries linked (either direction) in the first bucket of the range that holds any.
  const PacketSpec newcomer = udp_flow(2000);
  std::set<std::uint32_t> victims;
  for (std::uint32_t step = 0; step < 8 && victims.empty(); ++step) {
    const std::uint32_t bucket = (bucket_of_spec(newcomer) + step) % small_table;
    for (const PacketSpec& flow : flows) {
      if (bucket_of_spec(flow) == bucket || bucket_of_spec(reversed(flow)) == bucket) {
        victims.insert(driver.flow_of(flow)->id);
      }
    }
  }
  REQUIRE_FALSE(victims.empty());

  const PacketVerdict verdict = driver.send(newcomer);
  CHECK(verdict.state == CtState::new_flow);
  CHECK((verdict.flags & verdict_dropped) == 0);
  CHECK(driver.flow_of(newcomer).has_value());
  const EngineStats stats = driver.stats();
  CHECK(stats.kernel.early_drop == victims.size());
  CHECK(stats.kernel.drop == 0);
  CHECK(stats.destroyed == victims.size());
  CHECK(stats.expired == 0);
  CHECK(stats.entries == small_table - victims.size() + 1);
  std::set<std::uint32_t> destroyed;
  for (const FlowEvent& e : driver.events) {
    if (e.type == FlowEventType::destroy) destroyed.insert(e.flow.id);
  }
  CHECK(destroyed == victims);
}

TEST_CASE("early drop keeps the count at the limit when the bucket it empties held one entry") {
  Harness driver(kernel_defaults(small_table, small_table));
  std::vector<PacketSpec> flows;
  for (std::uint16_t i = 0; i < small_table; ++i) {
    flows.push_back(udp_flow(static_cast<std::uint16_t>(1000 + i)));
    REQUIRE(driver.send(flows.back()).state == CtState::new_flow);
  }
  // A new tuple whose own bucket holds exactly one entry's link.
  std::optional<PacketSpec> newcomer;
  for (std::uint16_t sport = 3000; sport < 4000 && !newcomer; ++sport) {
    const std::uint32_t bucket = bucket_of_spec(udp_flow(sport));
    const auto links = std::count_if(flows.begin(), flows.end(), [&](const PacketSpec& f) {
      return (bucket_of_spec(f) == bucket) + (bucket_of_spec(reversed(f)) == bucket) > 0;
    });
    if (links == 1) newcomer = udp_flow(sport);
  }
  REQUIRE(newcomer.has_value());
  CHECK(driver.send(*newcomer).state == CtState::new_flow);
  CHECK(driver.stats().kernel.early_drop == 1);
  CHECK(driver.stats().entries == small_table);
}

TEST_CASE("a table full of ASSURED TCP flows drops a new flow's packet: drop++, no early drop") {
  Harness driver(kernel_defaults(small_table, small_table));
  for (std::uint16_t i = 0; i < small_table; ++i) handshake(driver, static_cast<std::uint16_t>(40000 + i));
  const std::size_t events_before = driver.events.size();
  const PacketVerdict verdict = driver.send(udp_flow(2000));
  CHECK((verdict.flags & verdict_dropped) != 0);
  CHECK(verdict.state == CtState::invalid);
  const EngineStats stats = driver.stats();
  CHECK(stats.kernel.drop == 1);
  CHECK(stats.kernel.early_drop == 0);
  CHECK(stats.entries == small_table);
  CHECK(stats.new_flows == small_table);
  CHECK_FALSE(driver.flow_of(udp_flow(2000)).has_value());
  CHECK(driver.events.size() == events_before);
}

TEST_CASE("early drop looks at 8 buckets only: an unassured entry elsewhere does not save the new flow") {
  Harness driver(kernel_defaults(small_table, small_table));
  for (std::uint16_t i = 0; i < small_table - 1; ++i) handshake(driver, static_cast<std::uint16_t>(40000 + i));
  // An unassured flow and two candidates: one whose 8 buckets miss both of the flow's, one that hits one.
  std::optional<PacketSpec> unassured, far_away, nearby;
  for (std::uint16_t victim_port = 1000; victim_port < 1100 && !(far_away && nearby); ++victim_port) {
    unassured = udp_flow(victim_port);
    const auto reaches_victim = [&](const PacketSpec& spec) {
      return in_eviction_range(spec, bucket_of_spec(*unassured)) ||
             in_eviction_range(spec, bucket_of_spec(reversed(*unassured)));
    };
    far_away.reset();
    nearby.reset();
    for (std::uint16_t sport = 2000; sport < 3000 && !(far_away && nearby); ++sport) {
      const PacketSpec candidate = udp_flow(sport);
      (reaches_victim(candidate) ? nearby : far_away) = candidate;
    }
  }
  REQUIRE(far_away.has_value());
  REQUIRE(nearby.has_value());
  REQUIRE(driver.send(*unassured).state == CtState::new_flow);

  CHECK((driver.send(*far_away).flags & verdict_dropped) != 0);
  CHECK(driver.stats().kernel.drop == 1);
  CHECK(driver.stats().kernel.early_drop == 0);
  CHECK(driver.flow_of(*unassured).has_value());

  const PacketVerdict accepted = driver.send(*nearby);
  CHECK(accepted.state == CtState::new_flow);
  CHECK(driver.stats().kernel.early_drop == 1);
  CHECK_FALSE(driver.flow_of(*unassured).has_value());
  CHECK(driver.flow_of(*nearby).has_value());
  CHECK(driver.stats().entries == small_table);
  CHECK(driver.count_events(FlowEventType::destroy) == 1);
}

TEST_CASE("an expired entry met by early drop is reaped as expired, not counted as an early drop") {
  ConntrackConfig config = kernel_defaults(small_table, small_table);
  Harness driver(config);
  for (std::uint16_t i = 0; i < small_table; ++i) {
    REQUIRE(driver.send(udp_flow(static_cast<std::uint16_t>(1000 + i))).state == CtState::new_flow);
  }
  // All are past their 30 s; the next packet's clock move reaps them before allocation.
  CHECK(driver.send(udp_flow(2000), seconds(31)).state == CtState::new_flow);
  const EngineStats stats = driver.stats();
  CHECK(stats.kernel.early_drop == 0);
  CHECK(stats.expired == small_table);
  CHECK(stats.entries == 1);
}
