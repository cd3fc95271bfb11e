// The views in a running shell (one Shell, its engine snapshot loaded once, as in an interactive
// session) at 1M entries: `show conntrack statistics` (the counters; target under 10 ms), `show conntrack
// table statistics` (the counters and the chain and top-source scan; under 100 ms), and `show conntrack
// table ipv4` written to a file (the full rendering; under 1 s). Baseline in the same shell: `show
// configuration`. bench/run.sh prints the medians and the ratios.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "child_process.hpp"
#include "ctsh/cli/shell.hpp"

namespace {

namespace fs = std::filesystem;
constexpr int entries = 1000000;

// Standard output sent to `file` while it lives (the shell prints there).
class StdoutTo {
 public:
  explicit StdoutTo(const fs::path& file) : saved_(dup(STDOUT_FILENO)) {
    std::fflush(stdout);
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDOUT_FILENO);
    close(fd);
  }
  ~StdoutTo() {
    std::fflush(stdout);
    dup2(saved_, STDOUT_FILENO);
    close(saved_);
  }
  StdoutTo(const StdoutTo&) = delete;
  StdoutTo& operator=(const StdoutTo&) = delete;

 private:
  int saved_;
};

// A shell whose engine holds `entries` UDP flows (flow_capture's), replayed once for every benchmark.
struct RunningShell {
  RunningShell() {
    std::string pattern = (fs::temp_directory_path() / "ctsh-bench-running-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      error = "cannot create a temporary directory";
      return;
    }
    dir = pattern;
    const fs::path capture = dir / "flows.pcap";
    if (ctsh::bench::run_child({CTSH_FLOW_CAPTURE, capture.string(), std::to_string(entries)}) != 0) {
      error = "flow_capture failed";
      return;
    }
    ctsh::cli::ShellOptions options;
    options.config_dir = dir / "config";
    shell = std::make_unique<ctsh::cli::Shell>(std::move(options));
    if (auto started = shell->start(); !started) {
      error = started.error();
      return;
    }
    StdoutTo quiet("/dev/null");
    if (!shell->run_line(fmt::format("configure; set system conntrack table-size {}; set system conntrack hash-size "
                                     "{}; commit; save; exit; simulate pcap {}",
                                     2 * entries, entries / 4, capture.string()))) {
      error = "filling the table failed";
    }
    fs::remove(capture);
  }
  ~RunningShell() {
    shell.reset();
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  fs::path dir;
  std::unique_ptr<ctsh::cli::Shell> shell;
  std::string error;
};

RunningShell& running_shell() {
  static RunningShell shell;
  return shell;
}

void run_command(benchmark::State& state, const std::string& command, const fs::path& output) {
  RunningShell& running = running_shell();
  if (!running.error.empty()) {
    state.SkipWithError(running.error.c_str());
    return;
  }
  for (auto _ : state) {
    StdoutTo to(output);
    if (!running.shell->run_line(command)) {
      state.SkipWithError(fmt::format("{} failed", command).c_str());
      break;
    }
  }
}

void BM_RunningShell_ShowConfiguration(benchmark::State& state) {
  run_command(state, "show configuration", "/dev/null");
}
BENCHMARK(BM_RunningShell_ShowConfiguration)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_RunningShell_ShowConntrackStatistics(benchmark::State& state) {
  run_command(state, "show conntrack statistics", "/dev/null");
}
BENCHMARK(BM_RunningShell_ShowConntrackStatistics)->Arg(entries)->ArgName("entries")->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_RunningShell_ShowConntrackTableStatistics(benchmark::State& state) {
  run_command(state, "show conntrack table statistics", "/dev/null");
}
BENCHMARK(BM_RunningShell_ShowConntrackTableStatistics)
    ->Arg(entries)->ArgName("entries")->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_RunningShell_ShowConntrackTableToFile(benchmark::State& state) {
  run_command(state, "show conntrack table ipv4", running_shell().dir / "table.txt");
}
BENCHMARK(BM_RunningShell_ShowConntrackTableToFile)
    ->Arg(entries)->ArgName("entries")->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
