// The SYN flood and DNS workloads through the engine: every SYN is a new unreplied entry in SYN_SENT
// (and a small table early-drops them); DNS queries are new flows, answered ones seen in both directions.
#include <doctest/doctest.h>

#include "ctsh/engine/workload.hpp"
#include "test_config.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {
constexpr std::uint64_t second = workload_second_ns;
}  // namespace

TEST_CASE("a SYN flood makes one SYN_SENT entry per SYN, never replied") {
  Engine engine(kernel_defaults(1 << 16, 1 << 14));
  WorkloadGenerator generator(SynFloodWorkload{.rate = 5000, .duration_ns = 2 * second, .seed = 9});
  run_workload(engine, generator);
  const EngineStats stats = engine.stats();
  CHECK(stats.packets == 10'000);
  CHECK(stats.packets_by_state[static_cast<std::size_t>(CtState::new_flow)] == 10'000);
  CHECK(stats.new_flows == stats.entries);
  CHECK(stats.entries > 9'990);  // random sources: a rare repeat is a retransmitted SYN
  std::size_t syn_sent = 0;
  engine.for_each({}, [&](const FlowView& flow) {
    syn_sent += flow.state == "SYN_SENT" && !(flow.status & status_seen_reply) && flow.original.dport == 80;
  });
  CHECK(syn_sent == stats.entries);
}

TEST_CASE("a SYN flood on a small table early-drops its own unassured entries") {
  Engine engine(kernel_defaults(1000, 256));
  WorkloadGenerator generator(SynFloodWorkload{.rate = 5000, .duration_ns = second});
  run_workload(engine, generator);
  const EngineStats stats = engine.stats();
  CHECK(stats.entries <= 1000);
  CHECK(stats.kernel.early_drop > 3000);
}

TEST_CASE("DNS queries are one flow each; about 98 % are answered") {
  Engine engine(kernel_defaults(1 << 16, 1 << 14));
  WorkloadGenerator generator(UdpDnsWorkload{.clients = 100, .rate = 2000, .duration_ns = 5 * second, .seed = 4});
  run_workload(engine, generator);
  const EngineStats stats = engine.stats();
  CHECK(stats.new_flows == 10'000);
  CHECK(stats.kernel.invalid == 0);
  std::size_t answered = 0, unanswered = 0;
  engine.for_each({}, [&](const FlowView& flow) {
    CHECK(flow.original.dport == 53);
    ((flow.status & status_seen_reply) ? answered : unanswered) += 1;
  });
  CHECK(answered + unanswered == 10'000);
  CHECK(unanswered == doctest::Approx(200).epsilon(0.3));
  // All within 30 s: nothing has expired yet.
  CHECK(stats.expired == 0);
}
