// The packet path (kernel nf_conntrack_in()): parse, raw rules, ICMP errors, lookup, protocol
// tracker, new entries with the table limit and early drop, refresh, helpers, accounting, events.
// Packets go in batches: all of a batch is parsed, then its lookups are resolved together (hash,
// fetch the buckets, walk the chains one step per round for all), before the packets are tracked
// one by one, so that cache misses overlap.
#include <algorithm>
#include <cstddef>

#include "core/engine_impl.hpp"
#include "core/tuple_hash.hpp"
#include "proto/icmp_classes.hpp"
#include "proto/trackers.hpp"
#include "proto/udp_track.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint32_t min_chain_length = 50;  // the kernel's MIN_CHAINLEN
constexpr std::uint32_t chain_length_spread = 30;  // MAX_CHAINLEN - MIN_CHAINLEN
constexpr std::uint32_t eviction_range = 8;  // NF_CT_EVICTION_RANGE

bool is_icmp(const ParsedPacket& packet) {
  return (packet.family == Family::ipv4 && packet.tuple.protocol == 1) ||
         (packet.family == Family::ipv6 && packet.tuple.protocol == 58);
}

bool from_frame(const ParsedPacket& packet, const Frame& frame) {
  return packet.l4 == nullptr || (packet.l4 >= frame.data && packet.l4 <= frame.data + frame.length);
}

PacketTuple inverted(const PacketTuple& tuple, Family family) {
  PacketTuple out = tuple;
  std::swap(out.src, out.dst);
  reply_ports(tuple, family, out.sport, out.dport);
  return out;
}

// Hash of the reply tuple of a packet's tuple, given the reply's ports.
std::uint32_t reply_hash_of(const ParsedPacket& packet, std::uint16_t reply_sport, std::uint16_t reply_dport) {
  return hash_tuple(packet.family == Family::ipv6, packet.tuple.dst.bytes.data(), packet.tuple.src.bytes.data(),
                    reply_sport, reply_dport, packet.tuple.protocol);
}

void count_state(EngineStats& counters, PacketVerdict& verdict, CtState state) {
  verdict.state = state;
  ++counters.packets_by_state[static_cast<std::size_t>(state)];
}

}  // namespace

void reply_ports(const PacketTuple& tuple, Family family, std::uint16_t& sport, std::uint16_t& dport) {
  const bool icmp = (family == Family::ipv4 && tuple.protocol == 1) || (family == Family::ipv6 && tuple.protocol == 58);
  if (!icmp) {
    sport = tuple.dport;
    dport = tuple.sport;
    return;
  }
  std::uint8_t inverted = 0;
  invert_icmp_type(family, static_cast<std::uint8_t>(tuple.dport >> 8), inverted);
  sport = tuple.sport;
  dport = static_cast<std::uint16_t>((inverted << 8) | (tuple.dport & 0xff));
}

void Engine::Impl::process(std::span<const Frame> frames, std::span<PacketVerdict> verdicts) {
  std::size_t start = 0;
  while (start < frames.size()) {
    const std::size_t parsed = parse_batch(frames.subspan(start, std::min(batch_size, frames.size() - start)));
    resolve_lookups(parsed);
    table.mark_lookups_resolved();
    for (std::size_t k = 0; k < parsed; ++k) {
      move_clock_to(frames[start + k].time_ns);
      ++counters.packets;
      // The verdict is built in a local: its byte stores could otherwise alias the table.
      PacketVerdict verdict;
      const ParsedPacket& packet = batch_packets[k];
      if (packet.status != ParseStatus::ok) [[unlikely]] {
        count_unparsed(packet, verdict);
      } else if (!raw[static_cast<std::size_t>(packet.family)].empty() || is_icmp(packet)) [[unlikely]] {
        track_packet(packet, batch_lookups[k], verdict);
      } else {
        track_resolved(packet, batch_lookups[k], verdict);
      }
      // Field by field: the trackers wrote each byte on its own, and one two-byte load of both would
      // wait for the stores to retire instead of taking each from its store (a stall per packet).
      verdicts[start + k].state = verdict.state;
      verdicts[start + k].flags = verdict.flags;
    }
    start += parsed;
  }
}

std::size_t Engine::Impl::parse_batch(std::span<const Frame> frames) {
  std::size_t count = 0;
  while (count < frames.size()) {
    const Frame& frame = frames[count];
    ParsedPacket& packet = batch_packets[count];
    bool in_frame = true;
    if (!parser.parse_common_case(frame, packet)) {
      parser.parse(frame, packet);
      in_frame = from_frame(packet, frame);
    }
    if (packet.status == ParseStatus::ok) {
      BatchLookup& lookup = batch_lookups[count];
      lookup.hash = hash_tuple(packet.tuple, packet.family);
      lookup.bucket = table.bucket_for(lookup.hash);
      table.prefetch_bucket(lookup.bucket);
    }
    ++count;
    if (!in_frame) break;  // reassembled bytes live only until the next parse
  }
  return count;
}

void Engine::Impl::count_unparsed(const ParsedPacket& packet, PacketVerdict& verdict) {
  switch (packet.status) {
    case ParseStatus::not_ip:
      ++counters.not_ip;
      verdict.flags = verdict_skipped;
      return;
    case ParseStatus::fragment_held:
      verdict.flags = verdict_skipped;
      return;
    case ParseStatus::invalid:
      if (is_icmp(packet)) {
        ++counters.kernel.error;
      } else {
        ++counters.kernel.invalid;
      }
      count_state(counters, verdict, CtState::invalid);
      return;
    case ParseStatus::ok:
      return;
  }
}

// A lookup resolved ahead holds while the table did not change under it (clock, earlier packets). The
// common case, a live entry found ahead, is tracked here; the rest as track_with_hash() says.
void Engine::Impl::track_resolved(const ParsedPacket& packet, const BatchLookup& lookup, PacketVerdict& verdict) {
  const bool unchanged = table.lookup_unchanged(lookup.bucket);
  if (unchanged && lookup.match.found() && !tick_reached(table.entry(lookup.match.index).deadline, now())) {
    const std::uint32_t index = lookup.match.index;
    const bool kept = uses_udp_tracker(table.entry(index).protocol)
                          ? track_existing_udp(packet, index, lookup.match.direction, verdict)
                          : track_existing(packet, index, lookup.match.direction, verdict);
    if (!kept) track_with_hash(packet, lookup, verdict, nullptr, 1);  // killed for a re-open
    return;
  }
  if (unchanged && !lookup.match.found()) {
    track_new(packet, lookup, lookup.match.chain_length, verdict);  // a miss found ahead: a new flow
    return;
  }
  track_with_hash(packet, lookup, verdict, unchanged ? &lookup.match : nullptr);
}

void Engine::Impl::track_packet(const ParsedPacket& packet, const BatchLookup& lookup, PacketVerdict& verdict) {
  const auto family = static_cast<std::size_t>(packet.family);
  if (!raw[family].empty()) {
    switch (raw[family].classify(packet)) {
      case RawVerdict::track:
        break;
      case RawVerdict::notrack:
        count_state(counters, verdict, CtState::untracked);
        return;
      case RawVerdict::drop:
        ++counters.raw_dropped;
        verdict.flags = verdict_dropped;
        return;
      case RawVerdict::reject:
        ++counters.raw_rejected;
        verdict.flags = verdict_dropped;
        return;
    }
  }
  if (is_icmp(packet)) {
    switch (classify_icmp(packet)) {
      case IcmpClass::query:
        break;
      case IcmpClass::untracked:
        count_state(counters, verdict, CtState::untracked);
        return;
      case IcmpClass::invalid:
        ++counters.kernel.error;
        count_state(counters, verdict, CtState::invalid);
        return;
      case IcmpClass::error:
        track_icmp_error(packet, verdict);
        return;
    }
  }
  track_resolved(packet, lookup, verdict);
}

// The reply direction of a new flow is linked into a bucket anywhere in the index: fetch it early,
// and keep its hash for the link.
void Engine::Impl::prefetch_reply_bucket(const ParsedPacket& packet, BatchLookup& lookup) const {
  std::uint16_t reply_sport = 0;
  std::uint16_t reply_dport = 0;
  reply_ports(packet.tuple, packet.family, reply_sport, reply_dport);
  lookup.reply_hash = reply_hash_of(packet, reply_sport, reply_dport);
  lookup.reply_hash_known = true;
  table.prefetch_bucket_for_write(table.bucket_for(lookup.reply_hash));
}

// The lookups of a batch walked side by side: each round compares one entry per unresolved packet
// and starts fetching the next link of those that did not match, so that the misses of a round
// overlap. The state part of a matched entry is fetched at once.
void Engine::Impl::resolve_lookups(std::size_t count) {
  // Batch positions as 32-bit words: stores through a byte type may alias anything, and would make the
  // compiler reload the table's pointers after each one.
  std::uint32_t pending[batch_size];
  std::size_t unresolved = 0;
  for (std::size_t k = 0; k < count; ++k) {
    BatchLookup& lookup = batch_lookups[k];
    lookup.match = FlowMatch{};
    lookup.reply_hash_known = false;
    if (batch_packets[k].status != ParseStatus::ok) continue;
    lookup.key = FlowTable::key_of(batch_packets[k].tuple, batch_packets[k].family);
    lookup.link = table.bucket_head(lookup.bucket);
    table.prefetch_key_of(lookup.link);
    pending[unresolved++] = static_cast<std::uint32_t>(k);
  }
  // Round r compares the r+1-th link of each walk: a walk that reaches the end in round r has walked r
  // entries (chain_length, for chaintoolong; a hit does not need it).
  for (std::uint32_t round = 0; unresolved > 0; ++round) {
    std::size_t still = 0;
    for (std::size_t i = 0; i < unresolved; ++i) {
      const std::size_t k = pending[i];
      BatchLookup& lookup = batch_lookups[k];
      const std::uint32_t link = lookup.link;
      FlowMatch& match = lookup.match;
      if (link == nil_index) {
        // A miss, likely a new flow.
        match.chain_length = round;
        prefetch_reply_bucket(batch_packets[k], lookup);
        continue;
      }
      if (table.link_matches(link, lookup.key)) {
        match.index = link >> 1;
        match.direction = static_cast<Direction>(link & 1);
        table.prefetch_state_of(match.index);
        continue;
      }
      lookup.link = table.next_link(link);
      table.prefetch_key_of(lookup.link);
      pending[still++] = static_cast<std::uint32_t>(k);
    }
    unresolved = still;
  }
}

void Engine::Impl::track_with_hash(const ParsedPacket& packet, const BatchLookup& lookup, PacketVerdict& verdict,
                                   const FlowMatch* resolved, int attempt) {
  for (; attempt < 2; ++attempt) {
    FlowMatch match = (attempt == 0 && resolved) ? *resolved : table.find(packet.tuple, packet.family, lookup.hash);
    if (match.found() && tick_reached(table.entry(match.index).deadline, now())) {
      destroy(match.index, DestroyReason::expired);  // reaped inline, as the kernel's lookup does
      match = table.find(packet.tuple, packet.family, lookup.hash);
    }
    if (!match.found()) {
      track_new(packet, lookup, match.chain_length, verdict);
      return;
    }
    if (track_existing(packet, match.index, match.direction, verdict)) return;
    // The tracker asked for a fresh entry (TCP re-open): the old one is gone, go round once more.
  }
}

void Engine::Impl::refresh(std::uint32_t index, const PacketOutcome& outcome) {
  Entry& e = table.entry(index);
  if (e.status & status_fixed_timeout) return;
  e.deadline = now() + policies[table.state(index).policy][outcome.slot];
  if (static_cast<std::int32_t>(e.deadline - table.state(index).expiry_key) < 0) {
    table.wheel().remove(index);
    table.wheel().insert(index, e.deadline);
  }
}

template <typename Decide>
bool Engine::Impl::track_existing_with(const ParsedPacket& packet, std::uint32_t index, Direction direction,
                                       PacketVerdict& verdict, Decide&& decide) {
  Entry& e = table.entry(index);
  CtState state = CtState::established;
  if (direction == Direction::original && !(e.status & status_seen_reply)) {
    state = (e.status & status_expected) ? CtState::related : CtState::new_flow;
  }
  PacketOutcome outcome;
  decide(table.state(index), e.status, outcome);
  switch (outcome.verdict) {
    case TrackVerdict::repeat:
      destroy(index, DestroyReason::killed);
      return false;
    case TrackVerdict::drop:
      ++counters.kernel.drop;
      ++counters.kernel.invalid;
      verdict.flags = verdict_dropped;
      count_state(counters, verdict, CtState::invalid);
      return true;
    case TrackVerdict::invalid:
      if (outcome.refresh) refresh(index, outcome);
      ++counters.kernel.invalid;
      count_state(counters, verdict, CtState::invalid);
      return true;
    case TrackVerdict::accept:
      break;
  }
  if (outcome.refresh) refresh(index, outcome);
  if (direction == Direction::reply) verdict.flags |= verdict_reply;
  count_state(counters, verdict, state);
  account(index, direction, packet);
  // A helper's NF_DROP (nf_confirm) moves no counter.
  if ((e.flags & entry_helper_mask) && run_helper(index, packet, direction, state) == HelperVerdict::drop) {
    verdict.flags |= verdict_dropped;
  }
  if (outcome.kill) {
    // Killed by the tracker, before the kernel sets SEEN_REPLY: the DESTROY event shows [UNREPLIED].
    destroy(index, DestroyReason::killed);
    return true;
  }
  bool update = outcome.changed;
  if (direction == Direction::reply && !(e.status & status_seen_reply)) {
    e.status |= status_seen_reply;
    update = true;
  }
  if (update && !subscribers.empty()) emit(FlowEventType::update, index);
  return true;
}

bool Engine::Impl::track_existing_udp(const ParsedPacket& packet, std::uint32_t index, Direction direction,
                                      PacketVerdict& verdict) {
  return track_existing_with(packet, index, direction, verdict,
                             [&](EntryState& s, std::uint16_t& status, PacketOutcome& outcome) {
                               udp_track_packet(s.proto.udp, status, now(), outcome);  // udp_tracker_ops's
                             });
}

bool Engine::Impl::track_existing(const ParsedPacket& packet, std::uint32_t index, Direction direction,
                                  PacketVerdict& verdict) {
  if (uses_udp_tracker(table.entry(index).protocol)) return track_existing_udp(packet, index, direction, verdict);
  return track_existing_with(packet, index, direction, verdict,
                             [&](EntryState& s, std::uint16_t& status, PacketOutcome& outcome) {
                               const Entry& e = table.entry(index);
                               const TrackerInput input{packet, direction, now(), policies[s.policy], settings,
                                                        e.deadline};
                               tracker_for(e.protocol).track(s.proto, status, input, outcome);
                             });
}

// The kernel's order for a packet that finds no entry: allocate (table limit, early drop), consume a
// matching expectation, run the protocol tracker, run the helper (nf_confirm), then confirm (chain
// length check, insert). An entry that fails before confirmation was never in the table: no event.
void Engine::Impl::track_new(const ParsedPacket& packet, const BatchLookup& lookup, std::uint32_t chain_length,
                             PacketVerdict& verdict) {
  const std::uint32_t hash = lookup.hash;
  std::uint16_t reply_sport = 0;
  std::uint16_t reply_dport = 0;
  reply_ports(packet.tuple, packet.family, reply_sport, reply_dport);
  const std::uint32_t reply_hash =
      lookup.reply_hash_known ? lookup.reply_hash : reply_hash_of(packet, reply_sport, reply_dport);
  const std::uint32_t index = allocate_entry(hash);
  if (index == nil_index) {
    ++counters.kernel.drop;
    verdict.flags = verdict_dropped;
    return;
  }
  std::optional<Expectation> expected;
  if (!expectations.empty()) expected = expectations.take(packet.tuple, packet.family, now(), counters.kernel);
  const TrackerOps& ops = tracker_for(packet.tuple.protocol);
  const std::uint16_t policy = policy_for_new_flow(packet);
  const TrackerInput input{packet, Direction::original, now(), policies[policy], settings, now()};
  Entry& e = table.entry(index);
  EntryState& s = table.state(index);
  if (!ops.start(s.proto, input)) {
    table.release(index);
    ++counters.kernel.invalid;
    count_state(counters, verdict, CtState::invalid);
    return;
  }
  e.protocol = packet.tuple.protocol;
  e.sport = packet.tuple.sport;
  e.dport = packet.tuple.dport;
  e.reply_sport = reply_sport;
  e.reply_dport = reply_dport;
  if (packet.family == Family::ipv6) {
    e.flags |= entry_ipv6;
    table.ipv6(index).src = packet.tuple.src.bytes;
    table.ipv6(index).dst = packet.tuple.dst.bytes;
  } else {
    e.src4 = load32(packet.tuple.src.bytes.data());
    e.dst4 = load32(packet.tuple.dst.bytes.data());
  }
  s.policy = policy;
  HelperKind helper = HelperKind::none;
  if (expected) {
    e.status |= status_expected;
    table.record(index).master_id = table.record(expected->master).id;
  } else if (!config.modules.empty()) {
    helper = ConntrackHelpers::kind_for(packet.tuple, config.modules);
  }
  e.flags = static_cast<std::uint8_t>(e.flags | (static_cast<std::uint8_t>(helper) << entry_helper_shift));
  if (helper != HelperKind::none) e.status |= status_helper;

  PacketOutcome outcome;
  ops.track(s.proto, e.status, input, outcome);
  if (outcome.verdict != TrackVerdict::accept) {
    table.release(index);
    if (outcome.verdict == TrackVerdict::drop) {
      ++counters.kernel.drop;
      verdict.flags = verdict_dropped;
    }
    ++counters.kernel.invalid;
    count_state(counters, verdict, CtState::invalid);
    return;
  }
  const CtState state = expected ? CtState::related : CtState::new_flow;
  if ((e.flags & entry_helper_mask) && run_helper(index, packet, Direction::original, state) == HelperVerdict::drop) {
    discard_unconfirmed(index);
    verdict.flags = verdict_dropped;
    return;
  }
  if (chain_length > min_chain_length && chain_length > min_chain_length + hash % chain_length_spread) {
    discard_unconfirmed(index);
    ++counters.kernel.chaintoolong;
    ++counters.kernel.insert_failed;
    ++counters.kernel.drop;
    verdict.flags = verdict_dropped;
    return;
  }
  table.record(index).id = flow_id(flows_created++);
  e.status |= status_confirmed;
  table.link(index, hash, reply_hash);
  e.deadline = now() + policies[policy][outcome.slot];
  table.wheel().insert(index, e.deadline);
  ++counters.new_flows;
  counters.peak_entries = std::max<std::uint64_t>(counters.peak_entries, table.count());
  peak_since_restart = std::max<std::uint64_t>(peak_since_restart, table.count());
  count_state(counters, verdict, state);
  account(index, Direction::original, packet);
  if (!subscribers.empty()) emit(FlowEventType::new_flow, index);
  if (outcome.kill) destroy(index, DestroyReason::killed);
}

// An entry that never reached the table (helper drop, chain too long): its helper state and the
// expectations its helper just created go with it.
void Engine::Impl::discard_unconfirmed(std::uint32_t index) {
  if (table.entry(index).flags & entry_helper_mask) {
    helpers.forget(index);
    if (!expectations.empty()) expectations.remove_master(index, counters.kernel);
  }
  table.release(index);
}

void Engine::Impl::track_icmp_error(const ParsedPacket& packet, PacketVerdict& verdict) {
  if (packet.inner_valid) {
    const PacketTuple wanted = inverted(packet.inner, packet.family);
    const FlowMatch match = table.find(wanted, packet.family, hash_tuple(wanted, packet.family));
    if (match.found() && alive(match.index) &&
        table.tuple_of(match.index, match.direction).dst == packet.tuple.dst) {
      if (match.direction == Direction::reply) verdict.flags |= verdict_reply;
      count_state(counters, verdict, CtState::related);
      return;
    }
  }
  ++counters.kernel.error;
  count_state(counters, verdict, CtState::invalid);
}

std::uint32_t Engine::Impl::allocate_entry(std::uint32_t hash) {
  if (table.count() >= config.table_size && !early_drop(hash)) return nil_index;
  return table.allocate();
}

bool Engine::Impl::early_drop(std::uint32_t hash) {
  const std::uint32_t buckets = table.bucket_count();
  const std::uint32_t first = table.bucket_for(hash);
  // The 8 chains are independent: start fetching all their first entries before walking any.
  for (std::uint32_t step = 0; step < eviction_range; ++step) {
    table.prefetch_key_of(table.bucket_head((first + step) % buckets));
  }
  for (std::uint32_t step = 0; step < eviction_range; ++step) {
    const std::uint32_t bucket = (first + step) % buckets;
    std::uint64_t drops = 0;
    bool walked_all = false;
    while (!walked_all) {
      // Collect a bounded set of candidates, then delete them (deleting edits the chain being walked).
      std::uint32_t victims[64];
      std::size_t count = 0;
      walked_all = true;
      for (std::uint32_t link = table.bucket_head(bucket); link != nil_index;
           link = table.entry(link >> 1).next[link & 1]) {
        const std::uint32_t index = link >> 1;
        const Entry& e = table.entry(index);
        const bool expired = tick_reached(e.deadline, now());
        if (!expired && (e.status & status_assured)) continue;
        if (std::find(victims, victims + count, index) != victims + count) continue;
        if (count == std::size(victims)) {
          walked_all = false;
          break;
        }
        victims[count++] = index;
      }
      for (std::size_t i = 0; i < count; ++i) {
        if (tick_reached(table.entry(victims[i]).deadline, now())) {
          destroy(victims[i], DestroyReason::expired);
        } else {
          destroy(victims[i], DestroyReason::early_drop);
          ++drops;
        }
      }
    }
    if (drops > 0) {
      counters.kernel.early_drop += drops;
      return true;
    }
  }
  return table.count() < config.table_size;
}

void Engine::Impl::account(std::uint32_t index, Direction direction, const ParsedPacket& packet) {
  if (FlowCounters* counters_of_flow = table.counters(index)) {
    FlowCounters& c = counters_of_flow[static_cast<int>(direction)];
    ++c.packets;
    c.bytes += packet.ip_length;
  }
}

HelperVerdict Engine::Impl::run_helper(std::uint32_t index, const ParsedPacket& packet, Direction direction,
                                       CtState state) {
  const Entry& e = table.entry(index);
  const auto kind = static_cast<HelperKind>((e.flags & entry_helper_mask) >> entry_helper_shift);
  if (kind == HelperKind::none) return HelperVerdict::accept;
  const HelperFlow flow{index, table.family_of(index), table.tuple_of(index, Direction::original),
                        table.tuple_of(index, Direction::reply)};
  HelperContext context{flow, packet, direction, state, now(), expectations, counters.kernel, next_expectation_id};
  return helpers.inspect(kind, context);
}

}  // namespace ctsh::engine
