// Shell: one ctsh session (op mode and configuration mode) over a config directory and a dataplane.
//
// The console (readline or a script) feeds it lines; the shell prints results and tells whether each
// line succeeded. Scripts stop at the first failure.
//
//   Shell shell({.config_dir = dir, .interactive = false});
//   if (auto started = shell.start(); !started) ...
//   bool ok = shell.run_line("configure; set system conntrack table-size 1024; commit");
//   int status = shell.finish();   // discards uncommitted changes with a warning
//
// Not thread-safe; one shell per process.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ctsh::cli {

struct ShellOptions {
  std::filesystem::path config_dir;
  std::string dataplane = "engine";
  bool interactive = false;  // prompts and `[edit]` lines; via "cli" in the commit log
  bool terminal = false;     // questions ([Y/n]) may be asked; otherwise their default answer is taken
  // Reads one answer line for a question (prompt already printed); nullopt at end of input.
  std::function<std::optional<std::string>(const std::string& prompt)> ask;
};

class Shell {
 public:
  explicit Shell(ShellOptions options);
  ~Shell();

  // Opens the config directory: repairs it, reverts an expired commit-confirm, loads the running
  // configuration (applying config.boot when there is no running state yet).
  std::expected<void, std::string> start();

  // Runs every command of a line; stops at the first that fails and returns false.
  bool run_line(std::string_view line);

  bool in_config_mode() const;
  bool exit_requested() const;
  std::string prompt() const;

  // End of input: a configuration session with uncommitted changes is discarded with a warning.
  void finish();

  struct State;  // the session's state, shared by the command files of cli/src/shell

 private:
  std::unique_ptr<State> state_;
};

}  // namespace ctsh::cli
