// Captures into the engine: pcap files (read with libpcap) and pcapng files (read block by block, since
// libpcap does not report which interface a pcapng packet came from), replayed in batches.
//
//   ReplayOptions options;  options.interface = "eth0";    // else the pcapng interface names
//   auto summary = replay_capture(engine, "trace.pcapng", options);
//   if (!summary) fmt::print("{} at byte {}\n", summary.error().reason, summary.error().byte_offset);
//
// A replay shifts the capture so that its first packet falls at the engine clock (a fresh engine
// starts its clock at the capture's first timestamp); packets that go back in time are tracked at
// the current clock. A damaged file keeps what was replayed before the damage. The caller may pace the
// replay to wall time and watch (or stop) it through ReplayOptions; the engine itself never reads a clock.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "ctsh/engine/engine.hpp"

namespace ctsh::engine {

struct ReplayProgress {
  std::uint64_t packets = 0;      // through the engine so far
  std::uint64_t file_offset = 0;  // bytes of the file read so far
};

struct ReplayOptions {
  std::optional<std::string> interface;  // every packet arrives on this interface
  // Paced replays: called before the first packet that lies `ahead_ns` of capture time after the
  // capture's first packet, once every packet before it went through the engine. It returns when that
  // packet is due, with how far ahead (capture time) packets may go before it is asked again; nullopt
  // stops the replay. Unset: as fast as possible.
  std::function<std::optional<std::uint64_t>(std::uint64_t ahead_ns)> pace{};
  // Called after each batch; false stops the replay (what went through stays).
  std::function<bool(const ReplayProgress&)> progress{};
};

struct ReplaySummary {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;             // captured bytes
  std::uint64_t first_time_ns = 0;     // engine clock at the first and last packet
  std::uint64_t last_time_ns = 0;
  bool stopped = false;                // ReplayOptions::pace or progress stopped it before the end
};

struct CaptureError {
  std::string reason;            // what is wrong ("truncated packet record", "not a pcap or pcapng file", ...)
  std::uint64_t byte_offset = 0; // where in the file
  ReplaySummary replayed{};      // what went through the engine before the damage
};

std::expected<ReplaySummary, CaptureError> replay_capture(Engine& engine, const std::filesystem::path& file,
                                                          const ReplayOptions& options = {});

}  // namespace ctsh::engine
