// Op-mode commands that put traffic through the in-process engine: `simulate pcap FILE [interface NAME]`
// and `simulate idle SECONDS`.
#include <charconv>

#include <fmt/format.h>

#include "ctsh/engine/capture.hpp"
#include "engine_command_support.hpp"

namespace ctsh::cli {
namespace {

constexpr std::uint64_t max_idle_seconds = 315'360'000;  // ten years

// "30", "0.5", "2.004": whole seconds with up to 9 decimals, as nanoseconds.
std::optional<std::uint64_t> parse_seconds(const std::string& text) {
  const std::size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if ((whole.empty() && fraction.empty()) || fraction.size() > 9) return std::nullopt;
  if (whole.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  if (fraction.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  if (dot != std::string::npos && fraction.empty()) return std::nullopt;
  std::uint64_t seconds = 0;
  if (!whole.empty()) {
    auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
    if (error != std::errc{} || seconds > max_idle_seconds) return std::nullopt;
  }
  std::uint64_t nanoseconds = 0;
  for (std::size_t i = 0; i < 9; ++i) nanoseconds = nanoseconds * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  if (seconds == max_idle_seconds && nanoseconds > 0) return std::nullopt;
  return seconds * 1'000'000'000 + nanoseconds;
}

Status simulate_idle(Shell::State& state, Invocation& call) {
  const std::string& text = call.args.at(0);
  const auto nanoseconds = parse_seconds(text);
  if (!nanoseconds) {
    return engine_failure(call, fmt::format("Invalid idle time \"{}\": give seconds from 0 to {}, fractions allowed "
                                            "(e.g. 30 or 0.5)",
                                            text, max_idle_seconds));
  }
  auto done = state.engine_dataplane().use(true, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    engine.advance(*nanoseconds);
    return {};
  });
  if (!done) return engine_failure(call, done.error());
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

Status simulate_pcap(Shell::State& state, Invocation& call) {
  const std::string& file = call.args.at(0);
  auto interface = replay_interface(state, call);
  if (!interface) return engine_failure(call, interface.error());
  std::optional<engine::ReplaySummary> summary;
  engine::EngineStats before, after;
  auto done = state.engine_dataplane().use(true, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    before = engine.stats();
    engine::ReplayOptions options;
    options.interface = *interface;
    auto replayed = engine::replay_capture(engine, file, options);
    after = engine.stats();
    if (!replayed) {
      const auto& e = replayed.error();
      if (e.byte_offset == 0 && e.packets_replayed == 0) return std::unexpected(fmt::format("{}: {}", file, e.reason));
      return std::unexpected(fmt::format("{} is damaged at byte {}: {}; the {} packet{} before it were replayed", file,
                                         e.byte_offset, e.reason, e.packets_replayed,
                                         e.packets_replayed == 1 ? "" : "s"));
    }
    summary = *replayed;
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  const auto by_state = [&](engine::CtState s) {
    const auto i = static_cast<std::size_t>(s);
    return after.packets_by_state[i] - before.packets_by_state[i];
  };
  const double seconds = static_cast<double>(summary->last_time_ns - summary->first_time_ns) / 1e9;
  call.output.out += fmt::format("Replayed {} packets ({} bytes, {:.3f} s of capture time)\n", summary->packets,
                                 summary->bytes, seconds);
  call.output.out += fmt::format(
      "ct state: new {}, established {}, related {}, invalid {}, untracked {}; new flows {}, dropped {}, early drops {}\n",
      by_state(engine::CtState::new_flow), by_state(engine::CtState::established), by_state(engine::CtState::related),
      by_state(engine::CtState::invalid), by_state(engine::CtState::untracked), after.new_flows - before.new_flows,
      after.kernel.drop - before.kernel.drop, after.kernel.early_drop - before.kernel.early_drop);
  return Status::ok;
}

constexpr NamedHandler simulate_handler_table[] = {
    {"simulate-idle", simulate_idle, formats()},
    {"simulate-pcap", simulate_pcap, formats()},
};

}  // namespace

std::span<const NamedHandler> simulate_handlers() { return simulate_handler_table; }

}  // namespace ctsh::cli
