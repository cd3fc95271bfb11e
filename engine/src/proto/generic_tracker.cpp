// Generic tracking for protocols conntrack has no tracker for (kernel generic_packet()): every packet
// refreshes `timeout other`; never ASSURED; no state.
#include "proto/trackers.hpp"

namespace ctsh::engine {
namespace {

bool generic_start(ProtoState&, const TrackerInput&) { return true; }

void generic_track(ProtoState&, std::uint16_t&, const TrackerInput&, PacketOutcome& outcome) {
  outcome.refresh = true;
  outcome.slot = TimeoutSlot::generic;
}

std::string_view no_state_name(const ProtoState&) { return {}; }

}  // namespace

const TrackerOps generic_tracker_ops{generic_start, generic_track, no_state_name};

}  // namespace ctsh::engine
