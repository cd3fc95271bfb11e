// UDP and UDP-Lite tracking (kernel nf_conntrack_proto_udp.c) as a tracker: the stream deadline set
// on the first packet, the per-packet decision of udp_track.hpp.
#include "proto/trackers.hpp"
#include "proto/udp_track.hpp"

namespace ctsh::engine {
namespace {

bool udp_start(ProtoState& state, const TrackerInput& input) {
  state.udp = UdpState{input.now + udp_stream_delay};
  return true;
}

void udp_track(ProtoState& state, std::uint16_t& status, const TrackerInput& input, PacketOutcome& outcome) {
  udp_track_packet(state.udp, status, input.now, outcome);
}

std::string_view no_state_name(const ProtoState&) { return {}; }

}  // namespace

const TrackerOps udp_tracker_ops{udp_start, udp_track, no_state_name};

}  // namespace ctsh::engine
