// Op-mode handlers: configure, exit, show configuration, show system commit [diff N], show firewall;
// and the dispatch to every op-mode handler (the others live in simulate_commands.cpp, conntrack_*_commands.cpp and
// system_conntrack_commands.cpp).
#include <ctime>

#include <fmt/format.h>

#include "commit.hpp"
#include "ctsh/cli/config_diff.hpp"
#include "ctsh/cli/config_formats.hpp"
#include "shell_state.hpp"
#include "show_firewall.hpp"

namespace ctsh::cli {
namespace {

Status op_configure(Shell::State& state, Invocation&) {
  state.mode = Mode::config;
  state.edit_level.clear();
  state.candidate = state.running;
  return Status::ok;
}

Status op_exit(Shell::State& state, Invocation&) {
  state.exit_requested = true;
  return Status::ok;
}

// Op mode shows the running configuration without the marker column.
Status show_configuration(Shell::State& state, Invocation& call) {
  const Schema& schema = state.schema();
  if (call.format == Format::json) {
    call.output.out += to_typed_json(state.running, schema).dump(4) + "\n";
    return Status::ok;
  }
  if (call.format == Format::commands) {
    for (const auto& line : to_commands(state.running)) call.output.out += line + "\n";
    return Status::ok;
  }
  std::string text = render_show(state.running, state.running, {}, schema, {});
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) call.output.out.append(text, start + 1, end - start - 1);
    call.output.out += '\n';
    start = end + 1;
  }
  return Status::ok;
}

Status show_configuration_commands(Shell::State& state, Invocation& call) {
  call.format = Format::commands;
  return show_configuration(state, call);
}

Status show_configuration_json(Shell::State& state, Invocation& call) {
  call.output.out += to_typed_json(state.running, state.schema()).dump() + "\n";
  return Status::ok;
}

Status show_configuration_json_pretty(Shell::State& state, Invocation& call) {
  call.format = Format::json;
  return show_configuration(state, call);
}

std::string local_time(std::int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
  return buffer;
}

Status show_system_commit(Shell::State& state, Invocation& call) {
  auto entries = state.store.log_newest_first();
  if (call.format == Format::json) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& e = entries[i];
      list.push_back({{"revision", i}, {"sequence", e.sequence}, {"time", e.epoch}, {"user", e.user}, {"via", e.via},
                      {"comment", e.comment}});
    }
    call.output.out += list.dump(4) + "\n";
    return Status::ok;
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    call.output.out += fmt::format("{:<4}{} by {} via {}\n", i, local_time(e.epoch), e.user, e.via);
    if (!e.comment.empty()) call.output.out += fmt::format("    {}\n", e.comment);
  }
  if (entries.empty()) call.output.out += "No configuration has been committed yet\n";
  return Status::ok;
}

Status show_system_commit_diff(Shell::State& state, Invocation& call) {
  auto after = read_revision_tree(state, call.args.at(0));
  if (!after) {
    call.output.err += framed({after.error()});
    return Status::failed;
  }
  const std::size_t revision = std::stoul(call.args[0]);
  ConfigNode before;
  if (revision + 1 < state.store.revision_count()) {
    auto older = read_revision_tree(state, std::to_string(revision + 1));
    if (!older) {
      call.output.err += framed({older.error()});
      return Status::failed;
    }
    before = std::move(*older);
  }
  std::string diff = render_compare(before, *after);
  call.output.out += diff.empty() ? fmt::format("No changes between revisions {} and {} configurations.\n", revision + 1,
                                                revision)
                                  : diff;
  return Status::ok;
}

constexpr NamedHandler kOpHandlers[] = {
    {"configure", op_configure, formats()},
    {"exit", op_exit, formats()},
    {"show-configuration", show_configuration, formats(Format::json, Format::commands)},
    {"show-configuration-commands", show_configuration_commands, formats()},
    {"show-configuration-json", show_configuration_json, formats()},
    {"show-configuration-json-pretty", show_configuration_json_pretty, formats()},
    {"show-firewall", show_firewall, formats(Format::json, Format::commands)},
    {"show-system-commit", show_system_commit, formats(Format::json)},
    {"show-system-commit-diff", show_system_commit_diff, formats()},
};

}  // namespace

Status run_op_handler(Shell::State& state, const std::string& handler, Invocation& invocation) {
  std::vector<NamedHandler> handlers(std::begin(kOpHandlers), std::end(kOpHandlers));
  for (const auto group : {simulate_handlers(), conntrack_table_handlers(), conntrack_statistics_handlers(),
                           conntrack_delete_handlers(), conntrack_sizing_handlers(), system_conntrack_handlers(),
                           workload_handlers(), reset_handlers(), simulate_table_handlers(), conntrack_expect_handlers(),
                           monitor_handlers()}) {
    handlers.insert(handlers.end(), group.begin(), group.end());
  }
  for (const auto& entry : handlers) {
    if (entry.name != handler) continue;
    if (!accepts(entry.formats, invocation.format)) {
      invocation.output.err += framed({fmt::format("'| {}' is not available for this command",
                                                   format_pipe_name(invocation.format))});
      return Status::failed;
    }
    if (state.mode == Mode::config && entry.handler == op_configure) {
      invocation.output.err += framed({"Already in configuration mode"});
      return Status::failed;
    }
    return entry.handler(state, invocation);
  }
  invocation.output.err += framed({fmt::format("Command '{}' has no handler", handler)});
  return Status::failed;
}

}  // namespace ctsh::cli
