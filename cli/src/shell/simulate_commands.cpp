// Op-mode commands that put captured traffic through the in-process engine, or let time pass:
// `simulate pcap FILE [speed max|realtime|N] [loop N] [interface NAME] [compare [revision N]]` and
// `simulate idle SECONDS`.
#include <filesystem>

#include <fmt/format.h>

#include "ctsh/engine/capture.hpp"
#include "engine_command_support.hpp"
#include "replay_pacer.hpp"
#include "simulate_run.hpp"
#include "simulate_values.hpp"

namespace ctsh::cli {
namespace {

double usage_percent(std::uint64_t entries, std::uint64_t limit) {
  return limit ? 100.0 * static_cast<double>(entries) / static_cast<double>(limit) : 0.0;
}

Status simulate_idle(Shell::State& state, Invocation& call) {
  const std::string& text = call.args.at(0);
  const auto nanoseconds = parse_seconds(text, max_idle_seconds);
  if (!nanoseconds) {
    return engine_failure(call, fmt::format("Invalid idle time \"{}\": give seconds from 0 to {}, fractions allowed "
                                            "(e.g. 30 or 0.5)",
                                            text, max_idle_seconds));
  }
  engine::EngineStats before, after;
  auto done = state.engine_dataplane().use(true, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    before = engine.stats();
    engine.advance(*nanoseconds);
    after = engine.stats();
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  const std::uint64_t expired = after.expired - before.expired;
  if (call.format == Format::json) {
    nlohmann::ordered_json j;
    j["simulated_seconds"] = static_cast<double>(*nanoseconds) / 1e9;
    j["expired"] = expired;
    j["entries"] = after.entries;
    j["table_size"] = after.table_size;
    call.output.out += j.dump() + "\n";
    return Status::ok;
  }
  call.output.out += fmt::format("Simulated time:  {:.3f} s\n", static_cast<double>(*nanoseconds) / 1e9);
  call.output.out += fmt::format("Expired:         {} entr{}\n", expired, expired == 1 ? "y" : "ies");
  call.output.out += fmt::format("Entries:         {} of {} ({:.1f} %)\n", after.entries, after.table_size,
                                 usage_percent(after.entries, after.table_size));
  return Status::ok;
}

// The interface name of `simulate pcap FILE interface NAME`, checked as the schema checks interface
// names in rules (the validator's lines, then the reason).
std::expected<std::optional<std::string>, std::string> replay_interface(const Shell::State& state,
                                                                        const Invocation& call) {
  const auto given = call.options.find("interface");
  if (given == call.options.end()) return std::nullopt;
  const SchemaNode* leaf = state.schema().node_at({"system", "conntrack", "ignore", "ipv4", "rule", "1",
                                                   "inbound-interface"});
  if (leaf) {
    if (auto checked = leaf->check_value(given->second); !checked) {
      return std::unexpected(fmt::format("{}", fmt::join(checked.error().lines, "\n  ")));
    }
  }
  return given->second;
}

std::string damage_message(const std::string& file, const engine::CaptureError& e, std::uint64_t replayed) {
  if (e.byte_offset == 0 && replayed == 0) return fmt::format("{}: {}", file, e.reason);
  return fmt::format("{} is damaged at byte {}: {}; the {} packet{} before it were replayed", file, e.byte_offset,
                     e.reason, replayed, replayed == 1 ? "" : "s");
}

// `passes` replays of `file`, each continuing from the engine clock, paced when `speed` > 0.
Traffic capture_traffic(std::string file, std::optional<std::string> interface, double speed, std::uint64_t passes) {
  return [=](engine::Engine& engine, RunMonitor& monitor, std::string_view label) {
    TrafficOutcome outcome;
    std::error_code ignored;
    const std::uint64_t file_size = std::filesystem::file_size(file, ignored);
    std::optional<std::uint64_t> first_time;
    for (std::uint64_t pass = 1; pass <= passes; ++pass) {
      ReplayPacer pacer(speed, monitor);
      engine::ReplayOptions options;
      options.interface = interface;
      if (speed > 0) options.pace = std::ref(pacer);
      options.progress = [&](const engine::ReplayProgress& progress) {
        const double in_pass = file_size ? static_cast<double>(progress.file_offset) / static_cast<double>(file_size) : 0;
        const std::string passes_text = passes > 1 ? fmt::format(", pass {} of {}", pass, passes) : "";
        return monitor.update((static_cast<double>(pass - 1) + in_pass) / static_cast<double>(passes),
                              fmt::format("{}{} packets{}", label, outcome.packets + progress.packets, passes_text));
      };
      auto replayed = engine::replay_capture(engine, file, options);
      const engine::ReplaySummary& summary = replayed ? *replayed : replayed.error().replayed;
      if (summary.packets > 0) {
        if (!first_time) first_time = summary.first_time_ns;
        outcome.simulated_ns = summary.last_time_ns - *first_time;
      }
      outcome.packets += summary.packets;
      outcome.bytes += summary.bytes;
      if (!replayed) {
        outcome.fault = damage_message(file, replayed.error(), outcome.packets);
        break;
      }
      if (summary.stopped) {
        outcome.interrupted = true;
        break;
      }
    }
    return outcome;
  };
}

Status simulate_pcap(Shell::State& state, Invocation& call) {
  auto interface = replay_interface(state, call);
  if (!interface) return engine_failure(call, interface.error());
  double speed = 0;
  if (const auto given = call.options.find("speed"); given != call.options.end()) {
    auto parsed = parse_speed(given->second);
    if (!parsed) return engine_failure(call, parsed.error());
    speed = *parsed;
  }
  std::uint64_t passes = 1;
  if (const auto given = call.options.find("loop"); given != call.options.end()) {
    auto parsed = parse_loop(given->second);
    if (!parsed) return engine_failure(call, parsed.error());
    passes = *parsed;
  }
  return run_traffic(state, call, capture_traffic(call.args.at(0), *interface, speed, passes));
}

constexpr NamedHandler simulate_handler_table[] = {
    {"simulate-idle", simulate_idle, formats(Format::json)},
    {"simulate-pcap", simulate_pcap, formats(Format::json)},
};

}  // namespace

std::span<const NamedHandler> simulate_handlers() { return simulate_handler_table; }

}  // namespace ctsh::cli
