// Verdict checks of the engine and baseline sinks, the benchmark configuration, and the reporting of
// ct-only figures.
#include "pass_runner.hpp"

#include "kernel_defaults.hpp"

#include <time.h>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

namespace ctsh::bench {
namespace {

bool creates_flow(Step step) { return step == Step::udp_request || step == Step::tcp_syn; }

const char* step_name(Step step) {
  switch (step) {
    case Step::udp_request: return "udp request";
    case Step::udp_reply: return "udp reply";
    case Step::udp_alternating: return "udp alternating";
    case Step::tcp_syn: return "tcp syn";
    case Step::tcp_syn_ack: return "tcp syn-ack";
    case Step::tcp_ack: return "tcp ack";
    case Step::tcp_data: return "tcp data";
    case Step::tcp_fin: return "tcp fin";
    case Step::tcp_fin_reply: return "tcp fin reply";
    case Step::tcp_last_ack: return "tcp last ack";
  }
  return "?";
}

}  // namespace

engine::ConntrackConfig bench_config(std::uint32_t table_size) {
  engine::ConntrackConfig config = engine::test::kernel_defaults(table_size, table_size);
  config.expect_table_size = 2048;
  return config;
}

std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size_pages = 0;
  std::uint64_t resident_pages = 0;
  statm >> size_pages >> resident_pages;
  return resident_pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void EngineSink::consume(FrameBatch&, std::span<const engine::Frame> frames, Step step, const Pass& pass,
                         std::span<const std::uint32_t> flows) {
  engine_.process(frames, verdicts_);
  if (!error_.empty()) return;
  const engine::CtState wanted = creates_flow(step) ? engine::CtState::new_flow : engine::CtState::established;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const engine::PacketVerdict& verdict = verdicts_[i];
    const bool reply = is_reply(step, flows[i], pass.number);
    const bool right = pass.expect_dropped
                           ? (verdict.flags & engine::verdict_dropped) != 0
                           : verdict.state == wanted && verdict.flags == (reply ? engine::verdict_reply : 0);
    if (right) continue;
    error_ = fmt::format("flow {}, {} on pass {}: state {} flags {:#x}, expected {}", flows[i], step_name(step),
                         pass.number, engine::ct_state_name(verdict.state), verdict.flags,
                         pass.expect_dropped ? "a drop" : engine::ct_state_name(wanted));
    return;
  }
}

void MapSink::consume(FrameBatch& batch, std::span<const engine::Frame> frames, Step step, const Pass& pass,
                      std::span<const std::uint32_t> flows) {
  const bool creates = creates_flow(step);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const TupleKey key = key_of_ipv4_frame(batch.bytes(i));
    bool right;
    if (pass.expect_dropped) {
      right = map_.find(key) == nullptr;
    } else {
      bool inserted = false;
      FlowValue& value = map_.find_or_insert(key, inserted);
      ++value.packets;
      value.last_seen_ns = frames[i].time_ns;
      right = inserted == creates;
    }
    if (right || !error_.empty()) continue;
    error_ = fmt::format("baseline map: flow {}, {} on pass {}: {}", flows[i], step_name(step), pass.number,
                         creates ? "already present" : "missing");
  }
}

void Measurement::add(benchmark::State& state, const PassTiming& timing, std::size_t items) {
  raw_seconds_ += timing.raw_seconds;
  null_seconds_ += timing.null_seconds;
  items_ += items;
  state.SetIterationTime(std::max(timing.raw_seconds - timing.null_seconds, 1e-9));
}

void Measurement::report(benchmark::State& state) const {
  if (items_ == 0) return;
  const double per_item = 1e9 / static_cast<double>(items_);
  state.counters["ct_ns"] = (raw_seconds_ - null_seconds_) * per_item;
  state.counters["raw_ns"] = raw_seconds_ * per_item;
  state.counters["null_ns"] = null_seconds_ * per_item;
  state.SetItemsProcessed(static_cast<std::int64_t>(items_));
}

}  // namespace ctsh::bench
