// Output pipes (`| match RE`, `| no-match RE`, `| count`, `| more`, `| no-more`, and the format pipes
// `| commands`, `| json`, `| conntrack` and `| prometheus` that the command itself honours).
#pragma once

#include <expected>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "shell_state.hpp"

namespace ctsh::cli {

struct TextFilter {
  enum class Kind { match, no_match, count, more, no_more } kind;
  std::regex pattern;  // match / no-match
};

struct Pipeline {
  Format format = Format::text;
  std::vector<TextFilter> filters;
};

// Resolves pipe words by unique prefix; the error is VyOS-framed and names the bad pipe.
std::expected<Pipeline, std::string> parse_pipes(const std::vector<std::vector<std::string>>& pipes);

// A writer of lines as a command produces them (Output::stream): each line that passes the `| match`
// and `| no-match` filters goes to standard output at once. None (an empty function) when a filter
// needs the whole output (`| count`): the lines then collect in Output::out.
std::function<void(std::string_view)> line_stream(const Pipeline& pipeline);

// Whether apply_pipes() would leave the text as it is and print it straight away (no filter, no pager):
// the command's output may then be written while it is made (Output::pass_through).
bool passes_through(const Pipeline& pipeline, bool page_by_default);

// Runs the text filters over a command's output. The output pages through less on a terminal when
// `page_by_default` (an interactive op-mode show, as VyOS) or with `| more`; `| no-more` never pages.
std::string apply_pipes(const Pipeline& pipeline, std::string text, bool page_by_default);

}  // namespace ctsh::cli
