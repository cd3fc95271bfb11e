// Private to the schema loader: what a value of a leaf, multi or tag node must satisfy (SchemaNode::Impl).
#pragma once

#include <cstdint>
#include <expected>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/cli/schema.hpp"

namespace ctsh::cli {

// Values longer than this are refused before any pattern or validator looks at them.
inline constexpr std::size_t max_value_length = 1024;

struct SchemaNode::Impl {
  ValueType type = ValueType::string;
  std::optional<std::int64_t> minimum;
  std::optional<std::int64_t> maximum;
  std::optional<std::size_t> max_length;
  std::vector<std::string> allowed_words;  // the schema's "enum"
  std::optional<std::string> pattern;      // ECMAScript, searched as JSON Schema does (anchor it)
  std::optional<std::string> validator;    // an x-validator name
  std::optional<std::string> constraint_error;

  std::expected<void, ValueError> check(std::string_view value) const;

 private:
  bool matches_pattern(std::string_view value) const;
  mutable std::once_flag pattern_compiled_;
  mutable std::optional<std::regex> compiled_pattern_;
};

}  // namespace ctsh::cli
