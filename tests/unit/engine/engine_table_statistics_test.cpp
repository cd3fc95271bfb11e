// Engine::table_statistics(): the chain figures equal a walk of the real hash index, entries are
// counted per protocol and per TCP state, the busiest sources come first (ties by address, IPv4 before
// IPv6), expired entries are left out; engine_memory_model() predicts EngineStats::memory_bytes; and the
// names and port rules the views' filters rely on.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/engine_impl.hpp"
#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

// Chain figures from the index itself: every bucket's links followed to the end.
struct WalkedChains {
  std::uint32_t used = 0;
  std::uint64_t links = 0;
  std::uint64_t longest = 0;
};

WalkedChains walk_chains(const Engine& engine) {
  const FlowTable& table = engine.impl().table;
  WalkedChains walked;
  for (std::uint32_t bucket = 0; bucket < table.bucket_count(); ++bucket) {
    std::uint64_t length = 0;
    for (std::uint32_t link = table.bucket_head(bucket); link != nil_index; link = table.next_link(link)) ++length;
    walked.used += length > 0;
    walked.links += length;
    walked.longest = std::max(walked.longest, length);
  }
  return walked;
}

std::uint64_t tcp_state_entries(const TableStatistics& t, std::string_view state) {
  for (const StateCount& count : t.by_tcp_state) {
    if (count.state == state) return count.entries;
  }
  FAIL("no TCP state " << state);
  return 0;
}

IpAddress ip(std::string_view text) { return parse_ip(text).value(); }

// 10.0.0.1: 2 UDP + 1 TCP SYN_SENT; 10.0.0.3: 3 UDP; 10.0.0.2: 1 TCP ESTABLISHED; 2001:db8::1: 3 UDP;
// 10.0.0.9: 1 ICMP echo.
void send_udp(Harness& h, std::string_view src, std::string_view dst, std::uint16_t first_port, int count) {
  for (int i = 0; i < count; ++i) h.send(udp(src, static_cast<std::uint16_t>(first_port + i), dst, 53));
}

void populate(Harness& h) {
  send_udp(h, "10.0.0.1", "10.0.1.1", 1000, 2);
  PacketSpec syn = make_spec(6, "10.0.0.1", 40000, "10.0.1.1", 80);
  syn.tcp_flags = tcp_syn;
  syn.seq = 1;
  h.send(syn);
  send_udp(h, "10.0.0.3", "10.0.1.1", 2000, 3);
  TcpPeers(make_spec(6, "10.0.0.2", 40001, "10.0.1.1", 443)).handshake(h);
  send_udp(h, "2001:db8::1", "2001:db8::2", 3000, 3);
  PacketSpec ping = make_spec(1, "10.0.0.9", 0, "10.0.1.1", 0);
  ping.icmp_type = 8;
  ping.icmp_id = 1;
  h.send(ping);
  REQUIRE(h.stats().entries == 11);
}

}  // namespace

TEST_CASE("an empty table has no chains, no sources and every TCP state at zero") {
  Harness h(kernel_defaults(4096, 512));
  const TableStatistics t = h.engine.table_statistics(10);
  CHECK(t.entries == 0);
  CHECK(t.buckets == 512);
  CHECK(t.buckets_used == 0);
  CHECK(t.links == 0);
  CHECK(t.longest_chain == 0);
  CHECK(t.average_chain() == 0.0);
  CHECK(t.top_sources.empty());
  REQUIRE(t.by_tcp_state.size() == 9);
  CHECK(t.by_tcp_state.front().state == "SYN_SENT");
  CHECK(t.by_tcp_state.back().state == "SYN_SENT2");
  for (const StateCount& count : t.by_tcp_state) CHECK(count.entries == 0);
}

TEST_CASE("entries are counted per protocol, per TCP state and per original source") {
  Harness h;
  populate(h);
  const TableStatistics t = h.engine.table_statistics(10);
  CHECK(t.entries == 11);
  CHECK(t.by_protocol[17] == 8);
  CHECK(t.by_protocol[6] == 2);
  CHECK(t.by_protocol[1] == 1);
  CHECK(tcp_state_entries(t, "SYN_SENT") == 1);
  CHECK(tcp_state_entries(t, "ESTABLISHED") == 1);
  CHECK(tcp_state_entries(t, "TIME_WAIT") == 0);
  REQUIRE(t.top_sources.size() == 5);
  // Three sources with 3 entries: by address, IPv4 before IPv6.
  CHECK(t.top_sources[0].source == ip("10.0.0.1"));
  CHECK(t.top_sources[1].source == ip("10.0.0.3"));
  CHECK(t.top_sources[2].source == ip("2001:db8::1"));
  CHECK(t.top_sources[3].source == ip("10.0.0.2"));
  CHECK(t.top_sources[4].source == ip("10.0.0.9"));
  for (std::size_t i = 0; i < 3; ++i) CHECK(t.top_sources[i].entries == 3);
  CHECK(t.top_sources[3].entries == 1);

  const TableStatistics top_two = h.engine.table_statistics(2);
  REQUIRE(top_two.top_sources.size() == 2);
  CHECK(top_two.top_sources[1].source == ip("10.0.0.3"));
  CHECK(h.engine.table_statistics(0).top_sources.empty());
}

TEST_CASE("chain figures equal a walk of the hash index, with few buckets and with many") {
  for (const std::uint32_t buckets : {1u, 7u, 4096u}) {
    CAPTURE(buckets);
    Harness h(kernel_defaults(4096, buckets));
    populate(h);
    const TableStatistics t = h.engine.table_statistics(10);
    const WalkedChains walked = walk_chains(h.engine);
    CHECK(t.links == 22);
    CHECK(t.links == walked.links);
    CHECK(t.buckets_used == walked.used);
    CHECK(t.longest_chain == walked.longest);
    CHECK(t.average_chain() == doctest::Approx(static_cast<double>(walked.links) / walked.used));
  }
  Harness one_bucket(kernel_defaults(4096, 1));
  populate(one_bucket);
  CHECK(one_bucket.engine.table_statistics(10).longest_chain == 22);
}

TEST_CASE("entries that timed out are no longer counted") {
  Harness h;
  populate(h);
  h.advance(seconds(31));  // the UDP and ICMP entries time out; the TCP ones remain
  const TableStatistics t = h.engine.table_statistics(10);
  CHECK(t.entries == 2);
  CHECK(t.entries == h.stats().entries);
  CHECK(t.by_protocol[17] == 0);
  CHECK(t.links == 4);
  REQUIRE(t.top_sources.size() == 2);
  CHECK(t.top_sources[0].source == ip("10.0.0.1"));
}

TEST_CASE("the memory model predicts memory_bytes up to page rounding") {
  const EngineMemoryModel model = engine_memory_model();
  CHECK(model.entry == sizeof(Entry) + sizeof(EntryState) + sizeof(EntryRecord));
  constexpr std::uint64_t page_rounding = 4096;
  struct Case {
    bool accounting;
    bool ipv6;
  };
  for (const Case c : {Case{false, false}, Case{true, false}, Case{false, true}, Case{true, true}}) {
    CAPTURE(c.accounting);
    CAPTURE(c.ipv6);
    ConntrackConfig config = kernel_defaults(8192, 2048);
    config.flow_accounting = c.accounting;
    Harness h(config);
    constexpr std::uint16_t flows = 5000;
    for (std::uint16_t i = 0; i < flows; ++i) {
      h.send(c.ipv6 ? udp("2001:db8::1", static_cast<std::uint16_t>(1000 + i), "2001:db8::2", 53)
                    : udp("10.0.0.1", static_cast<std::uint16_t>(1000 + i), "10.0.0.2", 53));
    }
    const std::uint64_t per_entry =
        model.entry + (c.accounting ? model.accounting : 0) + (c.ipv6 ? model.ipv6 : 0);
    const std::uint64_t predicted = per_entry * flows + std::uint64_t{model.bucket} * 2048;
    const std::uint64_t measured = h.stats().memory_bytes;
    CHECK(measured >= predicted);
    CHECK(measured - predicted < 5 * page_rounding);  // each of up to five pools rounds up to a page
  }
}

TEST_CASE("flow_state_names lists every TCP and SCTP state once, and no NONE") {
  const std::vector<std::string_view> names = flow_state_names();
  CHECK(std::count(names.begin(), names.end(), "ESTABLISHED") == 1);
  CHECK(std::find(names.begin(), names.end(), "NONE") == names.end());
  CHECK(names.front() == "SYN_SENT");
  CHECK(std::find(names.begin(), names.end(), "TIME_WAIT") != names.end());
  CHECK(std::find(names.begin(), names.end(), "COOKIE_ECHOED") != names.end());
  CHECK(names.back() == "HEARTBEAT_SENT");
  CHECK(names.size() == 9 + 7);  // TCP's nine, SCTP's eight less ESTABLISHED
}

TEST_CASE("a port filter selects only flows of protocols with ports") {
  Harness h;
  populate(h);
  FlowFilter by_port;
  by_port.destination_port = 53;
  CHECK(h.flows(by_port).size() == 8);
  for (const FlowView& flow : h.flows(by_port)) CHECK(flow.protocol == 17);
  // A GRE view carries its keys where ports go: a port filter does not take them for ports.
  FlowView gre;
  gre.protocol = 47;
  gre.original.sport = 5;
  FlowView udp_flow = gre;
  udp_flow.protocol = 17;
  FlowFilter source_port;
  source_port.source_port = 5;
  CHECK_FALSE(matches(source_port, gre));
  CHECK(matches(source_port, udp_flow));
}
