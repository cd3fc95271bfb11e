// commit, commit check, commit-confirm / confirm (with the detached revert timer), rollback, rollback-soft.
#include "config_commit_commands.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "commit.hpp"

namespace ctsh::cli {
namespace {

constexpr int kMaxConfirmMinutes = 1440;

// `comment TEXT` at args[at]; the rest of the words form the text.
std::expected<std::string, std::string> comment_argument(const std::vector<std::string>& args, std::size_t at,
                                                         const char* command) {
  if (at >= args.size()) return std::string();
  if (args[at] != "comment" || at + 1 >= args.size()) {
    return std::unexpected(fmt::format("Invalid {} command: [{}]", command, fmt::join(args.begin() + static_cast<long>(at), args.end(), " ")));
  }
  return fmt::format("{}", fmt::join(args.begin() + static_cast<long>(at) + 1, args.end(), " "));
}

// Starts the detached process that reverts the commit when it is not confirmed in time. It survives
// this shell (double fork, new session) and finds its work in the config directory.
void spawn_confirm_timer(const Shell::State& state) {
  pid_t child = fork();
  if (child < 0) return;  // the check at every start still reverts after the deadline
  if (child > 0) {
    waitpid(child, nullptr, 0);
    return;
  }
  setsid();
  if (fork() != 0) _exit(0);
  int devnull = open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    if (devnull > STDERR_FILENO) close(devnull);
  }
  const std::string dir = state.store.dir().string();
  execl("/proc/self/exe", "ctsh", "--config-dir", dir.c_str(), "--dataplane", state.options.dataplane.c_str(),
        "--commit-confirm-timer", static_cast<char*>(nullptr));
  _exit(127);
}

std::optional<std::size_t> parse_revision(const std::string& word) {
  if (word.empty() || word.size() > 6 || word.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoul(word);
}

}  // namespace

Status cmd_commit(Shell::State& state, Invocation& call) {
  CommitRequest request{state.via(), "", false};
  if (!call.args.empty() && call.args[0] == "confirm") {
    call.output.err += framed({"Use commit-confirm command"});
    return Status::failed;
  }
  if (!call.args.empty() && call.args[0] == "check") {
    if (call.args.size() > 1) {
      call.output.err += framed({"Invalid commit command: commit check takes no arguments"});
      return Status::failed;
    }
    request.check_only = true;
  } else {
    auto comment = comment_argument(call.args, 0, "commit");
    if (!comment) {
      call.output.err += framed({comment.error()});
      return Status::failed;
    }
    request.comment = *comment;
  }
  if (!state.dirty()) {
    call.output.out += "No configuration changes to commit\n";
    return Status::ok;
  }
  return commit_tree(state, state.candidate, request, call.output);
}

Status cmd_commit_confirm(Shell::State& state, Invocation& call) {
  int minutes = 10;
  std::size_t next = 0;
  if (!call.args.empty() && call.args[0] != "comment") {
    const std::string& word = call.args[0];
    if (word.size() > 4 || word.find_first_not_of("0123456789") != std::string::npos || std::stoi(word) < 1 ||
        std::stoi(word) > kMaxConfirmMinutes) {
      call.output.err += framed({fmt::format("Invalid number of minutes \"{}\": use a whole number from 1 to {}", word,
                                             kMaxConfirmMinutes)});
      return Status::failed;
    }
    minutes = std::stoi(word);
    next = 1;
  }
  auto comment = comment_argument(call.args, next, "commit-confirm");
  if (!comment) {
    call.output.err += framed({comment.error()});
    return Status::failed;
  }
  auto pending = state.store.read_confirm();
  if (pending && *pending) {
    call.output.err += framed({"Another confirm is pending"});
    return Status::failed;
  }
  if (!state.dirty()) {
    call.output.out += "No configuration changes to commit\n";
    return Status::ok;
  }
  if (!state.ask_yes_no(call.output,
                        fmt::format("commit-confirm will automatically reload previous config in {} minute{} unless "
                                    "changes\nare confirmed.\nProceed ?",
                                    minutes, minutes == 1 ? "" : "s"),
                        true)) {
    call.output.out += "commit-confirm canceled\n";
    return Status::ok;
  }
  const std::uint64_t revert_to = state.store.sequence_of(0).value_or(0);
  if (commit_tree(state, state.candidate, {state.via(), comment->empty() ? "commit-confirm" : *comment, false},
                  call.output) == Status::failed) {
    return Status::failed;
  }
  if (auto written = state.store.write_confirm({epoch_now() + minutes * seconds_per_minute(), revert_to, minutes});
      !written) {
    call.output.err += framed({written.error().message,
                               "The commit stands, but it will not be reverted automatically; use rollback 1 to undo it"});
    return Status::failed;
  }
  spawn_confirm_timer(state);
  call.output.out += fmt::format("Initialized commit-confirm; {} minute{} to confirm before reload\n", minutes,
                                 minutes == 1 ? "" : "s");
  return Status::ok;
}

Status cmd_confirm(Shell::State& state, Invocation& call) {
  if (!call.args.empty()) {
    call.output.err += framed({"Invalid confirm command: confirm takes no arguments"});
    return Status::failed;
  }
  auto pending = state.store.read_confirm();
  if (!pending || !*pending) {
    call.output.out += "No confirm pending\n";
    return Status::ok;
  }
  if (auto cleared = state.store.clear_confirm(); !cleared) {
    call.output.err += framed({cleared.error().message});
    return Status::failed;
  }
  call.output.out += "Reload timer stopped\n";
  return Status::ok;
}

Status cmd_rollback(Shell::State& state, Invocation& call) {
  if (call.args.empty()) {
    call.output.err += framed({"Error: must include a revision # to rollback to"});
    return Status::failed;
  }
  const std::size_t count = state.store.revision_count();
  auto revision = call.args.size() == 1 ? parse_revision(call.args[0]) : std::nullopt;
  if (!revision || *revision == 0 || *revision >= count) {
    call.output.err += framed({fmt::format("Invalid revision number {}: must be 0 < rev < {}", fmt::join(call.args, " "), count)});
    return Status::failed;
  }
  if (state.dirty()) {
    call.output.err += "Cannot rollback: configuration modified.\nCommit or discard the changes before rolling back.\n";
    return Status::failed;
  }
  auto tree = read_revision_tree(state, call.args[0]);
  if (!tree) {
    call.output.err += framed({tree.error()});
    return Status::failed;
  }
  if (!state.ask_yes_no(call.output, fmt::format("Proceed with rollback to revision {} ?", *revision), true)) {
    call.output.out += "Rollback canceled\n";
    return Status::ok;
  }
  if (*tree == state.running) {
    call.output.out += "No configuration changes to commit\n";
    return Status::ok;
  }
  return commit_tree(state, *tree, {"rollback", fmt::format("rollback to revision {}", *revision), false}, call.output);
}

Status cmd_rollback_soft(Shell::State& state, Invocation& call) {
  if (call.args.size() != 1) {
    call.output.err += framed({"Error: must include a revision # to rollback to"});
    return Status::failed;
  }
  auto tree = read_revision_tree(state, call.args[0]);
  if (!tree) {
    call.output.err += framed({tree.error()});
    return Status::failed;
  }
  state.candidate = std::move(*tree);
  state.edit_level.clear();
  call.output.out += "Rollback diff has been applied.\nUse \"compare\" to review the changes or \"commit\" to apply them.\n";
  return Status::ok;
}

int run_commit_confirm_timer(const ShellOptions& options) {
  ConfigStore store(options.config_dir, options.dataplane);
  auto pending = store.read_confirm();
  if (!pending || !*pending) return 0;
  const PendingConfirm expected = **pending;
  // Bounded wait: until the deadline, or until the confirm file is gone or replaced.
  while (epoch_now() < expected.deadline_epoch) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto current = store.read_confirm();
    if (!current || !*current || (*current)->deadline_epoch != expected.deadline_epoch) return 0;
  }
  Shell shell(options);
  return shell.start() ? 0 : 1;
}

}  // namespace ctsh::cli
