// Every cell of both TCP transition tables, walked through the tracker: each (direction, packet
// class, state) gives the kernel's new state, is ignored, or is invalid; plus the post-table rules
// that override single cells (re-open, simultaneous open, challenge ACK, inexact RST).
#include <doctest/doctest.h>

#include <string>

#include "tcp_test_flow.hpp"

namespace ctsh::engine {
namespace {

using test::Segment;
using test::TcpFlow;

constexpr std::uint8_t class_flags[tcp_class_count] = {
    tcp_syn, tcp_syn | tcp_ack, tcp_fin | tcp_ack, tcp_ack, tcp_rst | tcp_ack, tcp_urg,
};
constexpr const char* class_names[tcp_class_count] = {"syn", "synack", "fin", "ack", "rst", "none"};

// The kernel's tables, written out as the specification (sIG = IG, sIV = IV).
enum Expect : std::uint8_t { NO, SS, SR, ES, FW, CW, LA, TW, CL, S2, IV, IG };
constexpr Expect expected[2][tcp_class_count][tcp_state_count] = {
    {
        {SS, SS, IG, IG, IG, IG, IG, SS, SS, S2},
        {IV, IV, SR, IV, IV, IV, IV, IV, IV, SR},
        {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},
        {ES, IV, ES, ES, CW, CW, TW, TW, CL, IV},
        {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},
        {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},
    },
    {
        {IV, S2, IV, IV, IV, IV, IV, SS, IV, S2},
        {IV, SR, IG, IG, IG, IG, IG, IG, IG, SR},
        {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},
        {IV, IG, SR, ES, CW, CW, TW, TW, CL, IG},
        {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},
        {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},
    },
};

// An assured flow sitting in `state`, with liberal windows so that only the state machine decides.
TcpFlow flow_in(std::uint8_t state) {
  TcpFlow flow;
  flow.exists = true;
  flow.status = status_confirmed | status_seen_reply | status_assured;
  flow.settings.tcp_be_liberal = true;
  flow.proto.tcp = TcpState{};
  flow.proto.tcp.state = state;
  flow.proto.tcp.last_index = tcp_class_none;
  for (TcpDirectionState& side : flow.proto.tcp.seen) {
    side.td_end = 1000;
    side.td_maxend = 70000;
    side.td_maxwin = 65535;
  }
  flow.deadline = flow.now + 100;
  return flow;
}

TEST_CASE("every cell of both TCP state tables gives the kernel's new state, IGNORE or INVALID") {
  for (int direction = 0; direction < 2; ++direction) {
    for (int packet_class = 0; packet_class < tcp_class_count; ++packet_class) {
      for (std::uint8_t state = 0; state < tcp_state_count; ++state) {
        TcpFlow flow = flow_in(state);
        const Expect want = expected[direction][packet_class][state];
        const PacketOutcome outcome =
            flow.send(static_cast<Direction>(direction), Segment{class_flags[packet_class], 1000, 1000});
        const std::string cell = std::string(direction == 0 ? "original " : "reply ") + class_names[packet_class] +
                                 " in " + std::string(tcp_tracker_ops.state_name(flow_in(state).proto));
        CAPTURE(cell);
        // A SYN that would re-open TIME_WAIT/CLOSE without a close by either side is only ignored.
        const bool reopen_ignored = want == SS && state >= tcp_time_wait;
        if (want == IV) {
          CHECK(outcome.verdict == TrackVerdict::invalid);
          CHECK(flow.state() == state);
        } else if (want == IG || reopen_ignored) {
          CHECK(outcome.verdict == TrackVerdict::accept);
          CHECK_FALSE(outcome.refresh);
          CHECK(flow.state() == state);
        } else {
          CHECK(outcome.verdict == TrackVerdict::accept);
          CHECK(outcome.refresh);
          CHECK(flow.state() == want);
          CHECK(outcome.changed == (want != state));
        }
      }
    }
  }
}

TEST_CASE("a SYN re-opens TIME_WAIT or CLOSE when either side started the close or the last packet here was a RST") {
  for (const std::uint8_t state : {std::uint8_t{tcp_time_wait}, std::uint8_t{tcp_close}}) {
    TcpFlow closed = flow_in(state);
    closed.proto.tcp.seen[1].flags |= tcp_flag_close_init;
    CHECK(closed.original({tcp_syn, 9000, 0}).verdict == TrackVerdict::repeat);

    TcpFlow reset = flow_in(state);
    reset.proto.tcp.last_index = tcp_class_rst;
    reset.proto.tcp.last_dir = 0;
    CHECK(reset.original({tcp_syn, 9000, 0}).verdict == TrackVerdict::repeat);
  }
  TcpFlow time_wait = flow_in(tcp_time_wait);
  time_wait.proto.tcp.seen[0].flags |= tcp_flag_close_init;
  CHECK(time_wait.reply({tcp_syn, 9000, 0}).verdict == TrackVerdict::repeat);
}

TEST_CASE("only a SYN, or a bare ACK when tcp_loose is on, may start a TCP flow") {
  for (int packet_class = 0; packet_class < tcp_class_count; ++packet_class) {
    TcpFlow flow;
    const PacketOutcome outcome = flow.original(Segment{class_flags[packet_class], 1000, 1000});
    CAPTURE(class_names[packet_class]);
    const bool may_start = packet_class == tcp_class_syn || packet_class == tcp_class_ack;
    CHECK((outcome.verdict == TrackVerdict::accept) == may_start);
    if (may_start) CHECK(flow.state() == (packet_class == tcp_class_syn ? tcp_syn_sent : tcp_established));
  }
  TcpFlow strict;
  strict.settings.tcp_loose = false;
  CHECK(strict.original({tcp_ack, 1000, 1000}).verdict == TrackVerdict::invalid);
  CHECK(strict.original({tcp_syn, 1000, 0}).verdict == TrackVerdict::accept);
}

TEST_CASE("flag combinations outside tcp_valid_flags are invalid, ECE, CWR and PSH never matter") {
  const std::uint8_t invalid_combinations[] = {tcp_fin, 0, tcp_syn | tcp_fin, tcp_syn | tcp_rst, tcp_rst | tcp_fin | tcp_ack,
                                               tcp_fin | tcp_psh | tcp_urg, tcp_syn | tcp_fin | tcp_psh | tcp_urg};
  for (const std::uint8_t flags : invalid_combinations) {
    CAPTURE(int{flags});
    TcpFlow fresh;
    CHECK(fresh.original({flags, 1000, 1000}).verdict == TrackVerdict::invalid);
    TcpFlow established = flow_in(tcp_established);
    CHECK(established.original({flags, 1000, 1000}).verdict == TrackVerdict::invalid);
    CHECK(established.state() == tcp_established);
  }
  TcpFlow ecn;
  CHECK(ecn.original({tcp_syn | tcp_ecn | tcp_cwr, 1000, 0}).verdict == TrackVerdict::accept);
  TcpFlow pushed = flow_in(tcp_established);
  CHECK(pushed.original({tcp_ack | tcp_psh | tcp_ecn, 1000, 1000}).verdict == TrackVerdict::accept);
}

TEST_CASE("a simultaneous open goes SYN_SENT, SYN_SENT2, SYN_RECV and is ESTABLISHED and ASSURED by the reply ACK") {
  TcpFlow flow;
  flow.original({tcp_syn, 1000, 0, 64240});
  flow.reply({tcp_syn, 5000, 0, 64240});
  CHECK(flow.state() == tcp_syn_sent2);
  CHECK((flow.tcp().last_flags & tcp_flag_simultaneous_open) != 0);
  flow.original({tcp_syn | tcp_ack, 1000, 5001, 64240});
  CHECK(flow.state() == tcp_syn_recv);
  const PacketOutcome outcome = flow.reply({tcp_ack, 5001, 1001, 502});
  CHECK(flow.state() == tcp_established);
  CHECK(outcome.changed);
  CHECK((flow.status & status_assured) != 0);
}

TEST_CASE("an RFC 5961 challenge ACK answering a SYN in LAST_ACK is ignored and keeps LAST_ACK") {
  TcpFlow flow = flow_in(tcp_last_ack);
  CHECK(flow.original({tcp_syn, 7000, 0}).verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_last_ack);
  const PacketOutcome challenge = flow.reply({tcp_ack, 1000, 1000});
  CHECK(challenge.verdict == TrackVerdict::accept);
  CHECK_FALSE(challenge.refresh);
  CHECK(flow.state() == tcp_last_ack);
  flow.reply({tcp_ack, 1000, 1000});
  CHECK(flow.state() == tcp_time_wait);  // the next ACK is a real last ACK
}

TEST_CASE("a SYN/ACK answering an ignored SYN resynchronises the flow to SYN_RECV") {
  TcpFlow flow;
  flow.handshake();
  CHECK(flow.original({tcp_syn, 90000, 0, 29200, test::wscale_option(7)}).verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_established);
  const PacketOutcome outcome = flow.reply({tcp_syn | tcp_ack, 40000, 90001, 28960, test::wscale_option(9)});
  CHECK(outcome.verdict == TrackVerdict::accept);
  CHECK(outcome.changed);
  CHECK(flow.state() == tcp_syn_recv);
  CHECK(flow.tcp().seen[0].td_end == 90001);
  CHECK(flow.tcp().seen[0].td_scale == 7);
  CHECK(flow.tcp().seen[1].td_scale == 9);
}

TEST_CASE("TCP state names are conntrack's") {
  const char* names[] = {"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK",
                         "TIME_WAIT", "CLOSE", "SYN_SENT2"};
  for (std::uint8_t state = 0; state < tcp_state_count; ++state) {
    ProtoState proto;
    proto.tcp.state = state;
    CHECK(tcp_tracker_ops.state_name(proto) == names[state]);
  }
}

}  // namespace
}  // namespace ctsh::engine
