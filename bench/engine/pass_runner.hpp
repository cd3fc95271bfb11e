// Runs workload passes through the engine, the baseline hash map or nothing at all (the "null" pass
// that only rewrites frames, whose cost is subtracted as in OVS's ct-only = raw - null), checks every
// verdict, and reports ct-only time per packet (or connection) to Google Benchmark.
//
//   EngineSink sink(engine);
//   Pass pass{steps_of(Step::udp_alternating), flows, /*number=*/3};
//   measurement.add(state, time_pass(batch, pass, sink, clock_ns), flows.size());
//   if (!sink.ok()) state.SkipWithError(sink.error().c_str());
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "baseline_hash_map.hpp"
#include "ctsh/engine/engine.hpp"
#include "workload_frames.hpp"

namespace ctsh::bench {

// Engine time advances this much per batch (100 ns per packet), so timeouts never fire in a run.
inline constexpr std::uint64_t batch_time_ns = 3200;

// One pass over `flows`: for each batch of 32 flows, one batch per step (a storm's steps are the
// handshake and the close of the same 32 connections).
struct Pass {
  std::span<const Step> steps;
  std::span<const std::uint32_t> flows;
  std::uint32_t number = 0;     // data pass number: direction and seq/ack of alternating steps
  bool expect_dropped = false;  // a full table: every packet must be dropped
};

// A configuration with every field set: table and hash of `table_size`, the schema's timeouts.
engine::ConntrackConfig bench_config(std::uint32_t table_size);
// Resident memory of this process (/proc/self/statm).
std::uint64_t resident_bytes();

class EngineSink {
 public:
  explicit EngineSink(engine::Engine& engine) : engine_(engine) {}
  void consume(FrameBatch& batch, std::span<const engine::Frame> frames, Step step, const Pass& pass,
               std::span<const std::uint32_t> flows);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  engine::Engine& engine_;
  engine::PacketVerdict verdicts_[batch_size];
  std::string error_;  // the first wrong verdict
};

class MapSink {
 public:
  explicit MapSink(BaselineHashMap& map) : map_(map) {}
  void consume(FrameBatch& batch, std::span<const engine::Frame> frames, Step step, const Pass& pass,
               std::span<const std::uint32_t> flows);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  BaselineHashMap& map_;
  std::string error_;
};

struct NullSink {
  void consume(FrameBatch&, std::span<const engine::Frame> frames, Step, const Pass&, std::span<const std::uint32_t>) {
    benchmark::DoNotOptimize(frames.data());
    benchmark::ClobberMemory();
  }
};

template <typename Sink>
void run_pass(FrameBatch& batch, const Pass& pass, Sink& sink, std::uint64_t& clock_ns) {
  for (std::size_t base = 0; base < pass.flows.size(); base += batch_size) {
    const std::span<const std::uint32_t> flows = pass.flows.subspan(base, std::min(batch_size, pass.flows.size() - base));
    for (const Step step : pass.steps) {
      for (std::size_t slot = 0; slot < flows.size(); ++slot) batch.write(slot, step, flows[slot], pass.number);
      clock_ns += batch_time_ns;
      sink.consume(batch, batch.frames(flows.size(), clock_ns), step, pass, flows);
    }
  }
}

struct PassTiming {
  double raw_seconds = 0;
  double null_seconds = 0;
};

// The pass through `sink`, then the same pass (same frames) through the null sink.
template <typename Sink>
PassTiming time_pass(FrameBatch& batch, const Pass& pass, Sink& sink, std::uint64_t& clock_ns) {
  using clock = std::chrono::steady_clock;
  NullSink null_sink;
  std::uint64_t null_clock = clock_ns;
  const auto start = clock::now();
  run_pass(batch, pass, sink, clock_ns);
  const auto middle = clock::now();
  run_pass(batch, pass, null_sink, null_clock);
  const auto end = clock::now();
  return {std::chrono::duration<double>(middle - start).count(), std::chrono::duration<double>(end - middle).count()};
}

// Runs `pass` (untimed setup); on a wrong verdict marks the benchmark failed and returns false.
template <typename Sink>
bool run_checked(benchmark::State& state, FrameBatch& batch, const Pass& pass, Sink& sink, std::uint64_t& clock_ns) {
  run_pass(batch, pass, sink, clock_ns);
  if (sink.ok()) return true;
  state.SkipWithError(sink.error().c_str());
  return false;
}

// Untimed setup: requests in flow order, then replies in shuffled order: every flow is ESTABLISHED.
template <typename Sink>
bool open_udp_flows(benchmark::State& state, FrameBatch& batch, Sink& sink, const FlowSet& flows, std::uint64_t& clock) {
  return run_checked(state, batch, {single_step(Step::udp_request), flows.ordered}, sink, clock) &&
         run_checked(state, batch, {single_step(Step::udp_reply), flows.shuffled}, sink, clock);
}

// Untimed setup: SYN in flow order, SYN|ACK and ACK in shuffled order: every connection is ESTABLISHED.
template <typename Sink>
bool open_tcp_connections(benchmark::State& state, FrameBatch& batch, Sink& sink, const FlowSet& flows, std::uint64_t& clock) {
  return run_checked(state, batch, {single_step(Step::tcp_syn), flows.ordered}, sink, clock) &&
         run_checked(state, batch, {single_step(Step::tcp_syn_ack), flows.shuffled}, sink, clock) &&
         run_checked(state, batch, {single_step(Step::tcp_ack), flows.shuffled}, sink, clock);
}

// Sums the passes of a benchmark; each iteration's manual time is its ct-only time (raw - null).
class Measurement {
 public:
  void add(benchmark::State& state, const PassTiming& timing, std::size_t items);
  // Counters ct_ns, raw_ns, null_ns per item, and items processed (so items_per_second is ct-only).
  void report(benchmark::State& state) const;

 private:
  double raw_seconds_ = 0;
  double null_seconds_ = 0;
  std::uint64_t items_ = 0;
};

// Registers a benchmark timed by its passes' ct-only time, run exactly `iterations` times (the setup
// of a million flows is too slow to repeat for Google Benchmark's iteration search).
template <typename Function>
void register_timed(const std::string& name, Function function, std::int64_t iterations) {
  benchmark::RegisterBenchmark(name.c_str(), function)
      ->UseManualTime()
      ->Iterations(iterations)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace ctsh::bench
