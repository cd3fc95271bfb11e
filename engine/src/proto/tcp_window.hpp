// TCP window tracking (kernel tcp_in_window(), after Guido van Rooij's "Real Stateful TCP Packet
// Filtering in IP Filter"): per-direction sequence/ack bounds, their four checks and updates.
//
//   switch (tcp_in_window(state.tcp, direction, tcp_packet_class(flags), packet, settings)) { ... }
#pragma once

#include <cstdint>

#include "proto/tcp_state_table.hpp"
#include "proto/tracker.hpp"

namespace ctsh::engine {

enum class WindowVerdict : std::uint8_t {
  accept,   // in window: the state machine proceeds
  ignore,   // let through without changing the connection state or its timeout
  invalid,  // out of window: ct state INVALID
};

// seq + payload length + SYN + FIN (kernel segment_seq_plus_len()): the payload length the IP header
// announces (the kernel's skb length), also when a snaplen cut the capture short.
inline std::uint32_t tcp_segment_end(const ParsedPacket& packet) {
  const std::uint32_t payload =
      packet.l4_wire_length > packet.tcp_header_length ? packet.l4_wire_length - packet.tcp_header_length : 0;
  return packet.tcp_seq + payload + ((packet.tcp_flags & tcp_syn) ? 1u : 0u) + ((packet.tcp_flags & tcp_fin) ? 1u : 0u);
}

// Initialises the sending direction from a SYN or SYN/ACK (kernel tcp_init_sender()); window scaling
// stays on only when both SYNs carried the option.
void tcp_init_sender(TcpState& state, Direction direction, const ParsedPacket& packet, std::uint32_t end);

// Checks the segment against both directions' windows and updates them when it passes. Failures
// are accepted when the sender is BE_LIBERAL or settings.tcp_be_liberal is set.
WindowVerdict tcp_in_window(TcpState& state, Direction direction, TcpPacketClass packet_class,
                            const ParsedPacket& packet, const TrackerSettings& settings);

}  // namespace ctsh::engine
