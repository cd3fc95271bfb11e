// Configuration-mode commands about the session as a whole: show, compare, exit, run, save, load,
// merge, and the dispatcher from command names to handlers.
#include <unistd.h>

#include <fmt/format.h>

#include "commit.hpp"
#include "config_commit_commands.hpp"
#include "config_edit_commands.hpp"
#include "config_import.hpp"
#include "config_paths.hpp"
#include "ctsh/cli/config_diff.hpp"
#include "ctsh/cli/config_formats.hpp"
#include "shell_state.hpp"

namespace ctsh::cli {
namespace {

Status cmd_show(Shell::State& state, Invocation& call) {
  std::vector<std::string> args = call.args;
  ShowOptions options;
  if (!args.empty() && args.front() == "-all") {
    options.with_defaults = true;
    args.erase(args.begin());
  }
  const Schema& schema = state.schema();
  auto path = resolve_config_path(schema, absolute_path(state, args), PathUse::show);
  if (!path) {
    call.output.err += framed({"Specified configuration path is not valid"});
    return Status::failed;
  }
  if (call.format == Format::commands) {
    // `set` lines relative to the edit level, only those under the shown path.
    const ConfigNode tree = options.with_defaults ? with_defaults(state.candidate, schema) : state.candidate;
    const Path shown(path->node_path.begin() + static_cast<std::ptrdiff_t>(state.edit_level.size()),
                     path->node_path.end());
    const std::string prefix = shown.empty() ? "set" : fmt::format("set {}", join_path(shown));
    for (const auto& line : to_commands(tree, state.edit_level)) {
      if (line == prefix || line.starts_with(prefix + " ")) call.output.out += line + "\n";
    }
    return Status::ok;
  }
  if (call.format == Format::json) {
    const ConfigNode tree = options.with_defaults ? with_defaults(state.candidate, schema) : state.candidate;
    nlohmann::json document = to_typed_json(tree, schema);
    nlohmann::json::json_pointer pointer;
    for (const auto& word : path->node_path) pointer /= word;
    call.output.out += document.contains(pointer) ? document.at(pointer).dump(4) + "\n" : "{}\n";
    return Status::ok;
  }
  const std::string text = render_show(state.candidate, state.running, path->node_path, schema, options);
  if (text.empty()) {
    call.output.out += "Configuration under specified path is empty\n";
    return Status::ok;
  }
  call.output.out += text;
  return Status::ok;
}

Status cmd_compare(Shell::State& state, Invocation& call) {
  std::vector<std::string> args = call.args;
  bool commands = !args.empty() && args.back() == "commands";
  if (commands) args.pop_back();
  ConfigNode from = state.running;
  ConfigNode to = state.candidate;
  std::string what = "working and active";
  if (args.size() == 1 && args[0] == "saved") {
    auto saved = state.store.read_saved();
    if (!saved) {
      call.output.err += framed({saved.error().message});
      return Status::failed;
    }
    from = ConfigNode{};
    if (*saved) {
      auto tree = parse_config_boot(**saved);
      if (!tree) {
        call.output.err += framed({fmt::format("{}: {}", state.store.saved_path().string(), tree.error().message)});
        return Status::failed;
      }
      apply_schema_kinds(*tree, state.schema());
      from = std::move(*tree);
    }
    what = "working and saved";
  } else if (args.size() == 1 || args.size() == 2) {
    auto first = read_revision_tree(state, args[0]);
    if (!first) {
      call.output.err += framed({first.error()});
      return Status::failed;
    }
    if (args.size() == 1) {
      from = std::move(*first);
      what = fmt::format("working and revision {}", args[0]);
    } else {
      auto second = read_revision_tree(state, args[1]);
      if (!second) {
        call.output.err += framed({second.error()});
        return Status::failed;
      }
      from = std::move(*second);
      to = std::move(*first);
      what = fmt::format("revisions {} and {}", args[1], args[0]);
    }
  } else if (!args.empty()) {
    call.output.err += framed({fmt::format("Invalid compare command: use compare [saved | N [M]] [commands]")});
    return Status::failed;
  }
  std::string diff = commands ? render_compare_commands(from, to) : render_compare(from, to);
  call.output.out += diff.empty() ? fmt::format("No changes between {} configurations.\n", what) : diff;
  return Status::ok;
}

Status cmd_exit(Shell::State& state, Invocation& call) {
  if (call.args.size() > 1 || (call.args.size() == 1 && call.args[0] != "discard")) {
    call.output.err += framed({fmt::format("Invalid argument \"{}\" for 'exit'", call.args.back())});
    return Status::failed;
  }
  if (!state.edit_level.empty() && call.args.empty()) {
    state.edit_level.clear();
    return Status::ok;
  }
  if (call.args.empty() && state.dirty()) {
    call.output.err += "Cannot exit: configuration modified.\nUse 'exit discard' to discard the changes and exit.\n";
    return Status::failed;
  }
  state.candidate = state.running;
  state.edit_level.clear();
  if (state.committed_since_save) call.output.err += "Warning: configuration changes have not been saved.\n";
  state.mode = Mode::op;
  return Status::ok;
}

Status cmd_run(Shell::State& state, Invocation& call) {
  if (call.args.empty()) {
    call.output.err += framed({"Incomplete command: run"});
    return Status::failed;
  }
  return state.run_op(call.args, call.format, call.output);
}

// Files named by the user are relative to the working directory, as in bash.
std::filesystem::path user_file(const std::string& name) { return std::filesystem::path(name); }

Status cmd_save(Shell::State& state, Invocation& call) {
  if (call.args.size() > 1) {
    call.output.err += framed({"Invalid save command: use save [FILE]"});
    return Status::failed;
  }
  if (state.dirty()) call.output.err += "Warning: you have uncommitted changes that will not be saved.\n";
  const std::filesystem::path target = call.args.empty() ? state.store.saved_path() : user_file(call.args[0]);
  if (auto written = write_file_atomically(target, render_config_boot(state.running)); !written) {
    call.output.err += framed({written.error().message, "Save failed"});
    return Status::failed;
  }
  if (target == state.store.saved_path()) state.committed_since_save = false;
  state.edit_level.clear();
  return Status::ok;
}

Status load_or_merge(Shell::State& state, Invocation& call, bool merge) {
  const char* verb = merge ? "merge" : "load";
  if (call.args.empty() || (!merge && call.args.size() > 1)) {
    call.output.err += framed({merge ? "Invalid merge command: use merge FILE [PATH]" : "Invalid load command: use load FILE"});
    return Status::failed;
  }
  if (state.dirty()) {
    call.output.err += fmt::format("Cannot {}: configuration modified.\nCommit or discard the changes before {} a config file.\n",
                                   verb, merge ? "merging" : "loading");
    return Status::failed;
  }
  const std::filesystem::path file = user_file(call.args[0]);
  call.output.out += fmt::format("Loading configuration from '{}'\n", call.args[0]);
  Path subtree(call.args.begin() + 1, call.args.end());
  auto imported = import_config_file(file, subtree, state.schema());
  if (!imported) {
    call.output.err += fmt::format("{}\n{} failed\n", imported.error(), merge ? "Merge" : "Load");
    return Status::failed;
  }
  if (merge) merge_tree(state.candidate, *imported);
  else state.candidate = std::move(*imported);
  state.edit_level.clear();
  if (!state.dirty()) {
    call.output.out += "No configuration changes to commit.\n";
  } else {
    call.output.out += fmt::format("{} complete. Use 'commit' to make changes effective.\n", merge ? "Merge" : "Load");
  }
  return Status::ok;
}

Status cmd_load(Shell::State& state, Invocation& call) { return load_or_merge(state, call, false); }
Status cmd_merge(Shell::State& state, Invocation& call) { return load_or_merge(state, call, true); }

using Handler = Status (*)(Shell::State&, Invocation&);

struct NamedHandler {
  std::string_view name;
  Handler handler;
};

constexpr NamedHandler kConfigHandlers[] = {
    {"comment", cmd_comment},   {"commit", cmd_commit},     {"commit-confirm", cmd_commit_confirm},
    {"compare", cmd_compare},   {"confirm", cmd_confirm},   {"copy", cmd_copy},
    {"delete", cmd_delete},     {"discard", cmd_discard},   {"edit", cmd_edit},
    {"exit", cmd_exit},         {"load", cmd_load},         {"merge", cmd_merge},
    {"rename", cmd_rename},     {"rollback", cmd_rollback}, {"rollback-soft", cmd_rollback_soft},
    {"run", cmd_run},           {"save", cmd_save},         {"set", cmd_set},
    {"show", cmd_show},         {"top", cmd_top},           {"up", cmd_up},
};

}  // namespace

Status run_config_command(Shell::State& state, const std::string& name, Invocation& invocation) {
  for (const auto& entry : kConfigHandlers) {
    if (entry.name == name) {
      if (invocation.format != Format::text && entry.handler != cmd_show && entry.handler != cmd_run) {
        invocation.output.err += framed({fmt::format("'| {}' is not available for '{}'",
                                                     format_pipe_name(invocation.format), name)});
        return Status::failed;
      }
      return entry.handler(state, invocation);
    }
  }
  invocation.output.err += framed({fmt::format("Invalid command: [{}]", name)});
  return Status::failed;
}

}  // namespace ctsh::cli
