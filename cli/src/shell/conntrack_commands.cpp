// Op-mode commands on the in-process engine: `simulate pcap FILE`, `simulate idle SECONDS`,
// `show conntrack table ipv4|ipv6` and `show conntrack table statistics`.
#include <charconv>

#include <fmt/format.h>

#include "conntrack_table_view.hpp"
#include "ctsh/engine/capture.hpp"
#include "shell_state.hpp"

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

Status engine_failure(Invocation& call, const std::string& message) {
  call.output.err += framed({message});
  return Status::failed;
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

Status simulate_pcap(Shell::State& state, Invocation& call) {
  const std::string& file = call.args.at(0);
  std::optional<engine::ReplaySummary> summary;
  engine::EngineStats before, after;
  auto done = state.engine_dataplane().use(true, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    before = engine.stats();
    auto replayed = engine::replay_capture(engine, file);
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

Status show_table(Shell::State& state, Invocation& call, engine::Family family) {
  std::vector<engine::FlowView> flows;
  engine::FlowFilter filter;
  filter.family = family;
  auto done = state.engine_dataplane().use(false, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    engine.for_each(filter, [&](const engine::FlowView& flow) { flows.push_back(flow); });
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  sort_flows(flows);
  if (call.format == Format::json) {
    call.output.out += table_json(flows).dump() + "\n";
  } else {
    call.output.out += table_text(flows);
  }
  return Status::ok;
}

Status show_table_ipv4(Shell::State& state, Invocation& call) { return show_table(state, call, engine::Family::ipv4); }
Status show_table_ipv6(Shell::State& state, Invocation& call) { return show_table(state, call, engine::Family::ipv6); }

// The engine's counters by name (kernel names first, then ctsh's own).
std::vector<std::pair<std::string, std::uint64_t>> named_counters(const engine::EngineStats& s) {
  const engine::KernelCounters& k = s.kernel;
  std::vector<std::pair<std::string, std::uint64_t>> rows = {
      {"found", k.found}, {"invalid", k.invalid}, {"insert", k.insert}, {"insert_failed", k.insert_failed},
      {"drop", k.drop}, {"early_drop", k.early_drop}, {"error", k.error}, {"search_restart", k.search_restart},
      {"clash_resolve", k.clash_resolve}, {"chaintoolong", k.chaintoolong}, {"expect_new", k.expect_new},
      {"expect_create", k.expect_create}, {"expect_delete", k.expect_delete},
      {"new", s.new_flows}, {"destroyed", s.destroyed}, {"expired", s.expired}, {"raw_dropped", s.raw_dropped},
      {"raw_rejected", s.raw_rejected}, {"packets", s.packets}, {"not_ip", s.not_ip}};
  for (std::size_t i = 0; i < engine::ct_state_count; ++i) {
    std::string name = fmt::format("packets_{}", engine::ct_state_name(static_cast<engine::CtState>(i)));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    rows.emplace_back(std::move(name), s.packets_by_state[i]);
  }
  return rows;
}

Status show_table_statistics(Shell::State& state, Invocation& call) {
  engine::EngineStats s;
  auto done = state.engine_dataplane().use(false, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    s = engine.stats();
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  const double usage = s.table_size ? 100.0 * static_cast<double>(s.entries) / s.table_size : 0.0;
  if (call.format == Format::json) {
    nlohmann::ordered_json j;
    j["entries"] = s.entries;
    j["limit"] = s.table_size;
    j["usage_percent"] = usage;
    j["peak_entries"] = s.peak_entries;
    j["buckets"] = s.hash_size;
    j["expectations"] = s.expectations;
    j["expectation_limit"] = s.expect_table_size;
    j["memory_bytes"] = s.memory_bytes;
    nlohmann::ordered_json counters;
    for (const auto& [name, value] : named_counters(s)) counters[name] = value;
    j["counters"] = std::move(counters);
    call.output.out += j.dump() + "\n";
    return Status::ok;
  }
  std::string& out = call.output.out;
  out += fmt::format("Entries:        {} of {} ({:.1f} %), peak {}\n", s.entries, s.table_size, usage, s.peak_entries);
  out += fmt::format("Buckets:        {}\n", s.hash_size);
  out += fmt::format("Expectations:   {} of {}\n", s.expectations, s.expect_table_size);
  out += fmt::format("Memory in use:  {} bytes\n\n", s.memory_bytes);
  const auto rows = named_counters(s);
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  out += "Counters:\n";
  for (const auto& [name, value] : rows) out += fmt::format("  {:<{}}  {}\n", name, width, value);
  return Status::ok;
}

constexpr NamedHandler conntrack_handler_table[] = {
    {"simulate-idle", simulate_idle, false},
    {"simulate-pcap", simulate_pcap, false},
    {"show-conntrack-table-ipv4", show_table_ipv4, true},
    {"show-conntrack-table-ipv6", show_table_ipv6, true},
    {"show-conntrack-table-statistics", show_table_statistics, true},
};

}  // namespace

std::span<const NamedHandler> conntrack_handlers() { return conntrack_handler_table; }

}  // namespace ctsh::cli
