// pcapng files, parsed block by block (libpcap does not say which interface a pcapng packet came
// from): sections in either byte order, interfaces with names and timestamp units, Enhanced, Simple
// and obsolete Packet Blocks; every other block type is skipped by its length. Lengths are checked
// against the block trailer and the end of the file.
//
//   auto reader = PcapngReader::open("trace.pcapng");
//   CapturedPacket packet;
//   while (auto more = reader->next(packet)) { if (!*more) break; ... reader->interfaces()[packet.interface] ... }
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <vector>

#include "capture/buffered_file.hpp"
#include "capture/captured_packet.hpp"
#include "capture/pcapng_interface.hpp"

namespace ctsh::engine {

class PcapngReader {
 public:
  static std::expected<PcapngReader, CaptureFault> open(const std::filesystem::path& file);

  // true: `packet` holds the next packet (its bytes live until the next call); false: end of file.
  // A Simple Packet Block has no timestamp: it takes the time of the packet before it (0 before any).
  std::expected<bool, CaptureFault> next(CapturedPacket& packet);

  // The interfaces of the current section, by packet.interface; and how many sections have begun.
  const std::vector<PcapngInterface>& interfaces() const { return interfaces_; }
  std::uint32_t sections() const { return sections_; }
  std::uint64_t offset() const { return file_.offset(); }  // bytes of the file read so far

 private:
  explicit PcapngReader(BufferedFile file) : file_(std::move(file)) {}

  std::expected<void, CaptureFault> start_section(std::uint64_t block_start);
  std::expected<bool, CaptureFault> read_block(std::uint32_t type, std::uint32_t length, std::uint64_t block_start,
                                               CapturedPacket& packet);
  std::expected<bool, CaptureFault> packet_of(std::uint32_t interface, std::uint64_t time_units, bool timestamped,
                                              std::uint32_t captured, const std::uint8_t* data,
                                              std::uint32_t room, std::uint64_t block_start, CapturedPacket& packet);

  BufferedFile file_;
  SectionByteOrder order_;
  std::vector<PcapngInterface> interfaces_;
  std::uint32_t sections_ = 0;
  std::uint64_t last_time_ns_ = 0;
};

}  // namespace ctsh::engine
