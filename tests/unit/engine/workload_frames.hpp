// Test helper for the workload tests: every frame of a workload drained into a list (bytes and time),
// and the few header fields the tests look at (Ethernet + IPv4 without options, as the workloads send).
#pragma once

#include <cstdint>
#include <vector>

#include "ctsh/engine/workload.hpp"

namespace ctsh::engine::test {

struct GeneratedFrame {
  std::vector<std::uint8_t> bytes;
  std::uint64_t time_ns = 0;
  bool operator==(const GeneratedFrame&) const = default;
};

inline std::vector<GeneratedFrame> all_frames(const WorkloadSpec& spec) {
  WorkloadGenerator generator(spec);
  std::vector<GeneratedFrame> frames;
  for (auto batch = generator.next_batch(); !batch.empty(); batch = generator.next_batch()) {
    for (const Frame& frame : batch) frames.push_back({{frame.data, frame.data + frame.length}, frame.time_ns});
  }
  return frames;
}

// Header fields of an Ethernet/IPv4 frame.
struct Headers {
  std::uint8_t protocol = 0;
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint8_t tcp_flags = 0;
};

inline Headers headers_of(const std::vector<std::uint8_t>& b) {
  const auto u16 = [&](std::size_t at) { return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]); };
  const auto u32 = [&](std::size_t at) { return std::uint32_t{u16(at)} << 16 | u16(at + 2); };
  constexpr std::size_t ip = 14, l4 = 34;
  Headers h;
  h.protocol = b[ip + 9];
  h.src = u32(ip + 12);
  h.dst = u32(ip + 16);
  h.sport = u16(l4);
  h.dport = u16(l4 + 2);
  if (h.protocol == 6) h.tcp_flags = b[l4 + 13];
  return h;
}

}  // namespace ctsh::engine::test
