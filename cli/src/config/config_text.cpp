// Quoting rules and the config.boot / `set` line writers shared by the config formats and diffs.
#include "config_text.hpp"

namespace ctsh::cli::text {
namespace {

constexpr std::string_view kIndent = "    ";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool needs_command_quotes(std::string_view word) {
  if (word.empty()) return true;
  for (char c : word) {
    if (is_blank(c) || c == '\'' || c == '"' || c == ';') return true;
  }
  return false;
}

void append_indent(std::string& out, std::string_view line_prefix, std::size_t depth) {
  out += line_prefix;
  for (std::size_t i = 0; i < depth; ++i) out += kIndent;
}

std::string styled_word(std::string_view word, Style style) {
  return style == Style::config_boot ? boot_word(word) : show_value(word);
}

std::string styled_value(std::string_view value, Style style) {
  return style == Style::config_boot ? double_quoted(value) : show_value(value);
}

void append_block(std::string& out, std::string_view line_prefix, const std::string& header,
                  const ConfigNode& node, std::size_t depth, Style style) {
  append_indent(out, line_prefix, depth);
  out += header;
  out += " {\n";
  for (const auto& [child_name, child] : node.children) {
    append_boot_node(out, line_prefix, child_name, child, depth + 1, style);
  }
  append_indent(out, line_prefix, depth);
  out += "}\n";
}

}  // namespace

std::string double_quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string boot_word(std::string_view word) {
  bool bare = !word.empty() && !word.starts_with("//") && !word.starts_with("/*");
  for (char c : word) {
    if (is_blank(c) || c == '{' || c == '}' || c == '"' || c == '\'' || c == '\0') bare = false;
  }
  return bare ? std::string(word) : double_quoted(word);
}

std::string show_value(std::string_view value) {
  const bool quoted = value.empty() || value.find_first_of(" \t\n*}{;") != std::string_view::npos;
  return quoted ? "\"" + std::string(value) + "\"" : std::string(value);
}

std::string command_value(std::string_view value) {
  if (value.find('\'') == std::string_view::npos) return "'" + std::string(value) + "'";
  return double_quoted(value);
}

std::string command_word(std::string_view word) {
  return needs_command_quotes(word) ? command_value(word) : std::string(word);
}

std::string command_path(const Path& path) {
  std::string out;
  for (const auto& word : path) {
    if (!out.empty()) out += ' ';
    out += command_word(word);
  }
  return out;
}

void append_comment_line(std::string& out, std::string_view line_prefix, std::string_view comment,
                         std::size_t depth) {
  append_indent(out, line_prefix, depth);
  out += "/* ";
  out += comment;
  out += " */\n";
}

void append_tag_value(std::string& out, std::string_view line_prefix, std::string_view name,
                      std::string_view tag_value, const ConfigNode& value_node, std::size_t depth, Style style) {
  if (value_node.comment) append_comment_line(out, line_prefix, *value_node.comment, depth);
  append_block(out, line_prefix, boot_word(name) + " " + styled_word(tag_value, style), value_node, depth, style);
}

void append_boot_node(std::string& out, std::string_view line_prefix, std::string_view name,
                      const ConfigNode& node, std::size_t depth, Style style) {
  if (node.is_tag) {
    for (const auto& [tag_value, value_node] : node.children) {
      append_tag_value(out, line_prefix, name, tag_value, value_node, depth, style);
    }
    return;
  }
  if (node.comment) append_comment_line(out, line_prefix, *node.comment, depth);
  const std::string shown_name = boot_word(name);
  if (!node.is_leaf) {
    append_block(out, line_prefix, shown_name, node, depth, style);
    return;
  }
  if (node.values.empty()) {
    append_indent(out, line_prefix, depth);
    out += shown_name;
    out += '\n';
  }
  for (const auto& value : node.values) {
    append_indent(out, line_prefix, depth);
    out += shown_name;
    out += ' ';
    out += styled_value(value, style);
    out += '\n';
  }
}

void append_set_commands(std::vector<std::string>& out, Path& path, const ConfigNode& node) {
  if (node.is_leaf) {
    const std::string line = "set " + command_path(path);
    if (node.values.empty()) out.push_back(line);
    for (const auto& value : node.values) out.push_back(line + " " + command_value(value));
    return;
  }
  if (node.children.empty()) {
    if (!path.empty() && !node.is_tag) out.push_back("set " + command_path(path));
    return;
  }
  for (const auto& [child_name, child] : node.children) {
    path.push_back(child_name);
    append_set_commands(out, path, child);
    path.pop_back();
  }
}

}  // namespace ctsh::cli::text
