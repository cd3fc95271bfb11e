// Live or what-if runs of a simulate command, and their summary.
#include "simulate_run.hpp"

#include <fmt/format.h>

#include "engine_command_support.hpp"
#include "what_if.hpp"

namespace ctsh::cli {

Status run_traffic(Shell::State& state, Invocation& call, const Traffic& traffic) {
  auto target = what_if_target(state, call);
  if (!target) return engine_failure(call, target.error());
  if (*target) return run_what_if(state, call, **target, traffic);
  RunMonitor monitor;
  MeasuredRun run;
  auto done = state.engine_dataplane().use(true, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    run = measure_run(engine, traffic, monitor, "");
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  if (run.outcome.packets > 0 || !run.outcome.fault) {
    call.output.out += call.format == Format::json ? summary_json(run.figures).dump() + "\n" : render_summary(run.figures);
  }
  if (run.outcome.fault) return engine_failure(call, *run.outcome.fault);
  if (run.outcome.interrupted) {
    return engine_failure(call, fmt::format("Interrupted by Ctrl-C after {} packet{}; what went through the engine stays",
                                            run.outcome.packets, run.outcome.packets == 1 ? "" : "s"));
  }
  return Status::ok;
}

}  // namespace ctsh::cli
