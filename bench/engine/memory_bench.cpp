// Memory per connection with 1M live entries: the engine's own account (stats().memory_bytes, pool
// pages touched + index + side pools) and the process's resident-memory growth, for IPv4 UDP and TCP
// with accounting off, and the side pools' cost (IPv6 addresses, per-flow counters) separately.
#include <fmt/format.h>

#include "pass_runner.hpp"

namespace ctsh::bench {
namespace {

constexpr std::uint32_t connections = 1000000;

struct MemoryCase {
  const char* name;
  Shape shape;
  Step step;
  bool accounting;
};

void report(benchmark::State& state, std::uint64_t own_bytes, std::uint64_t resident_before) {
  const std::uint64_t resident_after = resident_bytes();
  const double growth = resident_after > resident_before ? static_cast<double>(resident_after - resident_before) : 0.0;
  state.counters["bytes_per_connection"] = static_cast<double>(own_bytes) / connections;
  state.counters["rss_bytes_per_connection"] = growth / connections;
}

void engine_memory(benchmark::State& state, const MemoryCase& c) {
  const std::vector<std::uint32_t> flows = ordered_flows(0, connections);
  FrameBatch batch(c.shape);
  for (auto _ : state) {
    const std::uint64_t before = resident_bytes();
    engine::ConntrackConfig config = bench_config(connections);
    config.flow_accounting = c.accounting;
    engine::Engine engine(config);
    EngineSink sink(engine);
    std::uint64_t clock = 0;
    if (!run_checked(state, batch, {single_step(c.step), flows}, sink, clock)) break;
    const engine::EngineStats stats = engine.stats();
    if (stats.entries != connections) {
      state.SkipWithError(fmt::format("{} live entries, expected {}", stats.entries, connections).c_str());
      break;
    }
    report(state, stats.memory_bytes, before);
  }
}

void baseline_memory(benchmark::State& state) {
  const std::vector<std::uint32_t> flows = ordered_flows(0, connections);
  FrameBatch batch(Shape::udp4);
  for (auto _ : state) {
    const std::uint64_t before = resident_bytes();
    BaselineHashMap map(connections);
    MapSink sink(map);
    std::uint64_t clock = 0;
    if (!run_checked(state, batch, {single_step(Step::udp_request), flows}, sink, clock)) break;
    report(state, map.memory_bytes(), before);
  }
}

const bool registered = [] {
  const MemoryCase cases[] = {
      {"udp", Shape::udp4, Step::udp_request, false},
      {"tcp", Shape::tcp4_control, Step::tcp_syn, false},
      {"udp_ipv6", Shape::udp6, Step::udp_request, false},
      {"udp_accounting", Shape::udp4, Step::udp_request, true},
      {"udp_ipv6_accounting", Shape::udp6, Step::udp_request, true},
  };
  for (const MemoryCase& c : cases) {
    benchmark::RegisterBenchmark(fmt::format("memory_per_connection/{}/{}", c.name, connections).c_str(),
                                 [c](benchmark::State& state) { engine_memory(state, c); })
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark(fmt::format("baseline_map/memory_per_connection/{}", connections).c_str(),
                               baseline_memory)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  return true;
}();

}  // namespace
}  // namespace ctsh::bench
