// Entry, EntryState and EntryRecord: one tracked connection in the flow table, 32 + 64 + 16 bytes in
// three pools at the same 32-bit index.
//
// Only the original tuple's addresses are stored (IPv6 ones in a side pool at the same index); the
// reply tuple is their inversion, with the reply ports kept so that ICMP's inverted type needs no
// special case on lookup. Both directions are linked into the hash index (next[0], next[1]), as the
// kernel links both tuplehashes. Plain data: pools copy entries with memcpy and snapshots write them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/ticks.hpp"
#include "proto/tracker.hpp"

namespace ctsh::engine {

inline constexpr std::uint32_t nil_index = 0xFFFFFFFFu;

enum EntryFlag : std::uint8_t {
  entry_ipv6 = 1u << 0,
  entry_live = 1u << 1,  // in use (free entries have it clear)
  entry_helper_shift = 2, // bits 2-3: HelperKind
  entry_helper_mask = 3u << 2,
};

// The part a lookup reads (key, status, chain links, deadline): 32 bytes, two to a cache line, so
// that walking a chain costs one line per entry.
struct Entry {
  std::uint32_t src4 = 0;  // IPv4 original source (IPv6: in the side pool)
  std::uint32_t dst4 = 0;
  std::uint16_t sport = 0;  // original tuple's ports (ICMP: id, type << 8 | code)
  std::uint16_t dport = 0;
  std::uint16_t reply_sport = 0;  // reply tuple's ports
  std::uint16_t reply_dport = 0;
  std::uint8_t protocol = 0;
  std::uint8_t flags = 0;  // EntryFlag
  std::uint16_t status = 0;  // StatusBit
  std::uint32_t next[2] = {nil_index, nil_index};  // hash chain links: index << 1 | direction
  Tick deadline = 0;
};
static_assert(sizeof(Entry) == 32, "one lookup part per half cache line");
static_assert(std::is_trivially_copyable_v<Entry>);

// What a tracker reads and writes for every packet, in a pool beside the entries at the same index:
// the timer key and policy that a refresh reads, then the protocol state. One cache line exactly, so
// that tracking a TCP segment fetches one line of state, not the two an unaligned record straddles.
struct alignas(64) EntryState {
  Tick expiry_key = 0;  // when the timer wheel looks at this entry next (<= deadline)
  std::uint16_t policy = 0;  // timeout policy: 0 global, n = custom timeout rule n-1 of the family
  std::uint16_t wheel_slot = 0;
  ProtoState proto;
};
static_assert(sizeof(EntryState) == 64, "one cache line of tracker state");
static_assert(std::is_trivially_copyable_v<EntryState>);

// The cold rest, in a third pool at the same index: the timer wheel's links (touched when an entry
// changes slot or expires) and the ids the views print.
struct EntryRecord {
  std::uint32_t wheel_prev = nil_index;
  std::uint32_t wheel_next = nil_index;
  std::uint32_t id = 0;
  std::uint32_t master_id = 0;  // id of the master connection of an expected one, else 0
};
static_assert(std::is_trivially_copyable_v<EntryRecord>);
static_assert(sizeof(Entry) + sizeof(EntryState) + sizeof(EntryRecord) == 112,
              "memory target: entry parts + bucket within 128 bytes");

struct Ipv6Addresses {
  std::array<std::uint8_t, 16> src{};
  std::array<std::uint8_t, 16> dst{};
};

}  // namespace ctsh::engine
