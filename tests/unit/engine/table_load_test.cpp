// load_table(): a parsed table goes into the engine all or nothing (a bad entry or a connection given
// twice or already there refuses the file before anything is loaded), except what does not fit; what
// the engine cannot hold is counted by reason; NAT entries come in reversed.
#include <doctest/doctest.h>

#include <algorithm>

#include <fmt/format.h>

#include "ctsh/engine/table_file.hpp"
#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

std::string udp_line(int port, std::string_view extra = "") {
  return fmt::format("udp      17 30 src=10.0.0.1 dst=10.0.0.2 sport={} dport=53 [UNREPLIED] src=10.0.0.2 "
                     "dst=10.0.0.1 sport=53 dport={} mark=0 {}use=1\n",
                     port, port, extra);
}

TableFile table_of(const std::string& text) {
  auto table = parse_table_file(text);
  REQUIRE_MESSAGE(table, table.error().message);
  return *table;
}

}  // namespace

TEST_CASE("entries load in file order until the table is full; the rest are counted") {
  Harness harness(kernel_defaults(3, 16));
  std::string text;
  for (int port = 1000; port < 1005; ++port) text += udp_line(port);
  auto report = load_table(harness.engine, table_of(text));
  REQUIRE(report);
  CHECK(report->loaded == 3);
  CHECK(report->table_full == 2);
  CHECK(report->loaded_by_protocol.at("udp") == 3);
  std::vector<std::uint16_t> ports;
  for (const FlowView& flow : harness.flows()) ports.push_back(flow.original.sport);
  std::sort(ports.begin(), ports.end());
  CHECK(ports == std::vector<std::uint16_t>{1000, 1001, 1002});
  CHECK(harness.count_events(FlowEventType::new_flow) == 3);
}

TEST_CASE("zones other than 0, DCCP and timed-out entries are counted, not loaded; NAT entries come in reversed") {
  Harness harness;
  const std::string text =
      udp_line(1000, "zone=4 ") +
      "dccp     33 100 OPEN src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 "
      "[ASSURED] mark=0 use=1\n" +
      "udp      17 0 src=10.0.0.1 dst=10.0.0.2 sport=7 dport=53 src=10.0.0.2 dst=10.0.0.1 sport=53 dport=7 use=1\n" +
      "tcp      6 100 ESTABLISHED src=192.168.1.2 dst=198.51.100.7 sport=33000 dport=443 packets=2 bytes=100 "
      "src=198.51.100.7 dst=203.0.113.1 sport=443 dport=61000 packets=2 bytes=100 [ASSURED] mark=0 helper=sip use=1\n";
  auto report = load_table(harness.engine, table_of(text));
  REQUIRE(report);
  CHECK(report->loaded == 1);
  CHECK(report->other_zone == 1);
  CHECK(report->dccp == 1);
  CHECK(report->expired == 1);
  CHECK(report->translated == 1);
  CHECK(report->counters_dropped == 1);
  CHECK(report->other_helpers.at("sip") == 1);
  const FlowView flow = harness.only_flow();
  CHECK(flow.reply.src == parse_ip("198.51.100.7").value());
  CHECK(flow.reply.dst == parse_ip("192.168.1.2").value());
  CHECK(flow.reply.dport == 33000);
  CHECK(flow.helper.empty());
  CHECK_FALSE(flow.counters);
}

TEST_CASE("counters are kept with flow-accounting") {
  ConntrackConfig config = kernel_defaults();
  config.flow_accounting = true;
  Harness harness(config);
  auto report = load_table(harness.engine, table_of(
      "udp      17 30 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 packets=3 bytes=300 src=10.0.0.2 dst=10.0.0.1 "
      "sport=2 dport=1 packets=4 bytes=400 mark=0 use=1\n"));
  REQUIRE(report);
  CHECK(report->counters_dropped == 0);
  CHECK((*harness.only_flow().counters)[1].bytes == 400);
}

TEST_CASE("a connection given twice refuses the file before anything is loaded, naming both lines") {
  Harness harness;
  const std::string text = udp_line(1000) + udp_line(1001) +
                           "udp      17 30 src=10.0.0.2 dst=10.0.0.1 sport=53 dport=1000 src=10.0.0.1 dst=10.0.0.2 "
                           "sport=1000 dport=53 mark=0 use=1\n";
  auto report = load_table(harness.engine, table_of(text));
  REQUIRE_FALSE(report);
  CHECK(report.error().line == 3);
  CHECK(report.error().message == "udp 10.0.0.2:53 -> 10.0.0.1:1000 is the same connection as line 1; nothing was loaded");
  CHECK(harness.flows().empty());
  CHECK(harness.events.empty());
}

TEST_CASE("a connection already in the table refuses the file; a second load of the same file too") {
  Harness harness;
  const TableFile table = table_of(udp_line(1000) + udp_line(1001));
  REQUIRE(load_table(harness.engine, table));
  auto again = load_table(harness.engine, table_of(udp_line(999) + udp_line(1001)));
  REQUIRE_FALSE(again);
  CHECK(again.error().line == 2);
  CHECK(again.error().message.find("is in the table already") != std::string::npos);
  CHECK(harness.flows().size() == 2);
}

TEST_CASE("an entry the engine cannot hold refuses the file with its line, before anything is loaded") {
  Harness harness;
  auto report = load_table(harness.engine,
                           table_of(udp_line(1000) + "icmp     1 29 src=10.0.0.1 dst=10.0.0.5 type=0 code=0 id=1 "
                                                     "src=10.0.0.5 dst=10.0.0.1 type=8 code=0 id=1 mark=0 use=1\n"));
  REQUIRE_FALSE(report);
  CHECK(report.error().line == 2);
  CHECK(report.error().message == "icmp type 0 is not a query that creates an entry; nothing was loaded");
  CHECK(harness.flows().empty());
}
