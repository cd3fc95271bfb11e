// PcapReader: libpcap does the reading (byte order, micro/nano magic, buffered stdio); this file adds
// what libpcap does not report: the offset of each record, and records whose captured length exceeds
// the snaplen, which libpcap silently cuts down (it then skips the rest, so the file position tells).
#include "capture/pcap_reader.hpp"

#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "capture/link_types.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint64_t link_type_field_offset = 20;
constexpr std::uint64_t record_header_size = 16;

}  // namespace

std::expected<PcapReader, CaptureFault> PcapReader::open(const std::filesystem::path& file) {
  std::FILE* stream = std::fopen(file.c_str(), "rb");
  if (stream == nullptr) return std::unexpected(CaptureFault{fmt::format("{}: {}", file.string(), std::strerror(errno)), 0});
  char error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* handle = pcap_fopen_offline_with_tstamp_precision(stream, PCAP_TSTAMP_PRECISION_NANO, error);
  if (handle == nullptr) {
    std::fclose(stream);
    return std::unexpected(CaptureFault{error, 0});
  }
  auto link = link_type_from_capture(static_cast<std::uint32_t>(pcap_datalink(handle)));
  if (!link) {
    pcap_close(handle);
    return std::unexpected(CaptureFault{std::move(link.error()), link_type_field_offset});
  }
  return PcapReader(handle, *link, static_cast<std::uint32_t>(pcap_snapshot(handle)));
}

PcapReader::PcapReader(PcapReader&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), link_(other.link_), snaplen_(other.snaplen_),
      offset_(other.offset_) {}

PcapReader& PcapReader::operator=(PcapReader&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) pcap_close(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    link_ = other.link_;
    snaplen_ = other.snaplen_;
    offset_ = other.offset_;
  }
  return *this;
}

PcapReader::~PcapReader() {
  if (handle_ != nullptr) pcap_close(handle_);
}

std::expected<bool, CaptureFault> PcapReader::next(CapturedPacket& packet) {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int status = pcap_next_ex(handle_, &header, &data);
  if (status == PCAP_ERROR_BREAK) return false;
  if (status != 1) return std::unexpected(CaptureFault{pcap_geterr(handle_), offset_});
  const std::uint64_t record_end = offset_ + record_header_size + header->caplen;
  if (header->caplen >= snaplen_) {
    // A longer record was cut to the snaplen by libpcap, which then skipped its remaining bytes.
    const long position = std::ftell(pcap_file(handle_));
    if (position >= 0 && static_cast<std::uint64_t>(position) > record_end) {
      const auto claimed = static_cast<std::uint64_t>(position) - offset_ - record_header_size;
      return std::unexpected(
          CaptureFault{fmt::format("captured length {} exceeds the snaplen {}", claimed, snaplen_), offset_});
    }
  }
  offset_ = record_end;
  packet.data = data;
  packet.length = header->caplen;
  packet.time_ns = static_cast<std::uint64_t>(header->ts.tv_sec) * 1'000'000'000u +
                   static_cast<std::uint64_t>(header->ts.tv_usec);
  packet.link = link_;
  packet.interface = 0;
  return true;
}

}  // namespace ctsh::engine
