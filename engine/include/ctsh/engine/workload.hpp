// Synthetic workloads: deterministic traffic (the same spec and seed give the same frames, byte for
// byte) generated with PacketBuilder in time order and handed out in batches, so that a run of any
// length never holds more than one batch of frames in memory.
//
//   WorkloadSpec spec = GatewayWorkload{.users = 200, .connections_per_user = 20};
//   if (auto checked = check_workload(spec); !checked) fmt::print("{}\n", checked.error());
//   WorkloadGenerator generator(spec);
//   auto run = run_workload(engine, generator);         // from the engine clock on
//
// The mixes (what each workload sends, and when) are described in README.md ("Synthetic workloads").
// IPv4 only; no address translation is modelled. Not thread-safe: one thread drives a generator.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <variant>

#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/frame.hpp"

namespace ctsh::engine {

inline constexpr std::uint64_t workload_second_ns = 1'000'000'000;

// Users behind a gateway, each with `connections_per_user` connections open at a time: every one of a
// user's connection slots runs one connection after another (web requests, long-lived and idle TCP,
// refused connections, DNS lookups, UDP streams), with a short pause between them.
struct GatewayWorkload {
  std::uint64_t users = 0;
  std::uint64_t connections_per_user = 0;
  std::uint64_t duration_ns = 60 * workload_second_ns;
  std::uint64_t seed = 1;
};

// SYNs from spoofed sources at `rate` packets per second to one server, never answered.
struct SynFloodWorkload {
  std::uint64_t rate = 0;
  std::uint64_t duration_ns = 0;
  std::uint64_t seed = 1;
};

// DNS lookups of `clients` clients at `rate` queries per second in all, each from a new source port,
// answered by one of two resolvers after a few milliseconds (a few are never answered).
struct UdpDnsWorkload {
  std::uint64_t clients = 0;
  std::uint64_t rate = 0;
  std::uint64_t duration_ns = 0;
  std::uint64_t seed = 1;
};

using WorkloadSpec = std::variant<GatewayWorkload, SynFloodWorkload, UdpDnsWorkload>;

// The bounds check_workload enforces (so that a run fits in memory and ends).
struct WorkloadLimits {
  static constexpr std::uint64_t max_users = 1'000'000;
  static constexpr std::uint64_t max_connections_per_user = 10'000;
  static constexpr std::uint64_t max_concurrent_connections = 4'000'000;  // users x connections-per-user
  static constexpr std::uint64_t max_duration_ns = 86'400 * workload_second_ns;  // one day
  static constexpr std::uint64_t min_duration_ns = 1'000'000;                    // one millisecond
  static constexpr std::uint64_t max_rate = 10'000'000;                          // packets or queries per second
  static constexpr std::uint64_t max_packets = 1'000'000'000;                    // rate x duration
  static constexpr std::uint64_t max_clients = 1'000'000;
};

// Whether the spec is within WorkloadLimits; the message names the value and its bounds.
std::expected<void, std::string> check_workload(const WorkloadSpec& spec);

// Workload time 0 on a fresh engine (and in the captures the generator writes): 2026-01-01 00:00:00 UTC.
inline constexpr std::uint64_t workload_epoch_ns = 1'767'225'600ull * workload_second_ns;

class WorkloadSource;  // one workload's state machine (engine/src/traffic)
class FrameWriter;     // the batch it fills

class WorkloadGenerator {
 public:
  static constexpr std::size_t batch_frames = 256;

  // `spec` must have passed check_workload.
  explicit WorkloadGenerator(const WorkloadSpec& spec);
  ~WorkloadGenerator();
  WorkloadGenerator(const WorkloadGenerator&) = delete;
  WorkloadGenerator& operator=(const WorkloadGenerator&) = delete;

  // The next frames (at most batch_frames) in time order, Ethernet, times counted from 0 at the
  // workload's start; empty once the workload is over. The frames and their bytes stay valid until the
  // next call.
  std::span<const Frame> next_batch();
  std::uint64_t duration_ns() const { return duration_ns_; }

 private:
  std::unique_ptr<WorkloadSource> source_;
  std::unique_ptr<FrameWriter> writer_;
  std::uint64_t duration_ns_ = 0;
};

struct WorkloadProgress {
  std::uint64_t packets = 0;        // through the engine so far
  std::uint64_t elapsed_ns = 0;     // workload time reached
  std::uint64_t duration_ns = 0;
};

struct WorkloadRun {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t first_time_ns = 0;  // engine clock at the workload's start and end
  std::uint64_t last_time_ns = 0;
  bool stopped = false;             // `progress` stopped it before the end
};

// Puts the workload through the engine, its time 0 at the engine clock (a fresh engine starts at
// workload_epoch_ns); at the end the clock stands at start + duration. `progress` is called after each
// batch; false stops the run (what went through stays).
WorkloadRun run_workload(Engine& engine, WorkloadGenerator& generator,
                         const std::function<bool(const WorkloadProgress&)>& progress = {});

}  // namespace ctsh::engine
