// TCP window tracking: window scaling and SACK from the SYN options, Rooij's four bounds with their
// INVALID/IGNORE outcomes, the liberal cases, the updates and retransmission counting, and option
// parsing that never reads past the header.
#include <doctest/doctest.h>

#include "proto/tcp_options.hpp"
#include "proto/tcp_window.hpp"
#include "tcp_test_flow.hpp"

namespace ctsh::engine {
namespace {

using test::Segment;
using test::TcpFlow;

TEST_CASE("window scaling is used only when both SYNs carry the option, capped at 14") {
  TcpFlow both;
  both.handshake(test::wscale_option(7), test::wscale_option(20));
  CHECK(both.tcp().seen[0].td_scale == 7);
  CHECK(both.tcp().seen[1].td_scale == 14);
  CHECK(both.state() == tcp_established);

  TcpFlow client_only;
  client_only.handshake(test::wscale_option(7), {});
  CHECK(client_only.tcp().seen[0].td_scale == 0);
  CHECK(client_only.tcp().seen[1].td_scale == 0);

  TcpFlow server_only;
  server_only.handshake({}, test::wscale_option(7));
  CHECK(server_only.tcp().seen[0].td_scale == 0);
  CHECK(server_only.tcp().seen[1].td_scale == 0);
}

TEST_CASE("the handshake's window bounds follow the SYN, SYN/ACK and ACK") {
  TcpFlow flow;
  flow.handshake(test::wscale_option(7), test::wscale_option(7));
  const TcpDirectionState& client = flow.tcp().seen[0];
  const TcpDirectionState& server = flow.tcp().seen[1];
  CHECK(client.td_end == 1001);
  CHECK(server.td_end == 5001);
  CHECK(client.td_maxack == 5001);
  CHECK(server.td_maxack == 1001);
  CHECK((client.flags & tcp_flag_maxack_set) != 0);
  CHECK(server.td_maxend == 5001 + (502u << 7));  // the client's last scaled window
  CHECK(flow.status == (status_confirmed | status_seen_reply | status_assured));
}

TEST_CASE("data far beyond the receiver's window is INVALID and does not move the state") {
  TcpFlow flow;
  flow.handshake();
  const std::uint32_t beyond = flow.tcp().seen[0].td_maxend + 70000;
  CHECK(flow.original({tcp_ack, beyond, 5001, 502, {}, 100}).verdict == TrackVerdict::invalid);
  CHECK(flow.original({tcp_fin | tcp_ack, beyond, 5001}).verdict == TrackVerdict::invalid);
  CHECK(flow.state() == tcp_established);
}

TEST_CASE("data overrunning the receive window by less than a window is ignored but remembered") {
  TcpFlow flow;
  flow.handshake();
  const std::uint32_t just_beyond = flow.tcp().seen[0].td_maxend + 1;
  const PacketOutcome overrun = flow.original({tcp_ack, just_beyond, 5001, 502, {}, 100});
  CHECK(overrun.verdict == TrackVerdict::accept);
  CHECK_FALSE(overrun.refresh);
  CHECK(flow.tcp().seen[0].td_end == just_beyond + 100);
  CHECK((flow.tcp().seen[0].flags & tcp_flag_data_unacknowledged) != 0);
  CHECK(flow.reply({tcp_ack, 5001, just_beyond + 100, 500}).verdict == TrackVerdict::accept);
}

TEST_CASE("an ACK for data never seen is INVALID") {
  TcpFlow flow;
  flow.handshake();
  CHECK(flow.original({tcp_ack, 1001, 5001 + 10, 502}).verdict == TrackVerdict::invalid);
  CHECK(flow.original({tcp_ack, 1001, 5001, 502}).verdict == TrackVerdict::accept);
}

TEST_CASE("already acknowledged data far below the window is ignored, neither refreshed nor invalid") {
  TcpFlow flow;
  flow.handshake();
  const PacketOutcome old_data = flow.original({tcp_ack, 1001u - 200000u, 5001, 502, {}, 10});
  CHECK(old_data.verdict == TrackVerdict::accept);
  CHECK_FALSE(old_data.refresh);
}

TEST_CASE("the highest SACK edge counts as the ACK only when the receiver's SYN permitted SACK") {
  const auto sack_beyond = test::sack_option(5001 + 100, 5001 + 200);
  TcpFlow permitted;
  permitted.handshake(test::sack_perm_option(), test::sack_perm_option());
  CHECK(permitted.original({tcp_ack, 1001, 5001, 502, sack_beyond}).verdict == TrackVerdict::invalid);

  TcpFlow not_permitted;
  not_permitted.handshake();
  CHECK(not_permitted.original({tcp_ack, 1001, 5001, 502, sack_beyond}).verdict == TrackVerdict::accept);
}

TEST_CASE("window failures are accepted when tcp_be_liberal is set") {
  TcpFlow flow;
  flow.settings.tcp_be_liberal = true;
  flow.handshake();
  CHECK(flow.original({tcp_ack, 1001, 5001 + 10, 502}).verdict == TrackVerdict::accept);
}

TEST_CASE("a picked-up connection is liberal both ways and accepts what a SYN-tracked one rejects") {
  TcpFlow flow;
  CHECK(flow.original({tcp_ack, 700000, 300000, 1000, {}, 50}).verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_established);
  for (const TcpDirectionState& side : flow.tcp().seen) {
    CHECK(side.flags == (tcp_flag_sack_perm | tcp_flag_be_liberal));
  }
  CHECK(flow.tcp().seen[0].td_maxend == 700050 + 1000);
  const PacketOutcome answer = flow.reply({tcp_ack, 300000, 700050, 2000});
  CHECK(answer.verdict == TrackVerdict::accept);
  CHECK((flow.status & status_assured) == 0);  // the first reply still sees no SEEN_REPLY
  CHECK(flow.original({tcp_ack, 100, 999, 1000}).verdict == TrackVerdict::accept);
  CHECK((flow.status & status_assured) != 0);
}

TEST_CASE("sent data is unacknowledged until the peer's ACK covers it") {
  TcpFlow flow;
  flow.handshake();
  flow.original({tcp_ack, 1001, 5001, 502, {}, 100});
  CHECK((flow.tcp().seen[0].flags & tcp_flag_data_unacknowledged) != 0);
  flow.reply({tcp_ack, 5001, 1050, 500});
  CHECK((flow.tcp().seen[0].flags & tcp_flag_data_unacknowledged) != 0);
  flow.reply({tcp_ack, 5001, 1101, 500});
  CHECK((flow.tcp().seen[0].flags & tcp_flag_data_unacknowledged) == 0);
}

TEST_CASE("identical ACK segments count as retransmissions, any difference resets the count") {
  TcpFlow flow;
  flow.handshake();
  const Segment data{tcp_ack, 1001, 5001, 502, {}, 100};
  flow.original(data);
  CHECK(flow.tcp().retrans == 0);
  flow.original(data);
  flow.original(data);
  CHECK(flow.tcp().retrans == 2);
  flow.original({tcp_ack, 1001, 5001, 503, {}, 100});
  CHECK(flow.tcp().retrans == 0);
}

TEST_CASE("an RST+ACK with ack 0 answering a SYN is in window and closes the flow") {
  TcpFlow flow;
  flow.original({tcp_syn, 1000, 0, 64240});
  const PacketOutcome refused = flow.reply({tcp_rst | tcp_ack, 0, 0, 0});
  CHECK(refused.verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_close);
  CHECK(refused.kill);
}

TEST_CASE("an RST below what the peer acknowledged is invalid unless tcp_ignore_invalid_rst") {
  TcpFlow flow;
  flow.handshake();
  CHECK(flow.original({tcp_rst, 1000, 0}).verdict == TrackVerdict::invalid);
  CHECK(flow.state() == tcp_established);
  flow.settings.tcp_ignore_invalid_rst = true;
  CHECK(flow.original({tcp_rst, 1000, 0}).verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_established);  // inexact: kept for a challenge ACK
  CHECK(flow.original({tcp_rst, 1001, 0}).verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_close);
}

TEST_CASE("an in-window RST with an inexact sequence keeps ESTABLISHED for a challenge ACK") {
  TcpFlow flow;
  flow.handshake();
  const PacketOutcome reset = flow.reply({tcp_rst, 5001 + 50, 0});
  CHECK(reset.verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_established);
  CHECK(reset.slot == TimeoutSlot::tcp_close);
  const PacketOutcome exact = flow.reply({tcp_rst, 5001, 0});
  CHECK(exact.verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_close);
}

TEST_CASE("malformed TCP options and header lengths never read past the header") {
  const std::vector<std::uint8_t> hostile[] = {
      {3, 200, 7},             // window scale claiming 200 bytes
      {5, 1},                  // silly length
      {4},                     // kind without length
      {5, 18, 0, 0, 0, 1},     // SACK longer than the header
      {1, 1, 1, 3, 3, 14, 0},  // NOPs, wscale, EOL
  };
  for (const auto& options : hostile) {
    const test::TcpPacket packet = test::make_tcp({tcp_syn, 1, 0, 100, options});
    const auto syn = read_syn_options(packet.packet);
    REQUIRE(syn.has_value());
    CHECK(syn->scale <= tcp_max_window_scale);
    CHECK(highest_sack_edge(packet.packet, 77) == 77);
  }
  test::TcpPacket lying = test::make_tcp({tcp_ack, 1, 1});
  lying.packet.tcp_header_length = 60;  // more than was captured
  TrackerSettings settings;
  const TimeoutPolicy policy = test::default_tcp_policy();
  const TrackerInput input{lying.packet, Direction::original, 0, policy, settings, 0};
  ProtoState proto;
  CHECK_FALSE(tcp_tracker_ops.start(proto, input));
  std::uint16_t status = 0;
  PacketOutcome outcome;
  tcp_tracker_ops.track(proto, status, input, outcome);
  CHECK(outcome.verdict == TrackVerdict::invalid);
  CHECK_FALSE(read_syn_options(lying.packet).has_value());
}

TEST_CASE("sequence comparisons wrap around like the kernel's before() and after()") {
  CHECK(seq_before(0xfffffff0u, 0x10u));
  CHECK(seq_after(0x10u, 0xfffffff0u));
  CHECK_FALSE(seq_before(5, 5));
  TcpFlow flow;
  flow.original({tcp_syn, 0xffffffffu, 0, 64240});
  flow.reply({tcp_syn | tcp_ack, 5000, 0, 65160});
  CHECK(flow.state() == tcp_syn_recv);
  CHECK(flow.original({tcp_ack, 0, 5001, 502}).verdict == TrackVerdict::accept);
  CHECK(flow.state() == tcp_established);
}

}  // namespace
}  // namespace ctsh::engine
