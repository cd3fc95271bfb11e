// Engine::clear(): every live entry is destroyed and counted, whether or not anyone listens to the
// destroy events (without listeners the table is reset wholesale), and the table is usable after.
#include <doctest/doctest.h>

#include <vector>

#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/packet_builder.hpp"
#include "test_config.hpp"

namespace ctsh::engine {
namespace {

std::vector<std::uint8_t> udp_frame(std::uint16_t sport) {
  PacketSpec spec;
  spec.src = parse_ip("10.0.0.1").value();
  spec.dst = parse_ip("10.0.0.2").value();
  spec.sport = sport;
  spec.dport = 53;
  return build_frame(spec);
}

CtState send(Engine& engine, std::uint16_t sport) {
  const auto bytes = udp_frame(sport);
  const Frame frame{bytes.data(), static_cast<std::uint32_t>(bytes.size()), 1'000'000'000};
  PacketVerdict verdict;
  engine.process({&frame, 1}, {&verdict, 1});
  return verdict.state;
}

TEST_CASE("clear destroys and counts every live entry, with or without a destroy listener") {
  for (const bool listening : {false, true}) {
    CAPTURE(listening);
    Engine engine(test::kernel_defaults());
    std::size_t destroy_events = 0;
    if (listening) {
      engine.subscribe([&](const FlowEvent& event) { destroy_events += event.type == FlowEventType::destroy; });
    }
    for (std::uint16_t port = 1000; port < 1010; ++port) REQUIRE(send(engine, port) == CtState::new_flow);
    engine.clear();
    const EngineStats stats = engine.stats();
    CHECK(stats.entries == 0);
    CHECK(stats.destroyed == 10);
    CHECK(stats.expired == 0);
    CHECK(destroy_events == (listening ? 10u : 0u));
    CHECK(send(engine, 1000) == CtState::new_flow);  // gone from the index, and the pool is reusable
    CHECK(engine.stats().entries == 1);
  }
}

}  // namespace
}  // namespace ctsh::engine
