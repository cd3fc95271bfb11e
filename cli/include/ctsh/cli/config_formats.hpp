// Conversions of a configuration tree to and from text: VyOS's config.boot, typed JSON, `set` commands.
//
//   auto tree = parse_config_boot(text);                    // VyOS curly-brace syntax
//   std::string saved = render_config_boot(*tree);          // VyOS saver format, with version footer
//   nlohmann::json j = to_typed_json(*tree, Schema::embedded());
//   for (auto& line : to_commands(*tree)) ...              // "set system conntrack table-size '262144'"
//
// Pure functions; thread-safe.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ctsh/cli/config_tree.hpp"
#include "ctsh/cli/schema.hpp"

namespace ctsh::cli {

// A parse or conversion problem: where (line, or a config path) and what.
struct FormatError {
  std::string message;  // e.g. "line 12: expected '}' before end of file"
};

// config.boot: VyOS's grammar (nodes, `tag value {}` blocks, quoted or bare values, `/* */` comments
// attached to the next node, `//` line comments, repeated leaf lines merged into a multi value).
std::expected<ConfigNode, FormatError> parse_config_boot(std::string_view text);

// VyOS's saver format: 4-space indent, every value double-quoted, numeric-aware order, comments as
// `/* text */` above their node, then the version footer. Canonical input round-trips byte for byte.
std::string render_config_boot(const ConfigNode& root);

// Typed JSON: integers as numbers, valueless leaves as {}, multi values as arrays, tag nodes as objects
// keyed by tag value. Comments are not carried.
nlohmann::json to_typed_json(const ConfigNode& root, const Schema& schema);

// Reads typed JSON or VyOS's all-strings JSON (numbers as strings, valueless as {} or ""). Paths the
// schema does not know are refused, naming them.
std::expected<ConfigNode, FormatError> from_json(const nlohmann::json& document, const Schema& schema);

// `set` lines for every leaf under `base` (paths relative to base), VyOS's `show | commands` form:
// values in single quotes, valueless leaves bare, multi values one line each.
std::vector<std::string> to_commands(const ConfigNode& root, const Path& base = {});

// Top-level paths in `tree` that the schema does not describe (e.g. "interfaces", "service",
// "system login"), at the depth where they leave the schema; used by load to refuse a whole VyOS file.
std::vector<Path> unknown_paths(const ConfigNode& tree, const Schema& schema);

// VyOS 1.5 → ctsh (VyOS 1.4 layout): moves `firewall global-options timeout ...` into
// `system conntrack timeout ...` (a value already under system conntrack wins). Returns true if it moved any.
bool migrate_vyos15_timeouts(ConfigNode& tree);

// Marks tag nodes and leaves from the schema on a tree parsed without one (JSON, or a config.boot
// whose leaves look like containers), so rendering knows each node's kind.
void apply_schema_kinds(ConfigNode& tree, const Schema& schema);

}  // namespace ctsh::cli
