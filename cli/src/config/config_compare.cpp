// render_compare / render_compare_commands: what turns one configuration into another, as VyOS's
// `compare` (vyos1x config_diff) and `compare commands` print it.
//
// Choices where VyOS leaves room:
// - Sections come in tree order, a node's section before the sections of its children. Changes directly
//   at the top level are printed without a `[...]` header.
// - A tag value (`rule 10`) counts as a child of the tag node's parent: an added rule shows as
//   `+ rule 10 {` under `[firewall ipv4 name RAW]`; a rule in both trees gets its own section.
// - A multi value: removed values as `-` lines, then added values as `+` lines; a change of order only
//   shows all old lines then all new ones. A leaf whose comment changed shows old and new in full.
// - A changed comment on a container or tag value: `- /* old */`, `+ /* new */`, then the node's words
//   unmarked (`  rule 10`), in the parent's section.
// - `compare commands` leaves comments out, as `show | commands` does.
#include <algorithm>

#include "config_text.hpp"
#include "ctsh/cli/config_diff.hpp"

namespace ctsh::cli {
namespace {

bool same_kind(const ConfigNode& a, const ConfigNode& b) {
  return a.is_leaf == b.is_leaf && a.is_tag == b.is_tag && a.values.empty() == b.values.empty();
}

void append_marked_line(std::string& out, std::string_view marker, std::string_view text) {
  out += marker;
  out += text;
  out += '\n';
}

void append_leaf_line(std::string& out, std::string_view marker, std::string_view name, const std::string& value) {
  append_marked_line(out, marker, text::boot_word(name) + " " + text::double_quoted(value));
}

void append_leaf_change(std::string& out, std::string_view name, const ConfigNode& from, const ConfigNode& to) {
  const bool reordered_only = from.comment == to.comment && std::ranges::is_permutation(from.values, to.values);
  if (from.comment != to.comment || reordered_only) {
    text::append_boot_node(out, "- ", name, from, 0);
    text::append_boot_node(out, "+ ", name, to, 0);
    return;
  }
  for (const auto& value : from.values) {
    if (std::ranges::find(to.values, value) == to.values.end()) append_leaf_line(out, "- ", name, value);
  }
  for (const auto& value : to.values) {
    if (std::ranges::find(from.values, value) == from.values.end()) append_leaf_line(out, "+ ", name, value);
  }
}

void append_comment_change(std::string& out, const std::string& words, const ConfigNode& from, const ConfigNode& to) {
  if (from.comment == to.comment) return;
  if (from.comment) text::append_comment_line(out, "- ", *from.comment, 0);
  if (to.comment) text::append_comment_line(out, "+ ", *to.comment, 0);
  append_marked_line(out, "  ", words);
}

class CompareWriter {
 public:
  std::string run(const ConfigNode& from, const ConfigNode& to) {
    Path path;
    section(path, from, to);
    std::string out;
    for (const auto& text : sections_) {
      if (!out.empty()) out += '\n';
      out += text;
    }
    return out;
  }

 private:
  // The section of one container (or tag value) present in both trees, then those of its children.
  void section(Path& path, const ConfigNode& from, const ConfigNode& to) {
    std::string lines;
    std::vector<std::pair<Path, std::pair<const ConfigNode*, const ConfigNode*>>> in_both;
    text::for_each_pair(&from, &to, [&](const std::string& name, const ConfigNode* old_child,
                                        const ConfigNode* new_child) {
      if (old_child == nullptr) return text::append_boot_node(lines, "+ ", name, *new_child, 0);
      if (new_child == nullptr) return text::append_boot_node(lines, "- ", name, *old_child, 0);
      if (!same_kind(*old_child, *new_child)) {
        text::append_boot_node(lines, "- ", name, *old_child, 0);
        return text::append_boot_node(lines, "+ ", name, *new_child, 0);
      }
      if (old_child->is_leaf) {
        if (old_child->values != new_child->values || old_child->comment != new_child->comment) {
          append_leaf_change(lines, name, *old_child, *new_child);
        }
        return;
      }
      if (!old_child->is_tag) {
        append_comment_change(lines, text::boot_word(name), *old_child, *new_child);
        return in_both.push_back({with(path, {name}), {old_child, new_child}});
      }
      text::for_each_pair(old_child, new_child, [&](const std::string& tag_value, const ConfigNode* old_value,
                                                    const ConfigNode* new_value) {
        if (old_value == nullptr || new_value == nullptr) {
          return text::append_tag_value(lines, old_value == nullptr ? "+ " : "- ", name, tag_value,
                                        old_value == nullptr ? *new_value : *old_value, 0, text::Style::config_boot);
        }
        append_comment_change(lines, text::boot_word(name) + " " + text::boot_word(tag_value), *old_value, *new_value);
        in_both.push_back({with(path, {name, tag_value}), {old_value, new_value}});
      });
    });
    if (!lines.empty()) sections_.push_back(path.empty() ? lines : "[" + join_path(path) + "]\n" + lines);
    for (auto& [child_path, pair] : in_both) section(child_path, *pair.first, *pair.second);
  }

  static Path with(const Path& path, std::initializer_list<std::string> words) {
    Path out = path;
    out.insert(out.end(), words);
    return out;
  }

  std::vector<std::string> sections_;
};

class CommandsWriter {
 public:
  std::string run(const ConfigNode& from, const ConfigNode& to) {
    Path path;
    children(path, from, to);
    std::string out;
    for (const auto& line : deletes_) out += line + "\n";
    for (const auto& line : sets_) out += line + "\n";
    return out;
  }

 private:
  void remove(const Path& path) { deletes_.push_back("delete " + text::command_path(path)); }

  void add(Path& path, const ConfigNode& node) { text::append_set_commands(sets_, path, node); }

  // Replaying the deletes removes containers they leave empty; one that stays (empty) in `to` is set again.
  void container(Path& path, const ConfigNode& from, const ConfigNode& to) {
    children(path, from, to);
    if (to.children.empty() && !from.children.empty()) sets_.push_back("set " + text::command_path(path));
  }

  void leaf(Path& path, const ConfigNode& from, const ConfigNode& to) {
    if (from.values == to.values) return;
    const bool appended = to.values.size() > from.values.size() &&
                          std::equal(from.values.begin(), from.values.end(), to.values.begin());
    const bool single_changed = from.values.size() == 1 && to.values.size() == 1;
    if (!appended && !single_changed) {
      remove(path);
      return add(path, to);
    }
    const std::size_t first_new = single_changed ? 0 : from.values.size();
    for (std::size_t i = first_new; i < to.values.size(); ++i) {
      sets_.push_back("set " + text::command_path(path) + " " + text::command_value(to.values[i]));
    }
  }

  void children(Path& path, const ConfigNode& from, const ConfigNode& to) {
    text::for_each_pair(&from, &to, [&](const std::string& name, const ConfigNode* old_child,
                                        const ConfigNode* new_child) {
      path.push_back(name);
      if (new_child == nullptr) {
        remove(path);
      } else if (old_child == nullptr) {
        add(path, *new_child);
      } else if (!same_kind(*old_child, *new_child)) {
        remove(path);
        add(path, *new_child);
      } else if (old_child->is_leaf) {
        leaf(path, *old_child, *new_child);
      } else if (!old_child->is_tag) {
        container(path, *old_child, *new_child);
      } else {
        text::for_each_pair(old_child, new_child, [&](const std::string& tag_value, const ConfigNode* old_value,
                                                      const ConfigNode* new_value) {
          path.push_back(tag_value);
          if (new_value == nullptr) remove(path);
          else if (old_value == nullptr) add(path, *new_value);
          else container(path, *old_value, *new_value);
          path.pop_back();
        });
      }
      path.pop_back();
    });
  }

  std::vector<std::string> deletes_;
  std::vector<std::string> sets_;
};

}  // namespace

std::string render_compare(const ConfigNode& from, const ConfigNode& to) { return CompareWriter{}.run(from, to); }

std::string render_compare_commands(const ConfigNode& from, const ConfigNode& to) {
  return CommandsWriter{}.run(from, to);
}

}  // namespace ctsh::cli
