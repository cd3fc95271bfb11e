// Configuration-mode commands that edit the candidate configuration.
#pragma once

#include "shell_state.hpp"

namespace ctsh::cli {

Status cmd_set(Shell::State& state, Invocation& call);
Status cmd_delete(Shell::State& state, Invocation& call);
Status cmd_edit(Shell::State& state, Invocation& call);
Status cmd_up(Shell::State& state, Invocation& call);
Status cmd_top(Shell::State& state, Invocation& call);
Status cmd_comment(Shell::State& state, Invocation& call);
Status cmd_copy(Shell::State& state, Invocation& call);
Status cmd_rename(Shell::State& state, Invocation& call);
Status cmd_discard(Shell::State& state, Invocation& call);

}  // namespace ctsh::cli
