// The synthetic workloads as a stream: the same spec and seed give the same frames, byte for byte;
// frames come in time order, within the duration, in bounded batches; the bounds are checked with
// messages that name the value; run_workload puts them on the engine clock and can be stopped.
#include <doctest/doctest.h>

#include "ctsh/engine/workload.hpp"
#include "test_config.hpp"
#include "workload_frames.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

constexpr std::uint64_t second = workload_second_ns;

const WorkloadSpec small_workloads[] = {
    GatewayWorkload{.users = 20, .connections_per_user = 4, .duration_ns = 5 * second, .seed = 7},
    SynFloodWorkload{.rate = 500, .duration_ns = 2 * second, .seed = 7},
    UdpDnsWorkload{.clients = 30, .rate = 400, .duration_ns = 2 * second, .seed = 7},
};

WorkloadSpec with_seed(WorkloadSpec spec, std::uint64_t seed) {
  std::visit([&](auto& w) { w.seed = seed; }, spec);
  return spec;
}

}  // namespace

TEST_CASE("the same workload and seed give the same frames, byte for byte; another seed gives others") {
  for (const WorkloadSpec& spec : small_workloads) {
    CAPTURE(spec.index());
    const auto first = all_frames(spec);
    REQUIRE(first.size() > 100);
    CHECK(all_frames(spec) == first);
    CHECK(all_frames(with_seed(spec, 8)) != first);
  }
}

TEST_CASE("workload frames come in time order, within the duration, at most one batch at a time") {
  for (const WorkloadSpec& spec : small_workloads) {
    CAPTURE(spec.index());
    WorkloadGenerator generator(spec);
    std::uint64_t last = 0;
    std::size_t batches = 0;
    for (auto batch = generator.next_batch(); !batch.empty(); batch = generator.next_batch()) {
      CHECK(batch.size() <= WorkloadGenerator::batch_frames);
      for (const Frame& frame : batch) {
        CHECK(frame.time_ns >= last);
        CHECK(frame.time_ns < generator.duration_ns());
        CHECK(frame.link == LinkType::ethernet);
        last = frame.time_ns;
      }
      ++batches;
    }
    CHECK(batches > 1);
    CHECK(generator.next_batch().empty());
  }
}

TEST_CASE("the SYN flood and the DNS workload send exactly rate x duration SYNs and queries") {
  const auto syns = all_frames(SynFloodWorkload{.rate = 1000, .duration_ns = 3 * second / 2});
  CHECK(syns.size() == 1500);
  CHECK(syns[1].time_ns == 1'000'000);
  for (const auto& frame : syns) CHECK(headers_of(frame.bytes).tcp_flags == tcp_syn);

  std::size_t queries = 0;
  for (const auto& frame : all_frames(UdpDnsWorkload{.clients = 10, .rate = 100, .duration_ns = 10 * second})) {
    if (headers_of(frame.bytes).dport == 53) ++queries;
  }
  CHECK(queries == 1000);
}

TEST_CASE("check_workload refuses values out of bounds with a message naming the value and the range") {
  using L = WorkloadLimits;
  const auto message = [](const WorkloadSpec& spec) {
    auto checked = check_workload(spec);
    return checked ? std::string("accepted") : checked.error();
  };
  CHECK(message(GatewayWorkload{.users = 10, .connections_per_user = 10}) == "accepted");
  CHECK(message(GatewayWorkload{.users = 0, .connections_per_user = 10}) ==
        "users 0 is out of range: give 1 to 1000000");
  CHECK(message(GatewayWorkload{.users = L::max_users + 1, .connections_per_user = 1}) ==
        "users 1000001 is out of range: give 1 to 1000000");
  CHECK(message(GatewayWorkload{.users = 1, .connections_per_user = 10'001}) ==
        "connections-per-user 10001 is out of range: give 1 to 10000");
  CHECK(message(GatewayWorkload{.users = 1'000'000, .connections_per_user = 5}) ==
        "users 1000000 with connections-per-user 5 is 5000000 concurrent connections: one run models at most 4000000");
  CHECK(message(GatewayWorkload{.users = 1, .connections_per_user = 1, .duration_ns = 86'401 * second}) ==
        "duration 86401 is out of range: give 0.001 to 86400 seconds");
  CHECK(message(SynFloodWorkload{.rate = 0, .duration_ns = second}) ==
        "rate 0 is out of range: give 1 to 10000000 SYNs per second");
  CHECK(message(SynFloodWorkload{.rate = 10, .duration_ns = 0}) ==
        "duration 0 is out of range: give 0.001 to 86400 seconds");
  CHECK(message(SynFloodWorkload{.rate = 10'000'000, .duration_ns = 101 * second}) ==
        "rate 10000000 for 101 seconds is 1010000000 SYNs: one run sends at most 1000000000");
  CHECK(message(UdpDnsWorkload{.clients = 0, .rate = 1, .duration_ns = second}) ==
        "clients 0 is out of range: give 1 to 1000000");
  CHECK(message(UdpDnsWorkload{.clients = 5, .rate = 20'000'000, .duration_ns = second}) ==
        "rate 20000000 is out of range: give 1 to 10000000 queries per second");
}

TEST_CASE("run_workload starts a fresh engine at the workload epoch and leaves the clock at the end") {
  Engine engine(kernel_defaults());
  WorkloadGenerator first(SynFloodWorkload{.rate = 100, .duration_ns = 2 * second});
  const WorkloadRun run = run_workload(engine, first);
  CHECK(run.packets == 200);
  CHECK(run.bytes == 200 * 54);  // Ethernet, IPv4 and a bare TCP header
  CHECK_FALSE(run.stopped);
  CHECK(run.first_time_ns == workload_epoch_ns);
  CHECK(run.last_time_ns == workload_epoch_ns + 2 * second);
  CHECK(*engine.clock_ns() == workload_epoch_ns + 2 * second);

  // A second run continues from the clock.
  WorkloadGenerator second_run(UdpDnsWorkload{.clients = 5, .rate = 10, .duration_ns = 3 * second});
  const WorkloadRun next = run_workload(engine, second_run);
  CHECK(next.first_time_ns == workload_epoch_ns + 2 * second);
  CHECK(*engine.clock_ns() == workload_epoch_ns + 5 * second);
}

TEST_CASE("run_workload stops when progress says so, keeping what went through") {
  Engine engine(kernel_defaults());
  WorkloadGenerator generator(SynFloodWorkload{.rate = 10'000, .duration_ns = 10 * second});
  std::vector<WorkloadProgress> seen;
  const WorkloadRun run = run_workload(engine, generator, [&](const WorkloadProgress& progress) {
    seen.push_back(progress);
    return seen.size() < 3;
  });
  CHECK(run.stopped);
  CHECK(run.packets == 3 * WorkloadGenerator::batch_frames);
  CHECK(engine.stats().packets == run.packets);
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].packets == WorkloadGenerator::batch_frames);
  CHECK(seen[2].elapsed_ns == (3 * WorkloadGenerator::batch_frames - 1) * second / 10'000);
  CHECK(seen[2].duration_ns == 10 * second);
}
