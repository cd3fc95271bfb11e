// Established traffic, each pass over every flow in shuffled order with both directions alternating:
// UDP at 1k, 100k and 1M flows, TCP data segments through window tracking, and UDP through 100
// notrack rules that match nothing. Each beside the baseline map doing the same lookups and updates.
#include <fmt/format.h>

#include "ctsh/engine/packet_builder.hpp"
#include "pass_runner.hpp"

namespace ctsh::bench {
namespace {

// One timed pass per iteration; pass numbers move TCP seq/ack forward and flip each flow's direction.
template <typename Sink>
void measure_passes(benchmark::State& state, FrameBatch& batch, Sink& sink, std::span<const std::uint32_t> flows,
                    Step step, std::uint64_t& clock) {
  Measurement measurement;
  std::uint32_t number = 0;
  for (auto _ : state) {
    measurement.add(state, time_pass(batch, {single_step(step), flows, number++}, sink, clock), flows.size());
    if (!sink.ok()) {
      state.SkipWithError(sink.error().c_str());
      break;
    }
  }
  measurement.report(state);
}

template <typename Sink>
void udp_hits(benchmark::State& state, Sink& sink, std::uint32_t count) {
  const FlowSet flows(count);
  FrameBatch batch(Shape::udp4);
  std::uint64_t clock = 0;
  if (!open_udp_flows(state, batch, sink, flows, clock)) return;
  measure_passes(state, batch, sink, flows.shuffled, Step::udp_alternating, clock);
}

template <typename Sink>
void tcp_data(benchmark::State& state, Sink& sink, std::uint32_t count) {
  const FlowSet flows(count);
  FrameBatch control(Shape::tcp4_control);
  FrameBatch data(Shape::tcp4_data);
  std::uint64_t clock = 0;
  if (!open_tcp_connections(state, control, sink, flows, clock)) return;
  measure_passes(state, data, sink, flows.shuffled, Step::tcp_data, clock);
}

// 100 `system conntrack ignore` rules (udp to 172.16.n.1 port 2000+n): none matches, all are walked.
engine::ConntrackConfig with_unmatched_notrack_rules(engine::ConntrackConfig config, std::uint32_t rules) {
  for (std::uint32_t n = 0; n < rules; ++n) {
    engine::RawRule rule;
    rule.number = n + 1;
    rule.action = engine::RawAction::notrack;
    rule.match.protocol = engine::ProtocolMatch{.negated = false, .tcp_udp = false, .number = 17};
    const engine::IpAddress address = engine::parse_ip(fmt::format("172.16.{}.1", n)).value();
    rule.match.destination_address = engine::AddressMatch{.negated = false, .first = address, .last = address};
    const auto port = static_cast<std::uint16_t>(2000 + n);
    rule.match.destination_port = engine::PortMatch{.negated = false, .ranges = {{port, port}}};
    config.raw_ipv4.ignore_rules.push_back(rule);
  }
  return config;
}

template <void (*Workload)(benchmark::State&, EngineSink&, std::uint32_t)>
void on_engine(benchmark::State& state, std::uint32_t count, const engine::ConntrackConfig& config) {
  engine::Engine engine(config);
  EngineSink sink(engine);
  Workload(state, sink, count);
}

template <void (*Workload)(benchmark::State&, MapSink&, std::uint32_t)>
void on_map(benchmark::State& state, std::uint32_t count) {
  BaselineHashMap map(count);
  MapSink sink(map);
  Workload(state, sink, count);
}

const bool registered = [] {
  const std::pair<std::uint32_t, std::int64_t> udp_sizes[] = {{1000, 10000}, {100000, 100}, {1000000, 8}};
  for (const auto& [count, iterations] : udp_sizes) {
    register_timed(fmt::format("established_udp/{}", count), [count](benchmark::State& state) {
      on_engine<udp_hits<EngineSink>>(state, count, bench_config(count));
    }, iterations);
    register_timed(fmt::format("baseline_map/established_udp/{}", count), [count](benchmark::State& state) {
      on_map<udp_hits<MapSink>>(state, count);
    }, iterations);
  }
  const std::pair<std::uint32_t, std::int64_t> tcp_sizes[] = {{100000, 100}, {1000000, 8}};
  for (const auto& [count, iterations] : tcp_sizes) {
    register_timed(fmt::format("established_tcp/{}", count), [count](benchmark::State& state) {
      on_engine<tcp_data<EngineSink>>(state, count, bench_config(count));
    }, iterations);
    register_timed(fmt::format("baseline_map/established_tcp/{}", count), [count](benchmark::State& state) {
      on_map<tcp_data<MapSink>>(state, count);
    }, iterations);
  }
  register_timed("notrack_rules_100/established_udp/100000", [](benchmark::State& state) {
    on_engine<udp_hits<EngineSink>>(state, 100000, with_unmatched_notrack_rules(bench_config(100000), 100));
  }, 100);
  return true;
}();

}  // namespace
}  // namespace ctsh::bench
