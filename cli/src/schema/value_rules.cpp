// SchemaNode::check_value: a value against its leaf's rules, with VyOS's messages and order.
#include "value_rules.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "validators.hpp"

namespace ctsh::cli {
namespace {

// Canonical decimal integers only ("10", "-3"); "010", "+1", "1e3" and "" are not numbers.
bool is_integer_spelling(std::string_view value) {
  std::string_view digits = value.starts_with('-') ? value.substr(1) : value;
  if (digits.empty() || !std::ranges::all_of(digits, [](char c) { return c >= '0' && c <= '9'; })) return false;
  return digits == "0" || digits.front() != '0';
}

// VyOS's numeric validator (vyos-utils numeric.ml): its two messages.
std::expected<void, std::string> check_integer(std::string_view value, std::optional<std::int64_t> minimum,
                                                std::optional<std::int64_t> maximum) {
  if (!is_integer_spelling(value)) return std::unexpected(fmt::format("'{}' is not a valid integer number", value));
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  const bool in_range = error == std::errc{} && end == value.data() + value.size() &&
                        (!minimum || number >= *minimum) && (!maximum || number <= *maximum);
  if (!in_range) return std::unexpected(std::string("Number is not in any of allowed ranges"));
  return {};
}

}  // namespace

std::expected<void, ValueError> SchemaNode::Impl::check(std::string_view value) const {
  ValueError refused;
  const auto constraint_line = [&] { return constraint_error.value_or("Invalid value"); };

  const std::size_t length_limit = std::min(max_length.value_or(max_value_length), max_value_length);
  if (value.size() > length_limit) {
    if (!max_length) {
      refused.lines.push_back(fmt::format("Value is too long: {} characters (limit {})", value.size(), length_limit));
    }
    refused.lines.push_back(constraint_line());
    return std::unexpected(std::move(refused));
  }
  if (type == ValueType::integer) {
    if (auto number = check_integer(value, minimum, maximum); !number) {
      refused.lines = {std::move(number.error()), constraint_line()};
      return std::unexpected(std::move(refused));
    }
  }
  const bool word_allowed = allowed_words.empty() || std::ranges::find(allowed_words, value) != allowed_words.end();
  if (!word_allowed || (pattern && !matches_pattern(value))) {
    refused.lines.push_back(constraint_line());
    return std::unexpected(std::move(refused));
  }
  if (validator) {
    if (auto validated = run_validator(*validator, value); !validated) {
      refused.lines = std::move(validated.error());
      refused.lines.push_back(constraint_line());
      return std::unexpected(std::move(refused));
    }
  }
  return {};
}

bool SchemaNode::Impl::matches_pattern(std::string_view value) const {
  std::call_once(pattern_compiled_, [this] { compiled_pattern_.emplace(*pattern, std::regex::ECMAScript); });
  return std::regex_search(value.begin(), value.end(), *compiled_pattern_);
}

}  // namespace ctsh::cli
