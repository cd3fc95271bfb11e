// Runs the ctsh binary as a separate process for the shell tests that look at whole-process output.
//
//   const std::string text = run_ctsh(dir.path(), "show conntrack table ipv4");
#pragma once

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace ctsh::test {

// Standard output of a shell command line; the command must exit 0.
inline std::string run_command(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  REQUIRE(pclose(pipe) == 0);
  return output;
}

// Standard output of one ctsh command line run with `dir`/config as its configuration directory.
inline std::string run_ctsh(const std::filesystem::path& dir, const std::string& line) {
  return run_command(std::string("'") + CTSH_BINARY + "' --config-dir '" + (dir / "config").string() + "' '" + line + "'");
}

}  // namespace ctsh::test
