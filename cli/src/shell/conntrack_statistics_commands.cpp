// Op-mode statistics of the engine: `show conntrack table statistics`.
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine_command_support.hpp"

namespace ctsh::cli {
namespace {

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

constexpr NamedHandler conntrack_statistics_handler_table[] = {
    {"show-conntrack-table-statistics", show_table_statistics, formats(Format::json)},
};

}  // namespace

std::span<const NamedHandler> conntrack_statistics_handlers() { return conntrack_statistics_handler_table; }

}  // namespace ctsh::cli
