// Terminal and script front ends of the shell.
#include "console.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>

#include <readline/history.h>
#include <readline/readline.h>

#include <fmt/format.h>

namespace ctsh::cli {
namespace {

constexpr int kHistoryLines = 1000;

std::optional<std::string> read_plain_line(const std::string& prompt) {
  std::fputs(prompt.c_str(), stdout);
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  std::fputs((line + "\n").c_str(), stdout);
  return line;
}

// An answer typed on a real terminal (which echoes it itself).
std::optional<std::string> read_answer(const std::string& prompt) {
  std::fputs(prompt.c_str(), stdout);
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  return line;
}

// Ctrl-C abandons the line being typed, as in bash and VyOS, instead of ending the shell.
void abandon_line(int) {
  std::fputs("\n", stdout);
  rl_on_new_line();
  rl_replace_line("", 0);
  rl_redisplay();
}

std::optional<std::string> read_readline(const std::string& prompt) {
  char* raw = readline(prompt.c_str());
  if (!raw) return std::nullopt;
  std::string line = raw;
  std::free(raw);
  return line;
}

}  // namespace

int run_script(const ShellOptions& options, const std::string& text) {
  Shell shell(options);
  if (auto started = shell.start(); !started) {
    fmt::print(stderr, "ctsh: {}\n", started.error());
    return 1;
  }
  std::size_t start = 0;
  while (start <= text.size() && !shell.exit_requested()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (!shell.run_line(std::string_view(text).substr(start, end - start))) {
      shell.finish();
      return 1;
    }
    start = end + 1;
  }
  shell.finish();
  return 0;
}

int run_one_shot(ShellOptions options, const std::string& line, bool terminal, bool echo) {
  options.terminal = terminal;
  if (terminal) options.ask = echo ? read_plain_line : read_answer;
  return run_script(options, line);
}

int run_interactive(ShellOptions options, bool simulated_terminal) {
  auto reader = simulated_terminal ? read_plain_line : read_readline;
  options.interactive = true;
  options.terminal = true;
  options.ask = reader;
  Shell shell(options);
  if (auto started = shell.start(); !started) {
    fmt::print(stderr, "ctsh: {}\n", started.error());
    return 1;
  }
  const std::string history = (options.config_dir / "history").string();
  if (!simulated_terminal) {
    std::signal(SIGINT, abandon_line);
    using_history();
    stifle_history(kHistoryLines);
    if (read_history(history.c_str()) != 0) write_history(history.c_str());  // append_history needs the file
  }
  while (!shell.exit_requested()) {
    std::optional<std::string> line = reader(shell.prompt());
    if (!line) {
      std::fputs("\n", stdout);
      break;
    }
    if (!simulated_terminal && line->find_first_not_of(" \t") != std::string::npos) {
      add_history(line->c_str());
      append_history(1, history.c_str());
      history_truncate_file(history.c_str(), kHistoryLines);
    }
    shell.run_line(*line);
  }
  shell.finish();
  return 0;
}

}  // namespace ctsh::cli
