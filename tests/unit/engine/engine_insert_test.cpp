// Engine::insert(): a loaded entry sits in the table exactly as a tracked one (found by its packets
// both ways, expired by the timer wheel, early-droppable unless ASSURED, saved in snapshots), with the
// kernel's ctnetlink behaviour: `insert` counted, a NEW event, refusal of duplicates and of a full
// table; TCP windows and SCTP tags unknown are learnt; what the engine cannot hold is refused.
#include <doctest/doctest.h>

#include "ctsh/engine/snapshot.hpp"
#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

FlowTuple tuple(std::string_view src, std::uint16_t sport, std::string_view dst, std::uint16_t dport) {
  FlowTuple t;
  t.src = parse_ip(src).value();
  t.dst = parse_ip(dst).value();
  t.sport = sport;
  t.dport = dport;
  return t;
}

FlowView loaded(std::uint8_t protocol, std::string_view state, std::uint32_t timeout, std::uint16_t status,
                FlowTuple original) {
  FlowView flow;
  flow.family = original.src.family;
  flow.protocol = protocol;
  flow.state = state;
  flow.timeout_seconds = timeout;
  flow.status = status;
  flow.original = original;
  flow.reply = original;
  std::swap(flow.reply.src, flow.reply.dst);
  std::swap(flow.reply.sport, flow.reply.dport);
  return flow;
}

FlowView established_tcp() {
  return loaded(6, "ESTABLISHED", 431999, status_seen_reply | status_assured, tuple("10.0.0.1", 40000, "10.0.0.2", 80));
}

// A harness whose clock runs before anything is loaded.
struct Started : Harness {
  explicit Started(const ConntrackConfig& config = kernel_defaults()) : Harness(config) { engine.start_clock(now_ns); }
};

}  // namespace

TEST_CASE("a loaded TCP entry is the table's: its view, a NEW event, insert counted, its packets find it both ways") {
  Started harness;
  REQUIRE(harness.engine.insert(established_tcp()));
  const FlowView flow = harness.only_flow();
  CHECK(flow.state == "ESTABLISHED");
  CHECK(flow.timeout_seconds == 431999);
  CHECK(flow.status == (status_seen_reply | status_assured | status_confirmed));
  CHECK(flow.original == established_tcp().original);
  CHECK(flow.reply == established_tcp().reply);
  REQUIRE(harness.events.size() == 1);
  CHECK(harness.events[0].type == FlowEventType::new_flow);
  CHECK(harness.stats().kernel.insert == 1);
  CHECK(harness.stats().new_flows == 0);

  // Windows unknown: mid-stream data both ways is accepted as after a loose pickup, no new flow.
  PacketSpec data = make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 80);
  data.tcp_flags = tcp_ack | tcp_psh;
  data.seq = 123456789;
  data.ack = 987654321;
  data.payload = bytes_of("GET / HTTP/1.1\r\n\r\n");
  CHECK(harness.send(data, millis(10)).state == CtState::established);
  PacketSpec answer = reversed(data);
  answer.seq = 987654321;
  answer.ack = 123456789 + static_cast<std::uint32_t>(data.payload.size());
  const PacketVerdict replied = harness.send(answer, millis(10));
  CHECK(replied.state == CtState::established);
  CHECK((replied.flags & verdict_reply) != 0);
  CHECK(harness.flows().size() == 1);
  CHECK(harness.stats().new_flows == 0);
}

TEST_CASE("a loaded entry expires when its timeout runs out, by the timer wheel") {
  Started harness;
  REQUIRE(harness.engine.insert(loaded(17, "", 29, 0, tuple("10.0.0.1", 5000, "10.0.0.4", 9999))));
  harness.advance(seconds(28));
  CHECK(harness.flows().size() == 1);
  harness.advance(seconds(1) + one_tick);
  CHECK(harness.flows().empty());
  CHECK(harness.stats().expired == 1);
  CHECK(harness.count_events(FlowEventType::destroy) == 1);
}

TEST_CASE("a loaded UDP entry that was replied becomes a stream on its next reply, as a kernel -I entry") {
  Started harness;
  const FlowView dns = loaded(17, "", 25, status_seen_reply, tuple("10.0.0.1", 5353, "10.0.0.3", 53));
  REQUIRE(harness.engine.insert(dns));
  REQUIRE(harness.send(reversed(udp("10.0.0.1", 5353, "10.0.0.3", 53)), millis(4)).state == CtState::established);
  const FlowView flow = harness.only_flow();
  CHECK((flow.status & status_assured) != 0);
  CHECK(flow.timeout_seconds == 120);
}

TEST_CASE("a loaded SCTP association learns each direction's verification tag from its next packet") {
  Started harness;
  REQUIRE(harness.engine.insert(loaded(132, "ESTABLISHED", 208, status_seen_reply | status_assured,
                                       tuple("10.0.0.1", 5000, "10.0.0.2", 38412))));
  // A DATA chunk (type 0, length 16) with tag 0xdeadbeef, then one with another tag: the second is
  // out of the association.
  static constexpr std::uint8_t data_chunk[] = {0, 3, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
  PacketSpec sctp = make_spec(132, "10.0.0.1", 5000, "10.0.0.2", 38412);
  sctp.sctp_chunks = data_chunk;
  sctp.sctp_vtag = 0xdeadbeef;
  CHECK(harness.send(sctp, millis(4)).state == CtState::established);
  CHECK(harness.send(sctp, millis(4)).state == CtState::established);
  sctp.sctp_vtag = 0x12345678;
  CHECK(harness.send(sctp, millis(4)).state == CtState::invalid);
}

TEST_CASE("a full table refuses an insert without early drop, and a tuple in the table is refused either way") {
  Started harness(kernel_defaults(2, 16));
  REQUIRE(harness.engine.insert(loaded(17, "", 30, 0, tuple("10.0.0.1", 1, "10.0.0.2", 2))));
  REQUIRE(harness.engine.insert(loaded(17, "", 30, 0, tuple("10.0.0.1", 3, "10.0.0.2", 4))));
  auto third = harness.engine.insert(loaded(17, "", 30, 0, tuple("10.0.0.1", 5, "10.0.0.2", 6)));
  REQUIRE_FALSE(third);
  CHECK(third.error().reason == InsertRefusal::Reason::table_full);
  CHECK(harness.stats().kernel.early_drop == 0);
  CHECK(harness.flows().size() == 2);

  // The reply tuple of the first entry as another entry's original: the same connection.
  auto again = harness.engine.insert(loaded(17, "", 30, 0, tuple("10.0.0.2", 2, "10.0.0.1", 1)));
  REQUIRE_FALSE(again);
  CHECK(again.error().reason == InsertRefusal::Reason::exists);
}

TEST_CASE("an expired entry with the same tuple is reaped, not counted as a duplicate") {
  Started harness;
  const FlowView first = loaded(17, "", 1, 0, tuple("10.0.0.1", 1, "10.0.0.2", 2));
  REQUIRE(harness.engine.insert(first));
  harness.engine.advance(seconds(1));  // deadline reached: expired, maybe not reaped yet
  REQUIRE(harness.engine.insert(first));
  CHECK(harness.flows().size() == 1);
}

TEST_CASE("a loaded entry with a helper gets it: a passive FTP reply creates an expectation") {
  ConntrackConfig config = kernel_defaults();
  config.modules = {HelperModule::ftp};
  Started harness(config);
  FlowView control = established_tcp();
  control.original.dport = 21;
  control.reply.sport = 21;
  control.helper = "ftp";
  REQUIRE(harness.engine.insert(control));
  CHECK(harness.only_flow().helper == "ftp");
  CHECK((harness.only_flow().status & status_helper) != 0);
  // The kernel parses only segments after a newline seen in that direction: the banner first.
  PacketSpec reply = reversed(make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 21));
  reply.tcp_flags = tcp_ack | tcp_psh;
  reply.seq = 5000;
  reply.ack = 7000;
  reply.payload = bytes_of("220 hello\r\n");
  harness.send(reply, millis(4));
  reply.seq += static_cast<std::uint32_t>(reply.payload.size());
  reply.payload = bytes_of("227 Entering Passive Mode (10,0,0,2,195,80).\r\n");
  harness.send(reply, millis(4));
  CHECK(harness.expectations().size() == 1);
}

TEST_CASE("marks and counters are kept (counters with flow-accounting) and survive a snapshot") {
  ConntrackConfig config = kernel_defaults();
  config.flow_accounting = true;
  Started harness(config);
  FlowView flow = established_tcp();
  flow.mark = 7;
  flow.counters = std::array<FlowCounters, 2>{FlowCounters{12, 3456}, FlowCounters{10, 8901}};
  REQUIRE(harness.engine.insert(flow));
  REQUIRE(harness.engine.insert(loaded(17, "", 30, 0, tuple("10.0.0.1", 1, "10.0.0.2", 2))));
  CHECK(harness.events[0].flow.mark == 7);
  const auto marked = [](const Harness& h) {
    for (const FlowView& f : h.flows()) {
      if (f.protocol == 6) return f;
    }
    FAIL("no TCP flow");
    return FlowView{};
  };
  CHECK(marked(harness).mark == 7);
  CHECK((*marked(harness).counters)[1].bytes == 8901);

  ScratchDir dir;
  REQUIRE(save_snapshot(harness.engine, dir.path() / "snapshot"));
  Harness restored(config);
  REQUIRE(load_snapshot(restored.engine, dir.path() / "snapshot"));
  CHECK(marked(restored).mark == 7);
  CHECK((*marked(restored).counters)[0].packets == 12);
  for (const FlowView& f : restored.flows()) {
    if (f.protocol == 17) CHECK(f.mark == 0);
  }
}

TEST_CASE("a cleared table forgets its marks: a later entry without one shows 0") {
  Started harness;
  FlowView flow = established_tcp();
  flow.mark = 9;
  REQUIRE(harness.engine.insert(flow));
  harness.engine.clear();
  REQUIRE(harness.engine.insert(loaded(17, "", 30, 0, tuple("10.0.0.1", 1, "10.0.0.2", 2))));
  FlowView other = loaded(17, "", 30, 0, tuple("10.0.0.1", 3, "10.0.0.2", 4));
  other.mark = 1;
  REQUIRE(harness.engine.insert(other));
  for (const FlowView& f : harness.flows()) CHECK(f.mark == (f.original.sport == 3 ? 1u : 0u));
}

TEST_CASE("a loaded entry that is not ASSURED is early-dropped like a tracked one") {
  Started harness(kernel_defaults(1, 1));
  REQUIRE(harness.engine.insert(loaded(17, "", 30, 0, tuple("10.0.0.1", 1, "10.0.0.2", 2))));
  CHECK(harness.send(udp("10.0.0.9", 7, "10.0.0.2", 53), millis(4)).state == CtState::new_flow);
  CHECK(harness.stats().kernel.early_drop == 1);
  CHECK(harness.only_flow().original.sport == 7);
}

TEST_CASE("a fresh engine's clock starts at 0 when an entry is loaded") {
  Harness harness;
  REQUIRE(harness.engine.insert(established_tcp()));
  CHECK(harness.engine.clock_ns() == std::optional<std::uint64_t>(0));
}

TEST_CASE("what the engine cannot hold is refused with the reason, and nothing changes") {
  Started harness;
  const auto refused = [&](FlowView flow, std::string_view reason) {
    auto inserted = harness.engine.insert(flow);
    REQUIRE_FALSE(inserted);
    CHECK(inserted.error().reason == InsertRefusal::Reason::unsupported);
    CHECK(inserted.error().detail.find(reason) != std::string::npos);
    CHECK(check_loadable(flow).error() == inserted.error().detail);
  };
  FlowView zoned = established_tcp();
  zoned.zone = 5;
  refused(zoned, "zone 5");
  FlowView translated = established_tcp();
  translated.reply.dst = parse_ip("203.0.113.1").value();
  refused(translated, "address translation");
  refused(loaded(6, "LISTENING", 10, 0, tuple("10.0.0.1", 1, "10.0.0.2", 2)), "tcp state \"LISTENING\" is unknown");
  refused(loaded(17, "ESTABLISHED", 10, 0, tuple("10.0.0.1", 1, "10.0.0.2", 2)), "udp has no state");
  refused(loaded(17, "", 0, 0, tuple("10.0.0.1", 1, "10.0.0.2", 2)), "timeout 0");
  FlowView sip = established_tcp();
  sip.helper = "sip";
  refused(sip, "helper \"sip\"");
  FlowView echo_reply = loaded(1, "", 29, 0, tuple("10.0.0.1", 0, "10.0.0.5", 0));
  echo_reply.original.type = 0;
  echo_reply.reply.type = 8;
  refused(echo_reply, "icmp type 0 is not a query");
  CHECK(harness.flows().empty());
  CHECK(harness.events.empty());
  CHECK(harness.stats().kernel.insert == 0);
}

TEST_CASE("ICMP and IPv6 entries: the reply type is the query's inverse") {
  Started harness;
  FlowView ping = loaded(58, "", 29, status_seen_reply, tuple("2001:db8::10", 0, "2001:db8::1", 0));
  ping.original.type = 128;
  ping.original.id = 7;
  ping.reply.type = 129;
  ping.reply.id = 7;
  REQUIRE(harness.engine.insert(ping));
  PacketSpec answer = make_spec(58, "2001:db8::1", 0, "2001:db8::10", 0);
  answer.icmp_type = 129;
  answer.icmp_id = 7;
  const PacketVerdict verdict = harness.send(answer, millis(4));
  CHECK(verdict.state == CtState::established);
  CHECK(harness.flows().size() == 1);
}
