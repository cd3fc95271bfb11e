// RandomStream: the workloads' deterministic random numbers (SplitMix64 over a 64-bit state the caller
// keeps, so that each connection slot carries its own stream in eight bytes). Integer arithmetic only:
// the same seed gives the same numbers on every machine.
//
//   std::uint64_t state = stream_seed(seed, slot);
//   RandomStream random(state);
//   const std::uint64_t rtt = random.between(10'000'000, 120'000'000);
#pragma once

#include <cstdint>

namespace ctsh::engine {

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t& state) : state_(state) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) (n > 0; the modulo bias is below 2^-40 for the ranges used here).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // Uniform in [low, high].
  std::uint64_t between(std::uint64_t low, std::uint64_t high) { return low + below(high - low + 1); }
  // True with probability per_mille / 1000.
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }

 private:
  std::uint64_t& state_;
};

// Where each workload's streams are numbered from, so that no two workloads share one.
inline constexpr std::uint64_t gateway_slot_streams = 0;           // one per connection slot
inline constexpr std::uint64_t gateway_port_streams = 1ull << 40;  // one per user
inline constexpr std::uint64_t syn_flood_stream = 2ull << 40;
inline constexpr std::uint64_t dns_query_stream = 3ull << 40;
inline constexpr std::uint64_t dns_port_streams = dns_query_stream + 1;  // one per client

// The starting state of stream `stream` of a workload seeded with `seed` (streams differ widely).
inline std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t state = seed ^ (stream * 0xd1342543de82ef95ull + 0x2545f4914f6cdd1dull);
  RandomStream mix(state);
  return mix.next();
}

}  // namespace ctsh::engine
