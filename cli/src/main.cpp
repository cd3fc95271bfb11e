// ctsh entry point: parses argv with CLI11 and starts the shell, a script or a one-shot op command.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "ctsh/cli/shell.hpp"
#include "shell/config_commit_commands.hpp"
#include "shell/console.hpp"

namespace {

std::filesystem::path default_config_dir() {
  if (geteuid() == 0) return "/etc/ctsh";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".config" / "ctsh";
}

// The command line of a one-shot op command: argv words joined by spaces, so that both
// `ctsh show configuration '|' count` and `ctsh 'show configuration | count'` work.
std::string join_words(const std::vector<std::string>& words) {
  std::string line;
  for (const auto& word : words) line += (line.empty() ? "" : " ") + word;
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ctsh: a VyOS-style shell for Linux connection tracking"};
  std::string config_dir;
  std::string dataplane = "engine";
  std::string command_text;
  std::string script_file;
  bool confirm_timer = false;
  std::vector<std::string> words;
  app.set_version_flag("--version", std::string("ctsh ") + CTSH_VERSION);
  app.add_option("--config-dir", config_dir, "Configuration directory (default ~/.config/ctsh, /etc/ctsh for root)")
      ->envname("CTSH_CONFIG_DIR");
  app.add_option("--dataplane", dataplane, "Where commits are applied")->check(CLI::IsMember({"engine"}));
  auto* command_option = app.add_option("-c", command_text, "Run these commands (newline- or ';'-separated) and exit");
  app.add_option("-f", script_file, "Run the commands in this file and exit")->excludes(command_option);
  app.add_flag("--commit-confirm-timer", confirm_timer)->group("");  // internal: the detached revert timer
  app.add_option("command", words, "An op-mode command to run, e.g.: show configuration");
  // CLI11 takes `--` as the end of its options and drops it, but in `ctsh monitor conntrack -- simulate
  // pcap FILE` it belongs to the op command: what follows the first `--` is kept aside and given back
  // to the command's words, after a `--` when the command had started before it.
  int option_argc = argc;
  std::vector<std::string> after_separator;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) != "--") continue;
    option_argc = i;
    after_separator.assign(argv + i + 1, argv + argc);
    break;
  }
  try {
    app.parse(option_argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  if (option_argc < argc) {
    if (!words.empty()) words.emplace_back("--");
    words.insert(words.end(), after_separator.begin(), after_separator.end());
  }
  if (!words.empty() && (!command_text.empty() || !script_file.empty())) {
    fmt::print(stderr, "ctsh: give either a command or -c/-f, not both\n");
    return 2;
  }

  ctsh::cli::ShellOptions options;
  options.config_dir = config_dir.empty() ? default_config_dir() : std::filesystem::path(config_dir);
  options.dataplane = dataplane;
  if (confirm_timer) return ctsh::cli::run_commit_confirm_timer(options);

  if (!script_file.empty()) {
    std::ifstream in(script_file);
    if (!in) {
      fmt::print(stderr, "ctsh: cannot read script {}\n", script_file);
      return 2;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return ctsh::cli::run_script(options, text.str());
  }
  if (!command_text.empty()) return ctsh::cli::run_script(options, command_text);
  const char* simulated = std::getenv("CTSH_TEST_TERMINAL");
  const bool simulated_terminal = simulated && std::string(simulated) == "1";
  if (!words.empty()) {
    const bool terminal = simulated_terminal || isatty(STDIN_FILENO);
    return ctsh::cli::run_one_shot(options, join_words(words), terminal, simulated_terminal);
  }

  if (simulated_terminal || isatty(STDIN_FILENO)) return ctsh::cli::run_interactive(options, simulated_terminal);
  std::ostringstream text;
  text << std::cin.rdbuf();
  return ctsh::cli::run_script(options, text.str());
}
