// Engine time inside the table: u32 ticks of 4 ms (the kernel's jiffies at HZ=250), compared with
// wrap-around like the kernel's `(s32)(a - b)`. Deadlines are therefore valid up to 2^31 ticks
// (~99 days) ahead; longer timeouts are clamped to that (README lists it).
#pragma once

#include <cstdint>

namespace ctsh::engine {

using Tick = std::uint32_t;

inline constexpr std::uint64_t nanoseconds_per_tick = 4'000'000;  // HZ = 250
inline constexpr std::uint32_t ticks_per_second = 250;
inline constexpr Tick max_timeout_ticks = 0x7fffffffu;

constexpr Tick ticks_from_seconds(std::uint64_t seconds) {
  const std::uint64_t ticks = seconds * ticks_per_second;
  return ticks > max_timeout_ticks ? max_timeout_ticks : static_cast<Tick>(ticks);
}

constexpr Tick tick_of(std::uint64_t time_ns) { return static_cast<Tick>(time_ns / nanoseconds_per_tick); }

// True when `deadline` is at or before `now` (kernel nf_ct_is_expired()).
constexpr bool tick_reached(Tick deadline, Tick now) { return static_cast<std::int32_t>(deadline - now) <= 0; }

// Whole seconds left until `deadline`, truncated; 0 when reached.
constexpr std::uint32_t seconds_left(Tick deadline, Tick now) {
  const auto left = static_cast<std::int32_t>(deadline - now);
  return left <= 0 ? 0u : static_cast<std::uint32_t>(left) / ticks_per_second;
}

}  // namespace ctsh::engine
