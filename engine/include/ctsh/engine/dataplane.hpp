// Dataplane: what the shell commits configurations to (the in-process engine, later the Linux kernel).
//
//   EngineDataplane dp(state_dir, running);            // engine_dataplane.hpp
//   ApplyPlan plan = dp.plan(running, candidate);    // generate: nothing applied yet
//   run_plan(plan);                                   // apply: all or nothing
//
// Not thread-safe; the shell drives a dataplane from one thread under the commit lock.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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
  // What the commit of `to` should tell the user about this dataplane (settings it accepts but does
  // not act on, ...); printed as warnings, the commit goes on.
  virtual std::vector<std::string> warnings(const ConntrackConfig& to) const = 0;
};

}  // namespace ctsh::engine
