// Console: feeds a Shell from a terminal (GNU readline, history file) or from a script (text, file or
// standard input), and turns the outcome into the process exit status.
#pragma once

#include <string>

#include "ctsh/cli/shell.hpp"

namespace ctsh::cli {

// Runs newline- or `;`-separated commands; stops at the first failure. Returns the exit status (0 or 1).
int run_script(const ShellOptions& options, const std::string& text);

// One op-mode command given on the command line (`ctsh reset conntrack`). With `terminal`, its questions
// ([y/N]) are asked on standard input; `echo` repeats the answer (CTSH_TEST_TERMINAL=1, for tests).
int run_one_shot(ShellOptions options, const std::string& line, bool terminal, bool echo);

// The interactive shell until `exit` or end of input. `simulated_terminal` (CTSH_TEST_TERMINAL=1, for
// tests) reads plain lines from standard input and echoes them after the prompt instead of using readline.
int run_interactive(ShellOptions options, bool simulated_terminal);

}  // namespace ctsh::cli
