// Test helpers for the store tests: the shared ScratchDir, and reading and writing whole files.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "scratch_directory.hpp"

namespace ctsh::cli::test {

using ctsh::test::ScratchDir;

inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void put_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace ctsh::cli::test
