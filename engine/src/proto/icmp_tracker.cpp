// ICMP and ICMPv6 tracking (kernel nf_conntrack_proto_icmp.c, _icmpv6.c): only query types start a
// flow, every packet refreshes the icmp timeout, never ASSURED; plus the classification of errors and
// untracked types, and the query/reply type inversion of the reply tuple.
#include "proto/icmp_classes.hpp"
#include "proto/trackers.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint8_t icmp_max_type = 18;  // NR_ICMP_TYPES

bool is_icmpv6(const ParsedPacket& packet) { return packet.family == Family::ipv6; }

// valid_new[]: the query types that may create a flow.
bool starts_flow(Family family, std::uint8_t type) {
  if (family == Family::ipv4) return type == 8 || type == 13 || type == 15 || type == 17;
  return type == 128 || type == 139;
}

bool icmp_start(ProtoState&, const TrackerInput& input) {
  return starts_flow(input.packet.family, input.packet.icmp_type);
}

void icmp_track(ProtoState&, std::uint16_t&, const TrackerInput&, PacketOutcome& outcome) {
  outcome.refresh = true;
  outcome.slot = TimeoutSlot::icmp;
}

std::string_view no_state_name(const ProtoState&) { return {}; }

}  // namespace

IcmpClass classify_icmp(const ParsedPacket& packet) {
  const std::uint8_t type = packet.icmp_type;
  if (!is_icmpv6(packet)) {
    if (type > icmp_max_type) return IcmpClass::invalid;
    if (type == 3 || type == 4 || type == 5 || type == 11 || type == 12) return IcmpClass::error;
    return IcmpClass::query;
  }
  if (type < 128) return IcmpClass::error;
  if ((type >= 130 && type <= 136) || type == 143 || type == 151 || type == 152) return IcmpClass::untracked;
  return IcmpClass::query;
}

bool invert_icmp_type(Family family, std::uint8_t type, std::uint8_t& inverted) {
  static constexpr std::pair<std::uint8_t, std::uint8_t> ipv4_pairs[] = {{8, 0}, {13, 14}, {15, 16}, {17, 18}};
  static constexpr std::pair<std::uint8_t, std::uint8_t> ipv6_pairs[] = {{128, 129}, {139, 140}};
  const auto search = [&](const auto& pairs) {
    for (const auto& [request, reply] : pairs) {
      if (type == request) {
        inverted = reply;
        return true;
      }
      if (type == reply) {
        inverted = request;
        return true;
      }
    }
    return false;
  };
  return family == Family::ipv4 ? search(ipv4_pairs) : search(ipv6_pairs);
}

const TrackerOps icmp_tracker_ops{icmp_start, icmp_track, no_state_name};

}  // namespace ctsh::engine
