// Conntrack events as `conntrack -E` reports them: NEW at confirmation, UPDATE when the state, the
// status (SEEN_REPLY, ASSURED) or the helper changes, DESTROY when an entry goes (any reason).
//
//   auto id = engine.subscribe([](const FlowEvent& e) { ... });   engine.unsubscribe(id);
//
// Delivered synchronously on the thread that processes packets; a subscriber must not call back into
// the engine.
#pragma once

#include <cstdint>

#include "ctsh/engine/flow.hpp"

namespace ctsh::engine {

enum class FlowEventType : std::uint8_t { new_flow, update, destroy };

struct FlowEvent {
  FlowEventType type = FlowEventType::new_flow;
  std::uint64_t time_ns = 0;  // engine clock
  FlowView flow;
};

}  // namespace ctsh::engine
