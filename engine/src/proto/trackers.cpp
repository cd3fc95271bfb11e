// tracker_for(): the protocol tracker of an IP protocol number, from a constexpr table.
#include <array>

#include "proto/trackers.hpp"

namespace ctsh::engine {
namespace {

constexpr std::array<const TrackerOps*, 256> make_tracker_table() {
  std::array<const TrackerOps*, 256> table{};
  for (std::size_t protocol = 0; protocol < table.size(); ++protocol) {
    table[protocol] = uses_udp_tracker(static_cast<std::uint8_t>(protocol)) ? &udp_tracker_ops : &generic_tracker_ops;
  }
  table[1] = &icmp_tracker_ops;
  table[6] = &tcp_tracker_ops;
  table[47] = &gre_tracker_ops;
  table[58] = &icmp_tracker_ops;
  table[132] = &sctp_tracker_ops;
  return table;
}

constexpr std::array<const TrackerOps*, 256> tracker_table = make_tracker_table();

}  // namespace

const TrackerOps& tracker_for(std::uint8_t protocol) { return *tracker_table[protocol]; }

}  // namespace ctsh::engine
