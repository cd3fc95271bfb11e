// ApplyPlan: the steps that take a dataplane from one configuration to another, each able to undo itself.
//
// A dataplane's plan() returns one; run_plan() executes it as a transaction: when step k fails,
// steps k-1..1 are undone in reverse order and the error names step k.
//
//   ApplyPlan plan = dataplane.plan(running, candidate);
//   if (auto done = run_plan(plan); !done) fmt::print("{}: {}\n", done.error().step, done.error().message);
//
// Not thread-safe: a plan is run by the thread holding the commit lock.
#pragma once

#include <expected>
#include <functional>
#include <string>
#include <vector>

namespace ctsh::engine {

struct StepError {
  std::string step;     // the step's name, e.g. "table-size"
  std::string message;  // what went wrong, for the user
};

struct ApplyStep {
  std::string name;
  std::function<std::expected<void, std::string>()> run;
  std::function<void()> undo;  // must not fail; may be empty when run has no effect to undo
};

struct ApplyPlan {
  std::vector<ApplyStep> steps;
};

// Called before each step runs; returning an error makes that step fail without running (test-only
// fault injection uses this). May be empty.
using StepGate = std::function<std::expected<void, std::string>(const std::string& step_name)>;

std::expected<void, StepError> run_plan(ApplyPlan& plan, const StepGate& gate = {});

}  // namespace ctsh::engine
