// Runs an external program (ip, nft, ctsh) with a time limit and collects its exit status and output.
//
//   CommandResult r = run_command({"ip", "netns", "add", "lab"});
//   if (r.exit_code != 0) fmt::print("{}\n", r.output);
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace ctsh::kerneltest {

struct CommandResult {
  int exit_code = -1;  // -1 when the program could not start, was killed or ran past its time limit
  std::string output;  // stdout and stderr, interleaved
};

// Runs argv[0] (looked up in PATH) with `input` on its stdin; kills it after `limit`.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = {},
                          std::chrono::milliseconds limit = std::chrono::seconds(10));

// The command line as one string, for messages.
std::string describe(const std::vector<std::string>& argv);

}  // namespace ctsh::kerneltest
