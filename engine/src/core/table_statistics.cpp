// Engine::table_statistics(): one pass over the entry pool that counts hash-chain lengths (from each
// link's bucket, recomputed from the entry's tuples, so the pass reads the pools in order instead of
// walking chains at random), entries per protocol and per TCP state, and the busiest original
// sources (IPv4 sources radix-sorted, IPv6 ones sorted, then counted in runs). The memory model of
// EngineStats::memory_bytes lives here too.
#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "core/engine_impl.hpp"
#include "proto/tcp_state_table.hpp"

namespace ctsh::engine {
namespace {

// Sorts 32-bit keys in two counting passes of 16 bits (a million keys in a few milliseconds, whatever
// their order or how many are equal).
void radix_sort(std::vector<std::uint32_t>& keys) {
  std::vector<std::uint32_t> scratch(keys.size());
  for (const int shift : {0, 16}) {
    std::vector<std::uint32_t> offsets(65537, 0);
    for (const std::uint32_t key : keys) ++offsets[((key >> shift) & 0xffff) + 1];
    for (std::size_t digit = 1; digit < offsets.size(); ++digit) offsets[digit] += offsets[digit - 1];
    for (const std::uint32_t key : keys) scratch[offsets[(key >> shift) & 0xffff]++] = key;
    keys.swap(scratch);
  }
}

// Keeps the `limit` sources with the most entries, most first, then by address.
class TopSources {
 public:
  explicit TopSources(std::size_t limit) : limit_(limit) {}

  void offer(const IpAddress& source, std::uint64_t entries) {
    if (limit_ == 0) return;
    if (kept_.size() == limit_ && !before(SourceCount{source, entries}, kept_.back())) return;
    const SourceCount candidate{source, entries};
    kept_.insert(std::upper_bound(kept_.begin(), kept_.end(), candidate, before), candidate);
    if (kept_.size() > limit_) kept_.pop_back();
  }

  std::vector<SourceCount> take() { return std::move(kept_); }

 private:
  static bool before(const SourceCount& a, const SourceCount& b) {
    return a.entries != b.entries ? a.entries > b.entries : a.source < b.source;
  }
  std::size_t limit_;
  std::vector<SourceCount> kept_;
};

// Offers each run of equal keys in sorted `keys` as one source.
template <typename Key, typename ToAddress>
void count_runs(const std::vector<Key>& keys, TopSources& top, ToAddress to_address) {
  for (std::size_t start = 0; start < keys.size();) {
    std::size_t end = start + 1;
    while (end < keys.size() && keys[end] == keys[start]) ++end;
    top.offer(to_address(keys[start]), end - start);
    start = end;
  }
}

}  // namespace

EngineMemoryModel engine_memory_model() {
  return EngineMemoryModel{
      .entry = static_cast<std::uint32_t>(sizeof(Entry) + sizeof(EntryState) + sizeof(EntryRecord)),
      .ipv6 = static_cast<std::uint32_t>(sizeof(Ipv6Addresses)),
      .accounting = static_cast<std::uint32_t>(2 * sizeof(FlowCounters)),
      .bucket = static_cast<std::uint32_t>(sizeof(std::uint32_t)),
  };
}

TableStatistics Engine::table_statistics(std::size_t top_sources) const {
  const Impl& impl = *impl_;
  const FlowTable& table = impl.table;
  TableStatistics out;
  out.buckets = table.bucket_count();
  std::vector<std::uint32_t> chain_lengths(table.bucket_count(), 0);
  std::array<std::uint64_t, tcp_state_count> tcp_states{};
  std::vector<std::uint32_t> ipv4_sources;  // host byte order, so that sorting orders addresses
  std::vector<std::array<std::uint8_t, 16>> ipv6_sources;
  ipv4_sources.reserve(table.count());
  for (std::uint32_t index = 0; index < table.high_water(); ++index) {
    const Entry& e = table.entry(index);
    if (!(e.flags & entry_live)) continue;
    // Both links are in the index until the entry is reaped, expired or not: they make the chains.
    std::uint32_t original_hash, reply_hash;
    if (e.flags & entry_ipv6) {
      const Ipv6Addresses& a = table.ipv6(index);
      original_hash = hash_tuple(true, a.src.data(), a.dst.data(), e.sport, e.dport, e.protocol);
      reply_hash = hash_tuple(true, a.dst.data(), a.src.data(), e.reply_sport, e.reply_dport, e.protocol);
    } else {
      const auto* src = reinterpret_cast<const std::uint8_t*>(&e.src4);
      const auto* dst = reinterpret_cast<const std::uint8_t*>(&e.dst4);
      original_hash = hash_tuple(false, src, dst, e.sport, e.dport, e.protocol);
      reply_hash = hash_tuple(false, dst, src, e.reply_sport, e.reply_dport, e.protocol);
    }
    ++chain_lengths[table.bucket_for(original_hash)];
    ++chain_lengths[table.bucket_for(reply_hash)];
    out.links += 2;
    if (!impl.alive(index)) continue;
    ++out.entries;
    ++out.by_protocol[e.protocol];
    if (e.protocol == 6) {
      const std::uint8_t state = table.state(index).proto.tcp.state;
      if (state < tcp_state_count) ++tcp_states[state];
    }
    if (e.flags & entry_ipv6) {
      ipv6_sources.push_back(table.ipv6(index).src);
    } else {
      std::uint32_t address;
      std::memcpy(&address, &e.src4, sizeof address);
      ipv4_sources.push_back(ntohl(address));
    }
  }
  for (const std::uint32_t length : chain_lengths) {
    if (length == 0) continue;
    ++out.buckets_used;
    out.longest_chain = std::max<std::uint64_t>(out.longest_chain, length);
  }
  const TrackerOps& tcp = tracker_for(6);
  for (std::uint8_t state = 1; state < tcp_state_count; ++state) {
    ProtoState proto;
    proto.tcp.state = state;
    out.by_tcp_state.push_back({tcp.state_name(proto), tcp_states[state]});
  }
  TopSources top(top_sources);
  radix_sort(ipv4_sources);
  count_runs(ipv4_sources, top, [](std::uint32_t host_order) {
    IpAddress address;
    const std::uint32_t network_order = htonl(host_order);
    std::memcpy(address.bytes.data(), &network_order, sizeof network_order);
    return address;
  });
  std::sort(ipv6_sources.begin(), ipv6_sources.end());
  count_runs(ipv6_sources, top, [](const std::array<std::uint8_t, 16>& bytes) {
    return IpAddress{Family::ipv6, bytes};
  });
  out.top_sources = top.take();
  return out;
}

}  // namespace ctsh::engine
