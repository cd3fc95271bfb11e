// Parses and applies the output pipes.
#include "output_pipes.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "ctsh/cli/command_tree.hpp"

namespace ctsh::cli {
namespace {

constexpr std::size_t kMaxPatternLength = 1024;

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Shows text through `less` when standard output is a terminal; returns what is left to print.
std::string page(std::string text) {
  if (!isatty(STDOUT_FILENO) || text.empty()) return text;
  if (FILE* pager = popen("less --quit-if-one-screen --no-init --RAW-CONTROL-CHARS", "w")) {
    std::fwrite(text.data(), 1, text.size(), pager);
    pclose(pager);
    return {};
  }
  return text;
}

constexpr Format format_pipes[] = {Format::commands, Format::json, Format::conntrack, Format::prometheus};

std::optional<Format> format_pipe(const std::string& name) {
  for (Format format : format_pipes) {
    if (format_pipe_name(format) == name) return format;
  }
  return std::nullopt;
}

// Whether the pipes page the output: by default, or as the last of `| more` and `| no-more` says.
bool pages(const Pipeline& pipeline, bool page_by_default) {
  bool paged = page_by_default;
  for (const auto& filter : pipeline.filters) {
    if (filter.kind == TextFilter::Kind::more) paged = true;
    if (filter.kind == TextFilter::Kind::no_more) paged = false;
  }
  return paged;
}

}  // namespace

std::string_view format_pipe_name(Format format) {
  switch (format) {
    case Format::text: return "text";
    case Format::commands: return "commands";
    case Format::json: return "json";
    case Format::conntrack: return "conntrack";
    case Format::prometheus: return "prometheus";
  }
  return "text";
}

std::expected<Pipeline, std::string> parse_pipes(const std::vector<std::vector<std::string>>& pipes) {
  Pipeline pipeline;
  const CommandNode& root = CommandTrees::embedded().pipes();
  for (std::size_t i = 0; i < pipes.size(); ++i) {
    const auto& words = pipes[i];
    WordMatch match = match_word(root, words.front());
    if (!match.node) {
      if (match.candidates.size() > 1) {
        return std::unexpected(fmt::format("\n  Ambiguous command: | [{}]\n\n{}\n", words.front(),
                                           format_completions(match.candidates)));
      }
      return std::unexpected(framed({fmt::format("Invalid command: | [{}]", words.front())}));
    }
    const std::string& name = match.node->name;
    const bool takes_pattern = name == "match" || name == "no-match";
    if (takes_pattern && words.size() != 2) {
      return std::unexpected(framed({fmt::format("'| {}' takes one pattern (quote it if it has spaces)", name)}));
    }
    if (!takes_pattern && words.size() != 1) {
      return std::unexpected(framed({fmt::format("Invalid command: | {} [{}]", name, words[1])}));
    }
    if (const auto format = format_pipe(name)) {
      if (i != 0 || pipeline.format != Format::text) {
        return std::unexpected(framed({fmt::format("'| {}' must be the first pipe", name)}));
      }
      pipeline.format = *format;
      continue;
    }
    TextFilter filter{TextFilter::Kind::count, {}};
    if (takes_pattern) {
      if (words[1].size() > kMaxPatternLength) {
        return std::unexpected(framed({fmt::format("'| {}' pattern is longer than {} characters", name, kMaxPatternLength)}));
      }
      try {
        filter.pattern = std::regex(words[1], std::regex::extended);
      } catch (const std::regex_error& e) {
        return std::unexpected(framed({fmt::format("Invalid pattern '{}' for '| {}': {}", words[1], name, e.what())}));
      }
      filter.kind = name == "match" ? TextFilter::Kind::match : TextFilter::Kind::no_match;
    } else if (name == "more") {
      filter.kind = TextFilter::Kind::more;
    } else if (name == "no-more") {
      filter.kind = TextFilter::Kind::no_more;
    }
    pipeline.filters.push_back(std::move(filter));
  }
  return pipeline;
}

std::function<void(std::string_view)> line_stream(const Pipeline& pipeline) {
  for (const auto& filter : pipeline.filters) {
    if (filter.kind == TextFilter::Kind::count) return {};
  }
  return [&pipeline](std::string_view line) {
    for (const auto& filter : pipeline.filters) {
      const bool wanted = filter.kind != TextFilter::Kind::no_match;
      if ((filter.kind == TextFilter::Kind::match || filter.kind == TextFilter::Kind::no_match) &&
          std::regex_search(line.begin(), line.end(), filter.pattern) != wanted) {
        return;
      }
    }
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  };
}

bool passes_through(const Pipeline& pipeline, bool page_by_default) {
  const bool filtered = std::any_of(pipeline.filters.begin(), pipeline.filters.end(), [](const TextFilter& filter) {
    return filter.kind != TextFilter::Kind::more && filter.kind != TextFilter::Kind::no_more;
  });
  return !filtered && !(pages(pipeline, page_by_default) && isatty(STDOUT_FILENO));
}

std::string apply_pipes(const Pipeline& pipeline, std::string text, bool page_by_default) {
  for (const auto& filter : pipeline.filters) {
    switch (filter.kind) {
      case TextFilter::Kind::match:
      case TextFilter::Kind::no_match: {
        std::string kept;
        const bool want = filter.kind == TextFilter::Kind::match;
        for (const auto& line : split_lines(text)) {
          if (std::regex_search(line, filter.pattern) == want) kept += line + '\n';
        }
        text = std::move(kept);
        break;
      }
      case TextFilter::Kind::count:
        text = fmt::format("{}\n", split_lines(text).size());
        break;
      case TextFilter::Kind::more:
      case TextFilter::Kind::no_more:
        break;
    }
  }
  return pages(pipeline, page_by_default) ? page(std::move(text)) : text;
}

}  // namespace ctsh::cli
