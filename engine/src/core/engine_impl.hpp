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
  std::uint16_t policy_for_new_flow(const ParsedPacket& packet) const {
    return timeout_rules[static_cast<std::size_t>(packet.family)].empty() ? 0 : custom_policy_for_new_flow(packet);
  }
  std::uint16_t custom_policy_for_new_flow(const ParsedPacket& packet) const;  // some custom timeout rule exists

  // --- packets (engine_packet.cpp)
  static constexpr std::size_t batch_size = 32;  // packets parsed, hashed and prefetched together
  // One packet's lookup in the batch being processed.
  struct BatchLookup {
    LookupKey key;
    std::uint32_t hash = 0;
    std::uint32_t bucket = 0;
    std::uint32_t link = nil_index;  // where an unresolved walk has got to
    std::uint32_t reply_hash = 0;    // the reply tuple's hash, when reply_hash_known (a miss: likely new)
    bool reply_hash_known = false;
    FlowMatch match;
  };
  void process(std::span<const Frame> frames, std::span<PacketVerdict> verdicts);
  [[gnu::always_inline]] inline void prefetch_reply_bucket(const ParsedPacket& packet, BatchLookup& lookup) const;
  // Parses frames into batch_packets, hashing each and fetching its bucket; returns how many were
  // taken (a reassembled packet ends the batch: its bytes live only until the next parse).
  std::size_t parse_batch(std::span<const Frame> frames);
  void resolve_lookups(std::size_t count);  // batch_lookups of batch_packets[0, count)
  // A packet that parsed: raw rules, ICMP errors, then track_resolved().
  void track_packet(const ParsedPacket& packet, const BatchLookup& lookup, PacketVerdict& verdict);
  // Tracking with the lookup resolved ahead (inline in the packet loop, engine_packet.cpp only).
  [[gnu::always_inline]] inline void track_resolved(const ParsedPacket& packet, const BatchLookup& lookup,
                                                    PacketVerdict& verdict);
  void count_unparsed(const ParsedPacket& packet, PacketVerdict& verdict);
  // `resolved`: the packet's lookup, if still valid (else the table is searched); `attempt` 1 when an
  // entry found ahead was just killed for a re-open.
  void track_with_hash(const ParsedPacket& packet, const BatchLookup& lookup, PacketVerdict& verdict,
                       const FlowMatch* resolved, int attempt = 0);
  // false when the entry was killed and the packet must be tracked again as new (TCP re-open).
  bool track_existing(const ParsedPacket& packet, std::uint32_t index, Direction direction, PacketVerdict& verdict);
  // track_existing() for a UDP or UDP-Lite entry, inline in the packet loop (engine_packet.cpp only).
  [[gnu::always_inline]] inline bool track_existing_udp(const ParsedPacket& packet, std::uint32_t index,
                                                        Direction direction, PacketVerdict& verdict);
  // What track_existing() does around the tracker's decision, `decide(state, status, outcome)`.
  template <typename Decide>
  [[gnu::always_inline]] inline bool track_existing_with(const ParsedPacket& packet, std::uint32_t index,
                                                         Direction direction, PacketVerdict& verdict, Decide&& decide);
  void track_icmp_error(const ParsedPacket& packet, PacketVerdict& verdict);
  void track_new(const ParsedPacket& packet, const BatchLookup& lookup, std::uint32_t chain_length,
                 PacketVerdict& verdict);
  HelperVerdict run_helper(std::uint32_t index, const ParsedPacket& packet, Direction direction, CtState state);
  std::uint32_t allocate_entry(std::uint32_t hash);
  void discard_unconfirmed(std::uint32_t index);
  bool early_drop(std::uint32_t hash);
  [[gnu::always_inline]] inline void refresh(std::uint32_t index, const PacketOutcome& outcome);  // engine_packet.cpp only
  void account(std::uint32_t index, Direction direction, const ParsedPacket& packet);

  // --- loading saved entries (engine_insert.cpp)
  std::expected<void, InsertRefusal> insert(const FlowView& flow);

  // --- time (engine.cpp)
  void move_clock_to(std::uint64_t time_ns) {  // inline: the packet loop calls it for every packet
    if (clock_started && time_ns <= clock_ns) return;
    start_or_advance_clock(time_ns);
  }
  void start_or_advance_clock(std::uint64_t time_ns);
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
  BatchLookup batch_lookups[batch_size];

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
