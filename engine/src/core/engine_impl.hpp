// Engine::Impl: the engine's state and the internal operations its files share (packet loop,
// configuration, views and events, snapshots).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/flow_table.hpp"
#include "ctsh/engine/engine.hpp"
#include "helpers/conntrack_helpers.hpp"
#include "helpers/expectation_table.hpp"
#include "packet/packet_parser.hpp"
#include "proto/tracker.hpp"
#include "rules/raw_classifier.hpp"

namespace ctsh::engine {

enum class DestroyReason : std::uint8_t { expired, early_drop, killed, deleted };

// The reply tuple's ports of an original tuple (ICMP: same id, the inverse query type); engine_packet.cpp.
void reply_ports(const PacketTuple& tuple, Family family, std::uint16_t& sport, std::uint16_t& dport);

struct Engine::Impl {
  Impl(const ConntrackConfig& config, EngineOptions options);

  // --- configuration (engine_config.cpp)
  std::expected<void, std::string> apply(const ConntrackConfig& next);
  void build_policies();
  std::uint16_t policy_for_new_flow(const ParsedPacket& packet) const;

  // --- packets (engine_packet.cpp)
  static constexpr std::size_t batch_size = 32;  // packets parsed, hashed and prefetched together
  void process(std::span<const Frame> frames, std::span<PacketVerdict> verdicts);
  void resolve_lookups(std::size_t count);  // batch_hashes, batch_matches of batch_packets[0, count)
  void prefetch_reply_bucket(const ParsedPacket& packet) const;
  // `resolved`: the packet's lookup, if still valid (else the table is searched).
  void track_with_hash(const ParsedPacket& packet, std::uint32_t hash, PacketVerdict& verdict,
                       const FlowMatch* resolved);
  // false when the entry was killed and the packet must be tracked again as new (TCP re-open).
  bool track_existing(const ParsedPacket& packet, std::uint32_t index, Direction direction, PacketVerdict& verdict);
  void track_icmp_error(const ParsedPacket& packet, PacketVerdict& verdict);
  void track_new(const ParsedPacket& packet, std::uint32_t hash, std::uint32_t chain_length, PacketVerdict& verdict);
  HelperVerdict run_helper(std::uint32_t index, const ParsedPacket& packet, Direction direction, CtState state);
  std::uint32_t allocate_entry(std::uint32_t hash);
  void discard_unconfirmed(std::uint32_t index);
  bool early_drop(std::uint32_t hash);
  void refresh(std::uint32_t index, const PacketOutcome& outcome);
  void account(std::uint32_t index, Direction direction, const ParsedPacket& packet);

  // --- loading saved entries (engine_insert.cpp)
  std::expected<void, InsertRefusal> insert(const FlowView& flow);

  // --- time (engine.cpp)
  void move_clock_to(std::uint64_t time_ns);
  void reap();
  std::uint64_t tick_now() const { return (clock_ns - epoch_ns) / nanoseconds_per_tick; }
  Tick now() const { return static_cast<Tick>(current_ticks); }
  void set_clock(std::uint64_t time_ns, std::uint64_t epoch);  // clock_ns, epoch_ns and current_ticks

  // Deterministic, kernel-looking flow ids: a bijective mix of the creation serial.
  static std::uint32_t flow_id(std::uint32_t serial) {
    std::uint32_t x = serial + 1;
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
  }

  // --- views and events (engine_views.cpp)
  FlowView view_of(std::uint32_t index) const;
  void emit(FlowEventType type, std::uint32_t index);
  void destroy(std::uint32_t index, DestroyReason reason);
  void destroy_unwheeled(std::uint32_t index, DestroyReason reason);  // already out of the wheel
  bool alive(std::uint32_t index) const;  // live and not expired
  std::string_view helper_of(std::uint32_t index) const;

  ConntrackConfig config;
  EngineOptions options;
  FlowTable table;
  PacketParser parser;
  TrackerSettings settings;
  std::vector<TimeoutPolicy> policies;  // [0] global, then the ipv4 custom rules, then the ipv6 ones
  std::vector<std::uint32_t> policy_rule_numbers;  // rule number of each policy (0 for global)
  RawClassifier raw[2];                  // by Family
  TimeoutRuleMatcher timeout_rules[2];   // by Family
  std::vector<std::string> interfaces{""};
  ExpectationTable expectations;
  ConntrackHelpers helpers;
  std::uint32_t next_expectation_id = 1;

  // The batch being processed (kept here so that a batch does not construct 32 packets each time).
  ParsedPacket batch_packets[batch_size];
  std::uint32_t batch_hashes[batch_size] = {};
  LookupKey batch_keys[batch_size];
  std::uint32_t batch_links[batch_size] = {};  // where each unresolved lookup has got to
  FlowMatch batch_matches[batch_size];

  EngineStats counters;  // the cumulative counters (entries/memory fields are filled by stats())
  std::uint64_t peak_since_restart = 0;  // Engine::peak_since_restart()
  bool clock_started = false;
  std::uint64_t clock_ns = 0;
  std::uint64_t epoch_ns = 0;  // the tick base: the clock when it started
  std::uint64_t current_ticks = 0;  // tick_now(), kept by set_clock() (the packet path reads it often)
  std::uint32_t flows_created = 0;  // serial of the next flow (for deterministic ids)

  std::vector<std::pair<SubscriptionId, std::function<void(const FlowEvent&)>>> subscribers;
  SubscriptionId next_subscription = 1;
};

}  // namespace ctsh::engine
