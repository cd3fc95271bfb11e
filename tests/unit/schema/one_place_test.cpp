// The schema is the one place for ranges and defaults: none of its numbers is repeated in the C++ code.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "ctsh/cli/schema.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Every minimum, maximum and default number of the schema with at least four digits (short numbers
// such as 1, 3 or 255 are too common in code to mean anything).
void collect_numbers(const json& node, std::set<std::string>& numbers) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      const bool is_range_or_default = key == "minimum" || key == "maximum" || key == "default";
      if (is_range_or_default && value.is_number_integer() && value.dump().size() >= 4) numbers.insert(value.dump());
      collect_numbers(value, numbers);
    }
  } else if (node.is_array()) {
    for (const auto& item : node) collect_numbers(item, numbers);
  }
}

// The source with comments blanked out (newlines kept, so line numbers stay right); string literals,
// raw ones included, are kept since a literal in a string is still a copy.
std::string without_comments(const std::string& source) {
  std::string code = source;
  std::size_t at = 0;
  while (at < code.size()) {
    if (code.compare(at, 2, "//") == 0) {
      while (at < code.size() && code[at] != '\n') code[at++] = ' ';
    } else if (code.compare(at, 2, "/*") == 0) {
      const std::size_t end = std::min(code.find("*/", at + 2), code.size() - 2) + 2;
      for (; at < end; ++at) {
        if (code[at] != '\n') code[at] = ' ';
      }
    } else if (code.compare(at, 2, "R\"") == 0) {
      const std::size_t open = code.find('(', at);
      if (open == std::string::npos) break;
      const std::string closing = ")" + code.substr(at + 2, open - at - 2) + "\"";
      const std::size_t end = code.find(closing, open);
      at = end == std::string::npos ? code.size() : end + closing.size();
    } else if (code[at] == '"' || code[at] == '\'') {
      const char quote = code[at++];
      while (at < code.size() && code[at] != quote && code[at] != '\n') at += code[at] == '\\' ? 2 : 1;
      ++at;
    } else {
      ++at;
    }
  }
  return code;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

}  // namespace

TEST_CASE("no range or default number of the schema appears in the C++ sources outside schema/ and tests/") {
  std::set<std::string> numbers;
  collect_numbers(ctsh::cli::Schema::embedded().document(), numbers);
  REQUIRE(numbers.contains("50000000"));
  REQUIRE(numbers.contains("262144"));
  REQUIRE(numbers.contains("999999"));

  std::vector<std::string> copies;
  const fs::path root = CTSH_SOURCE_DIR;
  for (const char* area : {"cli", "engine", "kernel"}) {
    if (!fs::exists(root / area)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / area)) {
      const auto extension = entry.path().extension();
      if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) continue;
      std::ifstream file(entry.path());
      std::stringstream text;
      text << file.rdbuf();
      std::istringstream code(without_comments(text.str()));
      std::string line;
      for (int line_number = 1; std::getline(code, line); ++line_number) {
        for (std::size_t start = 0; start < line.size();) {
          std::size_t end = start;
          while (end < line.size() && is_word_char(line[end])) ++end;
          if (end > start && numbers.contains(line.substr(start, end - start))) {
            copies.push_back(fmt::format("{}:{}: {}", fs::relative(entry.path(), root).string(), line_number,
                                         line.substr(start, end - start)));
          }
          start = end == start ? start + 1 : end;
        }
      }
    }
  }
  INFO("schema numbers written again (move them to schema/ctsh.schema.json and read them from the Schema):\n",
       fmt::format("{}", fmt::join(copies, "\n")));
  CHECK(copies.empty());
}
