// Session start-up: repair the config directory, revert an expired commit-confirm, load or boot the
// running configuration; and construction of the dataplane.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "shell_state.hpp"

namespace ctsh::cli {

std::expected<void, std::string> start_session(Shell::State& state, Output& output);
std::unique_ptr<engine::EngineDataplane> make_dataplane(Shell::State& state);

}  // namespace ctsh::cli
