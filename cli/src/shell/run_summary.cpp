// Measuring a simulate run and printing its summary.
#include "run_summary.hpp"

#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "text_table.hpp"

namespace ctsh::cli {
namespace {

std::string seconds_text(std::uint64_t ns) { return fmt::format("{:.3f} s", static_cast<double>(ns) / 1e9); }

std::uint64_t packets_per_second(const RunFigures& f) {
  return f.wall_seconds > 0 ? static_cast<std::uint64_t>(static_cast<double>(f.packets) / f.wall_seconds) : 0;
}

double usage_percent(std::uint64_t entries, std::uint64_t limit) {
  return limit ? 100.0 * static_cast<double>(entries) / static_cast<double>(limit) : 0.0;
}

std::string peak_text(const RunFigures& f) {
  return fmt::format("{} of {} ({:.1f} %)", f.peak_entries, f.table_size, usage_percent(f.peak_entries, f.table_size));
}

std::string state_name(std::size_t state) {
  std::string name(engine::ct_state_name(static_cast<engine::CtState>(state)));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

double reported_wall_seconds(std::chrono::steady_clock::time_point start, std::chrono::steady_clock::time_point end) {
  if (const char* fixed = std::getenv("CTSH_TEST_WALL_TIME"); fixed && *fixed) {
    char* rest = nullptr;
    const double seconds = std::strtod(fixed, &rest);
    if (rest && *rest == '\0' && seconds >= 0) return seconds;
  }
  return std::chrono::duration<double>(end - start).count();
}

MeasuredRun measure_run(engine::Engine& engine, const Traffic& traffic, RunMonitor& monitor, std::string_view label) {
  const engine::EngineStats before = engine.stats();
  engine.restart_peak();
  const auto started = std::chrono::steady_clock::now();
  MeasuredRun run;
  run.outcome = traffic(engine, monitor, label);
  const auto ended = std::chrono::steady_clock::now();
  const engine::EngineStats after = engine.stats();
  RunFigures& f = run.figures;
  f.packets = run.outcome.packets;
  f.bytes = run.outcome.bytes;
  f.simulated_ns = run.outcome.simulated_ns;
  f.wall_seconds = reported_wall_seconds(started, ended);
  f.new_flows = after.new_flows - before.new_flows;
  f.peak_entries = engine.peak_since_restart();
  f.table_size = after.table_size;
  f.drops = after.kernel.drop - before.kernel.drop;
  f.early_drops = after.kernel.early_drop - before.kernel.early_drop;
  f.invalid = after.kernel.invalid - before.kernel.invalid;
  f.memory_bytes = after.memory_bytes;
  for (std::size_t i = 0; i < f.packets_by_state.size(); ++i) {
    f.packets_by_state[i] = after.packets_by_state[i] - before.packets_by_state[i];
  }
  return run;
}

std::string render_summary(const RunFigures& f) {
  std::string states;
  for (std::size_t i : {1, 2, 3, 0, 4}) {  // new, established, related, invalid, untracked
    states += fmt::format("{}{} {}", states.empty() ? "" : ", ", state_name(i), f.packets_by_state[i]);
  }
  std::string out;
  out += fmt::format("Packets:         {} ({} bytes)\n", f.packets, f.bytes);
  out += fmt::format("ct states:       {}\n", states);
  out += fmt::format("Simulated time:  {}\n", seconds_text(f.simulated_ns));
  out += fmt::format("Wall time:       {:.3f} s ({} packets/s)\n", f.wall_seconds, packets_per_second(f));
  out += fmt::format("New flows:       {}\n", f.new_flows);
  out += fmt::format("Peak entries:    {}\n", peak_text(f));
  out += fmt::format("Drops:           {}\n", f.drops);
  out += fmt::format("Early drops:     {}\n", f.early_drops);
  out += fmt::format("Invalid:         {}\n", f.invalid);
  out += fmt::format("Memory:          {} bytes\n", f.memory_bytes);
  return out;
}

nlohmann::ordered_json summary_json(const RunFigures& f) {
  nlohmann::ordered_json j;
  j["packets"] = f.packets;
  j["bytes"] = f.bytes;
  j["simulated_seconds"] = static_cast<double>(f.simulated_ns) / 1e9;
  j["wall_seconds"] = f.wall_seconds;
  j["packets_per_second"] = packets_per_second(f);
  j["new_flows"] = f.new_flows;
  j["peak_entries"] = f.peak_entries;
  j["table_size"] = f.table_size;
  j["peak_usage_percent"] = usage_percent(f.peak_entries, f.table_size);
  j["drops"] = f.drops;
  j["early_drops"] = f.early_drops;
  j["invalid"] = f.invalid;
  j["memory_bytes"] = f.memory_bytes;
  nlohmann::ordered_json states;
  for (std::size_t i = 0; i < f.packets_by_state.size(); ++i) states[state_name(i)] = f.packets_by_state[i];
  j["packets_by_state"] = std::move(states);
  return j;
}

std::string render_comparison(std::string_view first_name, const RunFigures& a, std::string_view second_name,
                              const RunFigures& b) {
  const auto row = [&](std::string name, auto cell) { return std::vector<std::string>{name, cell(a), cell(b)}; };
  const std::vector<std::vector<std::string>> rows = {
      row("Packets", [](const RunFigures& f) { return std::to_string(f.packets); }),
      row("Simulated time", [](const RunFigures& f) { return seconds_text(f.simulated_ns); }),
      row("Wall time", [](const RunFigures& f) { return fmt::format("{:.3f} s", f.wall_seconds); }),
      row("Packets/s", [](const RunFigures& f) { return std::to_string(packets_per_second(f)); }),
      row("New flows", [](const RunFigures& f) { return std::to_string(f.new_flows); }),
      row("Peak entries", [](const RunFigures& f) { return peak_text(f); }),
      row("Drops", [](const RunFigures& f) { return std::to_string(f.drops); }),
      row("Early drops", [](const RunFigures& f) { return std::to_string(f.early_drops); }),
      row("Invalid", [](const RunFigures& f) { return std::to_string(f.invalid); }),
      row("Memory", [](const RunFigures& f) { return fmt::format("{} bytes", f.memory_bytes); }),
  };
  return render_table({"", std::string(first_name), std::string(second_name)}, rows);
}

}  // namespace ctsh::cli
