// render_show: VyOS's `show` in configuration mode (cnode-algorithm), the candidate marked against running.
#include <algorithm>

#include "config_text.hpp"
#include "ctsh/cli/config_diff.hpp"

namespace ctsh::cli {
namespace {

constexpr std::string_view kIndent = "    ";

void append_line(std::string& out, char marker, std::size_t depth, std::string_view text) {
  out += marker;
  for (std::size_t i = 0; i < depth; ++i) out += kIndent;
  out += text;
  out += '\n';
}

void append_whole(std::string& out, char marker, std::string_view name, const ConfigNode& node, std::size_t depth) {
  text::append_boot_node(out, std::string_view(&marker, 1), name, node, depth, text::Style::show);
}

void append_comment_diff(std::string& out, const ConfigNode& candidate, const ConfigNode& running,
                         std::size_t depth) {
  if (!candidate.comment && !running.comment) return;
  const char marker = !running.comment                      ? '+'
                      : !candidate.comment                  ? '-'
                      : *candidate.comment != *running.comment ? '>'
                                                               : ' ';
  const std::string& comment = candidate.comment ? *candidate.comment : *running.comment;
  text::append_comment_line(out, std::string_view(&marker, 1), comment, depth);
}

// One line per value: `>` for a changed single value or a multi value that moved, `+` / `-` for values
// only in the candidate / only in running (deleted values after the candidate's).
void append_leaf_diff(std::string& out, std::string_view name, const ConfigNode& candidate,
                      const ConfigNode& running, std::size_t depth) {
  append_comment_diff(out, candidate, running, depth);
  const std::string shown_name = text::boot_word(name);
  if (candidate.values.empty()) {
    append_line(out, ' ', depth, shown_name);
    return;
  }
  const auto& old_values = running.values;
  const bool single_changed = candidate.values.size() == 1 && old_values.size() == 1;
  for (std::size_t i = 0; i < candidate.values.size(); ++i) {
    const std::string& value = candidate.values[i];
    const bool same_place = i < old_values.size() && old_values[i] == value;
    const bool existed = std::ranges::find(old_values, value) != old_values.end();
    const char marker = same_place ? ' ' : existed || single_changed ? '>' : '+';
    append_line(out, marker, depth, shown_name + " " + text::show_value(value));
  }
  if (single_changed) return;
  for (const auto& value : old_values) {
    if (std::ranges::find(candidate.values, value) == candidate.values.end()) {
      append_line(out, '-', depth, shown_name + " " + text::show_value(value));
    }
  }
}

bool same_kind(const ConfigNode& a, const ConfigNode& b) {
  return a.is_leaf == b.is_leaf && a.is_tag == b.is_tag && a.values.empty() == b.values.empty();
}

void append_children_diff(std::string& out, const ConfigNode* candidate, const ConfigNode* running,
                          std::size_t depth);

void append_block_diff(std::string& out, const std::string& header, const ConfigNode& candidate,
                       const ConfigNode& running, std::size_t depth) {
  append_comment_diff(out, candidate, running, depth);
  append_line(out, ' ', depth, header + " {");
  append_children_diff(out, &candidate, &running, depth + 1);
  append_line(out, ' ', depth, "}");
}

void append_node_diff(std::string& out, std::string_view name, const ConfigNode* candidate,
                      const ConfigNode* running, std::size_t depth) {
  if (running == nullptr) return append_whole(out, '+', name, *candidate, depth);
  if (candidate == nullptr) return append_whole(out, '-', name, *running, depth);
  if (!same_kind(*candidate, *running)) {
    append_whole(out, '-', name, *running, depth);
    return append_whole(out, '+', name, *candidate, depth);
  }
  if (candidate->is_leaf) return append_leaf_diff(out, name, *candidate, *running, depth);
  if (!candidate->is_tag) return append_block_diff(out, text::boot_word(name), *candidate, *running, depth);
  text::for_each_pair(candidate, running, [&](const std::string& tag_value, const ConfigNode* new_value,
                                        const ConfigNode* old_value) {
    if (old_value == nullptr || new_value == nullptr) {
      const char marker = old_value == nullptr ? '+' : '-';
      text::append_tag_value(out, std::string_view(&marker, 1), name, tag_value,
                             old_value == nullptr ? *new_value : *old_value, depth, text::Style::show);
    } else {
      append_block_diff(out, text::boot_word(name) + " " + text::show_value(tag_value), *new_value, *old_value,
                        depth);
    }
  });
}

void append_children_diff(std::string& out, const ConfigNode* candidate, const ConfigNode* running,
                          std::size_t depth) {
  text::for_each_pair(candidate, running, [&](const std::string& name, const ConfigNode* new_child,
                                        const ConfigNode* old_child) {
    append_node_diff(out, name, new_child, old_child, depth);
  });
}

}  // namespace

std::string render_show(const ConfigNode& candidate, const ConfigNode& running, const Path& level,
                        const Schema& schema, const ShowOptions& options) {
  ConfigNode candidate_effective;
  ConfigNode running_effective;
  if (options.with_defaults) {
    candidate_effective = with_defaults(candidate, schema);
    running_effective = with_defaults(running, schema);
  }
  const ConfigNode& new_root = options.with_defaults ? candidate_effective : candidate;
  const ConfigNode& old_root = options.with_defaults ? running_effective : running;
  const ConfigNode* new_node = new_root.find(level);
  const ConfigNode* old_node = old_root.find(level);
  std::string out;
  const bool at_leaf = (new_node != nullptr && new_node->is_leaf) || (old_node != nullptr && old_node->is_leaf);
  // At a leaf, the leaf's own line(s); elsewhere the children of the level (a tag node's are its values).
  if (at_leaf && !level.empty()) append_node_diff(out, level.back(), new_node, old_node, 0);
  else append_children_diff(out, new_node, old_node, 0);
  return out;
}

}  // namespace ctsh::cli
