// Splits input into commands, words and pipes, honouring quotes, `;`, newlines and `#` comments.
#include "ctsh/cli/tokenizer.hpp"

#include <fmt/format.h>

namespace ctsh::cli {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Collects the words of one command and its pipe segments.
class CommandBuilder {
 public:
  void add_word(std::string word) {
    if (segment_.empty() && pipe_pending_) pipe_pending_ = false;
    segment_.push_back(std::move(word));
  }
  void start_pipe() {
    flush_segment();
    pipe_pending_ = true;
    has_pipe_ = true;
  }
  // Ends the command; returns an error when a pipe has no command after it.
  std::expected<void, TokenizeError> finish(std::vector<Command>& out, std::string_view text) {
    bool empty_pipe = has_pipe_ && segment_.empty();
    flush_segment();
    if (empty_pipe || (has_pipe_ && command_.words.empty())) {
      return std::unexpected(TokenizeError{fmt::format("missing command around '|' in: {}", trimmed(text))});
    }
    if (!command_.words.empty()) {
      command_.text = std::string(trimmed(text));
      out.push_back(std::move(command_));
    }
    command_ = {};
    has_pipe_ = false;
    pipe_pending_ = false;
    return {};
  }

 private:
  void flush_segment() {
    if (segment_.empty()) return;
    if (!has_pipe_) command_.words = std::move(segment_);
    else command_.pipes.push_back(std::move(segment_));
    segment_.clear();
  }
  Command command_;
  std::vector<std::string> segment_;
  bool has_pipe_ = false;
  bool pipe_pending_ = false;
};

}  // namespace

std::expected<std::vector<Command>, TokenizeError> tokenize(std::string_view input) {
  std::vector<Command> commands;
  CommandBuilder builder;
  std::size_t command_start = 0;
  std::size_t i = 0;
  const std::size_t n = input.size();
  while (i < n) {
    char c = input[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == ';' || c == '\n') {
      if (auto done = builder.finish(commands, input.substr(command_start, i - command_start)); !done) {
        return std::unexpected(done.error());
      }
      command_start = ++i;
    } else if (c == '|') {
      builder.start_pipe();
      ++i;
    } else if (c == '#') {
      while (i < n && input[i] != '\n') ++i;
    } else {
      std::string word;
      bool quoted = false;
      while (i < n) {
        c = input[i];
        if (c == '\'' || c == '"') {
          const char quote = c;
          const std::size_t open = i++;
          quoted = true;
          while (i < n && input[i] != quote) {
            if (quote == '"' && input[i] == '\\' && i + 1 < n) ++i;
            word += input[i++];
          }
          if (i >= n) {
            std::size_t line_end = input.find('\n', open);
            return std::unexpected(TokenizeError{fmt::format(
                "unterminated quote ({}) in: {}", quote,
                trimmed(input.substr(command_start, line_end == std::string_view::npos ? n - command_start
                                                                                       : line_end - command_start)))});
          }
          ++i;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '|') {
          break;
        } else {
          word += c;
          ++i;
        }
      }
      if (!word.empty() || quoted) builder.add_word(std::move(word));
    }
  }
  if (auto done = builder.finish(commands, input.substr(command_start)); !done) return std::unexpected(done.error());
  return commands;
}

}  // namespace ctsh::cli
