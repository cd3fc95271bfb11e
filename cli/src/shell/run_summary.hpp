// The summary every simulate run ends with: packets, simulated and wall time, packets per second, new
// flows, peak entries and usage, drops, early drops, invalid, memory; as text rows, as JSON, and two
// runs side by side (what-if). Figures are the run's own (counter differences, the run's peak).
//
//   RunFigures figures = measure_run(engine, traffic, monitor, "").figures;
//   out += render_summary(figures);
//
// Wall time is measured; CTSH_TEST_WALL_TIME=SECONDS reports that instead (test-only, so that transcript
// outputs stay the same from run to run).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ctsh/engine/engine.hpp"
#include "run_monitor.hpp"

namespace ctsh::cli {

// What a traffic source reports of one run on one engine.
struct TrafficOutcome {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t simulated_ns = 0;
  bool interrupted = false;           // Ctrl-C
  std::optional<std::string> fault;  // a damaged capture: what was replayed before it stays
};

// Puts traffic through an engine; `label` prefixes its progress text ("candidate: ...").
using Traffic = std::function<TrafficOutcome(engine::Engine&, RunMonitor&, std::string_view label)>;

struct RunFigures {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t simulated_ns = 0;
  double wall_seconds = 0;
  std::uint64_t new_flows = 0;
  std::uint64_t peak_entries = 0;
  std::uint64_t table_size = 0;
  std::uint64_t drops = 0;
  std::uint64_t early_drops = 0;
  std::uint64_t invalid = 0;  // the kernel's `invalid` counter
  std::uint64_t memory_bytes = 0;
  std::array<std::uint64_t, engine::ct_state_count> packets_by_state{};
};

struct MeasuredRun {
  RunFigures figures;
  TrafficOutcome outcome;
};

MeasuredRun measure_run(engine::Engine& engine, const Traffic& traffic, RunMonitor& monitor, std::string_view label);

// Wall time between two instants, or CTSH_TEST_WALL_TIME's.
double reported_wall_seconds(std::chrono::steady_clock::time_point start, std::chrono::steady_clock::time_point end);

std::string render_summary(const RunFigures& figures);
nlohmann::ordered_json summary_json(const RunFigures& figures);
// Two runs side by side, in columns named `first_name` and `second_name`.
std::string render_comparison(std::string_view first_name, const RunFigures& first, std::string_view second_name,
                              const RunFigures& second);

}  // namespace ctsh::cli
