// run_plan: executes an ApplyPlan as a transaction, undoing completed steps when one fails.
#include "ctsh/engine/apply_plan.hpp"

namespace ctsh::engine {

std::expected<void, StepError> run_plan(ApplyPlan& plan, const StepGate& gate) {
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    ApplyStep& step = plan.steps[i];
    std::expected<void, std::string> result;
    if (gate) result = gate(step.name);
    if (result && step.run) result = step.run();
    if (!result) {
      for (std::size_t j = i; j-- > 0;) {
        if (plan.steps[j].undo) plan.steps[j].undo();
      }
      return std::unexpected(StepError{step.name, result.error()});
    }
  }
  return {};
}

}  // namespace ctsh::engine
