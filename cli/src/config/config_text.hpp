// Text pieces shared by the config formats and diffs (private to src/config): quoting rules and the
// config.boot / `set` line writers that render_config_boot, to_commands and the compare views all use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ctsh/cli/config_tree.hpp"

namespace ctsh::cli::text {

// `"value"` with `"` and `\` backslash-escaped: how the VyOS saver writes every value.
std::string double_quoted(std::string_view value);

// A node name or tag value in config.boot: bare when the lexer reads it back as one word, else quoted.
std::string boot_word(std::string_view word);

// A value in a `set` command: `'value'`, or `"value"` (with `"` and `\` escaped) when it holds a `'`.
std::string command_value(std::string_view value);

// A value or tag value as `show` prints it: in `"..."` only when empty or holding a space, tab, newline
// or one of `*}{;` (VyOS's cnode rule; no escaping).
std::string show_value(std::string_view value);

// A path word in a `set` / `delete` command: bare unless it is empty or holds a space or quote.
std::string command_word(std::string_view word);

// The words of a path as a command types them: `firewall ipv4 name RAW`.
std::string command_path(const Path& path);

// How values are written: config.boot (and compare) double-quote every value; `show` quotes only when needed.
enum class Style { config_boot, show };

// Appends the config.boot lines of the child `name` (with its comment and subtree), each line starting
// with `line_prefix` and then 4 spaces per level of `depth`.
void append_boot_node(std::string& out, std::string_view line_prefix, std::string_view name,
                      const ConfigNode& node, std::size_t depth, Style style = Style::config_boot);

// The same for one value of the tag node `name`: `rule 10 { ... }` with the tag value's comment above.
void append_tag_value(std::string& out, std::string_view line_prefix, std::string_view name,
                      std::string_view tag_value, const ConfigNode& value_node, std::size_t depth, Style style);

// Appends `line_prefix`, then 4 spaces per level of `depth`, then `/* comment */` and a newline.
void append_comment_line(std::string& out, std::string_view line_prefix, std::string_view comment,
                         std::size_t depth);

// Appends `set` lines for everything at and under `node`, whose path (relative to where the commands
// run) is `path`. Empty containers give `set path`, so that replaying rebuilds the same tree.
void append_set_commands(std::vector<std::string>& out, Path& path, const ConfigNode& node);

// Calls visit(name, child_of_a, child_of_b) for the union of the children of a and b (either may be
// nullptr), in tree order; the child missing on one side is passed as nullptr.
template <typename Visit>
void for_each_pair(const ConfigNode* a, const ConfigNode* b, Visit visit) {
  static const ConfigNode::Children kNone;
  const auto& a_children = a != nullptr ? a->children : kNone;
  const auto& b_children = b != nullptr ? b->children : kNone;
  auto a_it = a_children.begin();
  auto b_it = b_children.begin();
  const NumericAwareLess less;
  while (a_it != a_children.end() || b_it != b_children.end()) {
    if (b_it == b_children.end() || (a_it != a_children.end() && less(a_it->first, b_it->first))) {
      visit(a_it->first, &a_it->second, nullptr);
      ++a_it;
    } else if (a_it == a_children.end() || less(b_it->first, a_it->first)) {
      visit(b_it->first, nullptr, &b_it->second);
      ++b_it;
    } else {
      visit(a_it->first, &a_it->second, &b_it->second);
      ++a_it;
      ++b_it;
    }
  }
}

}  // namespace ctsh::cli::text
