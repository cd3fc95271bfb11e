// Op-mode `reset conntrack [force]`: empties the engine's table and expectation table (the counters
// stay, as `conntrack -F` leaves the kernel's). On a terminal it asks first, as VyOS's
// clear_conntrack.py does, and fails when the answer is no; without a terminal the question would take
// its default answer, no, so a script says `force`.
#include <fmt/format.h>

#include "engine_command_support.hpp"

namespace ctsh::cli {
namespace {

constexpr const char* reset_question = "This will clear all currently tracked and expected connections. Continue?";

Status clear_engine(Shell::State& state, Invocation& call) {
  engine::EngineStats before;
  auto done = state.engine_dataplane().use(true, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    before = engine.stats();
    engine.clear();
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  call.output.out += fmt::format("Connection tracking table has been emptied: {} entr{} and {} expectation{} removed\n",
                                 before.entries, before.entries == 1 ? "y" : "ies", before.expectations,
                                 before.expectations == 1 ? "" : "s");
  return Status::ok;
}

Status reset_conntrack(Shell::State& state, Invocation& call) {
  if (!state.options.terminal || !state.options.ask) {
    return engine_failure(call, "Not reset: 'reset conntrack' asks before it empties the table and there is no "
                                "terminal to answer on (the answer would be no); use 'reset conntrack force' in scripts");
  }
  if (!state.ask_yes_no(call.output, reset_question, false)) return Status::failed;
  return clear_engine(state, call);
}

Status reset_conntrack_force(Shell::State& state, Invocation& call) { return clear_engine(state, call); }

constexpr NamedHandler reset_handler_table[] = {
    {"reset-conntrack", reset_conntrack, formats()},
    {"reset-conntrack-force", reset_conntrack_force, formats()},
};

}  // namespace

std::span<const NamedHandler> reset_handlers() { return reset_handler_table; }

}  // namespace ctsh::cli
