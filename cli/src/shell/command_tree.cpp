// Loads the command trees of schema/op-commands.json and resolves typed words against them.
#include "ctsh/cli/command_tree.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "ctsh/schema/embedded.hpp"

namespace ctsh::cli {
namespace {

CommandNode load_node(const std::string& name, const nlohmann::json& j, const nlohmann::json& option_sets);

// "options": an object of options, or the name of a set in "option-sets" (shared by several commands).
std::vector<CommandNode> load_options(const nlohmann::json& j, const nlohmann::json& option_sets) {
  std::vector<CommandNode> options;
  const nlohmann::json& declared = j.is_string() ? option_sets.at(j.get<std::string>()) : j;
  for (const auto& [option, body] : declared.items()) options.push_back(load_node(option, body, option_sets));
  return options;
}

CommandNode load_node(const std::string& name, const nlohmann::json& j, const nlohmann::json& option_sets) {
  CommandNode node;
  node.name = name;
  node.help = j.value("help", "");
  node.handler = j.value("run", "");
  node.required = j.value("required", false);
  if (auto it = j.find("default"); it != j.end()) node.default_value = it->get<std::string>();
  node.command_help = j.value("command", "");
  if (auto it = j.find("children"); it != j.end()) {
    for (const auto& [child, body] : it->items()) node.children.push_back(load_node(child, body, option_sets));
  }
  if (auto it = j.find("options"); it != j.end()) node.options = load_options(*it, option_sets);
  if (auto it = j.find("value"); it != j.end()) {
    node.value = CommandValue{it->value("format", ""), it->value("help", ""), it->value("run", ""),
                              it->value("command", ""), {}};
    if (auto options = it->find("options"); options != it->end()) node.value->options = load_options(*options, option_sets);
  }
  return node;
}

CommandNode load_root(const nlohmann::json& j, const nlohmann::json& option_sets) {
  CommandNode root;
  for (const auto& [child, body] : j.items()) root.children.push_back(load_node(child, body, option_sets));
  return root;
}

std::string framed(const std::string& text) { return fmt::format("\n  {}\n\n", text); }

}  // namespace

const CommandTrees& CommandTrees::embedded() {
  static const CommandTrees trees = [] {
    CommandTrees t;
    auto doc = nlohmann::json::parse(ctsh::embedded::op_commands_json);
    const nlohmann::json option_sets = doc.value("option-sets", nlohmann::json::object());
    t.op_ = load_root(doc.at("op"), option_sets);
    t.config_ = load_root(doc.at("config"), option_sets);
    t.pipes_ = load_root(doc.at("pipes"), option_sets);
    return t;
  }();
  return trees;
}

WordMatch match_word(const CommandNode& parent, const std::string& word) {
  WordMatch match;
  for (const auto& child : parent.children) {
    if (child.name == word) {
      match.node = &child;
      match.candidates = {&child};
      return match;
    }
    if (!word.empty() && child.name.starts_with(word)) match.candidates.push_back(&child);
  }
  if (match.candidates.size() == 1) match.node = match.candidates.front();
  return match;
}

std::string format_completions(const std::vector<const CommandNode*>& nodes) {
  // Names in a column of 16, wider when a name needs it, so that a name and its help never touch.
  std::size_t width = 16;
  for (const auto* node : nodes) width = std::max(width, node->name.size() + 2);
  std::string out = "  Possible completions:\n";
  for (const auto* node : nodes) out += fmt::format("    {:<{}}{}\n", node->name, width, node->help);
  return out;
}

namespace {

// The `option <value>` pairs (and valueless flags) after a command's words or value, from words[first]
// on; every required option must be among them, and options with a default that are not take it.
std::expected<void, std::string> resolve_options(const std::vector<CommandNode>& options,
                                                 const std::vector<std::string>& words, std::size_t first,
                                                 const std::string& so_far, ResolvedCommand& resolved) {
  CommandNode parent;
  parent.children = options;
  std::string typed = so_far;
  for (std::size_t i = first; i < words.size(); i += 2) {
    const WordMatch match = match_word(parent, words[i]);
    if (match.node && !match.node->value && !resolved.options.contains(match.node->name)) {  // a flag
      resolved.options[match.node->name] = "";
      typed += " " + match.node->name;
      --i;
      continue;
    }
    if (match.candidates.size() > 1) {
      return std::unexpected(fmt::format("\n  Ambiguous command: {} [{}]\n\n{}\n", typed, words[i],
                                         format_completions(match.candidates)));
    }
    if (!match.node || resolved.options.contains(match.node->name)) {
      return std::unexpected(framed(fmt::format("Invalid command: {} [{}]", typed, words[i])));
    }
    if (i + 1 >= words.size()) {
      return std::unexpected(framed(fmt::format("Incomplete command: {} {}", typed, match.node->name)));
    }
    resolved.options[match.node->name] = words[i + 1];
    typed += fmt::format(" {} {}", match.node->name, words[i + 1]);
  }
  for (const CommandNode& option : options) {
    if (option.required && !resolved.options.contains(option.name)) {
      const std::string format = option.value ? " " + option.value->format : "";
      return std::unexpected(framed(fmt::format("Incomplete command: {}: {}{} is required", typed, option.name, format)));
    }
    if (option.default_value && !resolved.options.contains(option.name)) {
      resolved.options[option.name] = *option.default_value;
    }
  }
  return {};
}

// The words of a command up to `--`; `takes_command` tells whether the command may have one after.
std::expected<ResolvedCommand, std::string> resolve_words(const CommandNode& root, const std::vector<std::string>& words,
                                                          bool& takes_command) {
  ResolvedCommand resolved;
  const CommandNode* node = &root;
  auto prefix = [&resolved] {
    return resolved.words.empty() ? std::string() : fmt::format("{} ", fmt::join(resolved.words, " "));
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    WordMatch match = match_word(*node, word);
    if (match.node) {
      node = match.node;
      resolved.words.push_back(node->name);
      continue;
    }
    if (match.candidates.size() > 1) {
      return std::unexpected(fmt::format("\n  Ambiguous command: {}[{}]\n\n{}\n", prefix(), word,
                                         format_completions(match.candidates)));
    }
    if (node->value) {
      resolved.args.push_back(word);
      if (auto options = resolve_options(node->value->options, words, i + 1, prefix() + word, resolved); !options) {
        return std::unexpected(options.error());
      }
      resolved.handler = node->value->handler;
      takes_command = !node->value->command_help.empty();
      return resolved;
    }
    if (!node->options.empty() && !node->handler.empty()) break;
    return std::unexpected(framed(fmt::format("Invalid command: {}[{}]", prefix(), word)));
  }
  if (node->handler.empty()) {
    return std::unexpected(framed(fmt::format("Incomplete command: {}", fmt::join(resolved.words, " "))));
  }
  const std::string typed = fmt::format("{}", fmt::join(resolved.words, " "));
  if (auto options = resolve_options(node->options, words, resolved.words.size(), typed, resolved); !options) {
    return std::unexpected(options.error());
  }
  resolved.handler = node->handler;
  takes_command = !node->command_help.empty();
  return resolved;
}

}  // namespace

std::expected<ResolvedCommand, std::string> resolve_op(const CommandNode& root, const std::vector<std::string>& words) {
  const auto separator = std::find(words.begin(), words.end(), "--");
  bool takes_command = false;
  auto resolved = resolve_words(root, {words.begin(), separator}, takes_command);
  if (!resolved || separator == words.end()) return resolved;
  const std::string typed = fmt::format("{}", fmt::join(words.begin(), separator, " "));
  if (!takes_command) return std::unexpected(framed(fmt::format("Invalid command: {} [--]", typed)));
  if (separator + 1 == words.end()) return std::unexpected(framed(fmt::format("Incomplete command: {} --", typed)));
  resolved->args.insert(resolved->args.end(), separator, words.end());
  return resolved;
}

}  // namespace ctsh::cli
