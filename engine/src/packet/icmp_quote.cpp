// The packet quoted inside an ICMP/ICMPv6 error, read as conntrack reads it (kernel
// nf_conntrack_inet_error(): nf_ct_get_tuplepr() on the quote, then nf_ct_invert_tuple()).
#include <algorithm>

#include "packet/byte_order.hpp"
#include "packet/ipv6_extensions.hpp"
#include "packet/l4_headers.hpp"
#include "proto/icmp_classes.hpp"

namespace ctsh::engine {
namespace {

IpAddress address_at(Family family, const std::uint8_t* bytes) {
  IpAddress address;
  address.family = family;
  const std::size_t length = family == Family::ipv4 ? 4 : 16;
  for (std::size_t i = 0; i < length; ++i) address.bytes[i] = bytes[i];
  return address;
}

// Where the quoted transport header starts and its protocol; false when unreadable.
bool locate_quoted_transport(Family family, const TransportView& quote, std::uint32_t& offset,
                             std::uint8_t& protocol) {
  if (family == Family::ipv4) {
    // As ipv4_get_l4proto(): neither version nor IHL is checked, only that the quote is no later
    // fragment and that its header fits in the packet.
    if (quote.captured < 20) return false;
    if (load_be16(quote.l4 + 6) & 0x1fffu) return false;
    offset = std::uint32_t{quote.l4[0] & 0x0fu} * 4;
    protocol = quote.l4[9];
    return offset <= quote.wire_length;
  }
  if (quote.captured < 40) return false;
  const Ipv6Walk walk = walk_ipv6_extensions(quote.l4, quote.captured, quote.l4[6], 40, false);
  if (walk.result != Ipv6Walk::Result::transport) return false;
  offset = walk.offset;
  protocol = walk.next_header;
  return true;
}

}  // namespace

bool read_quoted_tuple(Family family, const TransportView& quote, PacketTuple& inner) {
  std::uint32_t offset = 0;
  std::uint8_t protocol = 0;
  if (!locate_quoted_transport(family, quote, offset, protocol)) return false;
  inner = PacketTuple{};
  inner.protocol = protocol;
  inner.src = address_at(family, quote.l4 + (family == Family::ipv4 ? 12 : 8));
  inner.dst = address_at(family, quote.l4 + (family == Family::ipv4 ? 16 : 24));
  const std::uint32_t captured_rest = offset <= quote.captured ? quote.captured - offset : 0;
  const TransportView transport{quote.l4 + std::min(offset, quote.captured), quote.wire_length - offset, captured_rest};
  if (!read_tuple_ports(protocol, transport, inner)) return false;
  if (protocol == 1 || protocol == 58) {
    // An ICMP tuple without an inverse (a quoted error, say) cannot be looked up.
    std::uint8_t inverted = 0;
    return invert_icmp_type(protocol == 1 ? Family::ipv4 : Family::ipv6, static_cast<std::uint8_t>(inner.dport >> 8),
                            inverted);
  }
  return true;
}

}  // namespace ctsh::engine
