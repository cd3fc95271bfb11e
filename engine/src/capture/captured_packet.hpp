// What a capture reader hands out: one packet at a time (bytes valid until the reader's next call), or
// the damage that stopped it, with the byte offset where the damage starts.
#pragma once

#include <cstdint>
#include <string>

#include "ctsh/engine/frame.hpp"

namespace ctsh::engine {

// Packets larger than this are damage, whatever the file's snaplen says (libpcap's MAXIMUM_SNAPLEN).
inline constexpr std::uint32_t max_captured_length = 256 * 1024;

struct CapturedPacket {
  const std::uint8_t* data = nullptr;
  std::uint32_t length = 0;       // captured bytes at data
  std::uint64_t time_ns = 0;      // capture time (the file's own time base)
  LinkType link = LinkType::ethernet;
  std::uint32_t interface = 0;    // the file's interface number (pcapng IDB index in the section; pcap: 0)
};

struct CaptureFault {
  std::string reason;
  std::uint64_t byte_offset = 0;
};

}  // namespace ctsh::engine
