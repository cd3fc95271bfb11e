// Op-mode statistics of the engine: `show conntrack table statistics` (table usage, hash chains,
// memory beside the kernel's, entries per protocol, per TCP state and per top source) and
// `show conntrack statistics` (every counter, named, one row per engine shard); each as text,
// `| json` and `| prometheus`.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "conntrack_counters.hpp"
#include "conntrack_prometheus.hpp"
#include "conntrack_table_view.hpp"
#include "ctsh/cli/value_parsers.hpp"
#include "engine_command_support.hpp"
#include "kernel_memory.hpp"
#include "text_table.hpp"

namespace ctsh::cli {
namespace {

constexpr std::size_t top_source_count = 10;
constexpr std::uint64_t usage_warning_percent = 80;

struct TableSnapshot {
  engine::EngineStats stats;
  engine::TableStatistics table;
  bool accounting = false;
};

double usage_percent(const engine::EngineStats& s) {
  return s.table_size ? 100.0 * static_cast<double>(s.entries) / s.table_size : 0.0;
}

std::uint64_t kernel_bytes(const TableSnapshot& t) {
  return kernel_memory_bytes(t.stats.entries, t.stats.hash_size, t.accounting);
}

// Protocols that have entries, most entries first, then by number.
std::vector<std::pair<std::uint8_t, std::uint64_t>> protocols_in_use(const engine::TableStatistics& table) {
  std::vector<std::pair<std::uint8_t, std::uint64_t>> used;
  for (std::size_t protocol = 0; protocol < table.by_protocol.size(); ++protocol) {
    if (table.by_protocol[protocol]) used.emplace_back(static_cast<std::uint8_t>(protocol), table.by_protocol[protocol]);
  }
  std::stable_sort(used.begin(), used.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return used;
}

nlohmann::ordered_json table_statistics_json(const TableSnapshot& t) {
  const engine::EngineStats& s = t.stats;
  nlohmann::ordered_json j;
  j["entries"] = s.entries;
  j["limit"] = s.table_size;
  j["usage_percent"] = usage_percent(s);
  j["peak_entries"] = s.peak_entries;
  j["buckets"] = s.hash_size;
  j["buckets_used"] = t.table.buckets_used;
  j["average_chain"] = t.table.average_chain();
  j["longest_chain"] = t.table.longest_chain;
  j["expectations"] = s.expectations;
  j["expectation_limit"] = s.expect_table_size;
  j["memory_bytes"] = s.memory_bytes;
  j["kernel_memory_bytes"] = kernel_bytes(t);
  nlohmann::ordered_json protocols = nlohmann::ordered_json::object();
  for (const auto& [protocol, entries] : protocols_in_use(t.table)) protocols[protocol_name(protocol)] = entries;
  j["by_protocol"] = std::move(protocols);
  nlohmann::ordered_json states = nlohmann::ordered_json::object();
  for (const engine::StateCount& state : t.table.by_tcp_state) states[std::string(state.state)] = state.entries;
  j["by_tcp_state"] = std::move(states);
  nlohmann::ordered_json sources = nlohmann::ordered_json::array();
  for (const engine::SourceCount& source : t.table.top_sources) {
    sources.push_back({{"source", address_text(source.source)}, {"entries", source.entries}});
  }
  j["top_sources"] = std::move(sources);
  nlohmann::ordered_json counters;
  for (const NamedCounter& counter : named_counters(s)) counters[std::string(counter.name)] = counter.value;
  j["counters"] = std::move(counters);
  return j;
}

std::string table_statistics_text(const TableSnapshot& t) {
  const engine::EngineStats& s = t.stats;
  const engine::TableStatistics& table = t.table;
  std::string out;
  if (s.table_size && s.entries * 100 >= usage_warning_percent * s.table_size) {
    out += fmt::format("WARNING: the table is {:.1f} % full; when it is full, new flows early-drop unassured "
                       "entries or are dropped: raise system conntrack table-size (and hash-size)\n\n",
                       usage_percent(s));
  }
  out += fmt::format("Entries:        {} of {} ({:.1f} %), peak {}\n", s.entries, s.table_size, usage_percent(s),
                     s.peak_entries);
  out += fmt::format("Hash buckets:   {}, {} used; chains of {:.2f} links on average in a used bucket, {} at most "
                     "(each entry is linked once per direction)\n",
                     s.hash_size, table.buckets_used, table.average_chain(), table.longest_chain);
  out += fmt::format("Expectations:   {} of {}\n", s.expectations, s.expect_table_size);
  out += fmt::format("Memory in use:  {} bytes; the kernel would need {} bytes for the same entries "
                     "({} B per entry{}, {} B per bucket)\n",
                     s.memory_bytes, kernel_bytes(t), kernel_entry_cost(t.accounting),
                     t.accounting ? " with flow-accounting" : "", kernel_bucket_bytes);
  std::vector<std::vector<std::string>> rows;
  for (const auto& [protocol, entries] : protocols_in_use(table)) rows.push_back({protocol_name(protocol), std::to_string(entries)});
  if (!rows.empty()) out += "\n" + render_table({"Protocol", "Entries"}, rows);
  rows.clear();
  for (const engine::StateCount& state : table.by_tcp_state) {
    if (state.entries) rows.push_back({std::string(state.state), std::to_string(state.entries)});
  }
  if (!rows.empty()) out += "\n" + render_table({"TCP state", "Entries"}, rows);
  rows.clear();
  for (const engine::SourceCount& source : table.top_sources) {
    rows.push_back({address_text(source.source), std::to_string(source.entries)});
  }
  if (!rows.empty()) out += "\n" + render_table({"Top source", "Entries"}, rows);
  return out;
}

Status show_table_statistics(Shell::State& state, Invocation& call) {
  TableSnapshot t;
  auto done = state.engine_dataplane().use(false, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    t.stats = engine.stats();
    t.table = engine.table_statistics(top_source_count);
    t.accounting = engine.config().flow_accounting;
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  switch (call.format) {
    case Format::json: call.output.out += table_statistics_json(t).dump() + "\n"; break;
    case Format::prometheus: call.output.out += table_statistics_metrics(t.stats, t.table, kernel_bytes(t)); break;
    default: call.output.out += table_statistics_text(t); break;
  }
  return Status::ok;
}

// The engine has one shard, which the views number as the kernel numbers its first CPU.
constexpr unsigned engine_shard = 0;

std::string statistics_text(const engine::EngineStats& s) {
  const std::vector<NamedCounter> counters = named_counters(s);
  std::string out;
  for (const CounterGroup group : {CounterGroup::kernel, CounterGroup::expectation, CounterGroup::entries,
                                   CounterGroup::packets, CounterGroup::ct_state}) {
    std::vector<std::string> headers = {"CPU"};
    std::vector<std::string> row = {std::to_string(engine_shard)};
    for (const NamedCounter& counter : counters) {
      if (counter.group != group) continue;
      headers.emplace_back(counter.name);
      row.push_back(std::to_string(counter.value));
    }
    out += (out.empty() ? "" : "\n") + render_table(headers, {row});
  }
  return out;
}

Status show_statistics(Shell::State& state, Invocation& call) {
  engine::EngineStats s;
  auto done = state.engine_dataplane().use(false, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    s = engine.stats();
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  switch (call.format) {
    case Format::json: {
      nlohmann::ordered_json shard;
      shard["cpu"] = engine_shard;
      for (const NamedCounter& counter : named_counters(s)) shard[std::string(counter.name)] = counter.value;
      nlohmann::ordered_json j;
      j["cpus"] = nlohmann::ordered_json::array({std::move(shard)});
      call.output.out += j.dump() + "\n";
      break;
    }
    case Format::prometheus: call.output.out += statistics_metrics(s); break;
    default: call.output.out += statistics_text(s); break;
  }
  return Status::ok;
}

constexpr NamedHandler conntrack_statistics_handler_table[] = {
    {"show-conntrack-table-statistics", show_table_statistics, formats(Format::json, Format::prometheus)},
    {"show-conntrack-statistics", show_statistics, formats(Format::json, Format::prometheus)},
};

}  // namespace

std::span<const NamedHandler> conntrack_statistics_handlers() { return conntrack_statistics_handler_table; }

}  // namespace ctsh::cli
