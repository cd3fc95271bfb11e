// Private to the shell's engine commands: what they share.
#pragma once

#include <string>

#include "shell_state.hpp"

namespace ctsh::cli {

// Puts `message` framed on standard error and fails the command (the engine's and the files' errors).
Status engine_failure(Invocation& call, const std::string& message);

}  // namespace ctsh::cli
