// Configuration-mode commands built on the commit pipeline: commit, commit-confirm, confirm, rollback,
// rollback-soft.
#pragma once

#include "shell_state.hpp"

namespace ctsh::cli {

Status cmd_commit(Shell::State& state, Invocation& call);
Status cmd_commit_confirm(Shell::State& state, Invocation& call);
Status cmd_confirm(Shell::State& state, Invocation& call);
Status cmd_rollback(Shell::State& state, Invocation& call);
Status cmd_rollback_soft(Shell::State& state, Invocation& call);

// The hidden mode of the detached process that reverts an unconfirmed commit-confirm: waits for the
// deadline (or for the confirmation) and then starts a shell, whose start-up performs the revert.
int run_commit_confirm_timer(const ShellOptions& options);

}  // namespace ctsh::cli
