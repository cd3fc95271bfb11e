// `show firewall`: the configured raw (before tracking) rules of each family in evaluation order.
#pragma once

#include "shell_state.hpp"

namespace ctsh::cli {

Status show_firewall(Shell::State& state, Invocation& call);

}  // namespace ctsh::cli
