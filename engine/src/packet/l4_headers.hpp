// Transport headers as conntrack reads them: the tuple's ports (nf_ct_get_tuple()) and the checks of
// the protocols' *_error() functions (TCP, UDP, UDP-Lite, SCTP, GRE, ICMP, ICMPv6), checksums
// included, plus the packet an ICMP error quotes.
#pragma once

#include <cstdint>

#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

// The transport part of an IP packet. `wire_length` is what the IP header says (the kernel's
// skb->len - dataoff); `captured` (<= wire_length) is how much of it the capture holds.
struct TransportView {
  const std::uint8_t* l4 = nullptr;
  std::uint32_t wire_length = 0;
  std::uint32_t captured = 0;
};

// Fills tuple ports, TCP/ICMP fields, l4, l4_length and payload_offset of `out` (whose family and
// addresses are set) and returns its status. With verify_checksums, checksums are checked when the
// bytes they cover were captured.
ParseStatus parse_transport(std::uint8_t protocol, const TransportView& view, bool verify_checksums,
                            ParsedPacket& out);

// The tuple ports of `protocol` at view.l4 (kernel nf_ct_get_tuple()); false when unreadable.
bool read_tuple_ports(std::uint8_t protocol, const TransportView& view, PacketTuple& tuple);

// The tuple of the IP packet quoted by an ICMP error of `family` (kernel nf_ct_get_tuplepr() on the
// quote, then nf_ct_invert_tuple()); false when the quote is unreadable or cannot be inverted.
bool read_quoted_tuple(Family family, const TransportView& quote, PacketTuple& inner);

}  // namespace ctsh::engine
