// New connections on recycled memory: after a warm-up fill and a flush, each timed pass creates 1M
// flows in flow order (UDP requests, TCP SYNs), or runs 1M whole TCP connections (handshake and
// close, a connection storm); the table is flushed between passes. Each beside the baseline map.
#include <fmt/format.h>

#include "pass_runner.hpp"

namespace ctsh::bench {
namespace {

template <typename Sink, typename Flush>
void new_connections(benchmark::State& state, Sink& sink, Flush flush, Shape shape, std::span<const Step> steps,
                     std::uint32_t count) {
  const std::vector<std::uint32_t> flows = ordered_flows(0, count);
  FrameBatch batch(shape);
  std::uint64_t clock = 0;
  const Pass pass{steps, flows};
  if (!run_checked(state, batch, pass, sink, clock)) return;  // first touch of the memory, untimed
  flush();
  Measurement measurement;
  for (auto _ : state) {
    measurement.add(state, time_pass(batch, pass, sink, clock), flows.size());
    if (!sink.ok()) {
      state.SkipWithError(sink.error().c_str());
      break;
    }
    flush();
  }
  measurement.report(state);
}

void on_engine(benchmark::State& state, Shape shape, std::span<const Step> steps, std::uint32_t count) {
  engine::Engine engine(bench_config(count));
  EngineSink sink(engine);
  new_connections(state, sink, [&] { engine.clear(); }, shape, steps, count);
}

void on_map(benchmark::State& state, Shape shape, std::span<const Step> steps, std::uint32_t count) {
  BaselineHashMap map(count);
  MapSink sink(map);
  new_connections(state, sink, [&] { map.clear(); }, shape, steps, count);
}

struct Workload {
  const char* name;
  Shape shape;
  std::span<const Step> steps;
  std::int64_t iterations;
};

const bool registered = [] {
  constexpr std::uint32_t count = 1000000;
  const Workload workloads[] = {
      {"new_udp", Shape::udp4, single_step(Step::udp_request), 5},
      {"new_tcp_syn", Shape::tcp4_control, single_step(Step::tcp_syn), 5},
      {"tcp_connection_storm", Shape::tcp4_control, tcp_connection_steps, 2},
  };
  for (const Workload& w : workloads) {
    register_timed(fmt::format("{}/{}", w.name, count), [w](benchmark::State& state) {
      on_engine(state, w.shape, w.steps, count);
    }, w.iterations);
    register_timed(fmt::format("baseline_map/{}/{}", w.name, count), [w](benchmark::State& state) {
      on_map(state, w.shape, w.steps, count);
    }, w.iterations);
  }
  return true;
}();

}  // namespace
}  // namespace ctsh::bench
