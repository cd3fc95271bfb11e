// A full table (1M entries) under a SYN flood from 1M new sources per pass. Full of established,
// ASSURED connections, early drop finds no victim in the 8 buckets it may look at and every SYN is
// dropped; full of unanswered SYNs, early drop evicts non-ASSURED entries and every SYN gets in.
#include <fmt/format.h>

#include "pass_runner.hpp"

namespace ctsh::bench {
namespace {

constexpr std::uint32_t table_size = 1000000;
constexpr std::uint32_t flood_generations = 8;  // flood sources cycle through this many sets of table_size

template <typename Sink>
void flood(benchmark::State& state, Sink& sink, FrameBatch& batch, bool expect_dropped, std::uint64_t& clock) {
  Measurement measurement;
  std::uint32_t generation = 0;
  for (auto _ : state) {
    const std::vector<std::uint32_t> sources = ordered_flows(table_size * (1 + generation), table_size);
    generation = (generation + 1) % flood_generations;
    const Pass pass{single_step(Step::tcp_syn), sources, 0, expect_dropped};
    measurement.add(state, time_pass(batch, pass, sink, clock), sources.size());
    if (!sink.ok()) {
      state.SkipWithError(sink.error().c_str());
      break;
    }
  }
  measurement.report(state);
}

void full_of_established(benchmark::State& state) {
  engine::Engine engine(bench_config(table_size));
  EngineSink sink(engine);
  const FlowSet flows(table_size);
  FrameBatch batch(Shape::tcp4_control);
  std::uint64_t clock = 0;
  if (!open_tcp_connections(state, batch, sink, flows, clock)) return;
  flood(state, sink, batch, /*expect_dropped=*/true, clock);
  state.counters["early_drops"] = static_cast<double>(engine.stats().kernel.early_drop);
}

void full_of_syn(benchmark::State& state) {
  engine::Engine engine(bench_config(table_size));
  EngineSink sink(engine);
  FrameBatch batch(Shape::tcp4_control);
  std::uint64_t clock = 0;
  const std::vector<std::uint32_t> first = ordered_flows(0, table_size);
  if (!run_checked(state, batch, {single_step(Step::tcp_syn), first}, sink, clock)) return;
  flood(state, sink, batch, /*expect_dropped=*/false, clock);
  state.counters["early_drops"] = static_cast<double>(engine.stats().kernel.early_drop);
}

// The baseline of a flood that is dropped: lookups that miss in a full map.
void baseline_full_map_misses(benchmark::State& state) {
  BaselineHashMap map(table_size);
  MapSink sink(map);
  const FlowSet flows(table_size);
  FrameBatch batch(Shape::tcp4_control);
  std::uint64_t clock = 0;
  if (!run_checked(state, batch, {single_step(Step::tcp_syn), flows.ordered}, sink, clock)) return;
  flood(state, sink, batch, /*expect_dropped=*/true, clock);
}

const bool registered = [] {
  register_timed(fmt::format("syn_flood/full_of_established/{}", table_size), full_of_established, 3);
  register_timed(fmt::format("baseline_map/syn_flood/full_of_established/{}", table_size), baseline_full_map_misses, 3);
  register_timed(fmt::format("syn_flood/full_of_syn/{}", table_size), full_of_syn, 3);
  return true;
}();

}  // namespace
}  // namespace ctsh::bench
