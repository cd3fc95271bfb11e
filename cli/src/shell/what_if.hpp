// What-if runs (`simulate ... compare`): the same traffic through two throwaway copies of the live
// engine, one with the running configuration, the other moved to the candidate (configuration mode) or
// to archived revision N (`compare revision N`) as a commit would move it; both summaries side by side.
// The live engine and its snapshot are not changed.
#pragma once

#include <expected>
#include <optional>
#include <string>

#include "run_summary.hpp"
#include "shell_state.hpp"

namespace ctsh::cli {

// The configuration a what-if compares the running one with.
struct WhatIfTarget {
  std::string name;  // "candidate", "revision 3"
  engine::ConntrackConfig config;
};

// From the `compare` and `revision` options: nullopt when no comparison was asked; an error when they
// do not fit (revision without compare, compare without a revision in op mode, an invalid candidate).
std::expected<std::optional<WhatIfTarget>, std::string> what_if_target(Shell::State& state, const Invocation& call);

// Runs `traffic` through both copies and prints the comparison into `call` (text or JSON).
Status run_what_if(Shell::State& state, Invocation& call, const WhatIfTarget& target, const Traffic& traffic);

}  // namespace ctsh::cli
