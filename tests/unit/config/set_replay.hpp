// Test helper: applies `set` / `delete` lines to a tree as the shell does, using the embedded schema to
// tell node names from values. Lets tests build trees from commands and replay generated commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ctsh/cli/config_tree.hpp"

namespace ctsh::cli::testing {

// Splits a command line into words: `'...'` literal, `"..."` with \" and \\ escapes, else spaces.
std::vector<std::string> command_words(std::string_view line);

// Applies each line to `tree`; a line the schema cannot place fails the current test.
ConfigNode replay(const std::vector<std::string>& lines, ConfigNode tree = {});

}  // namespace ctsh::cli::testing
