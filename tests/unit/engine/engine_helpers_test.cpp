// Helpers end to end (kernel §5): FTP's 227 and PORT and TFTP's RRQ create expectations that the data
// connection consumes as RELATED; expectation timeouts, the expect-table-size bound and disabled modules.
#include <doctest/doctest.h>

#include "core/engine_impl.hpp"
#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

ConntrackConfig with_modules(std::set<HelperModule> modules) {
  ConntrackConfig config = kernel_defaults();
  config.modules = std::move(modules);
  return config;
}

IpAddress ip(std::string_view text) { return parse_ip(text).value(); }

// A control connection 10.0.0.1:<client_port> -> 10.0.0.2:21 up to the server's banner, the first line
// of the reply direction (which the helper never reads).
TcpPeers ftp_control(Harness& harness, std::uint16_t client_port = 40000) {
  TcpPeers ftp(make_spec(6, "10.0.0.1", client_port, "10.0.0.2", 21));
  ftp.handshake(harness);
  REQUIRE(harness.send(ftp.server(tcp_ack | tcp_psh, "220 ctsh test server\r\n")).state == CtState::established);
  REQUIRE(harness.send(ftp.client(tcp_ack)).state == CtState::established);
  return ftp;
}

// The server's passive-mode reply announcing 10.0.0.2:50000 (195 * 256 + 80).
PacketVerdict enter_passive_mode(Harness& harness, TcpPeers& ftp) {
  return harness.send(ftp.server(tcp_ack | tcp_psh, "227 Entering Passive Mode (10,0,0,2,195,80).\r\n"));
}

// The record behind a view, to read what views do not show (the master of an expected connection).
const EntryRecord& entry_of(const Harness& harness, std::uint32_t flow_id) {
  const Engine::Impl& impl = harness.engine.impl();
  for (std::uint32_t index = 0; index < impl.table.high_water(); ++index) {
    if ((impl.table.entry(index).flags & entry_live) && impl.table.record(index).id == flow_id) {
      return impl.table.record(index);
    }
  }
  FAIL("no entry with id " << flow_id);
  return impl.table.record(0);
}

}  // namespace

TEST_CASE("ftp: the server's 227 reply expects the data connection, which arrives RELATED and EXPECTED") {
  Harness harness(with_modules({HelperModule::ftp}));
  TcpPeers ftp = ftp_control(harness);
  CHECK(harness.expectations().empty());
  const PacketVerdict passive = enter_passive_mode(harness, ftp);
  CHECK(passive.state == CtState::established);
  CHECK((passive.flags & verdict_dropped) == 0);

  const FlowView master = harness.only_flow();
  CHECK(master.helper == "ftp");
  CHECK((master.status & status_helper) != 0);
  const std::vector<ExpectationView> expected = harness.expectations();
  REQUIRE(expected.size() == 1);
  const ExpectationView& e = expected.front();
  CHECK(e.helper == "ftp");
  CHECK(e.protocol == 6);
  CHECK(e.family == Family::ipv4);
  CHECK(e.timeout_seconds == 300);
  CHECK(e.expect_class == 0);
  CHECK(e.tuple.src == ip("10.0.0.1"));
  CHECK(e.tuple.dst == ip("10.0.0.2"));
  CHECK(e.tuple.sport == 0);
  CHECK(e.tuple.dport == 50000);
  CHECK(e.mask.src == ip("255.255.255.255"));
  CHECK(e.mask.dst == ip("255.255.255.255"));
  CHECK(e.mask.sport == 0);
  CHECK(e.mask.dport == 0xffff);
  CHECK(e.master == master.original);
  CHECK(harness.stats().kernel.expect_create == 1);
  CHECK(harness.stats().expectations == 1);

  const PacketSpec data_syn = [] {
    PacketSpec syn = make_spec(6, "10.0.0.1", 50123, "10.0.0.2", 50000);
    syn.tcp_flags = tcp_syn;
    syn.seq = 77;
    return syn;
  }();
  CHECK(harness.send(data_syn).state == CtState::related);
  const std::optional<FlowView> data = harness.flow_of(data_syn);
  REQUIRE(data.has_value());
  CHECK((data->status & status_expected) != 0);
  CHECK(data->helper.empty());
  CHECK(entry_of(harness, data->id).master_id == master.id);
  CHECK(harness.expectations().empty());
  const EngineStats stats = harness.stats();
  CHECK(stats.kernel.expect_new == 1);
  CHECK(stats.kernel.expect_delete == 1);
  CHECK(stats.expectations == 0);
  // The data connection's next SYN (retransmission) is still RELATED until the server answers.
  CHECK(harness.send(data_syn, seconds(1)).state == CtState::related);
}

TEST_CASE("ftp: the first line of the reply direction is never read, even when it is a 227") {
  Harness harness(with_modules({HelperModule::ftp}));
  TcpPeers ftp(make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 21));
  ftp.handshake(harness);
  CHECK(enter_passive_mode(harness, ftp).state == CtState::established);
  CHECK(harness.expectations().empty());
  CHECK(harness.stats().kernel.expect_create == 0);
}

TEST_CASE("ftp: an expectation nobody uses expires after 300 s (expect_delete++)") {
  Harness harness(with_modules({HelperModule::ftp}));
  TcpPeers ftp = ftp_control(harness);
  REQUIRE(enter_passive_mode(harness, ftp).state == CtState::established);
  REQUIRE(harness.send(ftp.client(tcp_ack)).state == CtState::established);
  harness.advance(seconds(299));
  REQUIRE(harness.expectations().size() == 1);
  CHECK(harness.expectations().front().timeout_seconds == 1);
  harness.advance(seconds(1));
  CHECK(harness.expectations().empty());
  CHECK(harness.stats().expectations == 0);
  CHECK(harness.stats().kernel.expect_delete == 1);
  CHECK(harness.stats().kernel.expect_new == 0);
  // A connection to the announced port now is a plain NEW one.
  PacketSpec late = make_spec(6, "10.0.0.1", 50123, "10.0.0.2", 50000);
  late.tcp_flags = tcp_syn;
  CHECK(harness.send(late).state == CtState::new_flow);
  CHECK(harness.stats().entries == 2);
}

TEST_CASE("ftp: the client's PORT expects the server's active data connection from its address") {
  Harness harness(with_modules({HelperModule::ftp}));
  TcpPeers ftp = ftp_control(harness);
  REQUIRE(harness.send(ftp.client(tcp_ack | tcp_psh, "USER anonymous\r\n")).state == CtState::established);
  REQUIRE(harness.send(ftp.server(tcp_ack | tcp_psh, "331 Password please\r\n")).state == CtState::established);
  CHECK(harness.expectations().empty());
  REQUIRE(harness.send(ftp.client(tcp_ack | tcp_psh, "PORT 10,0,0,1,156,65\r\n")).state == CtState::established);
  const std::vector<ExpectationView> expected = harness.expectations();
  REQUIRE(expected.size() == 1);
  CHECK(expected.front().tuple.src == ip("10.0.0.2"));
  CHECK(expected.front().tuple.dst == ip("10.0.0.1"));
  CHECK(expected.front().tuple.dport == 156 * 256 + 65);

  PacketSpec active = make_spec(6, "10.0.0.2", 20, "10.0.0.1", 156 * 256 + 65);
  active.tcp_flags = tcp_syn;
  CHECK(harness.send(active).state == CtState::related);
  CHECK(harness.stats().kernel.expect_new == 1);
}

TEST_CASE("ftp: a PORT naming another host than the client expects nothing (loose=0)") {
  Harness harness(with_modules({HelperModule::ftp}));
  TcpPeers ftp = ftp_control(harness);
  REQUIRE(harness.send(ftp.client(tcp_ack | tcp_psh, "USER anonymous\r\n")).state == CtState::established);
  CHECK(harness.send(ftp.client(tcp_ack | tcp_psh, "PORT 10,9,9,9,156,65\r\n")).state == CtState::established);
  CHECK(harness.expectations().empty());
}

TEST_CASE("tftp: a read request to port 69 expects the server's answer from any port, which is RELATED") {
  Harness harness(with_modules({HelperModule::tftp}));
  static constexpr std::string_view read_request{"\0\1boot.img\0octet\0", 17};
  PacketSpec request = udp("10.0.0.1", 3000, "10.0.0.2", 69);
  request.payload = bytes_of(read_request);
  CHECK(harness.send(request).state == CtState::new_flow);
  CHECK(harness.only_flow().helper == "tftp");
  const std::vector<ExpectationView> expected = harness.expectations();
  REQUIRE(expected.size() == 1);
  CHECK(expected.front().helper == "tftp");
  CHECK(expected.front().protocol == 17);
  CHECK(expected.front().tuple.src == ip("10.0.0.2"));
  CHECK(expected.front().tuple.dst == ip("10.0.0.1"));
  CHECK(expected.front().tuple.dport == 3000);
  CHECK(expected.front().timeout_seconds == 300);

  const PacketSpec answer = udp("10.0.0.2", 4711, "10.0.0.1", 3000);
  CHECK(harness.send(answer, millis(5)).state == CtState::related);
  CHECK((harness.flow_of(answer)->status & status_expected) != 0);
  CHECK(harness.send(reversed(answer), millis(5)).state == CtState::established);
  CHECK(harness.stats().kernel.expect_new == 1);
}

TEST_CASE("expect-table-size 1: a second master's expectation is refused, its packet dropped, nothing counted") {
  ConntrackConfig config = with_modules({HelperModule::ftp});
  config.expect_table_size = 1;
  Harness harness(config);
  TcpPeers first = ftp_control(harness, 40000);
  TcpPeers second = ftp_control(harness, 40001);
  REQUIRE(enter_passive_mode(harness, first).state == CtState::established);
  REQUIRE(harness.expectations().size() == 1);
  const EngineStats before = harness.stats();

  const PacketVerdict refused = enter_passive_mode(harness, second);
  CHECK((refused.flags & verdict_dropped) != 0);
  CHECK(harness.expectations().size() == 1);
  const EngineStats after = harness.stats();
  CHECK(after.kernel.expect_create == before.kernel.expect_create);
  CHECK(after.kernel.expect_delete == before.kernel.expect_delete);
  CHECK(after.kernel.drop == before.kernel.drop);
  CHECK(after.kernel.invalid == before.kernel.invalid);
  CHECK(harness.expectations().front().master.sport == 40000);
}

TEST_CASE("a master that announces again replaces its own expectation (max_expected 1)") {
  Harness harness(with_modules({HelperModule::ftp}));
  TcpPeers ftp = ftp_control(harness);
  REQUIRE(enter_passive_mode(harness, ftp).state == CtState::established);
  REQUIRE(harness.send(ftp.server(tcp_ack | tcp_psh, "227 Entering Passive Mode (10,0,0,2,195,81).\r\n"))
              .state == CtState::established);
  const std::vector<ExpectationView> expected = harness.expectations();
  REQUIRE(expected.size() == 1);
  CHECK(expected.front().tuple.dport == 50001);
  CHECK(harness.stats().kernel.expect_create == 2);
  CHECK(harness.stats().kernel.expect_delete == 1);
}

TEST_CASE("the master going away takes its expectations with it") {
  Harness harness(with_modules({HelperModule::ftp}));
  TcpPeers ftp = ftp_control(harness);
  REQUIRE(enter_passive_mode(harness, ftp).state == CtState::established);
  CHECK(harness.engine.erase({}) == 1);
  CHECK(harness.expectations().empty());
  CHECK(harness.stats().kernel.expect_delete == 1);
}

TEST_CASE("without the ftp module a control connection has no helper, no HELPER bit and expects nothing") {
  Harness harness(with_modules({HelperModule::tftp}));
  TcpPeers ftp = ftp_control(harness);
  CHECK(enter_passive_mode(harness, ftp).state == CtState::established);
  const FlowView control = harness.only_flow();
  CHECK(control.helper.empty());
  CHECK((control.status & status_helper) == 0);
  CHECK(harness.expectations().empty());
  PacketSpec data_syn = make_spec(6, "10.0.0.1", 50123, "10.0.0.2", 50000);
  data_syn.tcp_flags = tcp_syn;
  CHECK(harness.send(data_syn).state == CtState::new_flow);
  CHECK(harness.stats().kernel.expect_create == 0);
}
