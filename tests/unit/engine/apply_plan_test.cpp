// The apply transaction: a failing step undoes the steps before it, in reverse order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ctsh/engine/dataplane.hpp"

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

TEST_CASE("the gate can fail any step before it runs") {
  ConntrackConfig from, to;
  to.table_size = 10;
  to.hash_size = 20;
  auto dataplane = make_recording_dataplane(from);
  ApplyPlan plan = dataplane->plan(from, to);
  REQUIRE(plan.steps.size() == 2);
  auto result = run_plan(plan, [](const std::string& step) -> std::expected<void, std::string> {
    if (step == "hash-size") return std::unexpected("injected");
    return {};
  });
  REQUIRE_FALSE(result);
  CHECK(dataplane->applied() == from);
}

TEST_CASE("the recording dataplane applies exactly the changed areas") {
  ConntrackConfig from, to;
  to.timeouts.tcp.established = 7200;
  to.modules.insert(HelperModule::ftp);
  auto dataplane = make_recording_dataplane(from);
  ApplyPlan plan = dataplane->plan(from, to);
  REQUIRE(plan.steps.size() == 2);
  CHECK(plan.steps[0].name == "timeouts");
  CHECK(plan.steps[1].name == "modules");
  REQUIRE(run_plan(plan));
  CHECK(dataplane->applied() == to);
}
