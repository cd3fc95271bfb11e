// `show conntrack table statistics` at 1M entries, its two parts: the counters (Engine::stats(), what a
// running shell reads for entries, limit, usage and memory) and the scan (Engine::table_statistics():
// chains, protocols, TCP states, top 10 sources). Baseline: one pass reading every byte of the table's
// memory (stats().memory_bytes), the floor of any scan. Flows are the OVS workload's established UDP ones.
#include <fmt/format.h>

#include <numeric>
#include <vector>

#include "pass_runner.hpp"

namespace ctsh::bench {
namespace {

constexpr std::uint32_t entries = 1000000;

// One engine with `entries` established UDP flows, built once for all three benchmarks.
struct FullTable {
  FullTable() : engine(bench_config(entries)) {
    EngineSink sink(engine);
    FrameBatch batch(Shape::udp4);
    const FlowSet flows(entries);
    std::uint64_t clock = 0;
    run_pass(batch, {single_step(Step::udp_request), flows.ordered}, sink, clock);
    run_pass(batch, {single_step(Step::udp_reply), flows.shuffled}, sink, clock);
    if (!sink.ok()) error = sink.error();
    if (error.empty() && engine.stats().entries != entries) {
      error = fmt::format("{} entries, expected {}", engine.stats().entries, entries);
    }
  }
  engine::Engine engine;
  std::string error;
};

FullTable& full_table() {
  static FullTable table;
  return table;
}

bool ready(benchmark::State& state) {
  if (full_table().error.empty()) return true;
  state.SkipWithError(full_table().error.c_str());
  return false;
}

void counters(benchmark::State& state) {
  if (!ready(state)) return;
  for (auto _ : state) {
    const engine::EngineStats stats = full_table().engine.stats();
    benchmark::DoNotOptimize(stats);
  }
}

void scan(benchmark::State& state) {
  if (!ready(state)) return;
  for (auto _ : state) {
    const engine::TableStatistics table = full_table().engine.table_statistics(10);
    if (table.entries != entries || table.links != 2ull * entries) {
      state.SkipWithError("the scan did not see every entry");
      break;
    }
    benchmark::DoNotOptimize(table);
  }
}

void memory_sweep(benchmark::State& state) {
  if (!ready(state)) return;
  std::vector<std::uint64_t> memory(full_table().engine.stats().memory_bytes / sizeof(std::uint64_t), 1);
  for (auto _ : state) {
    const std::uint64_t sum = std::accumulate(memory.begin(), memory.end(), std::uint64_t{0});
    benchmark::DoNotOptimize(sum);
  }
}

const bool registered = [] {
  benchmark::RegisterBenchmark(fmt::format("table_statistics/counters/{}", entries).c_str(), counters)
      ->Unit(benchmark::kNanosecond);
  benchmark::RegisterBenchmark(fmt::format("table_statistics/scan/{}", entries).c_str(), scan)
      ->Iterations(10)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(fmt::format("baseline_memory_sweep/table_statistics/{}", entries).c_str(), memory_sweep)
      ->Iterations(10)
      ->Unit(benchmark::kMillisecond);
  return true;
}();

}  // namespace
}  // namespace ctsh::bench
