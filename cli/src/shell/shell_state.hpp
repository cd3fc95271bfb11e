// Private to the shell: the session state and the handler signature every command file shares.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/cli/config_store.hpp"
#include "ctsh/cli/config_tree.hpp"
#include "ctsh/cli/schema.hpp"
#include "ctsh/cli/shell.hpp"
#include "ctsh/engine/engine_dataplane.hpp"

namespace ctsh::cli {

enum class Mode { op, config };
enum class Status { ok, failed };

// What one command prints: `out` goes through the pipes, `err` to standard error.
struct Output {
  std::string out;
  std::string err;
  // Set by the shell while a command runs: writes one line to standard output at once, through the
  // line pipes (`| match`, `| no-match`), for commands that print as they go (monitor conntrack).
  std::function<void(std::string_view line)> stream = {};
  // One line, streamed when the shell streams, else added to `out`.
  void write_line(std::string_view line) {
    if (stream) {
      stream(line);
      return;
    }
    out += line;
    out += '\n';
  }
  // Set by the shell when the text goes to standard output as it is (no `| count`, `| match` or pager
  // after the command): a long output then leaves in blocks as it is made instead of collecting whole.
  std::function<void(std::string_view text)> pass_through = {};
  // Writes what `out` holds so far once it has grown past a block, when the shell passes output
  // through; a command printing a long output calls it between rows.
  void flush_block() {
    constexpr std::size_t block_bytes = 1 << 20;
    if (pass_through && out.size() >= block_bytes) {
      pass_through(out);
      out.clear();
    }
  }
};

// How the output was asked for with a format pipe (handled by the command itself): `| commands`,
// `| json`, `| conntrack` (conntrack -L lines), `| prometheus` (node-exporter metrics).
enum class Format : unsigned { text, commands, json, conntrack, prometheus };
std::string_view format_pipe_name(Format format);  // "commands", "json", ...
// The formats a command honours, as a bit set: formats(Format::json, Format::conntrack).
using FormatSet = unsigned;
template <typename... F>
constexpr FormatSet formats(F... accepted) {
  return ((1u << static_cast<unsigned>(accepted)) | ... | 0u);
}
constexpr bool accepts(FormatSet set, Format format) {
  return format == Format::text || (set & (1u << static_cast<unsigned>(format))) != 0;
}

struct Invocation {
  std::vector<std::string> args;  // words after the command's own words
  std::map<std::string, std::string> options;  // `name value` options after a value (op-commands.json)
  Format format = Format::text;
  Output& output;
};

struct Shell::State {
  explicit State(ShellOptions opts);

  ShellOptions options;
  ConfigStore store;
  ConfigNode running;    // the committed configuration
  ConfigNode candidate;  // this session's working copy
  Mode mode = Mode::op;
  Path edit_level;
  bool exit_requested = false;
  bool committed_since_save = false;

  const Schema& schema() const { return Schema::embedded(); }
  bool dirty() const { return candidate != running; }
  std::string via() const { return options.interactive ? "cli" : "script"; }
  // Asks a yes/no question on a terminal; elsewhere returns the default answer.
  bool ask_yes_no(Output& output, const std::string& question, bool default_yes);
  // Runs an op-mode command line (also for `run` in configuration mode).
  Status run_op(const std::vector<std::string>& words, Format format, Output& output);
  // The dataplane, built on first use from the running configuration (the in-process engine, whose
  // state lives in the config directory's engine/).
  engine::Dataplane& dataplane() { return engine_dataplane(); }
  engine::EngineDataplane& engine_dataplane();

 private:
  std::unique_ptr<engine::EngineDataplane> dataplane_;
};

// The edit level followed by `args`: the path a configuration-mode command names.
Path absolute_path(const Shell::State& state, const std::vector<std::string>& args);

// The user named in the commit log and the prompt ($USER, else root).
std::string current_user();

// VyOS's framed message: a blank line, each line indented by two spaces, a blank line.
std::string framed(const std::vector<std::string>& lines);

// Handlers, one file per group of commands.
Status run_config_command(Shell::State& state, const std::string& name, Invocation& invocation);
Status run_op_handler(Shell::State& state, const std::string& handler, Invocation& invocation);

// An op-mode handler by the name op-commands.json gives it, with the format pipes it honours.
using Handler = Status (*)(Shell::State&, Invocation&);
struct NamedHandler {
  std::string_view name;
  Handler handler;
  FormatSet formats;
};
// Each command file's handlers, gathered by run_op_handler (op_commands.cpp).
std::span<const NamedHandler> simulate_handlers();             // simulate_commands.cpp
std::span<const NamedHandler> conntrack_table_handlers();      // conntrack_table_commands.cpp
std::span<const NamedHandler> conntrack_statistics_handlers(); // conntrack_statistics_commands.cpp
std::span<const NamedHandler> conntrack_delete_handlers();     // conntrack_delete_commands.cpp
std::span<const NamedHandler> conntrack_sizing_handlers();     // conntrack_sizing_commands.cpp
std::span<const NamedHandler> system_conntrack_handlers();     // system_conntrack_commands.cpp
std::span<const NamedHandler> workload_handlers();             // workload_commands.cpp
std::span<const NamedHandler> reset_handlers();                // reset_commands.cpp
std::span<const NamedHandler> simulate_table_handlers();       // simulate_table_commands.cpp
std::span<const NamedHandler> conntrack_expect_handlers();     // conntrack_expect_commands.cpp
std::span<const NamedHandler> monitor_handlers();              // monitor_commands.cpp

}  // namespace ctsh::cli
