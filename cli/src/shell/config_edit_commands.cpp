// Configuration-mode commands that edit the candidate: set, delete, edit, up, top, comment, copy, rename,
// discard.
#include "config_edit_commands.hpp"

#include <fmt/format.h>

#include "config_paths.hpp"

namespace ctsh::cli {
namespace {

Status fail(Output& output, std::vector<std::string> lines, const char* verb) {
  lines.push_back(fmt::format("{} failed", verb));
  output.err += framed(lines);
  return Status::failed;
}

// copy and rename share their checks: `<tag> <value> to <tag> <value2>` at the edit level.
struct TagMove {
  Path from, to;
};

std::expected<TagMove, std::vector<std::string>> parse_tag_move(Shell::State& state, const std::vector<std::string>& args,
                                                   const char* verb) {
  using Lines = std::vector<std::string>;
  if (args.size() != 5 || args[2] != "to") return std::unexpected(Lines{fmt::format("Invalid {} command", verb)});
  if (args[0] != args[3]) {
    return std::unexpected(Lines{fmt::format("Cannot {} from \"{}\" to \"{}\"", verb, args[0], args[3])});
  }
  const Schema& schema = state.schema();
  auto from = resolve_config_path(schema, absolute_path(state, {args[0], args[1]}), PathUse::show);
  auto to = resolve_config_path(schema, absolute_path(state, {args[3], args[4]}), PathUse::set);
  if (!from || from->node->kind != NodeKind::tag || from->tag_without_value) {
    return std::unexpected(Lines{fmt::format("Cannot {} under \"{}\"", verb, args[0])});
  }
  if (!to) return std::unexpected(to.error());
  if (!state.candidate.find(from->node_path)) {
    return std::unexpected(Lines{fmt::format("Configuration \"{} {}\" does not exist", args[0], args[1])});
  }
  if (state.candidate.find(to->node_path)) {
    return std::unexpected(Lines{fmt::format("Configuration \"{} {}\" already exists", args[3], args[4])});
  }
  return TagMove{from->node_path, to->node_path};
}

}  // namespace

Status cmd_set(Shell::State& state, Invocation& call) {
  if (call.args.empty()) return fail(call.output, {"Incomplete command: set"}, "Set");
  const Schema& schema = state.schema();
  auto path = resolve_config_path(schema, absolute_path(state, call.args), PathUse::set);
  if (!path) return fail(call.output, path.error(), "Set");
  const std::string shown = join_path(absolute_path(state, call.args));
  ConfigNode* existing = state.candidate.find(path->node_path);
  const NodeKind kind = path->node->kind;
  if (kind == NodeKind::leaf) {
    if (existing && existing->values == std::vector<std::string>{*path->value}) {
      call.output.out += fmt::format("Configuration path: [{}] already exists\n", shown);
      return Status::ok;
    }
    ensure_node(state.candidate, path->node_path, schema).set_leaf({*path->value});
  } else if (kind == NodeKind::multi) {
    if (existing && std::find(existing->values.begin(), existing->values.end(), *path->value) != existing->values.end()) {
      call.output.out += fmt::format("Configuration path: [{}] already exists\n", shown);
      return Status::ok;
    }
    ConfigNode& node = ensure_node(state.candidate, path->node_path, schema);
    node.is_leaf = true;
    node.values.push_back(*path->value);
  } else {
    if (existing) {
      call.output.out += fmt::format("Configuration path: [{}] already exists\n", shown);
      return Status::ok;
    }
    ensure_node(state.candidate, path->node_path, schema);
  }
  return Status::ok;
}

Status cmd_delete(Shell::State& state, Invocation& call) {
  if (call.args.empty() && state.edit_level.empty()) return fail(call.output, {"Incomplete command: delete"}, "Delete");
  auto path = resolve_config_path(state.schema(), absolute_path(state, call.args), PathUse::remove);
  if (!path) return fail(call.output, path.error(), "Delete");
  ConfigNode* node = state.candidate.find(path->node_path);
  if (!node) {
    call.output.out += "Nothing to delete (the specified node does not exist)\n";
    return Status::ok;
  }
  if (path->value) {
    auto it = std::find(node->values.begin(), node->values.end(), *path->value);
    if (it == node->values.end()) {
      call.output.out += "Nothing to delete (the specified value does not exist)\n";
      return Status::ok;
    }
    node->values.erase(it);
    if (!node->values.empty()) return Status::ok;
  }
  if (path->node_path.empty()) {
    state.candidate = ConfigNode{};
  } else {
    state.candidate.erase(path->node_path);
  }
  // Deleting the node we are editing leaves us where it was: go up to what still exists.
  while (!state.edit_level.empty() && !state.candidate.find(state.edit_level)) state.edit_level.pop_back();
  return Status::ok;
}

Status cmd_edit(Shell::State& state, Invocation& call) {
  auto path = resolve_config_path(state.schema(), absolute_path(state, call.args), PathUse::show);
  if (!path) return fail(call.output, path.error(), "Edit");
  const NodeKind kind = path->node->kind;
  if (path->value || path->tag_without_value || (kind != NodeKind::container && kind != NodeKind::tag)) {
    call.output.err += framed({"The \"edit\" command cannot be issued at the specified level"});
    return Status::failed;
  }
  ensure_node(state.candidate, path->node_path, state.schema());
  state.edit_level = path->node_path;
  return Status::ok;
}

Status cmd_up(Shell::State& state, Invocation& call) {
  if (state.edit_level.empty()) {
    call.output.out += "Already at the top level\n";
    return Status::ok;
  }
  state.edit_level.pop_back();
  // A tag value's level is left together with its tag node (`rule 10` → the rule set).
  if (const ConfigNode* node = state.candidate.find(state.edit_level); node && node->is_tag) state.edit_level.pop_back();
  return Status::ok;
}

Status cmd_top(Shell::State& state, Invocation& call) {
  if (state.edit_level.empty()) call.output.out += "Already at the top level\n";
  state.edit_level.clear();
  return Status::ok;
}

Status cmd_comment(Shell::State& state, Invocation& call) {
  if (call.args.size() < 2) {
    call.output.err += framed({"Invalid comment command: use comment <path> \"text\""});
    return Status::failed;
  }
  std::vector<std::string> words(call.args.begin(), call.args.end() - 1);
  const std::string& text = call.args.back();
  if (text.find('*') != std::string::npos) {
    call.output.err += framed({"Cannot use the '*' character in a comment"});
    return Status::failed;
  }
  auto path = resolve_config_path(state.schema(), absolute_path(state, words), PathUse::show);
  if (!path) return fail(call.output, path.error(), "Comment");
  if (path->value) {
    call.output.err += framed({"Cannot comment on config values"});
    return Status::failed;
  }
  if (path->node_path.empty()) {
    call.output.err += framed({"Cannot add comment at this level"});
    return Status::failed;
  }
  ConfigNode* node = state.candidate.find(path->node_path);
  if (!node) {
    call.output.err += framed({"The specified config node does not exist"});
    return Status::failed;
  }
  if (text.empty()) node->comment.reset();
  else node->comment = text;
  return Status::ok;
}

Status cmd_copy(Shell::State& state, Invocation& call) {
  auto move = parse_tag_move(state, call.args, "copy");
  if (!move) {
    call.output.err += framed(move.error());
    return Status::failed;
  }
  ConfigNode copy = *state.candidate.find(move->from);
  ensure_node(state.candidate, move->to, state.schema()) = std::move(copy);
  return Status::ok;
}

Status cmd_rename(Shell::State& state, Invocation& call) {
  auto move = parse_tag_move(state, call.args, "rename");
  if (!move) {
    call.output.err += framed(move.error());
    return Status::failed;
  }
  ConfigNode moved = std::move(*state.candidate.find(move->from));
  ConfigNode* parent = state.candidate.find(Path(move->from.begin(), move->from.end() - 1));
  parent->children.erase(move->from.back());
  parent->children[move->to.back()] = std::move(moved);
  return Status::ok;
}

Status cmd_discard(Shell::State& state, Invocation& call) {
  if (!call.args.empty()) {
    call.output.err += framed({"Invalid discard command"});
    return Status::failed;
  }
  if (!state.dirty()) {
    call.output.out += "No changes have been discarded\n";
    return Status::ok;
  }
  state.candidate = state.running;
  while (!state.edit_level.empty() && !state.candidate.find(state.edit_level)) state.edit_level.pop_back();
  call.output.out += "Changes have been discarded\n";
  return Status::ok;
}

}  // namespace ctsh::cli
