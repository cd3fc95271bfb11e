// The apply transaction: a failing step undoes the steps before it, in reverse order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ctsh/engine/apply_plan.hpp"

using namespace ctsh::engine;

TEST_CASE("a failing step undoes the completed steps in reverse order and names itself") {
  std::vector<std::string> log;
  ApplyPlan plan;
  for (std::string name : {"a", "b", "c"}) {
    plan.steps.push_back({name,
                          [&log, name]() -> std::expected<void, std::string> {
                            if (name == "c") return std::unexpected("boom");
                            log.push_back("run " + name);
                            return {};
                          },
                          [&log, name] { log.push_back("undo " + name); }});
  }
  auto result = run_plan(plan);
  REQUIRE_FALSE(result);
  CHECK(result.error().step == "c");
  CHECK(result.error().message == "boom");
  CHECK(log == std::vector<std::string>{"run a", "run b", "undo b", "undo a"});
}
