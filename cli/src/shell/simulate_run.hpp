// What every simulate command that puts traffic through the engine does with it: on the live engine
// (state saved, summary printed), or with `compare [revision N]` through two throwaway copies
// (what_if.hpp); a damaged capture or Ctrl-C ends the command with status 1 after its summary.
#pragma once

#include "run_summary.hpp"
#include "shell_state.hpp"

namespace ctsh::cli {

Status run_traffic(Shell::State& state, Invocation& call, const Traffic& traffic);

}  // namespace ctsh::cli
