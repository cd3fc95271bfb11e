// The fuzz target's input format, shared by the target and the seed generator:
//
//   byte 0        link type (index into fuzz_link_types, modulo its size)
//   byte 1        settings bits (FuzzSetting)
//   then frames   [length high, length low, time step, interface] + length bytes (cut at end of input)
//
// A time step below 200 is that many milliseconds; 200 and above are (step - 199) * 10 s, so that
// timeouts run out. Interface 1 is "eth1" (named by the raw rules), 0 unknown.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ctsh/engine/conntrack_config.hpp"
#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/frame.hpp"

namespace ctsh::engine::fuzz {

inline constexpr LinkType fuzz_link_types[] = {LinkType::ethernet, LinkType::raw_ip,        LinkType::ipv4,
                                               LinkType::ipv6,     LinkType::null_loopback, LinkType::linux_sll,
                                               LinkType::linux_sll2};

enum FuzzSetting : std::uint8_t {
  setting_verify_checksums = 1u << 0,
  setting_small_table = 1u << 1,  // table-size 8, hash-size 4: early drop runs
  setting_ftp = 1u << 2,
  setting_tftp = 1u << 3,
  setting_notrack_dns = 1u << 4,   // raw prerouting: notrack udp to port 53 (ipv4 and ipv6)
  setting_drop_telnet = 1u << 5,   // raw prerouting: drop tcp to port 23 arriving on eth1
  setting_accounting = 1u << 6,
  setting_grow_midway = 1u << 7,   // apply a larger table and hash after half the frames
};

struct FuzzCase {
  ConntrackConfig config;
  EngineOptions options;
  std::vector<Frame> frames;  // pointing into the input; interfaces are 0 or 1 ("eth1")
};

// The configuration and frames an input stands for (times start at 1 s).
FuzzCase decode_fuzz_input(std::span<const std::uint8_t> input);

// The input that decodes to these frames (each frame `step` after the previous one).
struct SeedFrame {
  std::vector<std::uint8_t> bytes;
  std::uint8_t step = 10;
  std::uint8_t interface = 0;
};
std::vector<std::uint8_t> encode_fuzz_input(std::uint8_t link_index, std::uint8_t settings,
                                            const std::vector<SeedFrame>& frames);

}  // namespace ctsh::engine::fuzz
