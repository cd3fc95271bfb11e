// Dataplane: what the shell commits configurations to (the in-process engine, later the Linux kernel).
//
//   std::unique_ptr<Dataplane> dp = make_recording_dataplane(running);
//   ApplyPlan plan = dp->plan(running, candidate);   // generate: nothing applied yet
//   run_plan(plan);                                   // apply: all or nothing
//
// Not thread-safe; the shell drives a dataplane from one thread under the commit lock.
#pragma once

#include <memory>
#include <string_view>

#include "ctsh/engine/apply_plan.hpp"
#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

class Dataplane {
 public:
  virtual ~Dataplane() = default;
  virtual std::string_view name() const = 0;
  // The steps that move the dataplane from `from` (what it runs now) to `to`. Steps capture what
  // they need to undo themselves. Planning changes nothing.
  virtual ApplyPlan plan(const ConntrackConfig& from, const ConntrackConfig& to) = 0;
  // The configuration the dataplane runs now.
  virtual const ConntrackConfig& applied() const = 0;
};

// A dataplane that only records what was applied, area by area (one step per changed area).
// It stands in for the engine until the engine lands, and lets tests see exactly what a commit applied.
std::unique_ptr<Dataplane> make_recording_dataplane(const ConntrackConfig& running);

}  // namespace ctsh::engine
