// Protocol trackers: the per-protocol part of conntrack (kernel nf_conntrack_proto_*.c), plugged in
// through a constexpr table of functions (no virtual call per packet).
//
//   const TrackerOps& ops = tracker_for(packet.tuple.protocol);
//   if (!ops.start(entry.proto, input)) ...           // first packet: may it create a flow?
//   PacketOutcome out;  ops.track(entry.proto, entry.status, input, out);
//
// A tracker only decides: the core refreshes the deadline, sets SEEN_REPLY, sends events and kills.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/ticks.hpp"
#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

enum class Direction : std::uint8_t { original = 0, reply = 1 };

// Every timeout a tracker can choose; the core turns a slot into ticks through the flow's policy.
enum class TimeoutSlot : std::uint8_t {
  tcp_syn_sent, tcp_syn_recv, tcp_established, tcp_fin_wait, tcp_close_wait, tcp_last_ack,
  tcp_time_wait, tcp_close, tcp_syn_sent2, tcp_retrans, tcp_unack,
  udp_unreplied, udp_replied,
  icmp, generic,
  sctp_closed, sctp_cookie_wait, sctp_cookie_echoed, sctp_established, sctp_shutdown_sent,
  sctp_shutdown_recd, sctp_shutdown_ack_sent, sctp_heartbeat_sent,
  gre_unreplied, gre_stream,
  count
};
inline constexpr std::size_t timeout_slot_count = static_cast<std::size_t>(TimeoutSlot::count);

// Timeouts of one flow, in ticks, by slot (the global ones, or a custom timeout rule's merged over them).
struct TimeoutPolicy {
  std::array<Tick, timeout_slot_count> ticks{};
  Tick operator[](TimeoutSlot slot) const { return ticks[static_cast<std::size_t>(slot)]; }
};

struct TrackerSettings {
  bool tcp_loose = true;               // nf_conntrack_tcp_loose
  std::uint32_t tcp_max_retrans = 3;   // nf_conntrack_tcp_max_retrans
  bool tcp_be_liberal = false;         // nf_conntrack_tcp_be_liberal (not configurable: kernel default)
  bool tcp_ignore_invalid_rst = false; // nf_conntrack_tcp_ignore_invalid_rst (kernel default)
};

// Bits of TcpDirectionState::flags (kernel IP_CT_TCP_FLAG_*); the last two are only used in
// TcpState::last_flags.
enum TcpDirectionFlag : std::uint8_t {
  tcp_flag_window_scale = 0x01,
  tcp_flag_sack_perm = 0x02,
  tcp_flag_close_init = 0x04,
  tcp_flag_be_liberal = 0x08,
  tcp_flag_data_unacknowledged = 0x10,
  tcp_flag_maxack_set = 0x20,
  tcp_flag_challenge_ack = 0x40,     // IP_CT_EXP_CHALLENGE_ACK
  tcp_flag_simultaneous_open = 0x80, // IP_CT_TCP_SIMULTANEOUS_OPEN
};

// TCP per-direction window state (kernel struct ip_ct_tcp_state), packed: its 18 bytes without the
// 2 of padding per direction let the whole TCP state fit in an entry's one cache line of tracker state.
struct [[gnu::packed]] TcpDirectionState {
  std::uint32_t td_end = 0;
  std::uint32_t td_maxend = 0;
  std::uint32_t td_maxwin = 0;
  std::uint32_t td_maxack = 0;
  std::uint8_t td_scale = 0;
  std::uint8_t flags = 0;  // TcpDirectionFlag bits
};

// TCP connection state (kernel struct ip_ct_tcp), packed to fit the entry.
struct TcpState {
  TcpDirectionState seen[2];
  std::uint32_t last_seq = 0;
  std::uint32_t last_ack = 0;
  std::uint32_t last_end = 0;
  std::uint16_t last_win = 0;
  std::uint8_t state = 0;  // TCP_CONNTRACK_* (0 NONE .. 9 SYN_SENT2)
  std::uint8_t last_dir = 0;
  std::uint8_t last_index = 0;
  std::uint8_t retrans = 0;
  std::uint8_t last_wscale = 0;
  std::uint8_t last_flags = 0;
};

struct UdpState {
  Tick stream_deadline = 0;  // kernel stream_ts: replies after this make the flow a stream (ASSURED)
};

// Bits of SctpState::flags besides the kernel's SCTP_FLAG_HEARTBEAT_VTAG_FAILED (0x01): an entry
// loaded from a saved table knows no verification tags; each direction's is taken from its first
// packet that is not an INIT (ctsh's own, as TCP windows are learnt after a loose pickup).
enum SctpLearnFlag : std::uint8_t { sctp_learn_vtag_original = 0x02, sctp_learn_vtag_reply = 0x04 };

// SCTP association state (kernel struct ip_ct_sctp).
struct SctpState {
  std::uint8_t state = 0;     // SCTP_CONNTRACK_* (0 NONE .. 8 HEARTBEAT_SENT)
  std::uint8_t flags = 0;     // SCTP_FLAG_HEARTBEAT_VTAG_FAILED, SctpLearnFlag
  std::uint8_t last_dir = 0;  // direction of the HEARTBEAT whose vtag failed
  std::uint8_t init[2] = {0, 0};  // an INIT was seen from this direction (collision handling)
  std::uint32_t vtag[2] = {0, 0};  // verification tag expected from each direction
};

struct GreState {
  std::uint8_t unused = 0;
};

// The protocol part of an entry; which member is live follows the entry's protocol.
union ProtoState {
  TcpState tcp;
  UdpState udp;
  SctpState sctp;
  GreState gre;
  ProtoState() : tcp() {}
};
static_assert(sizeof(ProtoState) <= 56, "protocol state, timer key and policy share one 64-byte cache line");

struct TrackerInput {
  const ParsedPacket& packet;
  Direction direction;
  Tick now;
  const TimeoutPolicy& timeouts;
  const TrackerSettings& settings;
  Tick deadline;  // the entry's current deadline (TCP lowers it for out-of-window FIN/RST answers)
};

enum class TrackVerdict : std::uint8_t {
  accept,   // the packet belongs to the flow (ct state from the entry)
  invalid,  // the packet gets ct state INVALID (invalid++), the entry stays
  drop,     // the packet is dropped (drop++ and invalid++, kernel -NF_DROP)
  repeat,   // kill the entry and track the packet again as new (TCP re-open from TIME_WAIT/CLOSE)
};

struct PacketOutcome {
  TrackVerdict verdict = TrackVerdict::accept;
  bool refresh = false;          // set the deadline to now + timeouts[slot] (also allowed with invalid)
  TimeoutSlot slot = TimeoutSlot::generic;
  bool changed = false;          // protocol state or ASSURED changed: UPDATE event
  bool kill = false;             // destroy the entry after this packet (TCP RST before any reply)
};

struct TrackerOps {
  // First packet of a flow not in the table (original direction). Initialises `state`; returning false
  // means the packet cannot create a flow (ct state INVALID, invalid++).
  bool (*start)(ProtoState& state, const TrackerInput& input);
  // Every packet of the flow, the first one included (called right after start). `status` holds the
  // StatusBits; a tracker may set status_assured. `outcome` comes in default-initialised and the
  // tracker sets only what differs (an out-parameter: a returned 5-byte struct went through the stack
  // and stalled the caller's read-back).
  void (*track)(ProtoState& state, std::uint16_t& status, const TrackerInput& input, PacketOutcome& outcome);
  // The protocol state's name as conntrack -L prints it ("ESTABLISHED"); empty when none.
  std::string_view (*state_name)(const ProtoState& state);
};

// The tracker of an IP protocol number (6 tcp, 17 udp, 136 udplite, 1 icmp, 58 icmpv6, 132 sctp,
// 47 gre, anything else generic).
const TrackerOps& tracker_for(std::uint8_t protocol);

}  // namespace ctsh::engine
