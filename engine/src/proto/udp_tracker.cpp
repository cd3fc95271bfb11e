// UDP and UDP-Lite tracking (kernel nf_conntrack_proto_udp.c): unreplied timeout until a reply is seen,
// then, once the flow is older than 2 s, the stream timeout and ASSURED.
#include "ctsh/engine/flow.hpp"
#include "proto/trackers.hpp"

namespace ctsh::engine {
namespace {

constexpr Tick stream_delay = 2 * ticks_per_second;

bool udp_start(ProtoState& state, const TrackerInput& input) {
  state.udp = UdpState{input.now + stream_delay};
  return true;
}

void udp_track(ProtoState& state, std::uint16_t& status, const TrackerInput& input, PacketOutcome& outcome) {
  outcome.refresh = true;
  outcome.slot = TimeoutSlot::udp_unreplied;
  // The core sets SEEN_REPLY after this call, so the first reply still gets the unreplied timeout.
  if ((status & status_seen_reply) && static_cast<std::int32_t>(input.now - state.udp.stream_deadline) > 0) {
    outcome.slot = TimeoutSlot::udp_replied;
    if (!(status & status_assured)) {
      status |= status_assured;
      outcome.changed = true;
    }
  }
}

std::string_view no_state_name(const ProtoState&) { return {}; }

}  // namespace

const TrackerOps udp_tracker_ops{udp_start, udp_track, no_state_name};

}  // namespace ctsh::engine
