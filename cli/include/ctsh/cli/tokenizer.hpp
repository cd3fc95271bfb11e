// Tokenizer: splits shell input into commands (`;` or newline), words and pipes, with VyOS's quoting.
//
//   auto commands = tokenize("set a 'b c'; show | match x");
//   // commands[0].words == {"set", "a", "b c"}; commands[1].pipes[0] == {"match", "x"}
//
// `'...'` and `"..."` quote (a backslash escapes the next character inside "..."); `#` at the start of a
// word begins a comment to the end of the line. Pure function; thread-safe.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace ctsh::cli {

struct Command {
  std::vector<std::string> words;
  std::vector<std::vector<std::string>> pipes;  // each `| name args...`
  std::string text;                             // the command as typed, for messages and history
};

struct TokenizeError {
  std::string message;  // e.g. "unterminated quote (') in: set a 'b"
};

std::expected<std::vector<Command>, TokenizeError> tokenize(std::string_view input);

}  // namespace ctsh::cli
