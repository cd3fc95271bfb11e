// How long applying `table-size 1000000` (with hash-size 1000000) takes on a running engine at the
// schema's defaults (262144 entries, 32768 buckets) that holds 100k live flows: the pool grows and the
// index is rehashed, and every flow must still be found afterwards. Beside the baseline map's rehash.
#include <fmt/format.h>

#include "pass_runner.hpp"

namespace ctsh::bench {
namespace {

constexpr std::uint32_t default_table_size = 262144;
constexpr std::uint32_t default_hash_size = 32768;
constexpr std::uint32_t new_table_size = 1000000;
constexpr std::uint32_t live_flows = 100000;

using Clock = std::chrono::steady_clock;

void apply_table_size(benchmark::State& state) {
  const FlowSet flows(live_flows);
  FrameBatch batch(Shape::udp4);
  for (auto _ : state) {
    engine::ConntrackConfig defaults = bench_config(default_table_size);
    defaults.hash_size = default_hash_size;
    engine::Engine engine(defaults);
    EngineSink sink(engine);
    std::uint64_t clock = 0;
    if (!open_udp_flows(state, batch, sink, flows, clock)) break;
    const auto start = Clock::now();
    const auto applied = engine.apply(bench_config(new_table_size));
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - start).count());
    if (!applied) {
      state.SkipWithError(applied.error().c_str());
      break;
    }
    if (engine.stats().entries != live_flows) {
      state.SkipWithError(fmt::format("{} entries after the resize, expected {}", engine.stats().entries, live_flows).c_str());
      break;
    }
    if (!run_checked(state, batch, {single_step(Step::udp_alternating), flows.shuffled}, sink, clock)) break;
  }
}

void baseline_rehash(benchmark::State& state) {
  const FlowSet flows(live_flows);
  FrameBatch batch(Shape::udp4);
  for (auto _ : state) {
    BaselineHashMap map(default_table_size);
    MapSink sink(map);
    std::uint64_t clock = 0;
    if (!run_checked(state, batch, {single_step(Step::udp_request), flows.ordered}, sink, clock)) break;
    const auto start = Clock::now();
    BaselineHashMap bigger = map.grown(new_table_size);
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - start).count());
    benchmark::DoNotOptimize(bigger);
    if (bigger.size() != live_flows) {
      state.SkipWithError("the baseline map lost entries in its rehash");
      break;
    }
  }
}

const bool registered = [] {
  register_timed(fmt::format("apply_table_size/{}", new_table_size), apply_table_size, 3);
  register_timed(fmt::format("baseline_map/apply_table_size/{}", new_table_size), baseline_rehash, 3);
  return true;
}();

}  // namespace
}  // namespace ctsh::bench
