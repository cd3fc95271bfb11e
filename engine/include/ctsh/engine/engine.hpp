// Engine: the in-process model of Linux nf_conntrack. Frames go in (in batches), every packet gets a
// ct state, and the table, counters, expectations and events behave as the kernel's would for traffic
// forwarded through a router (one conntrack pass per packet: raw prerouting rules, then tracking).
//
//   Engine engine(config);                                  // config: the effective ConntrackConfig
//   std::vector<PacketVerdict> verdicts(frames.size());
//   engine.process(frames, verdicts);                       // time comes from each frame
//   engine.advance(30'000'000'000);                         // 30 s of idle time
//   engine.for_each({}, [](const FlowView& f) { ... });
//   if (auto loaded = engine.insert(flow); !loaded) ...          // an entry from a saved table
//   if (auto applied = engine.apply(candidate); !applied) fmt::print("{}\n", applied.error());
//
// Time is a value passed in: the clock starts at the first frame's timestamp and never goes back
// (an older frame is processed at the current clock). Same input, same result, byte for byte.
// Not thread-safe: one thread drives an engine; event callbacks run on that thread.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ctsh/engine/conntrack_config.hpp"
#include "ctsh/engine/event.hpp"
#include "ctsh/engine/expectation.hpp"
#include "ctsh/engine/flow.hpp"
#include "ctsh/engine/frame.hpp"
#include "ctsh/engine/stats.hpp"
#include "ctsh/engine/table_statistics.hpp"

namespace ctsh::engine {

// Why Engine::insert() refused an entry.
struct InsertRefusal {
  enum class Reason : std::uint8_t { table_full, exists, unsupported };
  Reason reason = Reason::unsupported;
  std::string detail;  // what the engine cannot hold, for `unsupported` ("zone 5: ...")
};

struct EngineOptions {
  bool verify_checksums = false;  // the kernel's nf_conntrack_checksum=1 (captures often carry offloaded sums)
};

// Whether Engine::insert() can take `flow` whatever the table holds (zone 0, no NAT, known state and
// helper names, an ICMP query, a timeout left); the error says what is wrong.
std::expected<void, std::string> check_loadable(const FlowView& flow);

class Engine {
 public:
  explicit Engine(const ConntrackConfig& config, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Moves to `config` keeping every live entry: hash-size changes rehash, table-size growth grows the
  // pool, new timeouts apply from each entry's next packet. On error nothing changed.
  std::expected<void, std::string> apply(const ConntrackConfig& config);
  const ConntrackConfig& config() const;

  // Tracks frames.size() frames in order; verdicts.size() must be at least frames.size().
  void process(std::span<const Frame> frames, std::span<PacketVerdict> verdicts);

  // The engine clock in nanoseconds (capture time); nullopt before the first frame or set_clock().
  std::optional<std::uint64_t> clock_ns() const;
  // Starts the clock of a fresh engine (no effect once the clock runs).
  void start_clock(std::uint64_t time_ns);
  // Moves the clock forward (idle time): entries and expectations that time out go.
  void advance(std::uint64_t nanoseconds);

  // The id of an interface name for Frame::interface (interned on first use; 0 is "unknown").
  std::uint16_t interface_id(std::string_view name);

  // Puts one connection into the table as if it had been tracked (`simulate table`, the kernel's
  // ctnetlink create): linked both ways, `timeout_seconds` left on the timer wheel, a new id, a NEW
  // event, `insert` counted. What is taken from `flow`: family, protocol, tuples (the reply must be the
  // original's inversion: no NAT), state (TCP/SCTP names), status (SEEN_REPLY, ASSURED, EXPECTED,
  // FIXED_TIMEOUT; CONFIRMED always), timeout, mark, helper ("ftp", "tftp" or none), counters (kept
  // with flow-accounting). Zone must be 0. TCP windows start unknown and liberal, as after a loose
  // pickup; SCTP verification tags are taken from each direction's next packet; UDP flows become
  // streams on their next reply. A full table refuses (no early drop).
  // Starts a fresh engine's clock at 0. On refusal nothing changed.
  std::expected<void, InsertRefusal> insert(const FlowView& flow);

  void for_each(const FlowFilter& filter, const std::function<void(const FlowView&)>& visit) const;
  // As for_each, with each flow's handle: its place in the table, valid while the table does not
  // change, for views that come back to the flows in an order of their own (for_each_at).
  void for_each_handle(const FlowFilter& filter,
                       const std::function<void(std::uint32_t handle, const FlowView&)>& visit) const;
  // The flows at `handles` (from for_each_handle, the table unchanged since), in that order; the memory
  // of the flows a few places ahead is fetched while one is visited.
  void for_each_at(std::span<const std::uint32_t> handles, const std::function<void(const FlowView&)>& visit) const;
  void for_each_expectation(const std::function<void(const ExpectationView&)>& visit) const;
  // Removes matching entries (DESTROY events); returns how many.
  std::size_t erase(const FlowFilter& filter);
  // Removes every entry and expectation; counters stay.
  void clear();
  EngineStats stats() const;
  // One scan of the table (hash chains, protocols, TCP states, the `top_sources` busiest original
  // sources); costs a pass over the entries, so only views call it.
  TableStatistics table_statistics(std::size_t top_sources) const;
  // The most entries the table held since restart_peak() (or since the engine was built or its snapshot
  // loaded): one run's peak, where EngineStats::peak_entries is the lifetime one. Not in snapshots.
  std::uint64_t peak_since_restart() const;
  void restart_peak();

  using SubscriptionId = std::uint32_t;
  SubscriptionId subscribe(std::function<void(const FlowEvent&)> on_event);
  void unsubscribe(SubscriptionId id);

  // The whole state (clock, entries, expectations, counters, ids) to a file and back; see snapshot.hpp.
  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ctsh::engine
