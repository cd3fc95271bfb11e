// The shell's main loop for one line: tokenize, dispatch by mode, apply pipes, print.
#include "ctsh/cli/shell.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "boot.hpp"
#include "ctsh/cli/command_tree.hpp"
#include "ctsh/cli/tokenizer.hpp"
#include "output_pipes.hpp"
#include "shell_state.hpp"

namespace ctsh::cli {
namespace {

// The short host name, as VyOS's prompt shows it; CTSH_TEST_HOSTNAME fixes it for transcript tests.
std::string host_name() {
  if (const char* fixed = std::getenv("CTSH_TEST_HOSTNAME"); fixed && *fixed) return fixed;
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "localhost";
  std::string name = buffer;
  return name.substr(0, name.find('.'));
}

void print(const Output& output) {
  if (!output.out.empty()) std::fwrite(output.out.data(), 1, output.out.size(), stdout);
  std::fflush(stdout);
  if (!output.err.empty()) std::fwrite(output.err.data(), 1, output.err.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

Path absolute_path(const Shell::State& state, const std::vector<std::string>& args) {
  Path words = state.edit_level;
  words.insert(words.end(), args.begin(), args.end());
  return words;
}

std::string current_user() {
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "root";
}

std::string framed(const std::vector<std::string>& lines) {
  std::string text = "\n";
  for (const auto& line : lines) text += line.empty() ? "\n" : fmt::format("  {}\n", line);
  return text + "\n";
}

Shell::State::State(ShellOptions opts) : options(std::move(opts)), store(options.config_dir, options.dataplane) {}

bool Shell::State::ask_yes_no(Output& output, const std::string& question, bool default_yes) {
  if (!options.terminal || !options.ask) return default_yes;
  print(output);
  output = {};
  std::optional<std::string> answer = options.ask(fmt::format("{} [{}] ", question, default_yes ? "Y/n" : "y/N"));
  if (!answer) return default_yes;
  std::string a = *answer;
  while (!a.empty() && (a.back() == ' ' || a.back() == '\r')) a.pop_back();
  if (a.empty()) return default_yes;
  return a == "y" || a == "Y" || a == "yes" || a == "Yes" || a == "YES";
}

engine::EngineDataplane& Shell::State::engine_dataplane() {
  if (!dataplane_) dataplane_ = make_dataplane(*this);
  return *dataplane_;
}

Status Shell::State::run_op(const std::vector<std::string>& words, Format format, Output& output) {
  auto resolved = resolve_op(CommandTrees::embedded().op(), words);
  if (!resolved) {
    output.err += resolved.error();
    return Status::failed;
  }
  Invocation invocation{resolved->args, resolved->options, format, output};
  return run_op_handler(*this, resolved->handler, invocation);
}

Shell::Shell(ShellOptions options) : state_(std::make_unique<State>(std::move(options))) {}
Shell::~Shell() = default;

std::expected<void, std::string> Shell::start() {
  Output output;
  auto started = start_session(*state_, output);
  print(output);
  return started;
}

bool Shell::run_line(std::string_view line) {
  auto commands = tokenize(line);
  if (!commands) {
    print(Output{"", framed({fmt::format("Invalid input: {}", commands.error().message)})});
    return false;
  }
  State& state = *state_;
  for (const Command& command : *commands) {
    Output output;
    auto pipeline = parse_pipes(command.pipes);
    Status status = Status::failed;
    if (pipeline) output.stream = line_stream(*pipeline);
    if (pipeline && passes_through(*pipeline, state.options.interactive)) {
      output.pass_through = [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); };
    }
    if (!pipeline) {
      output.err += pipeline.error();
    } else if (state.mode == Mode::op) {
      status = state.run_op(command.words, pipeline->format, output);
    } else {
      const CommandNode& config_root = CommandTrees::embedded().config();
      WordMatch match = match_word(config_root, command.words.front());
      if (match.node) {
        Invocation invocation{{command.words.begin() + 1, command.words.end()}, {}, pipeline->format, output};
        status = run_config_command(state, match.node->name, invocation);
      } else if (match.candidates.size() > 1) {
        output.err += fmt::format("\n  Ambiguous command: [{}]\n\n{}\n", command.words.front(),
                                  format_completions(match.candidates));
      } else {
        output.err += framed({fmt::format("Invalid command: [{}]", command.words.front())});
      }
    }
    if (pipeline) output.out = apply_pipes(*pipeline, std::move(output.out), state.options.interactive);
    print(output);
    if (status == Status::failed) return false;
    if (state.exit_requested) return true;
  }
  return true;
}

bool Shell::in_config_mode() const { return state_->mode == Mode::config; }
bool Shell::exit_requested() const { return state_->exit_requested; }

std::string Shell::prompt() const {
  if (state_->mode == Mode::op) return fmt::format("{}@{}:~$ ", current_user(), host_name());
  std::string level = state_->edit_level.empty() ? "" : " " + join_path(state_->edit_level);
  return fmt::format("[edit{}]\n{}@{}# ", level, current_user(), host_name());
}

void Shell::finish() {
  State& state = *state_;
  if (state.mode == Mode::config && state.dirty()) {
    state.candidate = state.running;
    print(Output{"", "Warning: configuration changes have not been committed and were discarded.\n"});
  }
}

}  // namespace ctsh::cli
