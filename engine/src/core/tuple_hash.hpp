// Hashing of packet tuples for the flow index: a seeded xorshift-multiply mix over the tuple's words
// (the kernel uses siphash with a boot-random key; ctsh's seed is fixed so replays are reproducible),
// and the kernel's reciprocal_scale() from a 32-bit hash to a bucket.
#pragma once

#include <cstdint>
#include <cstring>

#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

inline constexpr std::uint64_t tuple_hash_seed = 0x9e3779b97f4a7c15ull;

// A full 64-bit mix (every output bit depends on every input bit), for users that take low bits.
inline std::uint64_t mix64(std::uint64_t value) {
  value ^= value >> 32;
  value *= 0xd6e8feb86659fd93ull;
  value ^= value >> 32;
  value *= 0xd6e8feb86659fd93ull;
  value ^= value >> 32;
  return value;
}

// hash_tuple()'s cheaper step per word: the high half folded into the low one, then an odd multiply
// (a bijection) that carries every bit upwards; hash_tuple() folds the last product's high half into
// the 32 bits it returns, whose high bits pick the bucket.
inline std::uint64_t mix_step(std::uint64_t value) {
  value ^= value >> 32;
  return value * 0xd6e8feb86659fd93ull;
}

inline std::uint16_t load16(const std::uint8_t* bytes) {
  std::uint16_t value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

inline std::uint32_t load32(const std::uint8_t* bytes) {
  std::uint32_t value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

inline std::uint64_t load64(const std::uint8_t* bytes) {
  std::uint64_t value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

// Hash of a tuple given as raw fields (src/dst point at 4 or 16 address bytes).
inline std::uint32_t hash_tuple(bool ipv6, const std::uint8_t* src, const std::uint8_t* dst, std::uint16_t sport,
                                std::uint16_t dport, std::uint8_t protocol) {
  const std::uint64_t ports = (std::uint64_t{sport} << 48) | (std::uint64_t{dport} << 32) |
                              (std::uint64_t{protocol} << 8) | (ipv6 ? 1u : 0u);
  // The ports word is mixed before an address word is folded in: XORing the two raw words let port
  // bits cancel address bits (10.0.0.x:p and 10.0.0.y:q collided whenever x ^ y matched p's high
  // byte), so structured traffic built chains of dozens of entries and hit chaintoolong.
  std::uint64_t h = mix_step(tuple_hash_seed ^ ports);
  if (!ipv6) {
    h = mix_step(h ^ ((std::uint64_t{load32(src)} << 32) | load32(dst)));
  } else {
    h = mix_step(h ^ load64(src));
    h = mix_step(h ^ load64(src + 8));
    h = mix_step(h ^ load64(dst));
    h = mix_step(h ^ load64(dst + 8));
  }
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

inline std::uint32_t hash_tuple(const PacketTuple& tuple, Family family) {
  return hash_tuple(family == Family::ipv6, tuple.src.bytes.data(), tuple.dst.bytes.data(), tuple.sport,
                    tuple.dport, tuple.protocol);
}

// The kernel's reciprocal_scale(): ((u64)hash * buckets) >> 32.
inline std::uint32_t bucket_of(std::uint32_t hash, std::uint32_t buckets) {
  return static_cast<std::uint32_t>((std::uint64_t{hash} * buckets) >> 32);
}

}  // namespace ctsh::engine
