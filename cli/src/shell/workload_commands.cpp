// Op-mode commands that put synthetic traffic through the engine (engine/include/ctsh/engine/workload.hpp):
// `simulate workload gateway users N connections-per-user M [duration SECONDS] [seed S]`,
// `simulate workload syn-flood rate PPS duration SECONDS [seed S]` and
// `simulate workload udp-dns clients N rate QPS duration SECONDS [seed S]`, each with `compare [revision N]`.
#include <fmt/format.h>

#include "ctsh/engine/workload.hpp"
#include "engine_command_support.hpp"
#include "simulate_run.hpp"
#include "simulate_values.hpp"

namespace ctsh::cli {
namespace {

// Reads the options a workload takes into its spec; the usage line names what a missing one is for.
class WorkloadOptions {
 public:
  WorkloadOptions(const Invocation& call, std::string usage) : call_(call), usage_(std::move(usage)) {}

  std::expected<std::uint64_t, std::string> count(const std::string& name) const {
    const auto given = call_.options.find(name);
    if (given == call_.options.end()) return std::unexpected(missing(name));
    return parse_whole_number(name, given->second);
  }
  std::expected<std::uint64_t, std::string> duration(std::optional<std::uint64_t> default_ns) const {
    const auto given = call_.options.find("duration");
    if (given != call_.options.end()) return parse_duration(given->second);
    if (default_ns) return *default_ns;
    return std::unexpected(missing("duration"));
  }
  std::expected<std::uint64_t, std::string> seed(std::uint64_t default_seed) const {
    const auto given = call_.options.find("seed");
    if (given == call_.options.end()) return default_seed;
    return parse_whole_number("seed", given->second);
  }

 private:
  std::string missing(const std::string& name) const { return fmt::format("{} is missing: {}", name, usage_); }

  const Invocation& call_;
  std::string usage_;
};

Traffic workload_traffic(const engine::WorkloadSpec& spec) {
  return [spec](engine::Engine& engine, RunMonitor& monitor, std::string_view label) {
    engine::WorkloadGenerator generator(spec);
    const engine::WorkloadRun run = engine::run_workload(engine, generator, [&](const engine::WorkloadProgress& p) {
      return monitor.update(static_cast<double>(p.elapsed_ns) / static_cast<double>(p.duration_ns),
                            fmt::format("{}{} packets, {:.1f} of {:.1f} s", label, p.packets,
                                        static_cast<double>(p.elapsed_ns) / 1e9, static_cast<double>(p.duration_ns) / 1e9));
    });
    return TrafficOutcome{run.packets, run.bytes, run.last_time_ns - run.first_time_ns, run.stopped, std::nullopt};
  };
}

using SpecOrError = std::expected<engine::WorkloadSpec, std::string>;

Status run_workload_command(Shell::State& state, Invocation& call, const SpecOrError& spec) {
  if (!spec) return engine_failure(call, spec.error());
  if (auto checked = engine::check_workload(*spec); !checked) return engine_failure(call, checked.error());
  return run_traffic(state, call, workload_traffic(*spec));
}

SpecOrError gateway_spec(const Invocation& call) {
  const WorkloadOptions options(call, "simulate workload gateway users N connections-per-user M [duration SECONDS] [seed S]");
  engine::GatewayWorkload w;
  const auto users = parse_whole_number("users", call.args.at(0));
  if (!users) return std::unexpected(users.error());
  const auto connections = options.count("connections-per-user");
  if (!connections) return std::unexpected(connections.error());
  const auto duration = options.duration(w.duration_ns);
  if (!duration) return std::unexpected(duration.error());
  const auto seed = options.seed(w.seed);
  if (!seed) return std::unexpected(seed.error());
  return engine::GatewayWorkload{*users, *connections, *duration, *seed};
}

SpecOrError syn_flood_spec(const Invocation& call) {
  const WorkloadOptions options(call, "simulate workload syn-flood rate PPS duration SECONDS [seed S]");
  const auto rate = parse_whole_number("rate", call.args.at(0));
  if (!rate) return std::unexpected(rate.error());
  const auto duration = options.duration(std::nullopt);
  if (!duration) return std::unexpected(duration.error());
  const auto seed = options.seed(engine::SynFloodWorkload{}.seed);
  if (!seed) return std::unexpected(seed.error());
  return engine::SynFloodWorkload{*rate, *duration, *seed};
}

SpecOrError udp_dns_spec(const Invocation& call) {
  const WorkloadOptions options(call, "simulate workload udp-dns clients N rate QPS duration SECONDS [seed S]");
  const auto clients = parse_whole_number("clients", call.args.at(0));
  if (!clients) return std::unexpected(clients.error());
  const auto rate = options.count("rate");
  if (!rate) return std::unexpected(rate.error());
  const auto duration = options.duration(std::nullopt);
  if (!duration) return std::unexpected(duration.error());
  const auto seed = options.seed(engine::UdpDnsWorkload{}.seed);
  if (!seed) return std::unexpected(seed.error());
  return engine::UdpDnsWorkload{*clients, *rate, *duration, *seed};
}

Status gateway(Shell::State& state, Invocation& call) { return run_workload_command(state, call, gateway_spec(call)); }
Status syn_flood(Shell::State& state, Invocation& call) { return run_workload_command(state, call, syn_flood_spec(call)); }
Status udp_dns(Shell::State& state, Invocation& call) { return run_workload_command(state, call, udp_dns_spec(call)); }

constexpr NamedHandler workload_handler_table[] = {
    {"simulate-workload-gateway", gateway, formats(Format::json)},
    {"simulate-workload-syn-flood", syn_flood, formats(Format::json)},
    {"simulate-workload-udp-dns", udp_dns, formats(Format::json)},
};

}  // namespace

std::span<const NamedHandler> workload_handlers() { return workload_handler_table; }

}  // namespace ctsh::cli
