// Runs a whole command as a child process (stdout and stderr to /dev/null) and reports its exit status,
// so that benchmarks time what a user waits for: exec, start-up, work and exit.
#pragma once

#include <string>
#include <vector>

namespace ctsh::bench {

// Runs argv[0] (a path) with argv and waits for it. Returns the exit status, or -1 when the command
// could not be started or was ended by a signal.
int run_child(const std::vector<std::string>& argv);

}  // namespace ctsh::bench
