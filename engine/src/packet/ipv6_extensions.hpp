// Walking an IPv6 extension-header chain as conntrack does (kernel ipv6_skip_exthdr()): hop-by-hop,
// routing, fragment, destination options and AH are skipped; "no next header" (59) ends the walk
// unreadable; anything else (ESP, mobility, TCP, ...) is the transport protocol.
#pragma once

#include <cstdint>

namespace ctsh::engine {

struct Ipv6Walk {
  enum class Result : std::uint8_t { transport, fragment_header, unreadable };
  Result result = Result::unreadable;
  std::uint8_t next_header = 0;             // the transport protocol (or 44 at a fragment header)
  std::uint32_t offset = 0;                 // where that header starts
  std::uint32_t next_header_field = 6;      // offset of the byte that named it
};

// Walks from `start` (40: right after the fixed header) with `next_header`, reading only
// packet[0..limit). With stop_at_fragment the walk stops at the first fragment header; without, a
// first fragment's header (offset 0) is skipped and a later fragment's is unreadable.
Ipv6Walk walk_ipv6_extensions(const std::uint8_t* packet, std::uint32_t limit, std::uint8_t next_header,
                              std::uint32_t start, bool stop_at_fragment);

}  // namespace ctsh::engine
