// PcapngReader: each block is type, total length, body, total length again. Blocks that are read
// (section headers, interfaces, packets) are made contiguous in the buffer; the others are skipped,
// their trailers checked all the same. Damage is reported at the offset of the block it is in.
#include "capture/pcapng_reader.hpp"

#include <algorithm>
#include <bit>
#include <utility>

#include <fmt/format.h>

#include "capture/link_types.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint32_t section_header_block = 0x0A0D0D0A;
constexpr std::uint32_t interface_block = 1;
constexpr std::uint32_t obsolete_packet_block = 2;
constexpr std::uint32_t simple_packet_block = 3;
constexpr std::uint32_t enhanced_packet_block = 6;
constexpr std::uint32_t byte_order_magic = 0x1A2B3C4D;

constexpr std::uint32_t block_header_size = 8;  // type, total length
constexpr std::uint32_t min_block_size = 12;    // type, total length, trailing total length
constexpr std::uint32_t min_section_header_size = min_block_size + 16;  // magic, version, section length
constexpr std::uint32_t min_packet_block_size = min_block_size + 20;    // interface, timestamp, lengths
constexpr std::uint32_t min_simple_block_size = min_block_size + 4;     // original length

bool is_read_in_full(std::uint32_t type) {
  return type == section_header_block || type == interface_block || type == obsolete_packet_block ||
         type == simple_packet_block || type == enhanced_packet_block;
}

std::unexpected<CaptureFault> fault(std::string reason, std::uint64_t offset) {
  return std::unexpected(CaptureFault{std::move(reason), offset});
}

}  // namespace

std::expected<PcapngReader, CaptureFault> PcapngReader::open(const std::filesystem::path& file) {
  auto opened = BufferedFile::open(file);
  if (!opened) return std::unexpected(std::move(opened.error()));
  return PcapngReader(std::move(*opened));
}

std::expected<bool, CaptureFault> PcapngReader::next(CapturedPacket& packet) {
  for (;;) {
    const std::uint64_t block_start = file_.offset();
    auto available = file_.fill(block_header_size);
    if (!available) return std::unexpected(std::move(available.error()));
    if (*available == 0) {
      if (sections_ == 0) return fault("empty file", 0);
      return false;
    }
    if (*available < block_header_size) return fault("truncated block header", block_start);
    const std::uint32_t type = order_.u32(file_.data());  // a section header's type reads the same both ways
    if (type == section_header_block) {
      if (auto started = start_section(block_start); !started) return std::unexpected(std::move(started.error()));
    } else if (sections_ == 0) {
      return fault("not a pcapng file: no section header block first", 0);
    }
    const std::uint32_t length = order_.u32(file_.data() + 4);
    if (length < min_block_size) return fault(fmt::format("block length {} is shorter than 12 bytes", length), block_start);
    if (length % 4 != 0) return fault(fmt::format("block length {} is not a multiple of 4", length), block_start);

    if (is_read_in_full(type)) {
      auto filled = file_.fill(length);
      if (!filled) return std::unexpected(std::move(filled.error()));
      if (*filled < length) return fault(fmt::format("block of {} bytes runs past the end of the file", length), block_start);
    } else {
      auto skipped = file_.skip(length - 4);
      if (!skipped) return std::unexpected(std::move(skipped.error()));
      auto trailer = file_.fill(4);
      if (!trailer) return std::unexpected(std::move(trailer.error()));
      if (*skipped < length - 4 || *trailer < 4) {
        return fault(fmt::format("block of {} bytes runs past the end of the file", length), block_start);
      }
    }
    const std::uint32_t trailer_length = order_.u32(file_.data() + (is_read_in_full(type) ? length - 4 : 0));
    if (trailer_length != length) {
      return fault(fmt::format("block trailer length {} disagrees with the header length {}", trailer_length, length),
                   block_start);
    }
    if (!is_read_in_full(type)) {
      file_.consume(4);
      continue;
    }
    auto read = read_block(type, length, block_start, packet);
    file_.consume(length);  // the bytes stay where they are until the next fill()
    if (!read || *read) return read;
  }
}

std::expected<void, CaptureFault> PcapngReader::start_section(std::uint64_t block_start) {
  auto available = file_.fill(min_block_size);
  if (!available) return std::unexpected(std::move(available.error()));
  if (*available < min_block_size) return fault("truncated section header block", block_start);
  SectionByteOrder little;
  const std::uint32_t magic = little.u32(file_.data() + 8);
  if (magic == byte_order_magic) {
    order_.big_endian = false;
  } else if (magic == std::byteswap(byte_order_magic)) {
    order_.big_endian = true;
  } else {
    return fault(fmt::format("bad byte-order magic {:#010x} in section header block", magic), block_start);
  }
  return {};
}

std::expected<bool, CaptureFault> PcapngReader::read_block(std::uint32_t type, std::uint32_t length,
                                                           std::uint64_t block_start, CapturedPacket& packet) {
  const std::uint8_t* block = file_.data();
  switch (type) {
    case section_header_block: {
      if (length < min_section_header_size) {
        return fault(fmt::format("section header block of {} bytes is too short", length), block_start);
      }
      const std::uint16_t major = order_.u16(block + 12);
      if (major != 1) {
        return fault(fmt::format("unsupported pcapng version {}.{}", major, order_.u16(block + 14)), block_start);
      }
      interfaces_.clear();
      ++sections_;
      return false;
    }
    case interface_block: {
      auto interface = parse_interface_block({block + block_header_size, length - min_block_size}, order_);
      if (!interface) {
        interface.error().byte_offset += block_start + block_header_size;
        return std::unexpected(std::move(interface.error()));
      }
      interfaces_.push_back(std::move(*interface));
      return false;
    }
    case enhanced_packet_block:
    case obsolete_packet_block: {
      if (length < min_packet_block_size) {
        return fault(fmt::format("packet block of {} bytes is too short", length), block_start);
      }
      const std::uint32_t interface = type == enhanced_packet_block ? order_.u32(block + 8) : order_.u16(block + 8);
      const std::uint64_t units = std::uint64_t{order_.u32(block + 12)} << 32 | order_.u32(block + 16);
      return packet_of(interface, units, true, order_.u32(block + 20), block + 28, length - min_packet_block_size,
                       block_start, packet);
    }
    case simple_packet_block: {
      if (length < min_simple_block_size) {
        return fault(fmt::format("simple packet block of {} bytes is too short", length), block_start);
      }
      const std::uint32_t room = length - min_simple_block_size;
      std::uint32_t captured = std::min(order_.u32(block + 8), room);
      if (!interfaces_.empty() && interfaces_[0].snaplen != 0) captured = std::min(captured, interfaces_[0].snaplen);
      return packet_of(0, 0, false, captured, block + 12, room, block_start, packet);
    }
    default:
      return false;
  }
}

std::expected<bool, CaptureFault> PcapngReader::packet_of(std::uint32_t interface, std::uint64_t time_units,
                                                          bool timestamped, std::uint32_t captured,
                                                          const std::uint8_t* data, std::uint32_t room,
                                                          std::uint64_t block_start, CapturedPacket& packet) {
  if (interface >= interfaces_.size()) {
    return fault(fmt::format("packet for interface {}, which has no interface description block", interface),
                 block_start);
  }
  const PcapngInterface& described = interfaces_[interface];
  if (captured > room) {
    return fault(fmt::format("captured length {} runs past the end of its block", captured), block_start);
  }
  const std::uint32_t limit = described.snaplen != 0 ? std::min(described.snaplen, max_captured_length) : max_captured_length;
  if (captured > limit) {
    return fault(fmt::format("captured length {} exceeds the snaplen {}", captured, limit), block_start);
  }
  if (!described.link) return fault(link_type_from_capture(described.link_number).error(), block_start);
  const std::uint64_t time_ns = timestamped ? described.nanoseconds(time_units) : last_time_ns_;
  last_time_ns_ = time_ns;
  packet.data = data;
  packet.length = captured;
  packet.time_ns = time_ns;
  packet.link = *described.link;
  packet.interface = interface;
  return true;
}

}  // namespace ctsh::engine
