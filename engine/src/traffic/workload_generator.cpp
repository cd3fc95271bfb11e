// check_workload (the bounds), WorkloadGenerator (a source and its reused batch) and run_workload (the
// batches through an engine, shifted onto its clock).
#include <fmt/format.h>

#include <vector>

#include "traffic/workload_source.hpp"

namespace ctsh::engine {
namespace {

using Limits = WorkloadLimits;

// "60", "0.5", "0.001": seconds as typed, without trailing zeros.
std::string seconds_text(std::uint64_t ns) {
  std::string text = fmt::format("{}.{:09}", ns / workload_second_ns, ns % workload_second_ns);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::expected<void, std::string> check_count(std::string_view name, std::uint64_t value, std::uint64_t max,
                                             std::string_view unit) {
  if (value >= 1 && value <= max) return {};
  return std::unexpected(fmt::format("{} {} is out of range: give 1 to {}{}", name, value, max, unit));
}

std::expected<void, std::string> check_duration(std::uint64_t duration_ns) {
  if (duration_ns >= Limits::min_duration_ns && duration_ns <= Limits::max_duration_ns) return {};
  return std::unexpected(fmt::format("duration {} is out of range: give {} to {} seconds", seconds_text(duration_ns),
                                     seconds_text(Limits::min_duration_ns), seconds_text(Limits::max_duration_ns)));
}

std::expected<void, std::string> check_rate(std::uint64_t rate, std::uint64_t duration_ns, std::string_view what) {
  if (auto checked = check_count("rate", rate, Limits::max_rate, fmt::format(" {} per second", what)); !checked) {
    return checked;
  }
  if (auto checked = check_duration(duration_ns); !checked) return checked;
  const std::uint64_t total = packets_at_rate(rate, duration_ns);
  if (total <= Limits::max_packets) return {};
  return std::unexpected(fmt::format("rate {} for {} seconds is {} {}: one run sends at most {}", rate,
                                     seconds_text(duration_ns), total, what, Limits::max_packets));
}

struct Checker {
  std::expected<void, std::string> operator()(const GatewayWorkload& w) const {
    if (auto c = check_count("users", w.users, Limits::max_users, ""); !c) return c;
    if (auto c = check_count("connections-per-user", w.connections_per_user, Limits::max_connections_per_user, ""); !c) {
      return c;
    }
    if (w.users * w.connections_per_user > Limits::max_concurrent_connections) {
      return std::unexpected(fmt::format("users {} with connections-per-user {} is {} concurrent connections: one run "
                                         "models at most {}",
                                         w.users, w.connections_per_user, w.users * w.connections_per_user,
                                         Limits::max_concurrent_connections));
    }
    return check_duration(w.duration_ns);
  }
  std::expected<void, std::string> operator()(const SynFloodWorkload& w) const {
    return check_rate(w.rate, w.duration_ns, "SYNs");
  }
  std::expected<void, std::string> operator()(const UdpDnsWorkload& w) const {
    if (auto c = check_count("clients", w.clients, Limits::max_clients, ""); !c) return c;
    return check_rate(w.rate, w.duration_ns, "queries");
  }
};

struct SourceMaker {
  std::unique_ptr<WorkloadSource> operator()(const GatewayWorkload& w) const { return make_gateway_source(w); }
  std::unique_ptr<WorkloadSource> operator()(const SynFloodWorkload& w) const { return make_syn_flood_source(w); }
  std::unique_ptr<WorkloadSource> operator()(const UdpDnsWorkload& w) const { return make_udp_dns_source(w); }
};

}  // namespace

std::uint64_t packets_at_rate(std::uint64_t rate, std::uint64_t duration_ns) {
  const std::uint64_t whole_seconds = duration_ns / workload_second_ns;
  const std::uint64_t rest_ns = duration_ns % workload_second_ns;
  if (rate != 0 && whole_seconds > UINT64_MAX / rate) return UINT64_MAX;
  return whole_seconds * rate + rest_ns * rate / workload_second_ns;
}

std::expected<void, std::string> check_workload(const WorkloadSpec& spec) { return std::visit(Checker{}, spec); }

WorkloadGenerator::WorkloadGenerator(const WorkloadSpec& spec)
    : source_(std::visit(SourceMaker{}, spec)),
      writer_(std::make_unique<FrameWriter>()),
      duration_ns_(std::visit([](const auto& w) { return w.duration_ns; }, spec)) {}

WorkloadGenerator::~WorkloadGenerator() = default;

std::span<const Frame> WorkloadGenerator::next_batch() {
  writer_->clear();
  source_->fill(*writer_, batch_frames);
  return writer_->finish();
}

WorkloadRun run_workload(Engine& engine, WorkloadGenerator& generator,
                         const std::function<bool(const WorkloadProgress&)>& progress) {
  engine.start_clock(workload_epoch_ns);
  const std::uint64_t base = *engine.clock_ns();
  WorkloadRun run;
  run.first_time_ns = base;
  std::vector<Frame> frames(WorkloadGenerator::batch_frames);
  std::vector<PacketVerdict> verdicts(WorkloadGenerator::batch_frames);
  for (;;) {
    const std::span<const Frame> batch = generator.next_batch();
    if (batch.empty()) break;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      frames[i] = batch[i];
      frames[i].time_ns = base + batch[i].time_ns;
      run.bytes += batch[i].length;
    }
    engine.process({frames.data(), batch.size()}, {verdicts.data(), batch.size()});
    run.packets += batch.size();
    if (progress && !progress({run.packets, batch.back().time_ns, generator.duration_ns()})) {
      run.stopped = true;
      break;
    }
  }
  if (!run.stopped) {
    const std::uint64_t end = base + generator.duration_ns();
    if (*engine.clock_ns() < end) engine.advance(end - *engine.clock_ns());
  }
  run.last_time_ns = *engine.clock_ns();
  return run;
}

}  // namespace ctsh::engine
