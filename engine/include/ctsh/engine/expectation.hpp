// The engine's view of one expectation (a connection a helper expects), as `conntrack -L expect` shows it.
//
//   engine.for_each_expectation([](const ExpectationView& e) { fmt::print("{}\n", e.helper); });
//
// Value type; string_views point at static names.
#pragma once

#include <cstdint>
#include <string_view>

#include "ctsh/engine/flow.hpp"

namespace ctsh::engine {

struct ExpectationView {
  std::uint32_t id = 0;
  std::uint32_t timeout_seconds = 0;  // remaining, truncated
  Family family = Family::ipv4;
  std::uint8_t protocol = 0;
  FlowTuple tuple;          // the expected original tuple (sport 0 when any source port)
  FlowTuple mask;           // all-ones address bytes / ports where the tuple must match exactly
  FlowTuple master;         // the master connection's original tuple
  std::uint8_t expect_class = 0;
  std::string_view helper;  // "ftp", "tftp"
};

}  // namespace ctsh::engine
