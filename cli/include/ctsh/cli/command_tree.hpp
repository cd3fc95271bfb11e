// CommandTree: the shell's command words (op mode, configuration mode, pipes), declared in
// schema/op-commands.json, with VyOS's unique-prefix matching and its messages.
//
//   const CommandTrees& trees = CommandTrees::embedded();
//   auto found = resolve_op(trees.op(), {"sh", "conf", "commands"});
//   // found->handler == "show-configuration-commands"
//
// Read-only after first use; thread-safe.
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ctsh::cli {

struct CommandNode;

struct CommandValue {
  std::string format;   // "<N>"
  std::string help;
  std::string handler;
  std::string command_help;  // not empty: `-- OP-COMMAND` may follow (monitor conntrack)
  // Options that may follow the value, each at most once: `name <value>` (`simulate pcap FILE interface eth0`),
  // or a flag when the option declares no value (`... compare`; its value is then "").
  std::vector<CommandNode> options;
};

struct CommandNode {
  std::string name;
  std::string help;
  std::string handler;  // empty when the words so far are not a whole command
  std::string command_help;  // not empty: `-- OP-COMMAND` may follow (monitor conntrack)
  std::vector<CommandNode> children;
  std::optional<CommandValue> value;
  // Options that may follow the command's own words (`show conntrack table ipv4 source 10.0.0.1`),
  // each `name <value>` at most once; declared inline or by naming a set of "option-sets".
  std::vector<CommandNode> options;
  bool required = false;  // an option the command cannot run without
  std::optional<std::string> default_value;  // an option's value when it is not given
};

class CommandTrees {
 public:
  static const CommandTrees& embedded();
  const CommandNode& op() const { return op_; }
  const CommandNode& config() const { return config_; }
  const CommandNode& pipes() const { return pipes_; }

 private:
  CommandNode op_, config_, pipes_;
};

// The outcome of matching one word against a node's children.
struct WordMatch {
  const CommandNode* node = nullptr;          // set when exactly one child matched
  std::vector<const CommandNode*> candidates;  // all children the word is a prefix of
};
WordMatch match_word(const CommandNode& parent, const std::string& word);

struct ResolvedCommand {
  std::string handler;
  std::vector<std::string> words;  // the canonical (full) command words
  std::vector<std::string> args;   // positional values
  std::map<std::string, std::string> options;  // option name (full) -> its value
};

// Resolves op-mode words; on failure the error is VyOS's message, already framed for printing
// ("Invalid command: show [foo]", "Ambiguous command: ... [s]" with the completions,
// "Incomplete command: show system"). For a command declared with "command", the words from `--` on
// are kept as they are: args ends with "--" and the op-mode command to run.
std::expected<ResolvedCommand, std::string> resolve_op(const CommandNode& root, const std::vector<std::string>& words);

// Lines listing children as VyOS's `Possible completions:` rows.
std::string format_completions(const std::vector<const CommandNode*>& nodes);

}  // namespace ctsh::cli
