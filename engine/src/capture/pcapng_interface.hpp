// A pcapng interface (from its Interface Description Block): link type, snaplen, name, and the
// timestamp unit and offset that turn its packets' 64-bit timestamps into nanoseconds.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>

#include "capture/captured_packet.hpp"

namespace ctsh::engine {

// Integers of a pcapng section, in the byte order its Section Header Block chose.
struct SectionByteOrder {
  bool big_endian = false;
  std::uint16_t u16(const std::uint8_t* at) const;
  std::uint32_t u32(const std::uint8_t* at) const;
  std::uint64_t u64(const std::uint8_t* at) const;
};

struct PcapngInterface {
  std::uint32_t link_number = 0;      // the IDB's LINKTYPE
  std::optional<LinkType> link;       // nullopt: a link type the engine does not parse
  std::uint32_t snaplen = 0;          // 0: no limit
  std::string name;                   // if_name; empty when the IDB has none
  bool binary_resolution = false;     // if_tsresol: units of 2^-exponent s, else 10^-exponent s
  std::uint8_t resolution_exponent = 6;
  std::int64_t offset_seconds = 0;    // if_tsoffset

  // The capture time of a timestamp in this interface's units (clamped to the uint64 range).
  std::uint64_t nanoseconds(std::uint64_t units) const;
};

// Reads an IDB body (after type and length, before the trailer); on damage, the fault's offset is
// relative to the body.
std::expected<PcapngInterface, CaptureFault> parse_interface_block(std::span<const std::uint8_t> body,
                                                                   SectionByteOrder order);

}  // namespace ctsh::engine
