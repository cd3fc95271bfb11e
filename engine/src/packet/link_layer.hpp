// Finding the IP header inside a captured frame: the link-layer framings of LinkType (Ethernet with
// stacked 802.1Q / 802.1ad tags, Linux cooked v1/v2, BSD loopback, raw IP).
#pragma once

#include <cstdint>

#include "ctsh/engine/frame.hpp"
#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

struct NetworkLocation {
  // ok: an IPv4/IPv6 header (possibly truncated) starts at `offset`; not_ip: no IP in the frame;
  // invalid: the link header names IP but is itself cut short.
  ParseStatus status = ParseStatus::not_ip;
  Family family = Family::ipv4;
  std::uint32_t offset = 0;
};

// A frame too short to say what it carries is not_ip; one whose protocol field says IP but whose
// link header is incomplete is invalid.
NetworkLocation locate_network_header(const Frame& frame);

}  // namespace ctsh::engine
