// The tokenizer: commands, words, quotes, pipes and comments as a VyOS user types them.
#include <doctest/doctest.h>

#include "ctsh/cli/tokenizer.hpp"

using namespace ctsh::cli;
using Words = std::vector<std::string>;

TEST_CASE("semicolons and newlines separate commands; quotes keep spaces") {
  auto commands = tokenize("configure; set a 'b c' \"d \\\"e\\\"\"\ncommit comment 'x;y'");
  REQUIRE(commands);
  REQUIRE(commands->size() == 3);
  CHECK((*commands)[0].words == Words{"configure"});
  CHECK((*commands)[1].words == Words{"set", "a", "b c", "d \"e\""});
  CHECK((*commands)[2].words == Words{"commit", "comment", "x;y"});
}

TEST_CASE("pipes split off after the command") {
  auto commands = tokenize("show configuration commands | match 'a|b' | count");
  REQUIRE(commands);
  REQUIRE(commands->size() == 1);
  CHECK((*commands)[0].words == Words{"show", "configuration", "commands"});
  REQUIRE((*commands)[0].pipes.size() == 2);
  CHECK((*commands)[0].pipes[0] == Words{"match", "a|b"});
  CHECK((*commands)[0].pipes[1] == Words{"count"});
}

TEST_CASE("empty quoted values are words; comments and blank commands are dropped") {
  auto commands = tokenize("comment system \"\"  # remove it\n;;\n# only a comment");
  REQUIRE(commands);
  REQUIRE(commands->size() == 1);
  CHECK((*commands)[0].words == Words{"comment", "system", ""});
}

TEST_CASE("an unterminated quote or a dangling pipe is an error naming the input") {
  auto unterminated = tokenize("set a 'b");
  REQUIRE_FALSE(unterminated);
  CHECK(unterminated.error().message == "unterminated quote (') in: set a 'b");
  auto dangling = tokenize("show |");
  REQUIRE_FALSE(dangling);
  CHECK(dangling.error().message.find("'|'") != std::string::npos);
  CHECK_FALSE(tokenize("| count"));
}
