// The statistics views print the engine's counters: after a known replay (tests/tools/sample_capture),
// every number of `show conntrack statistics` (text, `| json`, `| prometheus`) and of
// `show conntrack table statistics | json` equals what an engine that replayed the same capture reports.
#include <doctest/doctest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ctsh/engine/capture.hpp"
#include "ctsh/engine/engine.hpp"
#include "ctsh_process.hpp"
#include "kernel_defaults.hpp"
#include "scratch_directory.hpp"

namespace fs = std::filesystem;
using namespace ctsh::engine;
using ctsh::test::run_ctsh;

namespace {

// The engine's counters under the views' names, read field by field.
std::map<std::string, std::uint64_t> expected_counters(const EngineStats& s) {
  const auto state = [&](CtState c) { return s.packets_by_state[static_cast<std::size_t>(c)]; };
  return {
      {"found", s.kernel.found},
      {"invalid", s.kernel.invalid},
      {"insert", s.kernel.insert},
      {"insert_failed", s.kernel.insert_failed},
      {"drop", s.kernel.drop},
      {"early_drop", s.kernel.early_drop},
      {"error", s.kernel.error},
      {"search_restart", s.kernel.search_restart},
      {"clash_resolve", s.kernel.clash_resolve},
      {"chaintoolong", s.kernel.chaintoolong},
      {"expect_new", s.kernel.expect_new},
      {"expect_create", s.kernel.expect_create},
      {"expect_delete", s.kernel.expect_delete},
      {"new", s.new_flows},
      {"destroyed", s.destroyed},
      {"expired", s.expired},
      {"raw_dropped", s.raw_dropped},
      {"raw_rejected", s.raw_rejected},
      {"packets", s.packets},
      {"not_ip", s.not_ip},
      {"packets_invalid", state(CtState::invalid)},
      {"packets_new", state(CtState::new_flow)},
      {"packets_established", state(CtState::established)},
      {"packets_related", state(CtState::related)},
      {"packets_untracked", state(CtState::untracked)},
  };
}

// `name value` pairs of the text view: each table is a header row, a row of dashes and one row per CPU.
std::map<std::string, std::uint64_t> text_counters(const std::string& text) {
  std::map<std::string, std::uint64_t> out;
  std::istringstream lines(text);
  std::vector<std::string> block;
  const auto words = [](const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> w;
    for (std::string word; in >> word;) w.push_back(word);
    return w;
  };
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) {
      block.push_back(line);
      continue;
    }
    REQUIRE(block.size() == 3);
    const auto names = words(block[0]);
    const auto values = words(block[2]);
    REQUIRE(names.size() == values.size());
    CHECK(names.front() == "CPU");
    CHECK(values.front() == "0");
    for (std::size_t i = 1; i < names.size(); ++i) out[names[i]] = std::stoull(values[i]);
    block.clear();
  }
  REQUIRE(block.size() == 3);
  const auto names = words(block[0]);
  const auto values = words(block[2]);
  for (std::size_t i = 1; i < names.size(); ++i) out[names[i]] = std::stoull(values[i]);
  return out;
}

// Samples of the exposition text without labels: metric name -> value.
std::map<std::string, std::uint64_t> metric_samples(const std::string& text) {
  std::map<std::string, std::uint64_t> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = line.rfind(' ');
    out[line.substr(0, space)] = std::stoull(line.substr(space + 1));
  }
  return out;
}

}  // namespace

TEST_CASE("after a known replay, the statistics views show exactly the engine's counters") {
  ctsh::test::ScratchDir dir;
  const fs::path capture = dir.path() / "sample.pcap";
  ctsh::test::run_command(std::string("'") + CTSH_SAMPLE_CAPTURE + "' '" + capture.string() + "'");
  run_ctsh(dir.path(), "simulate pcap " + capture.string());

  // The same capture through an engine of the shell's table-size and hash-size (VyOS's defaults).
  Engine engine(test::kernel_defaults(262144, 32768));
  REQUIRE(replay_capture(engine, capture).has_value());
  const EngineStats stats = engine.stats();
  REQUIRE(stats.packets == 19);
  REQUIRE(stats.new_flows == 7);
  const std::map<std::string, std::uint64_t> expected = expected_counters(stats);

  const nlohmann::json json = nlohmann::json::parse(run_ctsh(dir.path(), "show conntrack statistics | json"));
  REQUIRE(json.at("cpus").size() == 1);
  const nlohmann::json& shard = json["cpus"][0];
  CHECK(shard.at("cpu") == 0);
  CHECK(shard.size() == expected.size() + 1);
  for (const auto& [name, value] : expected) CHECK_MESSAGE(shard.at(name) == value, name);

  CHECK(text_counters(run_ctsh(dir.path(), "show conntrack statistics")) == expected);

  const auto metrics = metric_samples(run_ctsh(dir.path(), "show conntrack statistics | prometheus"));
  CHECK(metrics.at("node_nf_conntrack_entries") == stats.entries);
  CHECK(metrics.at("node_nf_conntrack_entries_limit") == stats.table_size);
  CHECK(metrics.at("node_nf_conntrack_stat_ignore") == 0);
  for (const char* name : {"found", "invalid", "insert", "insert_failed", "drop", "early_drop", "search_restart"}) {
    CHECK_MESSAGE(metrics.at(std::string("node_nf_conntrack_stat_") + name) == expected.at(name), name);
  }
  for (const char* name : {"error", "clash_resolve", "chaintoolong", "expect_new", "new", "destroyed", "expired",
                           "packets", "not_ip", "raw_dropped"}) {
    CHECK_MESSAGE(metrics.at(std::string("ctsh_conntrack_") + name + "_total") == expected.at(name), name);
  }
  CHECK(metrics.at("ctsh_conntrack_packets_by_state_total{state=\"established\"}") == expected.at("packets_established"));

  const nlohmann::json table = nlohmann::json::parse(run_ctsh(dir.path(), "show conntrack table statistics | json"));
  const TableStatistics scan = engine.table_statistics(10);
  CHECK(table.at("entries") == stats.entries);
  CHECK(table.at("limit") == stats.table_size);
  CHECK(table.at("peak_entries") == stats.peak_entries);
  CHECK(table.at("buckets") == stats.hash_size);
  CHECK(table.at("memory_bytes") == stats.memory_bytes);
  CHECK(table.at("buckets_used") == scan.buckets_used);
  CHECK(table.at("longest_chain") == scan.longest_chain);
  CHECK(table.at("by_protocol").at("tcp") == scan.by_protocol[6]);
  CHECK(table.at("by_tcp_state").at("ESTABLISHED") == 1);
  CHECK(table.at("top_sources").at(0).at("entries") == scan.top_sources.at(0).entries);
  for (const auto& [name, value] : expected) CHECK_MESSAGE(table.at("counters").at(name) == value, name);
}
