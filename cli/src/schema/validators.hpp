// Private to the schema: the x-validator functions named in schema/ctsh.schema.json, by name.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace ctsh::cli {

// The validator's own output lines (VyOS prints them above the constraint message) when `value` fails.
using ValidatorResult = std::expected<void, std::vector<std::string>>;

bool is_known_validator(std::string_view name);
// Runs the validator called `name` (which must be known) on `value`.
ValidatorResult run_validator(std::string_view name, std::string_view value);

}  // namespace ctsh::cli
