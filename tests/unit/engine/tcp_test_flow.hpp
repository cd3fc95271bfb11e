// Test support for the TCP tracker: segments built as real header bytes (options included) and a
// small stand-in for the engine core that applies a tracker's outcomes to one flow.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "ctsh/engine/flow.hpp"
#include "proto/tcp_state_table.hpp"
#include "proto/trackers.hpp"

namespace ctsh::engine::test {

struct Segment {
  Segment(std::uint8_t flags_, std::uint32_t seq_, std::uint32_t ack_, std::uint16_t window_ = 65535,
          std::vector<std::uint8_t> options_ = {}, std::uint32_t payload_ = 0)
      : flags(flags_), seq(seq_), ack(ack_), window(window_), options(std::move(options_)), payload(payload_) {}
  std::uint8_t flags;
  std::uint32_t seq;
  std::uint32_t ack;
  std::uint16_t window;
  std::vector<std::uint8_t> options;  // raw option bytes (padded with EOL to a multiple of 4)
  std::uint32_t payload;              // payload bytes (zeros)
};

inline std::vector<std::uint8_t> wscale_option(std::uint8_t shift) { return {1, 3, 3, shift}; }
inline std::vector<std::uint8_t> sack_perm_option() { return {1, 1, 4, 2}; }
inline std::vector<std::uint8_t> sack_option(std::uint32_t left, std::uint32_t right) {
  std::vector<std::uint8_t> bytes{1, 1, 5, 10};
  for (const std::uint32_t edge : {left, right}) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<std::uint8_t>(edge >> shift));
  }
  return bytes;
}
inline std::vector<std::uint8_t> operator+(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A TCP packet as the parser would hand it over; owns the bytes `packet.l4` points into.
struct TcpPacket {
  std::unique_ptr<std::uint8_t[]> bytes;
  ParsedPacket packet;
};

inline void put16(std::uint8_t* at, std::uint32_t value) {
  at[0] = static_cast<std::uint8_t>(value >> 8);
  at[1] = static_cast<std::uint8_t>(value);
}
inline void put32(std::uint8_t* at, std::uint32_t value) {
  put16(at, value >> 16);
  put16(at + 2, value & 0xffff);
}

inline TcpPacket make_tcp(const Segment& segment) {
  std::vector<std::uint8_t> options = segment.options;
  while (options.size() % 4 != 0) options.push_back(0);
  const std::size_t header = 20 + options.size();
  const std::size_t total = header + segment.payload;
  TcpPacket out;
  out.bytes = std::make_unique<std::uint8_t[]>(total);
  std::uint8_t* l4 = out.bytes.get();
  put16(l4, 40000);
  put16(l4 + 2, 80);
  put32(l4 + 4, segment.seq);
  put32(l4 + 8, segment.ack);
  l4[12] = static_cast<std::uint8_t>((header / 4) << 4);
  l4[13] = segment.flags;
  put16(l4 + 14, segment.window);
  for (std::size_t i = 0; i < options.size(); ++i) l4[20 + i] = options[i];
  ParsedPacket& p = out.packet;
  p.status = ParseStatus::ok;
  p.tuple.protocol = 6;
  p.tuple.sport = 40000;
  p.tuple.dport = 80;
  p.ip_length = static_cast<std::uint32_t>(20 + total);
  p.l4 = l4;
  p.l4_length = static_cast<std::uint32_t>(total);
  p.l4_wire_length = p.l4_length;
  p.payload_offset = static_cast<std::uint32_t>(header);
  p.tcp_seq = segment.seq;
  p.tcp_ack = segment.ack;
  p.tcp_window = segment.window;
  p.tcp_flags = segment.flags;
  p.tcp_header_length = static_cast<std::uint8_t>(header);
  return out;
}

// The kernel's default TCP timeouts (nf_conntrack.md §2.4), in ticks.
inline TimeoutPolicy default_tcp_policy() {
  TimeoutPolicy policy;
  const std::pair<TimeoutSlot, std::uint32_t> seconds[] = {
      {TimeoutSlot::tcp_syn_sent, 120}, {TimeoutSlot::tcp_syn_recv, 60},   {TimeoutSlot::tcp_established, 432000},
      {TimeoutSlot::tcp_fin_wait, 120}, {TimeoutSlot::tcp_close_wait, 60}, {TimeoutSlot::tcp_last_ack, 30},
      {TimeoutSlot::tcp_time_wait, 120}, {TimeoutSlot::tcp_close, 10},     {TimeoutSlot::tcp_syn_sent2, 120},
      {TimeoutSlot::tcp_retrans, 300},  {TimeoutSlot::tcp_unack, 300}};
  for (const auto& [slot, value] : seconds) policy.ticks[static_cast<std::size_t>(slot)] = ticks_from_seconds(value);
  return policy;
}

// One flow driven through tcp_tracker_ops the way the core drives it: start() on the first packet,
// deadline refreshes, SEEN_REPLY after the first accepted reply, kill and repeat.
struct TcpFlow {
  ProtoState proto;
  std::uint16_t status = 0;
  bool exists = false;
  bool killed = false;
  Tick now = 1000;
  Tick deadline = 0;
  TimeoutPolicy policy = default_tcp_policy();
  TrackerSettings settings;
  PacketOutcome last;

  const TcpState& tcp() const { return proto.tcp; }
  std::uint8_t state() const { return proto.tcp.state; }
  Tick remaining() const { return deadline - now; }

  // Returns the outcome; a start() refusal reads as TrackVerdict::invalid.
  PacketOutcome send(Direction direction, const Segment& segment) {
    const TcpPacket packet = make_tcp(segment);
    const TrackerInput input{packet.packet, direction, now, policy, settings, deadline};
    last = PacketOutcome{};
    if (!exists) {
      if (!tcp_tracker_ops.start(proto, input)) {
        last.verdict = TrackVerdict::invalid;
        return last;
      }
      status = 0;
      tcp_tracker_ops.track(proto, status, input, last);
      if (last.verdict != TrackVerdict::accept) return last;
      exists = true;
      status |= status_confirmed;
      deadline = now + policy[last.slot];
    } else {
      tcp_tracker_ops.track(proto, status, input, last);
      if (last.verdict == TrackVerdict::repeat) {
        exists = false;
        return last;
      }
      if (last.refresh) deadline = now + policy[last.slot];
      if (last.verdict != TrackVerdict::accept) return last;
      if (direction == Direction::reply) status |= status_seen_reply;
    }
    if (last.kill) {
      exists = false;
      killed = true;
    }
    return last;
  }
  PacketOutcome original(const Segment& segment) { return send(Direction::original, segment); }
  PacketOutcome reply(const Segment& segment) { return send(Direction::reply, segment); }

  // SYN (client ISN 1000, window 64240), SYN/ACK (server ISN 5000), ACK.
  void handshake(std::vector<std::uint8_t> client_options = {}, std::vector<std::uint8_t> server_options = {}) {
    original({tcp_syn, 1000, 0, 64240, std::move(client_options)});
    reply({tcp_syn | tcp_ack, 5000, 1001, 65160, std::move(server_options)});
    original({tcp_ack, 1001, 5001, 502});
  }
};

}  // namespace ctsh::engine::test
