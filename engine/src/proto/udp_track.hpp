// The UDP and UDP-Lite tracking decision (kernel nf_conntrack_proto_udp.c), inline so that the packet
// loop runs it without going through the tracker table: the unreplied timeout until a reply is seen,
// then, once the flow is older than 2 s, the stream timeout and ASSURED.
#pragma once

#include "ctsh/engine/flow.hpp"
#include "proto/tracker.hpp"

namespace ctsh::engine {

inline constexpr Tick udp_stream_delay = 2 * ticks_per_second;

inline void udp_track_packet(const UdpState& state, std::uint16_t& status, Tick now, PacketOutcome& outcome) {
  outcome.refresh = true;
  outcome.slot = TimeoutSlot::udp_unreplied;
  // The core sets SEEN_REPLY after this call, so the first reply still gets the unreplied timeout.
  if ((status & status_seen_reply) && static_cast<std::int32_t>(now - state.stream_deadline) > 0) {
    outcome.slot = TimeoutSlot::udp_replied;
    if (!(status & status_assured)) {
      status |= status_assured;
      outcome.changed = true;
    }
  }
}

}  // namespace ctsh::engine
