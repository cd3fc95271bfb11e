// What-if: copies of the live engine (through a snapshot in the engine directory, removed afterwards),
// the candidate or revision checked as a commit would check it, the traffic through both.
#include "what_if.hpp"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "commit.hpp"
#include "config_mapping.hpp"
#include "ctsh/cli/config_diff.hpp"
#include "ctsh/cli/config_formats.hpp"
#include "ctsh/engine/snapshot.hpp"
#include "engine_command_support.hpp"
#include "verify.hpp"

namespace ctsh::cli {
namespace {

// The ConntrackConfig of a tree that passes what a commit checks (schema, then verify).
std::expected<engine::ConntrackConfig, std::string> committable_config(const Shell::State& state,
                                                                       const ConfigNode& tree,
                                                                       std::string_view name) {
  const Schema& schema = state.schema();
  if (auto problems = schema.validate(to_typed_json(tree, schema)); !problems.empty()) {
    return std::unexpected(fmt::format("The {} configuration would not commit: {}", name, problems.front()));
  }
  const ConfigNode effective = with_defaults(tree, schema);
  const VerifyResult verdict = verify_config(effective, tree);
  if (!verdict.errors.empty()) {
    const VerifyProblem& problem = verdict.errors.front();
    return std::unexpected(fmt::format("The {} configuration would not commit: [ {} ] {}", name,
                                       join_path(problem.area), problem.message));
  }
  return to_conntrack_config(effective);
}

// Removes the what-if snapshot however the run ends.
struct ScratchSnapshot {
  std::filesystem::path file;
  ~ScratchSnapshot() {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
  }
};

struct EngineCopies {
  std::unique_ptr<engine::Engine> running;
  std::unique_ptr<engine::Engine> target;
};

std::expected<EngineCopies, std::string> copy_live_engine(Shell::State& state, const WhatIfTarget& target) {
  engine::EngineDataplane& dataplane = state.engine_dataplane();
  const ScratchSnapshot scratch{dataplane.snapshot_file().parent_path() / fmt::format("what-if.{}", getpid())};
  engine::ConntrackConfig live_config;
  auto saved = dataplane.use(false, [&](engine::Engine& live) -> std::expected<void, std::string> {
    live_config = live.config();
    return engine::save_snapshot(live, scratch.file);
  });
  if (!saved) return std::unexpected(saved.error());
  EngineCopies copies{std::make_unique<engine::Engine>(live_config), std::make_unique<engine::Engine>(live_config)};
  for (engine::Engine* copy : {copies.running.get(), copies.target.get()}) {
    if (auto loaded = engine::load_snapshot(*copy, scratch.file); !loaded) return std::unexpected(loaded.error());
  }
  if (auto applied = copies.target->apply(target.config); !applied) {
    return std::unexpected(fmt::format("The {} configuration cannot be applied to a copy of the engine: {}",
                                       target.name, applied.error()));
  }
  return copies;
}

}  // namespace

std::expected<std::optional<WhatIfTarget>, std::string> what_if_target(Shell::State& state, const Invocation& call) {
  const bool compare = call.options.contains("compare");
  const auto revision = call.options.find("revision");
  if (!compare) {
    if (revision == call.options.end()) return std::nullopt;
    return std::unexpected(fmt::format("'revision {}' goes with compare: ... compare revision {}", revision->second,
                                       revision->second));
  }
  if (revision != call.options.end()) {
    auto tree = read_revision_tree(state, revision->second);
    if (!tree) return std::unexpected(tree.error());
    const std::string name = fmt::format("revision {}", revision->second);
    auto config = committable_config(state, *tree, name);
    if (!config) return std::unexpected(config.error());
    return WhatIfTarget{name, std::move(*config)};
  }
  if (state.mode != Mode::config) {
    return std::unexpected("In operational mode, compare needs the revision to compare the running configuration "
                           "with: compare revision N (in configuration mode, 'run simulate ... compare' compares the "
                           "candidate)");
  }
  auto config = committable_config(state, state.candidate, "candidate");
  if (!config) return std::unexpected(config.error());
  return WhatIfTarget{"candidate", std::move(*config)};
}

Status run_what_if(Shell::State& state, Invocation& call, const WhatIfTarget& target, const Traffic& traffic) {
  auto copies = copy_live_engine(state, target);
  if (!copies) return engine_failure(call, copies.error());
  RunMonitor monitor;
  const MeasuredRun running = measure_run(*copies->running, traffic, monitor, "running: ");
  if (running.outcome.interrupted) return engine_failure(call, "Interrupted: nothing was compared");
  const MeasuredRun other = measure_run(*copies->target, traffic, monitor, target.name + ": ");
  if (other.outcome.interrupted) return engine_failure(call, "Interrupted: nothing was compared");
  if (running.outcome.packets > 0 || !running.outcome.fault) {
    if (call.format == Format::json) {
      nlohmann::ordered_json first{{"configuration", "running"}}, second{{"configuration", target.name}};
      first.update(summary_json(running.figures));
      second.update(summary_json(other.figures));
      nlohmann::ordered_json both;
      both["configurations"] = {first, second};
      call.output.out += both.dump() + "\n";
    } else {
      call.output.out += render_comparison("running", running.figures, target.name, other.figures);
    }
  }
  if (running.outcome.fault) return engine_failure(call, *running.outcome.fault);
  return Status::ok;
}

}  // namespace ctsh::cli
