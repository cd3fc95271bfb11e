// TCP option reading for conntrack: window scale and SACK-permitted from SYNs, the highest SACK
// right edge from ACKs. Reads only the option bytes of the header inside the captured l4 bytes.
//
//   if (auto options = read_syn_options(packet)) scale = options->scale;
//   std::uint32_t sack = highest_sack_edge(packet, packet.tcp_ack);
#pragma once

#include <cstdint>
#include <optional>

#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

inline constexpr std::uint8_t tcp_max_window_scale = 14;  // TCP_MAX_WSCALE

// Options of a SYN as conntrack keeps them: TcpDirectionFlag bits window_scale / sack_perm, and the
// scale (capped at 14; 0 without a window-scale option).
struct TcpSynOptions {
  std::uint8_t flags = 0;
  std::uint8_t scale = 0;
};

// The SYN options of the packet; nullopt when its header carries no option bytes (the kernel then
// leaves the direction's earlier flags and scale untouched).
std::optional<TcpSynOptions> read_syn_options(const ParsedPacket& packet);

// The highest right edge of the first well-formed SACK option's blocks if it is after `ack`, else `ack`.
std::uint32_t highest_sack_edge(const ParsedPacket& packet, std::uint32_t ack);

// Sequence-number order with wrap-around (kernel before()/after()).
constexpr bool seq_before(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }
constexpr bool seq_after(std::uint32_t a, std::uint32_t b) { return seq_before(b, a); }

}  // namespace ctsh::engine
