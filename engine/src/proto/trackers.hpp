// The protocol trackers, one per file (tcp_tracker.cpp, udp_tracker.cpp, ...); tracker_for()
// (trackers.cpp) picks one by IP protocol number from a constexpr table.
#pragma once

#include "proto/tracker.hpp"

namespace ctsh::engine {

extern const TrackerOps tcp_tracker_ops;
extern const TrackerOps udp_tracker_ops;      // UDP and UDP-Lite
extern const TrackerOps icmp_tracker_ops;     // ICMP and ICMPv6 queries (errors never reach a tracker)
extern const TrackerOps sctp_tracker_ops;
extern const TrackerOps gre_tracker_ops;
extern const TrackerOps generic_tracker_ops;

// The protocols udp_tracker_ops tracks (UDP and UDP-Lite): the packet loop runs their decision inline.
constexpr bool uses_udp_tracker(std::uint8_t protocol) { return protocol == 17 || protocol == 136; }

}  // namespace ctsh::engine
