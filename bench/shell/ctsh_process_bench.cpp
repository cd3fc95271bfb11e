// Whole-process benchmarks of the shell: a 10,000-line `set` script plus commit, and a one-shot
// `ctsh show configuration`, each beside a baseline measured in the same run (an empty commit script,
// `/bin/true`). bench/run.sh prints the medians and the ratios.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "child_process.hpp"

namespace {

namespace fs = std::filesystem;

fs::path make_temp_dir(const char* purpose) {
  std::string pattern = (fs::temp_directory_path() / fmt::format("ctsh-bench-{}-XXXXXX", purpose)).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory");
  return pattern;
}

// `configure`, `set_lines` distinct valid `set` commands (four leaves per notrack rule, spread over
// twenty named rule sets), then `commit`.
fs::path write_commit_script(const fs::path& dir, int set_lines) {
  fs::path script = dir / fmt::format("commit-{}.txt", set_lines);
  std::ofstream out(script);
  out << "configure\n";
  for (int line = 0; line < set_lines; ++line) {
    int rule = line / 4 + 1;
    std::string prefix = fmt::format("set firewall ipv4 name SET{} rule {}", rule % 20, rule);
    switch (line % 4) {
      case 0: out << prefix << " action notrack\n"; break;
      case 1: out << prefix << fmt::format(" destination address 10.{}.{}.0/24\n", rule / 256, rule % 256); break;
      case 2: out << prefix << " protocol udp\n"; break;
      default: out << prefix << fmt::format(" destination port {}\n", 1024 + rule); break;
    }
  }
  out << "commit\n";
  return script;
}

void run_or_fail(benchmark::State& state, const std::vector<std::string>& argv) {
  if (ctsh::bench::run_child(argv) != 0) state.SkipWithError(fmt::format("{} failed", argv.front()).c_str());
}

// The whole `ctsh -f SCRIPT` process, on a fresh config directory each time (its creation not timed).
void BM_CommitScript(benchmark::State& state) {
  const int set_lines = static_cast<int>(state.range(0));
  fs::path work = make_temp_dir("commit");
  fs::path script = write_commit_script(work, set_lines);
  fs::path config_dir = work / "config";
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(config_dir);
    fs::create_directory(config_dir);
    state.ResumeTiming();
    run_or_fail(state, {CTSH_BINARY, "--config-dir", config_dir.string(), "-f", script.string()});
  }
  fs::remove_all(work);
}
BENCHMARK(BM_CommitScript)->Arg(0)->Arg(10000)->ArgName("set_lines")->UseRealTime()->Unit(benchmark::kMillisecond);

// The configuration of the example batch, committed once; then one-shot `ctsh show configuration`.
void BM_ShowConfigurationOneShot(benchmark::State& state) {
  fs::path work = make_temp_dir("show");
  fs::path config_dir = work / "config";
  fs::create_directory(config_dir);
  const std::string batch =
      "configure; set system conntrack table-size 262144; set system conntrack hash-size 65536; "
      "set system conntrack timeout tcp established 7200; set system conntrack timeout udp stream 180; "
      "set system conntrack modules ftp; set system conntrack modules sip; "
      "set firewall ipv4 name RAW default-action accept; set firewall ipv4 name RAW rule 10 action notrack; "
      "set firewall ipv4 name RAW rule 10 destination address 224.0.0.0/4; "
      "set firewall ipv4 input filter raw RAW; commit";
  run_or_fail(state, {CTSH_BINARY, "--config-dir", config_dir.string(), "-c", batch});
  for (auto _ : state) run_or_fail(state, {CTSH_BINARY, "--config-dir", config_dir.string(), "show", "configuration"});
  fs::remove_all(work);
}
BENCHMARK(BM_ShowConfigurationOneShot)->UseRealTime()->Unit(benchmark::kMillisecond);

// Baseline: starting and reaping the smallest process there is.
void BM_BinTrue(benchmark::State& state) {
  for (auto _ : state) run_or_fail(state, {"/bin/true"});
}
BENCHMARK(BM_BinTrue)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
