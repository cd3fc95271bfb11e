// The recording dataplane: applies a configuration by storing it, one undoable step per changed area.
#include <string>

#include "ctsh/engine/dataplane.hpp"

namespace ctsh::engine {
namespace {

class RecordingDataplane final : public Dataplane {
 public:
  explicit RecordingDataplane(const ConntrackConfig& running) : applied_(running) {}

  std::string_view name() const override { return "engine"; }
  const ConntrackConfig& applied() const override { return applied_; }

  ApplyPlan plan(const ConntrackConfig& from, const ConntrackConfig& to) override {
    ApplyPlan plan;
    add_step(plan, "table-size", from, to, &ConntrackConfig::table_size);
    add_step(plan, "hash-size", from, to, &ConntrackConfig::hash_size);
    add_step(plan, "expect-table-size", from, to, &ConntrackConfig::expect_table_size);
    add_step(plan, "timeouts", from, to, &ConntrackConfig::timeouts);
    add_step(plan, "custom timeouts ipv4", from, to, &ConntrackConfig::custom_timeouts_ipv4);
    add_step(plan, "custom timeouts ipv6", from, to, &ConntrackConfig::custom_timeouts_ipv6);
    add_step(plan, "tcp options", from, to, &ConntrackConfig::tcp);
    add_step(plan, "flow-accounting", from, to, &ConntrackConfig::flow_accounting);
    add_step(plan, "modules", from, to, &ConntrackConfig::modules);
    add_step(plan, "raw rules ipv4", from, to, &ConntrackConfig::raw_ipv4);
    add_step(plan, "raw rules ipv6", from, to, &ConntrackConfig::raw_ipv6);
    return plan;
  }

 private:
  // One step setting one area of the recorded configuration; undo puts back what was there.
  template <typename Field>
  void add_step(ApplyPlan& plan, std::string step_name, const ConntrackConfig& from, const ConntrackConfig& to,
                Field ConntrackConfig::*field) {
    if (from.*field == to.*field && applied_.*field == to.*field) return;
    plan.steps.push_back(ApplyStep{
        .name = std::move(step_name),
        .run = [this, field, value = to.*field]() -> std::expected<void, std::string> {
          applied_.*field = value;
          return {};
        },
        .undo = [this, field, previous = applied_.*field] { applied_.*field = previous; },
    });
  }

  ConntrackConfig applied_;
};

}  // namespace

std::unique_ptr<Dataplane> make_recording_dataplane(const ConntrackConfig& running) {
  return std::make_unique<RecordingDataplane>(running);
}

}  // namespace ctsh::engine
