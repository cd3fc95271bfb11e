// GRE tracking (kernel nf_conntrack_proto_gre.c): unreplied timeout until a reply is seen, then the
// stream timeout and ASSURED. Keys (PPTP GRE version 1) are the tuple's ports, set by the parser.
#include "ctsh/engine/flow.hpp"
#include "proto/trackers.hpp"

namespace ctsh::engine {
namespace {

bool gre_start(ProtoState& state, const TrackerInput&) {
  state.gre = GreState{};
  return true;
}

void gre_track(ProtoState&, std::uint16_t& status, const TrackerInput&, PacketOutcome& outcome) {
  outcome.refresh = true;
  outcome.slot = TimeoutSlot::gre_unreplied;
  if (status & status_seen_reply) {
    outcome.slot = TimeoutSlot::gre_stream;
    if (!(status & status_assured)) {
      status |= status_assured;
      outcome.changed = true;
    }
  }
}

std::string_view no_state_name(const ProtoState&) { return {}; }

}  // namespace

const TrackerOps gre_tracker_ops{gre_start, gre_track, no_state_name};

}  // namespace ctsh::engine
