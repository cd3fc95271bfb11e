// The /proc/net/nf_conntrack reader and the table comparison, on the kernel's own output lines (run always,
// also where the lab cannot be built).
#include <doctest/doctest.h>

#include "conntrack_table.hpp"

using ctsh::kerneltest::compare_tables;
using ctsh::kerneltest::parse_proc_conntrack;
using nlohmann::json;

namespace {

constexpr const char* proc_lines =
    "ipv4     2 tcp      6 119 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 packets=0 bytes=0 "
    "src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 packets=0 bytes=0 [ASSURED] mark=7 zone=0 delta-time=0 use=2\n"
    "ipv6     10 tcp      6 59 SYN_SENT src=2001:0db8:0000:0000:0000:0000:0000:0001 dst=2001:0db8:0000:0000:0000:0000:0000:0002 "
    "sport=1111 dport=443 [UNREPLIED] src=2001:0db8:0000:0000:0000:0000:0000:0002 dst=2001:0db8:0000:0000:0000:0000:0000:0001 "
    "sport=443 dport=1111 mark=0 zone=0 use=2\n"
    "ipv4     2 icmp     1 29 src=127.0.0.1 dst=127.0.0.1 type=8 code=0 id=4660 src=127.0.0.1 dst=127.0.0.1 type=0 code=0 "
    "id=4660 mark=0 zone=0 use=2\n"
    "ipv4     2 unknown  253 599 src=127.0.0.1 dst=127.0.0.1 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 mark=0 zone=0 use=2\n";

}  // namespace

TEST_CASE("a /proc/net/nf_conntrack TCP line becomes an entry with state, tuples, status, mark and timeout") {
  const json table = parse_proc_conntrack(proc_lines);
  REQUIRE(table["entries"].size() == 4);
  const json& tcp = table["entries"][0];
  CHECK(tcp["family"] == "ipv4");
  CHECK(tcp["protocol"] == "tcp");
  CHECK(tcp["state"] == "ESTABLISHED");
  CHECK(tcp["timeout"] == 119);
  CHECK(tcp["original"] == json{{"src", "10.0.0.1"}, {"dst", "10.0.0.2"}, {"sport", 40000}, {"dport", 80}});
  CHECK(tcp["reply"] == json{{"src", "10.0.0.2"}, {"dst", "10.0.0.1"}, {"sport", 80}, {"dport", 40000}});
  CHECK(tcp["status"] == json{"CONFIRMED", "SEEN_REPLY", "ASSURED"});
  CHECK(tcp["mark"] == 7);
}

TEST_CASE("an [UNREPLIED] IPv6 line has no SEEN_REPLY and its uncompressed addresses are compressed") {
  const json entry = parse_proc_conntrack(proc_lines)["entries"][1];
  CHECK(entry["family"] == "ipv6");
  CHECK(entry["state"] == "SYN_SENT");
  CHECK(entry["status"] == json{"CONFIRMED"});
  CHECK(entry["original"]["src"] == "2001:db8::1");
  CHECK(entry["reply"]["src"] == "2001:db8::2");
}

TEST_CASE("ICMP lines carry type, code and id and have a null state, as do protocols without ports") {
  const json entries = parse_proc_conntrack(proc_lines)["entries"];
  CHECK(entries[2]["state"].is_null());
  CHECK(entries[2]["original"] == json{{"src", "127.0.0.1"}, {"dst", "127.0.0.1"}, {"type", 8}, {"code", 0}, {"id", 4660}});
  CHECK(entries[2]["reply"]["type"] == 0);
  CHECK(entries[3]["protocol"] == "unknown");
  CHECK(entries[3]["original"] == json{{"src", "127.0.0.1"}, {"dst", "127.0.0.1"}});
}

TEST_CASE("lines that are not conntrack entries are left out") {
  CHECK(parse_proc_conntrack("")["entries"].empty());
  CHECK(parse_proc_conntrack("garbage\nipv4 2 tcp 6 notanumber ESTABLISHED src=1.1.1.1\n")["entries"].empty());
}

TEST_CASE("tables agree when tuples, state, ASSURED and SEEN_REPLY match and timeouts are within a second") {
  const json kernel = parse_proc_conntrack(proc_lines);
  json engine = kernel;
  for (auto& entry : engine["entries"]) entry["timeout"] = entry["timeout"].get<int>() + 1;
  engine["entries"][1]["original"]["src"] = "2001:0db8::0001";  // same address, written differently
  CHECK(compare_tables(kernel, engine).empty());
}

TEST_CASE("each difference is reported with both entries") {
  const json kernel = parse_proc_conntrack(proc_lines);
  json engine = kernel;
  engine["entries"][0]["state"] = "TIME_WAIT";
  engine["entries"][0]["timeout"] = 117;
  engine["entries"][1]["status"] = json{"CONFIRMED", "SEEN_REPLY"};
  engine["entries"].erase(2);
  engine["entries"].push_back(json{{"family", "ipv4"}, {"protocol", "udp"}, {"original", json::object()}, {"reply", json::object()}});
  const auto report = compare_tables(kernel, engine);
  REQUIRE(report.size() == 4);
  CHECK(report[0].starts_with("state, timeout differ:"));
  CHECK(report[0].find("kernel: ipv4 tcp ESTABLISHED timeout=119") != std::string::npos);
  CHECK(report[0].find("engine: ipv4 tcp TIME_WAIT timeout=117") != std::string::npos);
  CHECK(report[1].starts_with("SEEN_REPLY differ:"));
  CHECK(report[2].starts_with("only in the kernel:"));
  CHECK(report[3].starts_with("only in the engine:"));
}
