// SCTP tracking: a normal association from INIT to SHUTDOWN_COMPLETE with its states, timeouts and
// ASSURED, verification-tag checks, which chunks may open a flow, the basic chunk checks, and chunk
// walks over hostile lengths.
#include <doctest/doctest.h>

#include <vector>

#include "ctsh/engine/flow.hpp"
#include "proto/trackers.hpp"

namespace ctsh::engine {
namespace {

enum : std::uint8_t {
  DATA = 0, INIT = 1, INIT_ACK = 2, SACK = 3, HEARTBEAT = 4, HEARTBEAT_ACK = 5, ABORT = 6, SHUTDOWN = 7,
  SHUTDOWN_ACK = 8, COOKIE_ECHO = 10, COOKIE_ACK = 11, SHUTDOWN_COMPLETE = 14,
};

constexpr std::uint32_t client_tag = 0x11111111;  // the vtag the server must use
constexpr std::uint32_t server_tag = 0x22222222;  // the vtag the client must use

void put32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

struct Chunk {
  std::uint8_t type;
  std::uint8_t flags = 0;
  std::vector<std::uint8_t> body = {};
};

// INIT / INIT_ACK body: initiate tag, a_rwnd, streams, initial TSN.
std::vector<std::uint8_t> init_body(std::uint32_t tag) {
  std::vector<std::uint8_t> body;
  put32(body, tag);
  put32(body, 65535);
  put32(body, 0x000a000a);
  put32(body, 1);
  return body;
}

std::vector<std::uint8_t> sctp_bytes(std::uint32_t vtag, const std::vector<Chunk>& chunks) {
  std::vector<std::uint8_t> bytes{0x9c, 0x40, 0x0b, 0x59};
  put32(bytes, vtag);
  put32(bytes, 0);  // checksum (not verified by the tracker)
  for (const Chunk& chunk : chunks) {
    const std::size_t length = 4 + chunk.body.size();
    bytes.push_back(chunk.type);
    bytes.push_back(chunk.flags);
    bytes.push_back(static_cast<std::uint8_t>(length >> 8));
    bytes.push_back(static_cast<std::uint8_t>(length));
    bytes.insert(bytes.end(), chunk.body.begin(), chunk.body.end());
    while (bytes.size() % 4 != 0) bytes.push_back(0);
  }
  return bytes;
}

TimeoutPolicy sctp_policy() {
  TimeoutPolicy policy;
  const std::uint32_t seconds[] = {10, 3, 3, 210, 3, 3, 3, 30};
  for (std::size_t i = 0; i < std::size(seconds); ++i) {
    policy.ticks[static_cast<std::size_t>(TimeoutSlot::sctp_closed) + i] = ticks_from_seconds(seconds[i]);
  }
  return policy;
}

// One association driven through sctp_tracker_ops as the core drives a flow.
struct SctpFlow {
  ProtoState proto;
  std::uint16_t status = 0;
  bool exists = false;
  TimeoutPolicy policy = sctp_policy();
  TrackerSettings settings;

  std::string_view state() const { return sctp_tracker_ops.state_name(proto); }

  PacketOutcome send(Direction direction, const std::vector<std::uint8_t>& bytes) {
    ParsedPacket packet;
    packet.status = ParseStatus::ok;
    packet.tuple.protocol = 132;
    packet.l4 = bytes.data();
    packet.l4_length = static_cast<std::uint32_t>(bytes.size());
    const TrackerInput input{packet, direction, 100, policy, settings, 100};
    PacketOutcome outcome;
    if (!exists) {
      if (!sctp_tracker_ops.start(proto, input)) {
        outcome.verdict = TrackVerdict::invalid;
        return outcome;
      }
      sctp_tracker_ops.track(proto, status, input, outcome);
      exists = outcome.verdict == TrackVerdict::accept;
      return outcome;
    }
    sctp_tracker_ops.track(proto, status, input, outcome);
    if (outcome.verdict == TrackVerdict::accept && direction == Direction::reply) status |= status_seen_reply;
    return outcome;
  }
  PacketOutcome original(std::uint32_t vtag, const std::vector<Chunk>& chunks) {
    return send(Direction::original, sctp_bytes(vtag, chunks));
  }
  PacketOutcome reply(std::uint32_t vtag, const std::vector<Chunk>& chunks) {
    return send(Direction::reply, sctp_bytes(vtag, chunks));
  }
  void associate() {
    original(0, {{INIT, 0, init_body(client_tag)}});
    reply(client_tag, {{INIT_ACK, 0, init_body(server_tag)}});
    original(server_tag, {{COOKIE_ECHO, 0, {1, 2, 3, 4}}});
    reply(client_tag, {{COOKIE_ACK}});
  }
};

TEST_CASE("an SCTP association walks CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED with the state timeouts") {
  SctpFlow flow;
  PacketOutcome out = flow.original(0, {{INIT, 0, init_body(client_tag)}});
  CHECK(out.verdict == TrackVerdict::accept);
  CHECK(flow.state() == "CLOSED");
  CHECK(out.slot == TimeoutSlot::sctp_closed);
  out = flow.reply(client_tag, {{INIT_ACK, 0, init_body(server_tag)}});
  CHECK(flow.state() == "COOKIE_WAIT");
  CHECK(out.slot == TimeoutSlot::sctp_cookie_wait);
  CHECK(out.changed);
  out = flow.original(server_tag, {{COOKIE_ECHO, 0, {1, 2, 3, 4}}});
  CHECK(flow.state() == "COOKIE_ECHOED");
  CHECK(out.slot == TimeoutSlot::sctp_cookie_echoed);
  CHECK((flow.status & status_assured) == 0);
  out = flow.reply(client_tag, {{COOKIE_ACK}});
  CHECK(flow.state() == "ESTABLISHED");
  CHECK(out.slot == TimeoutSlot::sctp_established);
  CHECK(out.changed);
  CHECK((flow.status & status_assured) != 0);
}

TEST_CASE("DATA, SACK and HEARTBEAT keep an established association and refresh it") {
  SctpFlow flow;
  flow.associate();
  for (const auto& [direction, vtag, type] : {std::tuple{Direction::original, server_tag, DATA},
                                              std::tuple{Direction::reply, client_tag, SACK},
                                              std::tuple{Direction::reply, client_tag, HEARTBEAT},
                                              std::tuple{Direction::original, server_tag, HEARTBEAT_ACK}}) {
    const PacketOutcome out = flow.send(direction, sctp_bytes(vtag, {{type, 0, {0, 0, 0, 0}}}));
    CHECK(out.verdict == TrackVerdict::accept);
    CHECK(out.refresh);
    CHECK_FALSE(out.changed);
    CHECK(out.slot == TimeoutSlot::sctp_established);
  }
  CHECK(flow.state() == "ESTABLISHED");
}

TEST_CASE("a chunk with the wrong verification tag is invalid") {
  SctpFlow flow;
  flow.associate();
  CHECK(flow.original(client_tag, {{DATA, 0, {0, 0, 0, 0}}}).verdict == TrackVerdict::invalid);
  CHECK(flow.reply(server_tag, {{SACK, 0, {0, 0, 0, 0}}}).verdict == TrackVerdict::invalid);
  CHECK(flow.original(client_tag, {{ABORT}}).verdict == TrackVerdict::invalid);
  CHECK(flow.state() == "ESTABLISHED");
}

TEST_CASE("the shutdown sequence ends CLOSED") {
  SctpFlow flow;
  flow.associate();
  CHECK(flow.original(server_tag, {{SHUTDOWN, 0, {0, 0, 0, 1}}}).slot == TimeoutSlot::sctp_shutdown_sent);
  CHECK(flow.state() == "SHUTDOWN_SENT");
  CHECK(flow.reply(client_tag, {{SHUTDOWN_ACK}}).slot == TimeoutSlot::sctp_shutdown_ack_sent);
  CHECK(flow.state() == "SHUTDOWN_ACK_SENT");
  CHECK(flow.original(server_tag, {{SHUTDOWN_COMPLETE}}).slot == TimeoutSlot::sctp_closed);
  CHECK(flow.state() == "CLOSED");
}

TEST_CASE("a shutdown started by the server passes SHUTDOWN_RECD") {
  SctpFlow flow;
  flow.associate();
  flow.reply(client_tag, {{SHUTDOWN, 0, {0, 0, 0, 1}}});
  CHECK(flow.state() == "SHUTDOWN_RECD");
  flow.original(server_tag, {{SHUTDOWN_ACK}});
  CHECK(flow.state() == "SHUTDOWN_ACK_SENT");
  flow.reply(client_tag, {{SHUTDOWN_COMPLETE}});
  CHECK(flow.state() == "CLOSED");
}

TEST_CASE("an ABORT closes with its own vtag, or the peer's when the T flag is set") {
  SctpFlow own;
  own.associate();
  CHECK(own.reply(client_tag, {{ABORT}}).verdict == TrackVerdict::accept);
  CHECK(own.state() == "CLOSED");
  SctpFlow reflected;
  reflected.associate();
  CHECK(reflected.reply(client_tag, {{ABORT, 1}}).verdict == TrackVerdict::invalid);
  CHECK(reflected.reply(server_tag, {{ABORT, 1}}).verdict == TrackVerdict::accept);
  CHECK(reflected.state() == "CLOSED");
}

TEST_CASE("only INIT, HEARTBEAT and the kernel's other opening chunks start an SCTP flow") {
  CHECK(SctpFlow{}.original(0, {{INIT, 0, init_body(client_tag)}}).verdict == TrackVerdict::accept);
  SctpFlow heartbeat;
  CHECK(heartbeat.original(0x1234, {{HEARTBEAT, 0, {0, 1, 0, 4}}}).verdict == TrackVerdict::accept);
  CHECK(heartbeat.state() == "HEARTBEAT_SENT");
  SctpFlow shutdown_ack;
  CHECK(shutdown_ack.original(0x1234, {{SHUTDOWN_ACK}}).verdict == TrackVerdict::accept);
  CHECK(shutdown_ack.state() == "SHUTDOWN_ACK_SENT");
  for (const std::uint8_t type : {DATA, SACK, ABORT, COOKIE_ACK, SHUTDOWN_COMPLETE}) {
    CAPTURE(int{type});
    CHECK(SctpFlow{}.original(0x1234, {{type, 0, {0, 0, 0, 0}}}).verdict == TrackVerdict::invalid);
  }
  CHECK(SctpFlow{}.original(0x1234, {{INIT, 0, init_body(client_tag)}}).verdict == TrackVerdict::invalid);
  CHECK(SctpFlow{}.original(0, {{INIT, 0, {1, 2, 3, 4}}}).verdict == TrackVerdict::invalid);  // truncated
}

TEST_CASE("INIT must be alone, COOKIE_ECHO first, and no chunk empty") {
  CHECK(SctpFlow{}.original(0, {{INIT, 0, init_body(client_tag)}, {DATA, 0, {0, 0, 0, 0}}}).verdict ==
        TrackVerdict::invalid);
  SctpFlow flow;
  flow.original(0, {{INIT, 0, init_body(client_tag)}});
  flow.reply(client_tag, {{INIT_ACK, 0, init_body(server_tag)}});
  CHECK(flow.original(server_tag, {{DATA, 0, {0, 0, 0, 0}}, {COOKIE_ECHO, 0, {1, 2, 3, 4}}}).verdict ==
        TrackVerdict::invalid);
  CHECK(flow.original(server_tag, {{COOKIE_ECHO, 0, {1, 2, 3, 4}}, {DATA, 0, {0, 0, 0, 0}}}).verdict ==
        TrackVerdict::accept);
  CHECK(flow.state() == "COOKIE_ECHOED");
  std::vector<std::uint8_t> empty_chunk = sctp_bytes(server_tag, {{DATA, 0, {0, 0, 0, 0}}});
  empty_chunk[14] = 0;
  empty_chunk[15] = 0;
  CHECK(flow.send(Direction::original, empty_chunk).verdict == TrackVerdict::invalid);
  CHECK(flow.send(Direction::original, sctp_bytes(server_tag, {})).verdict == TrackVerdict::invalid);
}

TEST_CASE("a retransmitted INIT in CLOSED is accepted without refreshing the timeout") {
  SctpFlow flow;
  flow.original(0, {{INIT, 0, init_body(client_tag)}});
  const PacketOutcome again = flow.original(0, {{INIT, 0, init_body(client_tag)}});
  CHECK(again.verdict == TrackVerdict::accept);
  CHECK_FALSE(again.refresh);
}

TEST_CASE("an INIT_ACK whose tag contradicts the known one is invalid") {
  SctpFlow flow;
  flow.original(0, {{INIT, 0, init_body(client_tag)}});  // the reply side's tag is now known
  CHECK(flow.original(0, {{INIT_ACK, 0, init_body(0x9999)}}).verdict == TrackVerdict::invalid);
  CHECK(flow.original(0, {{INIT_ACK, 0, init_body(client_tag)}}).verdict == TrackVerdict::accept);
}

TEST_CASE("hostile SCTP chunk lengths never read past the packet") {
  std::vector<std::uint8_t> bytes = sctp_bytes(server_tag, {{DATA, 0, {0, 0, 0, 0}}});
  bytes[14] = 0xff;  // chunk length 0xff08, far past the end
  SctpFlow flow;
  flow.associate();
  CHECK(flow.send(Direction::original, bytes).verdict == TrackVerdict::accept);
  const std::vector<std::uint8_t> short_header{0x9c, 0x40, 0x0b, 0x59, 0, 0};
  CHECK(flow.send(Direction::original, short_header).verdict == TrackVerdict::invalid);
  std::vector<std::uint8_t> partial = sctp_bytes(0, {{INIT, 0, init_body(client_tag)}});
  partial.resize(14);  // a cut chunk header
  CHECK(SctpFlow{}.send(Direction::original, partial).verdict == TrackVerdict::invalid);
}

}  // namespace
}  // namespace ctsh::engine
