// TCP timeout choice: the state's timeout unless retransmissions, an RST, unacknowledged data or a
// zero window pick RETRANS/CLOSE/UNACK first; no refresh on SYN retransmits, pickups capped at
// UNACK before a reply, RST before a reply kills, and out-of-window FIN/RST answers shorten ASSURED
// flows.
#include <doctest/doctest.h>

#include "tcp_test_flow.hpp"

namespace ctsh::engine {
namespace {

using test::Segment;
using test::TcpFlow;

TEST_CASE("each handshake and close step refreshes to its state's timeout and reports the change") {
  TcpFlow flow;
  CHECK(flow.original({tcp_syn, 1000, 0, 64240}).slot == TimeoutSlot::tcp_syn_sent);
  CHECK(flow.reply({tcp_syn | tcp_ack, 5000, 1001, 65160}).slot == TimeoutSlot::tcp_syn_recv);
  const PacketOutcome established = flow.original({tcp_ack, 1001, 5001, 502});
  CHECK(established.slot == TimeoutSlot::tcp_established);
  CHECK(established.changed);
  CHECK(flow.remaining() == ticks_from_seconds(432000));
  CHECK(flow.original({tcp_fin | tcp_ack, 1001, 5001, 502}).slot == TimeoutSlot::tcp_fin_wait);
  CHECK((flow.tcp().seen[0].flags & tcp_flag_close_init) != 0);
  CHECK(flow.reply({tcp_ack, 5001, 1002, 509}).slot == TimeoutSlot::tcp_close_wait);
  CHECK(flow.reply({tcp_fin | tcp_ack, 5001, 1002, 509}).slot == TimeoutSlot::tcp_last_ack);
  const PacketOutcome last_ack = flow.original({tcp_ack, 1002, 5002, 502});
  CHECK(last_ack.slot == TimeoutSlot::tcp_time_wait);
  CHECK(flow.state() == tcp_time_wait);
  CHECK(flow.original({tcp_syn, 90000, 0, 64240}).verdict == TrackVerdict::repeat);
}

TEST_CASE("unacknowledged data lowers ESTABLISHED to the UNACK timeout until acknowledged") {
  TcpFlow flow;
  flow.handshake();
  CHECK(flow.original({tcp_ack, 1001, 5001, 502, {}, 100}).slot == TimeoutSlot::tcp_unack);
  CHECK(flow.reply({tcp_ack, 5001, 1101, 500}).slot == TimeoutSlot::tcp_established);
}

TEST_CASE("a RST chooses the CLOSE timeout, and kills the flow when nothing was replied") {
  TcpFlow replied;
  replied.handshake();
  const PacketOutcome reset = replied.original({tcp_rst | tcp_ack, 1001, 5001, 0});
  CHECK(reset.slot == TimeoutSlot::tcp_close);
  CHECK_FALSE(reset.kill);
  CHECK(replied.state() == tcp_close);

  TcpFlow refused;
  refused.original({tcp_syn, 1000, 0, 64240});
  const PacketOutcome answer = refused.reply({tcp_rst | tcp_ack, 0, 1001, 0});
  CHECK(answer.kill);
  CHECK(answer.changed);
  CHECK(refused.killed);
}

TEST_CASE("a retransmitted SYN in SYN_SENT does not refresh the timeout") {
  TcpFlow flow;
  flow.original({tcp_syn, 1000, 0, 64240});
  flow.now += 250;
  const PacketOutcome again = flow.original({tcp_syn, 1000, 0, 64240});
  CHECK(again.verdict == TrackVerdict::accept);
  CHECK_FALSE(again.refresh);
  CHECK_FALSE(again.changed);
  CHECK(flow.remaining() == ticks_from_seconds(120) - 250);
}

TEST_CASE("a picked-up connection is capped at UNACK until the other side replies") {
  TcpFlow flow;
  // Before any reply the pickup's window checks fail liberally, so last_win stays 0 and RETRANS is
  // chosen first; make RETRANS long to see the cap.
  flow.policy.ticks[static_cast<std::size_t>(TimeoutSlot::tcp_retrans)] = ticks_from_seconds(1000);
  CHECK(flow.original({tcp_ack, 1000, 2000, 500}).slot == TimeoutSlot::tcp_unack);
  CHECK(flow.original({tcp_ack, 1000, 2000, 501}).slot == TimeoutSlot::tcp_unack);
  flow.reply({tcp_ack, 2000, 1000, 500});
  CHECK(flow.original({tcp_ack, 1000, 2000, 502}).slot == TimeoutSlot::tcp_established);
}

TEST_CASE("tcp_max_retrans identical segments switch to the RETRANS timeout") {
  TcpFlow flow;
  flow.handshake();
  const Segment data{tcp_ack, 1001, 5001, 502, {}, 100};
  flow.policy.ticks[static_cast<std::size_t>(TimeoutSlot::tcp_unack)] = ticks_from_seconds(900);
  for (int sent = 0; sent < 3; ++sent) CHECK(flow.original(data).slot == TimeoutSlot::tcp_unack);
  CHECK(flow.original(data).slot == TimeoutSlot::tcp_retrans);  // retrans == 3
  flow.settings.tcp_max_retrans = 10;
  CHECK(flow.original(data).slot == TimeoutSlot::tcp_unack);
}

TEST_CASE("a zero window seen last switches to the RETRANS timeout") {
  TcpFlow flow;
  flow.handshake();
  CHECK(flow.reply({tcp_ack, 5001, 1001, 0}).slot == TimeoutSlot::tcp_retrans);
  CHECK(flow.reply({tcp_ack, 5001, 1001, 100}).slot == TimeoutSlot::tcp_established);
}

TEST_CASE("timeouts shorter than RETRANS or UNACK are kept") {
  TcpFlow flow;
  flow.handshake();
  flow.original({tcp_fin | tcp_ack, 1001, 5001, 0});
  CHECK(flow.last.slot == TimeoutSlot::tcp_fin_wait);  // zero window and unacked FIN, but 120 s < 300 s
}

TEST_CASE("an out-of-window RST answering an out-of-window FIN lowers an ASSURED flow to UNACK") {
  TcpFlow flow;
  flow.handshake();
  const std::uint32_t far = flow.tcp().seen[0].td_maxend + 100000;
  const PacketOutcome fin = flow.original({tcp_fin | tcp_ack, far, 5001, 502});
  CHECK(fin.verdict == TrackVerdict::invalid);
  CHECK_FALSE(fin.refresh);
  CHECK(flow.tcp().last_index == tcp_class_fin);
  const PacketOutcome rst = flow.reply({tcp_rst | tcp_ack, 5001 + 200000, 1001, 0});
  CHECK(rst.verdict == TrackVerdict::invalid);
  CHECK(rst.refresh);
  CHECK(rst.slot == TimeoutSlot::tcp_unack);
  CHECK(flow.remaining() == ticks_from_seconds(300));
  CHECK(flow.state() == tcp_established);
}

TEST_CASE("an out-of-window answer leaves a remaining time under 120 s or under UNACK alone") {
  TcpFlow flow;
  flow.handshake();
  flow.deadline = flow.now + ticks_from_seconds(200);  // between 120 s and UNACK
  const std::uint32_t far = flow.tcp().seen[0].td_maxend + 100000;
  flow.original({tcp_fin | tcp_ack, far, 5001, 502});
  CHECK_FALSE(flow.reply({tcp_rst | tcp_ack, 5001 + 200000, 1001, 0}).refresh);
  CHECK(flow.remaining() == ticks_from_seconds(200));
}

}  // namespace
}  // namespace ctsh::engine
