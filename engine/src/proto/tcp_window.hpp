// TCP window tracking (kernel tcp_in_window(), after Guido van Rooij's "Real Stateful TCP Packet
// Filtering in IP Filter"): per-direction sequence/ack bounds, their four checks and updates; the
// first-packet and re-SYN initialisations, the no-ACK and RST+ACK-0 cases, the window/end/maxack
// updates and the retransmission counter.
//
//   switch (tcp_in_window(state.tcp, direction, tcp_packet_class(flags), packet, settings)) { ... }
#pragma once

#include <cstdint>

#include "proto/tcp_options.hpp"
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

namespace tcp_window_detail {

inline constexpr std::uint32_t max_ack_window_floor = 66000;  // MAXACKWINCONST

inline std::uint32_t max_ack_window(const TcpDirectionState& sender) {
  return sender.td_maxwin > max_ack_window_floor ? sender.td_maxwin : max_ack_window_floor;
}

inline std::size_t index_of(Direction direction) { return static_cast<std::size_t>(direction); }

// A failed check's verdict: accepted anyway for a liberal sender.
inline WindowVerdict failed(const TcpDirectionState& sender, const TrackerSettings& settings,
                            WindowVerdict verdict) {
  if ((sender.flags & tcp_flag_be_liberal) || settings.tcp_be_liberal) return WindowVerdict::accept;
  return verdict;
}

// The first packet of a direction that is not a SYN (mid-stream pickup): take the data from it.
inline void init_sender_midstream(TcpDirectionState& sender, TcpDirectionState& receiver, std::uint32_t end,
                                  std::uint32_t window, std::uint32_t sack) {
  sender.td_end = end;
  const std::uint32_t scaled = window << sender.td_scale;
  sender.td_maxwin = scaled == 0 ? 1 : scaled;
  sender.td_maxend = end + sender.td_maxwin;
  if (receiver.td_maxwin == 0) {
    // Nothing seen the other way yet: open the receiver so that checks III and IV pass.
    receiver.td_end = sack;
    receiver.td_maxend = sack;
  } else if (sack == receiver.td_end + 1) {
    ++receiver.td_end;  // most likely the answer to a keep-alive
  }
}

inline void count_retransmission(TcpState& state, std::uint8_t direction, std::uint32_t seq, std::uint32_t ack,
                                 std::uint32_t end, std::uint16_t raw_window) {
  if (state.last_dir == direction && state.last_seq == seq && state.last_ack == ack && state.last_end == end &&
      state.last_win == raw_window) {
    ++state.retrans;
    return;
  }
  state.last_dir = direction;
  state.last_seq = seq;
  state.last_ack = ack;
  state.last_end = end;
  state.last_win = raw_window;
  state.retrans = 0;
}

}  // namespace tcp_window_detail

// Initialises the sending direction from a SYN or SYN/ACK (kernel tcp_init_sender()); window scaling
// stays on only when both SYNs carried the option.
inline void tcp_init_sender(TcpState& state, Direction direction, const ParsedPacket& packet, std::uint32_t end) {
  using namespace tcp_window_detail;
  TcpDirectionState& sender = state.seen[index_of(direction)];
  TcpDirectionState& receiver = state.seen[1 - index_of(direction)];
  sender.td_end = end;
  sender.td_maxend = end;
  sender.td_maxwin = packet.tcp_window == 0 ? 1u : packet.tcp_window;
  if (const auto options = read_syn_options(packet)) {
    sender.td_scale = options->scale;
    sender.flags = static_cast<std::uint8_t>((sender.flags & tcp_flag_be_liberal) | options->flags);
  }
  const bool both_scale = (sender.flags & tcp_flag_window_scale) && (receiver.flags & tcp_flag_window_scale);
  if (direction == Direction::reply && !both_scale) {
    sender.td_scale = 0;
    receiver.td_scale = 0;
  }
}

// Checks the segment against both directions' windows and updates them when it passes. Failures
// are accepted when the sender is BE_LIBERAL or settings.tcp_be_liberal is set. Inlined into the TCP
// tracker, which runs it for every segment.
[[gnu::always_inline]] inline WindowVerdict tcp_in_window(TcpState& state, Direction direction,
                                                          TcpPacketClass packet_class, const ParsedPacket& packet,
                                                          const TrackerSettings& settings) {
  using namespace tcp_window_detail;
  TcpDirectionState& sender = state.seen[index_of(direction)];
  TcpDirectionState& receiver = state.seen[1 - index_of(direction)];
  const bool syn = packet.tcp_flags & tcp_syn;
  const bool has_ack = packet.tcp_flags & tcp_ack;
  const bool rst = packet.tcp_flags & tcp_rst;
  std::uint32_t seq = packet.tcp_seq;
  std::uint32_t ack = packet.tcp_ack;
  std::uint32_t sack = ack;
  std::uint32_t window = packet.tcp_window;
  std::uint32_t end = tcp_segment_end(packet);
  if (receiver.flags & tcp_flag_sack_perm) sack = highest_sack_edge(packet, sack);

  if (sender.td_maxwin == 0) {
    if (syn) {
      tcp_init_sender(state, direction, packet, end);
      if (!has_ack) return WindowVerdict::accept;  // simultaneous open
    } else {
      init_sender_midstream(sender, receiver, end, window, sack);
    }
  } else if (syn && seq_after(end, sender.td_end) &&
             (state.state == tcp_syn_sent || state.state == tcp_syn_recv)) {
    // A new SYN with higher sequence numbers (RFC 793 re-initialisation): start this side again.
    tcp_init_sender(state, direction, packet, end);
    if (direction == Direction::reply && !has_ack) return WindowVerdict::accept;
  }

  if (!has_ack || (rst && ack == 0)) {
    ack = receiver.td_end;  // no ACK (or a broken RST+ACK 0): pretend it acknowledges everything
    sack = ack;
  }
  if (rst && seq == 0 && state.state == tcp_syn_sent) {
    seq = sender.td_end;  // RST answering a SYN
    end = seq;
  }

  // I. Upper bound for valid data: seq <= sender.td_maxend.
  if (!seq_before(seq, sender.td_maxend + 1)) {
    const std::uint32_t overshot = end - sender.td_maxend + 1;
    const bool ack_ok = seq_after(sack, receiver.td_end - max_ack_window(sender) - 1);
    const bool in_receive_window =
        receiver.td_maxwin != 0 && seq_after(end, sender.td_end - receiver.td_maxwin - 1);
    if (in_receive_window && ack_ok && overshot <= receiver.td_maxwin && seq_before(sack, receiver.td_end + 1)) {
      // The sender overran the receive window: remember the data so that its ACK stays valid.
      sender.td_end = end;
      sender.flags |= tcp_flag_data_unacknowledged;
      return failed(sender, settings, WindowVerdict::ignore);
    }
    return failed(sender, settings, WindowVerdict::invalid);
  }
  // III. Upper bound for valid (s)ack: sack <= receiver.td_end.
  if (!seq_before(sack, receiver.td_end + 1)) return failed(sender, settings, WindowVerdict::invalid);
  // II. Lower bound for valid data: end >= sender.td_end - receiver.td_maxwin.
  if (receiver.td_maxwin != 0 && !seq_after(end, sender.td_end - receiver.td_maxwin - 1)) {
    return failed(sender, settings, WindowVerdict::ignore);
  }
  // IV. Lower bound for valid (s)ack: sack >= receiver.td_end - MAXACKWINDOW.
  if (!seq_after(sack, receiver.td_end - max_ack_window(sender) - 1)) {
    return failed(sender, settings, WindowVerdict::ignore);
  }

  if (!syn) window <<= sender.td_scale;
  const std::uint32_t sender_window = window + (sack - ack);
  if (sender.td_maxwin < sender_window) sender.td_maxwin = sender_window;
  if (seq_after(end, sender.td_end)) {
    sender.td_end = end;
    sender.flags |= tcp_flag_data_unacknowledged;
  }
  if (has_ack) {
    if (!(sender.flags & tcp_flag_maxack_set)) {
      sender.td_maxack = ack;
      sender.flags |= tcp_flag_maxack_set;
    } else if (seq_after(ack, sender.td_maxack)) {
      sender.td_maxack = ack;
    }
  }

  if (receiver.td_maxwin != 0 && seq_after(end, sender.td_maxend)) receiver.td_maxwin += end - sender.td_maxend;
  if (seq_after(sack + window, receiver.td_maxend - 1)) {
    receiver.td_maxend = sack + window;
    if (window == 0) ++receiver.td_maxend;
  }
  if (ack == receiver.td_end) receiver.flags &= static_cast<std::uint8_t>(~tcp_flag_data_unacknowledged);

  if (packet_class == tcp_class_ack) {
    count_retransmission(state, static_cast<std::uint8_t>(direction), seq, ack, end, packet.tcp_window);
  }
  return WindowVerdict::accept;
}

}  // namespace ctsh::engine
