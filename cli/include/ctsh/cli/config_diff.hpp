// Rendering a configuration against another: `show` with + / - / > markers, `compare`, `compare commands`.
//
//   std::string text = render_show(candidate, running, {"system", "conntrack"}, schema, {});
//   std::string diff = render_compare(running, candidate);   // "" when equal
//
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "ctsh/cli/config_tree.hpp"
#include "ctsh/cli/schema.hpp"

namespace ctsh::cli {

struct ShowOptions {
  bool with_defaults = false;  // `show -all`: also the schema's default values, unmarked
};

// VyOS's `show` (cnode-algorithm): each line is a one-character marker (`+` added, `-` deleted,
// `>` changed value or comment, space unchanged) then 4 spaces per level then the text; values quoted
// only when empty or containing space, tab, newline or `*}{;`; comments as `/* text */` above the node.
// Shows the subtree at `level` (children of that node, at indent 0). Empty string when nothing is there.
std::string render_show(const ConfigNode& candidate, const ConfigNode& running, const Path& level,
                        const Schema& schema, const ShowOptions& options);

// Effective tree: `tree` with the schema's defaults filled in (containers that hold defaults are created,
// and every existing tag value gets its defaults). What `show -all` shows and the dataplane receives.
ConfigNode with_defaults(const ConfigNode& tree, const Schema& schema);

// VyOS 1.4+ `compare` (vyos1x config_diff): for each changed container a `[path]` header line, then
// `+ ` / `- ` lines in config.boot syntax (values double-quoted); a changed value is a `-` line then a `+`
// line. Sections separated by a blank line. Empty string when the trees are equal.
std::string render_compare(const ConfigNode& from, const ConfigNode& to);

// `compare commands`: the `delete ...` lines, then the `set ...` lines, that turn `from` into `to`.
std::string render_compare_commands(const ConfigNode& from, const ConfigNode& to);

}  // namespace ctsh::cli
