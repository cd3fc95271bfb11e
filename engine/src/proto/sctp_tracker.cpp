// SCTP tracking (kernel nf_conntrack_proto_sctp.c): a bounded chunk walk with the kernel's basic
// checks, new flows only from chunks that may open one, verification-tag checks (RFC 4960 §8.5),
// the two direction tables, INIT collision handling, HEARTBEAT vtag learning, ASSURED on reaching
// ESTABLISHED and the per-state timeouts.
#include <bitset>

#include "ctsh/engine/flow.hpp"
#include "proto/trackers.hpp"

namespace ctsh::engine {
namespace {

enum SctpConntrack : std::uint8_t {
  sctp_none, sctp_closed, sctp_cookie_wait, sctp_cookie_echoed, sctp_established, sctp_shutdown_sent,
  sctp_shutdown_recd, sctp_shutdown_ack_sent, sctp_heartbeat_sent,
  sctp_state_count,
  sctp_invalid = sctp_state_count,
};

enum SctpChunkType : std::uint8_t {
  chunk_data = 0, chunk_init = 1, chunk_init_ack = 2, chunk_heartbeat = 4, chunk_heartbeat_ack = 5,
  chunk_abort = 6, chunk_shutdown = 7, chunk_shutdown_ack = 8, chunk_error = 9, chunk_cookie_echo = 10,
  chunk_cookie_ack = 11, chunk_shutdown_complete = 14,
};

constexpr std::uint8_t chunk_flag_t = 0x01;           // SCTP_CHUNK_FLAG_T: the peer's vtag is reflected
constexpr std::uint8_t heartbeat_vtag_failed = 0x01;  // SCTP_FLAG_HEARTBEAT_VTAG_FAILED
constexpr std::uint32_t common_header_length = 12;
constexpr std::uint32_t chunk_header_length = 4;
constexpr std::uint32_t init_header_length = 16;

namespace cells {
constexpr std::uint8_t NO = sctp_none, CL = sctp_closed, CW = sctp_cookie_wait, CE = sctp_cookie_echoed,
                       ES = sctp_established, SS = sctp_shutdown_sent, SR = sctp_shutdown_recd,
                       SA = sctp_shutdown_ack_sent, HS = sctp_heartbeat_sent, IV = sctp_invalid;
// [direction][row][state]; rows: init, init_ack, abort, shutdown, shutdown_ack, error, cookie_echo,
// cookie_ack, shutdown_complete, heartbeat, heartbeat_ack.
constexpr std::uint8_t transitions[2][11][sctp_state_count] = {
    {
        // original    NO  CL  CW  CE  ES  SS  SR  SA  HS
        {CL, CL, CW, CE, ES, CL, CL, SA, CW},
        {CL, CL, CW, CE, ES, SS, SR, SA, CL},
        {CL, CL, CL, CL, CL, CL, CL, CL, CL},
        {CL, CL, CW, CE, SS, SS, SR, SA, CL},
        {SA, CL, CW, CE, ES, SA, SA, SA, SA},
        {CL, CL, CW, CE, ES, SS, SR, SA, CL},
        {CL, CL, CE, CE, ES, SS, SR, SA, CL},
        {CL, CL, CW, ES, ES, SS, SR, SA, CL},
        {CL, CL, CW, CE, ES, SS, SR, CL, CL},
        {HS, CL, CW, CE, ES, SS, SR, SA, HS},
        {CL, CL, CW, CE, ES, SS, SR, SA, HS},
    },
    {
        // reply       NO  CL  CW  CE  ES  SS  SR  SA  HS
        {IV, CL, CW, CE, ES, SS, SR, SA, IV},
        {IV, CW, CW, CE, ES, SS, SR, SA, IV},
        {IV, CL, CL, CL, CL, CL, CL, CL, IV},
        {IV, CL, CW, CE, SR, SS, SR, SA, IV},
        {IV, CL, CW, CE, ES, SA, SA, SA, IV},
        {IV, CL, CW, CL, ES, SS, SR, SA, IV},
        {IV, CL, CE, CE, ES, SS, SR, SA, IV},
        {IV, CL, CW, ES, ES, SS, SR, SA, IV},
        {IV, CL, CW, CE, ES, SS, SR, CL, IV},
        {IV, CL, CW, CE, ES, SS, SR, SA, HS},
        {IV, CL, CW, CE, ES, SS, SR, SA, ES},
    },
};
}  // namespace cells

// The state after a chunk; chunks outside the table (DATA, SACK, ...) keep the state.
std::uint8_t next_state(std::uint8_t direction, std::uint8_t state, std::uint8_t type) {
  int row = -1;
  switch (type) {
    case chunk_init: row = 0; break;
    case chunk_init_ack: row = 1; break;
    case chunk_abort: row = 2; break;
    case chunk_shutdown: row = 3; break;
    case chunk_shutdown_ack: row = 4; break;
    case chunk_error: row = 5; break;
    case chunk_cookie_echo: row = 6; break;
    case chunk_cookie_ack: row = 7; break;
    case chunk_shutdown_complete: row = 8; break;
    case chunk_heartbeat: row = 9; break;
    case chunk_heartbeat_ack: row = 10; break;
    default: return state;
  }
  return cells::transitions[direction][row][state];
}

std::uint32_t load_be32(const std::uint8_t* bytes) {
  return static_cast<std::uint32_t>(bytes[0]) << 24 | static_cast<std::uint32_t>(bytes[1]) << 16 |
         static_cast<std::uint32_t>(bytes[2]) << 8 | static_cast<std::uint32_t>(bytes[3]);
}

struct Chunk {
  std::uint8_t type;
  std::uint8_t flags;
  std::uint16_t length;
  std::uint32_t offset;  // of the chunk header within l4
};

// Walks the chunks after the common header, padded to 4 bytes, while a whole chunk header is
// captured; visit returns false to stop. A zero length ends the walk (the basic checks reject it).
template <typename Visit>
void for_each_chunk(const ParsedPacket& packet, Visit&& visit) {
  std::uint32_t offset = common_header_length;
  while (offset < packet.l4_length && packet.l4_length - offset >= chunk_header_length) {
    const std::uint8_t* at = packet.l4 + offset;
    const Chunk chunk{at[0], at[1], static_cast<std::uint16_t>(at[2] << 8 | at[3]), offset};
    if (!visit(chunk) || chunk.length == 0) return;
    offset += (chunk.length + 3u) & ~3u;
  }
}

using ChunkMap = std::bitset<256>;

// do_basic_checks(): at least one chunk, none empty, COOKIE_ECHO/COOKIE_ACK only first and
// INIT/INIT_ACK/SHUTDOWN_COMPLETE alone. Fills the set of chunk types present.
bool basic_checks(const ParsedPacket& packet, ChunkMap& present) {
  if (packet.l4 == nullptr || packet.l4_length < common_header_length) return false;
  bool ok = true;
  bool must_be_alone = false;
  std::uint32_t count = 0;
  for_each_chunk(packet, [&](const Chunk& chunk) {
    if (chunk.type == chunk_init || chunk.type == chunk_init_ack || chunk.type == chunk_shutdown_complete) {
      must_be_alone = true;
    }
    const bool must_be_first = chunk.type == chunk_cookie_ack || chunk.type == chunk_cookie_echo || must_be_alone;
    if ((must_be_first && count != 0) || chunk.length == 0) {
      ok = false;
      return false;
    }
    present.set(chunk.type);
    ++count;
    return true;
  });
  return ok && count != 0;
}

bool has_init_header(const ParsedPacket& packet, const Chunk& chunk) {
  return packet.l4_length - chunk.offset >= chunk_header_length + init_header_length;
}
std::uint32_t init_tag(const ParsedPacket& packet, const Chunk& chunk) {
  return load_be32(packet.l4 + chunk.offset + chunk_header_length);
}
std::uint32_t packet_vtag(const ParsedPacket& packet) { return load_be32(packet.l4 + 4); }

// sctp_new(): only chunks the original table leads out of NONE may open a flow; learn the vtags.
bool sctp_start(ProtoState& proto, const TrackerInput& input) {
  const ParsedPacket& packet = input.packet;
  ChunkMap present;
  if (!basic_checks(packet, present)) return false;
  if (present[chunk_abort] || present[chunk_shutdown_complete] || present[chunk_cookie_ack]) return false;
  proto.sctp = SctpState{};
  SctpState& s = proto.sctp;
  const std::uint32_t vtag = packet_vtag(packet);
  bool ok = true;
  for_each_chunk(packet, [&](const Chunk& chunk) {
    const std::uint8_t state = next_state(0, sctp_none, chunk.type);
    if (state == sctp_none || state == sctp_invalid) {
      ok = false;
    } else if (chunk.type == chunk_init) {
      ok = vtag == 0 && has_init_header(packet, chunk);  // RFC 4960 §8.5.1 (A)
      if (ok) s.vtag[1] = init_tag(packet, chunk);
    } else if (chunk.type == chunk_heartbeat) {
      s.vtag[0] = vtag;
    } else if (chunk.type == chunk_shutdown_ack) {
      s.vtag[1] = vtag;  // out-of-the-blue SHUTDOWN_ACK: expect SHUTDOWN_COMPLETE or ABORT back
    }
    return ok;
  });
  return ok;
}

// A HEARTBEAT or HEARTBEAT_ACK may carry a new vtag after a peer restart (multihoming paths).
enum class HeartbeatVtag : std::uint8_t { matches, skip_chunk, invalid };

HeartbeatVtag check_heartbeat_vtag(SctpState& s, std::uint8_t dir, const Chunk& chunk, std::uint32_t vtag,
                                   const ChunkMap& present, bool& ignore) {
  if (s.vtag[dir] == 0) {
    s.vtag[dir] = vtag;
    return HeartbeatVtag::matches;
  }
  if (vtag == s.vtag[dir]) {
    s.flags &= static_cast<std::uint8_t>(~heartbeat_vtag_failed);
    return HeartbeatVtag::matches;
  }
  if (present[chunk_data] || ignore) return HeartbeatVtag::invalid;
  if (chunk.type == chunk_heartbeat) {
    s.flags |= heartbeat_vtag_failed;
    s.last_dir = dir;
    ignore = true;
    return HeartbeatVtag::skip_chunk;
  }
  if (!(s.flags & heartbeat_vtag_failed) || s.last_dir == dir) return HeartbeatVtag::invalid;
  s.flags &= static_cast<std::uint8_t>(~heartbeat_vtag_failed);
  s.vtag[dir] = vtag;
  s.vtag[dir ^ 1u] = 0;
  return HeartbeatVtag::matches;
}

// Per-chunk vtag rules and vtag learning before the state moves; false: the packet is invalid.
bool check_chunk(SctpState& s, std::uint8_t dir, const Chunk& chunk, std::uint32_t vtag, const ChunkMap& present,
                 bool& ignore, bool& skip) {
  const std::uint8_t other = dir ^ 1u;
  switch (chunk.type) {
    case chunk_init:
      return vtag == 0;
    case chunk_abort:
    case chunk_shutdown_complete:
      return vtag == ((chunk.flags & chunk_flag_t) ? s.vtag[other] : s.vtag[dir]);
    case chunk_cookie_echo:
      return vtag == s.vtag[dir];
    case chunk_cookie_ack:
      s.init[0] = 0;
      s.init[1] = 0;
      return true;
    case chunk_heartbeat:
    case chunk_heartbeat_ack:
      switch (check_heartbeat_vtag(s, dir, chunk, vtag, present, ignore)) {
        case HeartbeatVtag::matches: return true;
        case HeartbeatVtag::skip_chunk: skip = true; return true;
        case HeartbeatVtag::invalid: return false;
      }
      return false;
    default:
      return true;
  }
}

// Remembers the INIT's tag as the one the other side must use; an INIT_ACK's tag must agree with
// what an earlier INIT announced unless both sides sent one (collision).
bool learn_init_tags(SctpState& s, std::uint8_t dir, const ParsedPacket& packet, const Chunk& chunk) {
  if (!has_init_header(packet, chunk)) return false;
  const std::uint8_t other = dir ^ 1u;
  const std::uint32_t tag = init_tag(packet, chunk);
  if (chunk.type == chunk_init) {
    if (s.init[dir] && s.init[other]) s.init[other] = 0;
    s.init[dir] = 1;
  } else {
    const std::uint32_t known = s.vtag[other];
    if (!s.init[other] && known != 0 && known != tag) return false;
    if (s.init[dir] && s.init[other] && known != tag) return false;
  }
  s.vtag[other] = tag;
  return true;
}

TimeoutSlot slot_of(std::uint8_t state) {
  if (state == sctp_none) return TimeoutSlot::sctp_closed;  // the kernel's timeouts[0]
  return static_cast<TimeoutSlot>(static_cast<std::uint8_t>(TimeoutSlot::sctp_closed) + state - 1);
}

void sctp_track(ProtoState& proto, std::uint16_t& status, const TrackerInput& input, PacketOutcome& outcome) {
  const ParsedPacket& packet = input.packet;
  SctpState& s = proto.sctp;
  ChunkMap present;
  if (!basic_checks(packet, present) || s.state >= sctp_state_count) {
    outcome.verdict = TrackVerdict::invalid;
    return;
  }
  const bool confirmed = s.state != sctp_none;  // only the first packet sees NONE
  const auto dir = static_cast<std::uint8_t>(input.direction);
  const std::uint32_t vtag = packet_vtag(packet);
  const auto learn = static_cast<std::uint8_t>(dir == 0 ? sctp_learn_vtag_original : sctp_learn_vtag_reply);
  if ((s.flags & learn) && !present[chunk_init]) {
    s.vtag[dir] = vtag;
    s.flags = static_cast<std::uint8_t>(s.flags & ~learn);
  }
  const bool vtag_rule_per_chunk = present[chunk_init] || present[chunk_shutdown_complete] ||
                                   present[chunk_cookie_echo] || present[chunk_abort] ||
                                   present[chunk_shutdown_ack] || present[chunk_heartbeat] ||
                                   present[chunk_heartbeat_ack];
  if (!vtag_rule_per_chunk && vtag != s.vtag[dir]) {
    outcome.verdict = TrackVerdict::invalid;
    return;
  }
  std::uint8_t new_state = sctp_none;
  bool ignore = false;
  bool ok = true;
  for_each_chunk(packet, [&](const Chunk& chunk) {
    bool skip = false;
    ok = check_chunk(s, dir, chunk, vtag, present, ignore, skip);
    if (!ok || skip) return ok;
    const std::uint8_t old_state = s.state;
    new_state = next_state(dir, old_state, chunk.type);
    ok = new_state != sctp_invalid;
    if (ok && (chunk.type == chunk_init || chunk.type == chunk_init_ack)) ok = learn_init_tags(s, dir, packet, chunk);
    if (!ok) return false;
    // A retransmitted INIT must not keep a CLOSED entry alive (port reuse).
    if (chunk.type == chunk_init && old_state == sctp_closed && new_state == sctp_closed && confirmed) ignore = true;
    s.state = new_state;
    if (old_state != new_state) {
      outcome.changed = true;
      if (new_state == sctp_established) status |= status_assured;
    }
    return true;
  });
  if (!ok) {
    outcome.verdict = TrackVerdict::invalid;
    return;
  }
  if (ignore) return;  // accepted, timeout untouched
  outcome.refresh = true;
  outcome.slot = slot_of(new_state);
}

std::string_view sctp_state_name(const ProtoState& proto) {
  static constexpr std::string_view names[sctp_state_count] = {
      "NONE", "CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTABLISHED", "SHUTDOWN_SENT", "SHUTDOWN_RECD",
      "SHUTDOWN_ACK_SENT", "HEARTBEAT_SENT"};
  return proto.sctp.state < sctp_state_count ? names[proto.sctp.state] : std::string_view{};
}

}  // namespace

const TrackerOps sctp_tracker_ops{sctp_start, sctp_track, sctp_state_name};

}  // namespace ctsh::engine
