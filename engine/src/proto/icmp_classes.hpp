// How conntrack treats an ICMP/ICMPv6 packet before any lookup (kernel nf_conntrack_proto_icmp*.c):
// an error quoting another packet, a type that is never tracked (ICMPv6 neighbour discovery and MLD),
// or an ordinary query/reply tracked as a flow.
#pragma once

#include <cstdint>

#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

enum class IcmpClass : std::uint8_t { query, error, untracked, invalid };

// For tuple.protocol 1 (ICMP) or 58 (ICMPv6). `invalid`: a type the kernel rejects outright
// (ICMP type > 18).
IcmpClass classify_icmp(const ParsedPacket& packet);

// The reply tuple's type of an ICMP query type (echo 8->0, timestamp 13->14, info 15->16,
// address 17->18; ICMPv6 128->129, 139->140, and back); false when the type has no inverse.
bool invert_icmp_type(Family family, std::uint8_t type, std::uint8_t& inverted);

}  // namespace ctsh::engine
