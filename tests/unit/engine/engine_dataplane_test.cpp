// EngineDataplane: commits apply area by area to the engine and undo cleanly; the engine's table
// persists across dataplane instances (ctsh invocations) through the snapshot in the state directory.
#include <doctest/doctest.h>

#include <fstream>

#include "ctsh/engine/engine_dataplane.hpp"
#include "ctsh/engine/packet_builder.hpp"
#include "test_config.hpp"

using namespace ctsh::engine;
using ctsh::engine::test::kernel_defaults;
using ctsh::engine::test::ScratchDir;

namespace {

// One UDP packet 10.0.0.1:1000 -> 10.0.0.2:53 through the engine at `time_ns`.
std::expected<void, std::string> send_udp(Engine& engine, std::uint64_t time_ns) {
  PacketSpec spec;
  spec.src = *parse_ip("10.0.0.1");
  spec.dst = *parse_ip("10.0.0.2");
  spec.sport = 1000;
  spec.dport = 53;
  const std::vector<std::uint8_t> bytes = build_frame(spec);
  const Frame frame{bytes.data(), static_cast<std::uint32_t>(bytes.size()), time_ns};
  PacketVerdict verdict;
  engine.process({&frame, 1}, {&verdict, 1});
  if (verdict.state != CtState::new_flow) return std::unexpected("the packet was not NEW");
  return {};
}

std::size_t entries(EngineDataplane& dataplane) {
  std::size_t count = 0;
  REQUIRE(dataplane.use(false, [&](Engine& engine) -> std::expected<void, std::string> {
    count = engine.stats().entries;
    return {};
  }));
  return count;
}

}  // namespace

TEST_CASE("a commit plan has one step per changed area and applies them to the engine") {
  ScratchDir dir;
  const ConntrackConfig from = kernel_defaults();
  ConntrackConfig to = from;
  to.timeouts.tcp.established = 7200;
  to.modules.insert(HelperModule::ftp);
  EngineDataplane dataplane(dir.path(), from);
  ApplyPlan plan = dataplane.plan(from, to);
  REQUIRE(plan.steps.size() == 2);
  CHECK(plan.steps[0].name == "timeouts");
  CHECK(plan.steps[1].name == "modules");
  REQUIRE(run_plan(plan));
  CHECK(dataplane.applied() == to);
  REQUIRE(dataplane.use(false, [&](Engine& engine) -> std::expected<void, std::string> {
    CHECK(engine.config() == to);
    return {};
  }));
}

TEST_CASE("a step failing undoes the engine's earlier steps") {
  ScratchDir dir;
  const ConntrackConfig from = kernel_defaults();
  ConntrackConfig to = from;
  to.table_size = 8192;
  to.hash_size = 2048;
  EngineDataplane dataplane(dir.path(), from);
  ApplyPlan plan = dataplane.plan(from, to);
  REQUIRE(plan.steps.size() == 2);
  auto result = run_plan(plan, [](const std::string& step) -> std::expected<void, std::string> {
    if (step == "hash-size") return std::unexpected("injected");
    return {};
  });
  REQUIRE_FALSE(result);
  CHECK(result.error().step == "hash-size");
  CHECK(dataplane.applied() == from);
  REQUIRE(dataplane.use(false, [&](Engine& engine) -> std::expected<void, std::string> {
    CHECK(engine.config() == from);
    return {};
  }));
}

TEST_CASE("helper modules the engine does not model give one warning naming them") {
  ScratchDir dir;
  EngineDataplane dataplane(dir.path(), kernel_defaults());
  ConntrackConfig to = kernel_defaults();
  CHECK(dataplane.warnings(to).empty());
  to.modules = {HelperModule::ftp, HelperModule::tftp};
  CHECK(dataplane.warnings(to).empty());
  to.modules = {HelperModule::ftp, HelperModule::sip, HelperModule::h323};
  REQUIRE(dataplane.warnings(to).size() == 1);
  CHECK(dataplane.warnings(to)[0].find("h323, sip helpers") != std::string::npos);
}

TEST_CASE("the table saved by one dataplane is seen by the next one over the same directory") {
  ScratchDir dir;
  {
    EngineDataplane first(dir.path(), kernel_defaults());
    REQUIRE(first.use(true, [](Engine& engine) { return send_udp(engine, 1'000'000'000); }));
  }
  EngineDataplane second(dir.path(), kernel_defaults());
  CHECK(entries(second) == 1);
}

TEST_CASE("work that does not save leaves the snapshot as it was") {
  ScratchDir dir;
  EngineDataplane first(dir.path(), kernel_defaults());
  REQUIRE(first.use(false, [](Engine& engine) { return send_udp(engine, 1'000'000'000); }));
  EngineDataplane second(dir.path(), kernel_defaults());
  CHECK(entries(second) == 0);
}

TEST_CASE("a dataplane reloads the table when another one saved it since") {
  ScratchDir dir;
  EngineDataplane reader(dir.path(), kernel_defaults());
  CHECK(entries(reader) == 0);
  EngineDataplane writer(dir.path(), kernel_defaults());
  REQUIRE(writer.use(true, [](Engine& engine) { return send_udp(engine, 1'000'000'000); }));
  CHECK(entries(reader) == 1);
}

TEST_CASE("a damaged snapshot is refused with a message naming the file, and the work does not run") {
  ScratchDir dir;
  std::filesystem::create_directories(dir.path());
  { std::ofstream(dir.path() / "snapshot") << "not a snapshot at all, just text"; }
  EngineDataplane dataplane(dir.path(), kernel_defaults());
  bool ran = false;
  auto result = dataplane.use(true, [&](Engine&) -> std::expected<void, std::string> {
    ran = true;
    return {};
  });
  REQUIRE_FALSE(result);
  CHECK_FALSE(ran);
  CHECK(result.error().find((dir.path() / "snapshot").string()) != std::string::npos);
}
