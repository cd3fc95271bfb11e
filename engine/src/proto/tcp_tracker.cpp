// TCP tracking (kernel nf_conntrack_proto_tcp.c): flag checks, new connections from SYN or (loose) a
// mid-stream ACK, the state table with its post-table rules (re-open, ignored packets and resync,
// challenge ACKs, simultaneous open, RST checks), window tracking, ASSURED and the timeout choice.
#include <array>

#include "ctsh/engine/flow.hpp"
#include "proto/tcp_options.hpp"
#include "proto/tcp_state_table.hpp"
#include "proto/tcp_window.hpp"
#include "proto/trackers.hpp"

namespace ctsh::engine {
namespace {

constexpr std::size_t tcp_base_header_length = 20;
constexpr Tick invalid_answer_floor = 120 * ticks_per_second;  // nf_tcp_handle_invalid()'s 120 s

// tcp_valid_flags[]: combinations of FIN/SYN/RST/ACK/URG allowed once ECE, CWR and PSH are masked.
constexpr std::array<bool, 0x40> make_valid_flags() {
  std::array<bool, 0x40> valid{};
  for (const int flags : {+tcp_syn, tcp_syn | tcp_urg, tcp_syn | tcp_ack, +tcp_rst, tcp_rst | tcp_ack,
                          tcp_fin | tcp_ack, tcp_fin | tcp_ack | tcp_urg, +tcp_ack, tcp_ack | tcp_urg}) {
    valid[static_cast<std::size_t>(flags)] = true;
  }
  return valid;
}
constexpr std::array<bool, 0x40> valid_flags = make_valid_flags();

// tcp_error(): a header that does not fit, or a flag combination no stack sends.
bool malformed(const ParsedPacket& packet) {
  if (packet.l4 == nullptr || packet.tcp_header_length < tcp_base_header_length ||
      packet.tcp_header_length > packet.l4_length) {
    return true;
  }
  return !valid_flags[packet.tcp_flags & ~(tcp_ecn | tcp_cwr | tcp_psh) & 0x3f];
}

TimeoutSlot slot_of(std::uint8_t tcp_state) {
  if (tcp_state == tcp_none) return TimeoutSlot::tcp_syn_sent;  // the kernel's timeouts[0]
  return static_cast<TimeoutSlot>(static_cast<std::uint8_t>(TimeoutSlot::tcp_syn_sent) + tcp_state - 1);
}

std::uint8_t other(std::uint8_t direction) { return static_cast<std::uint8_t>(direction ^ 1u); }

bool tcp_start(ProtoState& proto, const TrackerInput& input) {
  const ParsedPacket& packet = input.packet;
  if (malformed(packet)) return false;
  const std::uint8_t first = tcp_transitions[0][tcp_packet_class(packet.tcp_flags)][tcp_none];
  if (first == tcp_syn_sent) {
    proto.tcp = TcpState{};
    TcpDirectionState& original = proto.tcp.seen[0];
    original.td_end = tcp_segment_end(packet);
    original.td_maxend = original.td_end;
    original.td_maxwin = packet.tcp_window == 0 ? 1u : packet.tcp_window;
    if (const auto options = read_syn_options(packet)) {
      original.td_scale = options->scale;
      original.flags = options->flags;
    }
  } else if (first == tcp_established && input.settings.tcp_loose) {
    // Mid-stream pickup: the history is lost, take what the packet tells and be liberal both ways.
    proto.tcp = TcpState{};
    TcpDirectionState& original = proto.tcp.seen[0];
    original.td_end = tcp_segment_end(packet);
    original.td_maxwin = packet.tcp_window == 0 ? 1u : packet.tcp_window;
    original.td_maxend = original.td_end + original.td_maxwin;
    original.flags = tcp_flag_sack_perm | tcp_flag_be_liberal;
    proto.tcp.seen[1].flags = tcp_flag_sack_perm | tcp_flag_be_liberal;
  } else {
    return false;
  }
  proto.tcp.last_index = tcp_class_none;
  return true;
}

// An ignored packet (sIG, or a SYN that may not re-open): remember it so that the answer can
// resynchronise us, as the kernel does.
void remember_ignored(TcpState& s, std::uint8_t direction, TcpPacketClass packet_class, std::uint8_t old_state,
                      const ParsedPacket& packet) {
  s.last_index = packet_class;
  s.last_dir = direction;
  s.last_seq = packet.tcp_seq;
  s.last_end = tcp_segment_end(packet);
  s.last_win = packet.tcp_window;
  if (packet_class == tcp_class_syn && direction == 0) {
    s.last_flags = 0;
    s.last_wscale = 0;
    if (const auto options = read_syn_options(packet)) {
      if (options->flags & tcp_flag_window_scale) {
        s.last_flags |= tcp_flag_window_scale;
        s.last_wscale = options->scale;
      }
      if (options->flags & tcp_flag_sack_perm) s.last_flags |= tcp_flag_sack_perm;
    }
    // A SYN in LAST_ACK may draw an RFC 5961 challenge ACK that must not close the connection.
    if (old_state == tcp_last_ack) s.last_flags |= tcp_flag_challenge_ack;
  }
  if (old_state == tcp_syn_sent && packet_class == tcp_class_ack && direction == 1) s.last_ack = packet.tcp_ack;
}

// The SYN/ACK answers a SYN we ignored: client and server are in sync, we take over the SYN's data.
bool resynchronises(const TcpState& s, std::uint8_t direction, TcpPacketClass packet_class,
                    const ParsedPacket& packet) {
  return packet_class == tcp_class_synack && s.last_index == tcp_class_syn && s.last_dir != direction &&
         packet.tcp_ack == s.last_end;
}

void resynchronise(TcpState& s, std::uint8_t direction) {
  TcpDirectionState& syn_side = s.seen[s.last_dir];
  syn_side.td_end = s.last_end;
  syn_side.td_maxend = s.last_end;
  syn_side.td_maxwin = s.last_win == 0 ? 1u : s.last_win;
  syn_side.td_scale = s.last_wscale;
  s.last_flags &= static_cast<std::uint8_t>(~tcp_flag_challenge_ack);
  syn_side.flags = s.last_flags;
  TcpDirectionState& answering = s.seen[direction];
  const std::uint8_t liberal = answering.flags & tcp_flag_be_liberal;
  answering = TcpDirectionState{};
  answering.flags = liberal;
}

bool closing(std::uint8_t tcp_state) {  // kernel tcp_can_early_drop()
  return tcp_state == tcp_fin_wait || tcp_state == tcp_close_wait || tcp_state == tcp_last_ack ||
         tcp_state == tcp_time_wait || tcp_state == tcp_close;
}

enum class ResetCheck : std::uint8_t { invalid, check_window, skip_window };

// What check_reset() decided, and whether the connection stays in its old state (returned, not written
// through a reference: a state whose address escapes lives on the stack of the tracker's hot path).
struct ResetDecision {
  ResetCheck check = ResetCheck::check_window;
  bool stay = false;
};

// An RST moving the connection to CLOSE: its sequence number against what the other side acked.
ResetDecision check_reset(const TcpState& s, std::uint16_t status, std::uint8_t direction, const ParsedPacket& packet,
                          const TrackerSettings& settings, std::uint8_t old_state) {
  if (closing(s.state)) return {ResetCheck::skip_window};  // the tuple may be reused already
  const bool established = s.state == tcp_established && (status & status_assured);
  const TcpDirectionState& receiver = s.seen[other(direction)];
  const std::uint32_t seq = packet.tcp_seq;
  bool stay = false;
  if ((receiver.flags & tcp_flag_maxack_set) && s.last_index != tcp_class_syn) {
    if (seq == 0 && !established) return {ResetCheck::check_window};  // answers a SYN we let through
    if (seq_before(seq, receiver.td_maxack) && !settings.tcp_ignore_invalid_rst) return {ResetCheck::invalid};
    if (!established || seq == receiver.td_maxack) return {ResetCheck::check_window};
    if (s.last_index == tcp_class_ack && s.last_dir == direction && seq == s.last_end) {
      return {ResetCheck::check_window};  // the RST ends a train of data in this direction
    }
    stay = true;  // inexact sequence number: stay for a possible challenge ACK
  }
  const bool answers_ignored = ((status & status_seen_reply) && s.last_index == tcp_class_syn) ||
                               (!(status & status_assured) && s.last_index == tcp_class_ack);
  if (answers_ignored && packet.tcp_ack == s.last_end) return {ResetCheck::skip_window, stay};
  if (old_state == tcp_syn_sent && s.last_index == tcp_class_ack && s.last_dir == 1 && seq == s.last_ack) {
    return {ResetCheck::skip_window, stay};  // answers a challenge ACK we let through
  }
  return {ResetCheck::check_window, stay};
}

// nf_tcp_handle_invalid(): an out-of-window FIN/RST answering the other side's FIN/RST on an
// ASSURED connection lowers a long remaining timeout to UNACK.
void handle_invalid(TcpState& s, std::uint16_t status, std::uint8_t direction, TcpPacketClass packet_class,
                    const TrackerInput& input, PacketOutcome& outcome) {
  if (!(status & status_assured) || (status & status_fixed_timeout)) return;
  if (packet_class != tcp_class_rst && packet_class != tcp_class_fin) return;
  if (s.last_dir != direction && (s.last_index == tcp_class_fin || s.last_index == tcp_class_rst)) {
    const auto left = static_cast<std::int32_t>(input.deadline - input.now);
    const Tick expires = left > 0 ? static_cast<Tick>(left) : 0;
    if (expires < invalid_answer_floor) return;
    if (expires > input.timeouts[TimeoutSlot::tcp_unack]) {
      outcome.refresh = true;
      outcome.slot = TimeoutSlot::tcp_unack;
    }
  } else {
    s.last_index = packet_class;
    s.last_dir = direction;
  }
}

TimeoutSlot choose_timeout(const TcpState& s, std::uint8_t new_state, bool rst, const TrackerInput& input) {
  const TimeoutPolicy& t = input.timeouts;
  const TimeoutSlot state_slot = slot_of(new_state);
  if (s.retrans >= input.settings.tcp_max_retrans && t[state_slot] > t[TimeoutSlot::tcp_retrans]) {
    return TimeoutSlot::tcp_retrans;
  }
  if (rst) return TimeoutSlot::tcp_close;
  if (((s.seen[0].flags | s.seen[1].flags) & tcp_flag_data_unacknowledged) &&
      t[state_slot] > t[TimeoutSlot::tcp_unack]) {
    return TimeoutSlot::tcp_unack;
  }
  if (s.last_win == 0 && t[state_slot] > t[TimeoutSlot::tcp_retrans]) return TimeoutSlot::tcp_retrans;
  return state_slot;
}

void tcp_track(ProtoState& proto, std::uint16_t& status, const TrackerInput& input, PacketOutcome& outcome) {
  const ParsedPacket& packet = input.packet;
  if (malformed(packet) || proto.tcp.state >= tcp_state_count) {
    outcome.verdict = TrackVerdict::invalid;
    return;
  }
  TcpState& s = proto.tcp;
  const auto direction = static_cast<std::uint8_t>(input.direction);
  const TcpPacketClass packet_class = tcp_packet_class(packet.tcp_flags);
  std::uint8_t old_state = s.state;
  std::uint8_t new_state = tcp_transitions[direction][packet_class][old_state];
  bool check_window = true;

  switch (new_state) {
    case tcp_syn_sent:
      if (old_state < tcp_time_wait) break;
      // A SYN re-opening a closed or aborted connection: a fresh entry takes it.
      if (((s.seen[0].flags | s.seen[1].flags) & tcp_flag_close_init) ||
          (s.last_dir == direction && s.last_index == tcp_class_rst)) {
        outcome.verdict = TrackVerdict::repeat;
        return;
      }
      [[fallthrough]];
    case tcp_ignore:
      if (resynchronises(s, direction, packet_class, packet)) {
        resynchronise(s, direction);
        old_state = tcp_syn_sent;
        new_state = tcp_syn_recv;
        break;
      }
      remember_ignored(s, direction, packet_class, old_state, packet);
      return;  // accepted, state and timeout untouched
    case tcp_invalid:
      outcome.verdict = TrackVerdict::invalid;
      return;
    case tcp_time_wait:
      if (old_state == tcp_last_ack && packet_class == tcp_class_ack && s.last_dir != direction &&
          s.last_index == tcp_class_syn && (s.last_flags & tcp_flag_challenge_ack)) {
        s.last_flags &= static_cast<std::uint8_t>(~tcp_flag_challenge_ack);
        return;  // RFC 5961 challenge ACK: it does not acknowledge our last FIN
      }
      break;
    case tcp_syn_sent2:
      s.last_flags |= tcp_flag_simultaneous_open;
      break;
    case tcp_syn_recv:
      if (direction == 1 && packet_class == tcp_class_ack && (s.last_flags & tcp_flag_simultaneous_open)) {
        new_state = tcp_established;
      }
      break;
    case tcp_close: {
      if (packet_class != tcp_class_rst) break;
      const ResetDecision decision = check_reset(s, status, direction, packet, input.settings, old_state);
      if (decision.stay) new_state = old_state;
      switch (decision.check) {
        case ResetCheck::invalid:
          outcome.verdict = TrackVerdict::invalid;
          return;
        case ResetCheck::skip_window:
          check_window = false;
          break;
        case ResetCheck::check_window:
          break;
      }
      break;
    }
    default:
      break;
  }

  if (check_window) {
    switch (tcp_in_window(s, input.direction, packet_class, packet, input.settings)) {
      case WindowVerdict::ignore:
        return;
      case WindowVerdict::invalid:
        handle_invalid(s, status, direction, packet_class, input, outcome);
        outcome.verdict = TrackVerdict::invalid;
        return;
      case WindowVerdict::accept:
        break;
    }
  }

  s.last_index = packet_class;
  s.last_dir = direction;
  s.state = new_state;
  if (old_state != new_state && new_state == tcp_fin_wait) s.seen[direction].flags |= tcp_flag_close_init;
  outcome.changed = old_state != new_state;

  const bool rst = packet.tcp_flags & tcp_rst;
  TimeoutSlot slot = choose_timeout(s, new_state, rst, input);
  if (!(status & status_seen_reply)) {
    if (rst) {
      outcome.kill = true;  // the only answer was a RST: no connection to keep
      return;
    }
    if (packet_class == tcp_class_syn && old_state == tcp_syn_sent) return;  // SYN retransmit
    if (new_state == tcp_established && input.timeouts[slot] > input.timeouts[TimeoutSlot::tcp_unack]) {
      slot = TimeoutSlot::tcp_unack;  // picked up mid-stream, no reply yet
    }
  } else if (!(status & status_assured) && (old_state == tcp_syn_recv || old_state == tcp_established) &&
             new_state == tcp_established) {
    status |= status_assured;
    outcome.changed = true;
  }
  outcome.refresh = true;
  outcome.slot = slot;
}

std::string_view tcp_state_name(const ProtoState& proto) {
  static constexpr std::string_view names[tcp_state_count] = {
      "NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE",
      "SYN_SENT2"};
  return proto.tcp.state < tcp_state_count ? names[proto.tcp.state] : std::string_view{};
}

}  // namespace

const TrackerOps tcp_tracker_ops{tcp_start, tcp_track, tcp_state_name};

}  // namespace ctsh::engine
