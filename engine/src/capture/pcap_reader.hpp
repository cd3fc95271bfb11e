// Classic pcap files (all of libpcap's magic numbers and byte orders), read through libpcap at
// nanosecond precision, one packet per next() call; byte offsets are tracked so that damage is located.
//
//   auto reader = PcapReader::open("trace.pcap");
//   CapturedPacket packet;
//   while (auto more = reader->next(packet)) { if (!*more) break; ... }   // error: more.error()
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>

#include "capture/captured_packet.hpp"

struct pcap;

namespace ctsh::engine {

class PcapReader {
 public:
  // Opens the file and reads its header; fails on an unreadable, damaged or unsupported file.
  static std::expected<PcapReader, CaptureFault> open(const std::filesystem::path& file);

  PcapReader(PcapReader&& other) noexcept;
  PcapReader& operator=(PcapReader&& other) noexcept;
  PcapReader(const PcapReader&) = delete;
  PcapReader& operator=(const PcapReader&) = delete;
  ~PcapReader();

  // true: `packet` holds the next packet (its bytes live until the next call); false: end of file.
  std::expected<bool, CaptureFault> next(CapturedPacket& packet);

  LinkType link() const { return link_; }
  std::uint64_t offset() const { return offset_; }  // bytes of the file read so far
  std::uint32_t snaplen() const { return snaplen_; }

 private:
  PcapReader(pcap* handle, LinkType link, std::uint32_t snaplen) : handle_(handle), link_(link), snaplen_(snaplen) {}

  pcap* handle_ = nullptr;
  LinkType link_ = LinkType::ethernet;
  std::uint32_t snaplen_ = 0;    // after libpcap's adjustment (0 or oversized in the file: 256 KiB)
  std::uint64_t offset_ = 24;    // where the next record starts (after the 24-byte file header)
};

}  // namespace ctsh::engine
