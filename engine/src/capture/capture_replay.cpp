// replay_capture: picks the reader by the file's magic number, shifts the capture's time base onto
// the engine clock, and feeds the engine batches of frames whose bytes are copied out of the reader
// (which reuses its buffer). Damage stops the replay after everything before it went through; the
// caller's pace and progress hooks run between batches (a paced replay flushes before each wait).
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "capture/pcap_reader.hpp"
#include "capture/pcapng_reader.hpp"
#include "ctsh/engine/capture.hpp"

namespace ctsh::engine {
namespace {

constexpr std::size_t batch_frames = 256;
constexpr std::size_t batch_bytes = 4u << 20;  // 16 packets of the largest size, ~2700 of 1500 bytes

enum class CaptureFormat { pcap, pcapng };

std::expected<CaptureFormat, CaptureError> detect_format(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(CaptureError{fmt::format("cannot open it: {}", std::strerror(errno))});
  std::array<std::uint8_t, 4> magic{};
  ssize_t got = 0;
  do {
    got = ::pread(fd, magic.data(), magic.size(), 0);
  } while (got < 0 && errno == EINTR);
  const int read_errno = errno;
  ::close(fd);
  if (got < 0) return std::unexpected(CaptureError{fmt::format("cannot read it: {}", std::strerror(read_errno))});
  if (got == 0) return std::unexpected(CaptureError{"empty file"});
  if (got < 4) return std::unexpected(CaptureError{"not a pcap or pcapng file (shorter than a magic number)"});
  const std::uint32_t big_endian = std::uint32_t{magic[0]} << 24 | std::uint32_t{magic[1]} << 16 |
                                   std::uint32_t{magic[2]} << 8 | magic[3];
  if (big_endian == 0x0A0D0D0A) return CaptureFormat::pcapng;
  for (const std::uint32_t pcap_magic : {0xA1B2C3D4u, 0xA1B23C4Du, 0xA1B2CD34u}) {
    if (big_endian == pcap_magic || big_endian == std::byteswap(pcap_magic)) return CaptureFormat::pcap;
  }
  return std::unexpected(CaptureError{fmt::format("not a pcap or pcapng file (magic number {:#010x})", big_endian)});
}

// Engine interface ids of the pcapng interfaces of the current section, looked up once per IDB.
class PcapngInterfaceIds {
 public:
  std::uint16_t of(Engine& engine, const PcapngReader& reader, std::uint32_t interface) {
    if (reader.sections() != section_) {
      section_ = reader.sections();
      ids_.clear();
    }
    while (ids_.size() <= interface) ids_.push_back(engine.interface_id(reader.interfaces()[ids_.size()].name));
    return ids_[interface];
  }

 private:
  std::uint32_t section_ = 0;
  std::vector<std::uint16_t> ids_;
};

class Replay {
 public:
  Replay(Engine& engine, const ReplayOptions& options)
      : engine_(engine), options_(options), frames_(batch_frames), verdicts_(batch_frames), bytes_(batch_bytes) {
    if (options.interface) {
      interface_given_ = true;
      given_interface_ = engine.interface_id(*options.interface);
    }
  }

  std::expected<ReplaySummary, CaptureError> run(PcapReader& reader) {
    return run(reader, [](const CapturedPacket&) -> std::uint16_t { return 0; });
  }

  std::expected<ReplaySummary, CaptureError> run(PcapngReader& reader) {
    return run(reader, [&](const CapturedPacket& packet) { return pcapng_ids_.of(engine_, reader, packet.interface); });
  }

 private:
  template <typename Reader, typename InterfaceOf>
  std::expected<ReplaySummary, CaptureError> run(Reader& reader, InterfaceOf interface_of) {
    CapturedPacket packet;
    for (;;) {
      auto more = reader.next(packet);
      if (!more) {
        flush();
        return std::unexpected(CaptureError{std::move(more.error().reason), more.error().byte_offset, finish()});
      }
      if (!*more) break;
      offset_ = reader.offset();
      if (!admit(packet)) break;
      add(packet, interface_given_ ? given_interface_ : interface_of(packet));
      if (summary_.stopped) break;
    }
    flush();
    return finish();
  }

  ReplaySummary finish() {
    const std::uint64_t clock = engine_.clock_ns().value_or(0);
    summary_.first_time_ns = started_ ? base_ : clock;
    summary_.last_time_ns = clock;
    return summary_;
  }

  // Paced replays wait here until the packet is due (everything before it processed first).
  bool admit(const CapturedPacket& packet) {
    if (!options_.pace) return true;
    const std::uint64_t ahead = started_ && packet.time_ns > origin_ ? packet.time_ns - origin_ : 0;
    if (paced_ && ahead < allowed_ahead_) return true;
    flush();
    if (summary_.stopped) return false;
    const auto allowed = options_.pace(ahead);
    if (!allowed) {
      summary_.stopped = true;
      return false;
    }
    paced_ = true;
    allowed_ahead_ = *allowed;
    return true;
  }

  void add(const CapturedPacket& packet, std::uint16_t interface) {
    if (count_ == frames_.size() || bytes_.size() - used_ < packet.length) flush();
    if (!started_) {
      started_ = true;
      origin_ = packet.time_ns;
      engine_.start_clock(packet.time_ns);
      base_ = *engine_.clock_ns();
    }
    if (packet.length > 0) std::memcpy(bytes_.data() + used_, packet.data, packet.length);
    frames_[count_++] = Frame{bytes_.data() + used_, packet.length, shifted(packet.time_ns), packet.link, interface};
    used_ += packet.length;
    ++summary_.packets;
    summary_.bytes += packet.length;
  }

  // The engine time of a capture time: the same distance from base_ as from the first packet.
  std::uint64_t shifted(std::uint64_t time_ns) const {
    if (time_ns >= origin_) {
      const std::uint64_t ahead = time_ns - origin_;
      return ahead > UINT64_MAX - base_ ? UINT64_MAX : base_ + ahead;
    }
    const std::uint64_t behind = origin_ - time_ns;
    return behind > base_ ? 0 : base_ - behind;
  }

  void flush() {
    if (count_ == 0) return;
    engine_.process({frames_.data(), count_}, {verdicts_.data(), count_});
    replayed_ += count_;
    count_ = 0;
    used_ = 0;
    if (options_.progress && !options_.progress(ReplayProgress{replayed_, offset_})) summary_.stopped = true;
  }

  Engine& engine_;
  const ReplayOptions& options_;
  bool interface_given_ = false;  // ReplayOptions::interface: every packet arrives on it
  std::uint16_t given_interface_ = 0;
  PcapngInterfaceIds pcapng_ids_;
  std::vector<Frame> frames_;
  std::vector<PacketVerdict> verdicts_;
  std::vector<std::uint8_t> bytes_;
  std::size_t count_ = 0;  // frames waiting in the batch
  std::size_t used_ = 0;   // bytes of bytes_ they use
  bool started_ = false;
  std::uint64_t origin_ = 0;             // capture time of the first packet
  std::uint64_t base_ = 0;               // engine time of the first packet
  std::uint64_t replayed_ = 0;
  std::uint64_t offset_ = 0;          // file bytes read so far
  bool paced_ = false;                // options_.pace was asked at least once
  std::uint64_t allowed_ahead_ = 0;   // capture time (after the first packet) that may go without asking
  ReplaySummary summary_;
};

}  // namespace

std::expected<ReplaySummary, CaptureError> replay_capture(Engine& engine, const std::filesystem::path& file,
                                                          const ReplayOptions& options) {
  auto format = detect_format(file);
  if (!format) return std::unexpected(std::move(format.error()));
  Replay replay(engine, options);
  if (*format == CaptureFormat::pcap) {
    auto reader = PcapReader::open(file);
    if (!reader) return std::unexpected(CaptureError{std::move(reader.error().reason), reader.error().byte_offset});
    return replay.run(*reader);
  }
  auto reader = PcapngReader::open(file);
  if (!reader) return std::unexpected(CaptureError{std::move(reader.error().reason), reader.error().byte_offset});
  return replay.run(*reader);
}

}  // namespace ctsh::engine
