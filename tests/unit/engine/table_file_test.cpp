// parse_table_file(): each format conntrack-tools and the kernel print (nf_conntrack.md §7), read into
// the same entries; the format told from the first line; every malformed line named with its number
// and reason; any input, mangled or cut anywhere, read without a crash.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "ctsh/engine/packet_builder.hpp"
#include "ctsh/engine/table_file.hpp"

using namespace ctsh::engine;

namespace {

IpAddress ip(std::string_view text) { return parse_ip(text).value(); }

// conntrack -L of a router with flow-accounting and timestamps on: every protocol, with and without
// [ASSURED] and [UNREPLIED], marks, a zone, secctx, ids, labels, a helper, a NAT entry, and the summary
// line conntrack writes to stderr.
constexpr std::string_view list_sample =
    "tcp      6 431999 ESTABLISHED src=192.168.1.10 dst=93.184.216.34 sport=51234 dport=443 packets=12 bytes=3456 "
    "src=93.184.216.34 dst=192.168.1.10 sport=443 dport=51234 packets=10 bytes=8901 [ASSURED] mark=0 "
    "delta-time=120 use=1\n"
    "tcp      6 118 SYN_SENT src=192.168.1.11 dst=10.9.9.9 sport=40000 dport=22 packets=1 bytes=60 [UNREPLIED] "
    "src=10.9.9.9 dst=192.168.1.11 sport=22 dport=40000 packets=0 bytes=0 mark=7 "
    "secctx=system_u:object_r:unlabeled_t:s0 use=1 id=3032511976\n"
    "udp      17 29 src=192.168.1.10 dst=8.8.8.8 sport=5353 dport=53 packets=1 bytes=70 src=8.8.8.8 "
    "dst=192.168.1.10 sport=53 dport=5353 packets=1 bytes=120 mark=0 use=1\n"
    "udp      17 170 src=192.168.1.12 dst=1.1.1.1 sport=123 dport=123 packets=4 bytes=304 src=1.1.1.1 "
    "dst=192.168.1.12 sport=123 dport=123 packets=4 bytes=304 [ASSURED] mark=0 zone=3 use=1\n"
    "icmp     1 29 src=192.168.1.10 dst=1.1.1.1 type=8 code=0 id=4660 packets=1 bytes=84 src=1.1.1.1 "
    "dst=192.168.1.10 type=0 code=0 id=4660 packets=1 bytes=84 mark=0 [start=Sun Nov 22 06:15:34 2026] use=1\n"
    "icmpv6   58 29 src=2001:db8::10 dst=2001:db8::1 type=128 code=0 id=7 packets=1 bytes=104 src=2001:db8::1 "
    "dst=2001:db8::10 type=129 code=0 id=7 packets=1 bytes=104 mark=0 use=1\n"
    "sctp     132 208 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=5000 dport=38412 packets=5 bytes=500 "
    "src=10.0.0.2 dst=10.0.0.1 sport=38412 dport=5000 packets=5 bytes=500 [ASSURED] mark=0 use=1\n"
    "gre      47 179 src=10.0.0.1 dst=10.0.0.6 srckey=0x1 dstkey=0x2 packets=3 bytes=300 src=10.0.0.6 "
    "dst=10.0.0.1 srckey=0x2 dstkey=0x1 packets=3 bytes=300 [ASSURED] mark=0 labels=default,backup use=1\n"
    "unknown  253 599 src=10.0.0.1 dst=10.0.0.9 packets=1 bytes=40 [UNREPLIED] src=10.0.0.9 dst=10.0.0.1 "
    "packets=0 bytes=0 mark=0 use=1\n"
    "tcp      6 299 ESTABLISHED src=192.168.1.20 dst=198.51.100.7 sport=33000 dport=21 packets=9 bytes=600 "
    "src=198.51.100.7 dst=203.0.113.1 sport=21 dport=33000 packets=8 bytes=700 [ASSURED] mark=0 helper=ftp use=1\n"
    "\n"
    "conntrack v1.4.7 (conntrack-tools): 10 flow entries have been shown.\n";

constexpr std::string_view proc_sample =
    "ipv4     2 tcp      6 119 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 packets=0 bytes=0 "
    "src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 packets=0 bytes=0 [ASSURED] mark=7 zone=0 delta-time=0 use=2\n"
    "ipv6     10 tcp      6 59 SYN_SENT src=2001:0db8:0000:0000:0000:0000:0000:0001 "
    "dst=2001:0db8:0000:0000:0000:0000:0000:0002 sport=1111 dport=443 [UNREPLIED] "
    "src=2001:0db8:0000:0000:0000:0000:0000:0002 dst=2001:0db8:0000:0000:0000:0000:0000:0001 sport=443 dport=1111 "
    "mark=0 zone=0 use=2\n"
    "ipv4     2 unknown  253 599 src=127.0.0.1 dst=127.0.0.1 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 mark=0 zone=0 use=2\n"
    "ipv4     2 gre      47 29 timeout=30, stream_timeout=180 src=10.0.0.1 dst=10.0.0.6 srckey=0x1 dstkey=0x2 "
    "[UNREPLIED] src=10.0.0.6 dst=10.0.0.1 srckey=0x2 dstkey=0x1 mark=0 zone=0 use=2\n"
    "ipv4     2 tcp      6 ESTABLISHED src=10.0.0.3 dst=10.0.0.4 sport=40000 dport=443 src=10.0.0.4 dst=10.0.0.3 "
    "sport=443 dport=40000 [OFFLOAD] mark=0 zone=0 use=2\n"
    "ipv4     2 udp      17 99 src=10.0.0.1 dst=10.0.0.7 sport=1 dport=2 [UNREPLIED] src=10.0.0.7 dst=10.0.0.1 "
    "sport=2 dport=1 mark=0 zone=5 use=2\n";

constexpr std::string_view save_sample =
    "-A -t 431999 -u SEEN_REPLY,ASSURED -s 192.168.1.10 -d 93.184.216.34 -r 93.184.216.34 -q 192.168.1.10 -p tcp "
    "--sport 51234 --dport 443 --reply-port-src 443 --reply-port-dst 51234 --state ESTABLISHED\n"
    "-A -t 118 -u UNSET -s 192.168.1.11 -d 10.9.9.9 -r 10.9.9.9 -q 192.168.1.11 -p tcp --sport 40000 --dport 22 "
    "--reply-port-src 22 --reply-port-dst 40000 --state SYN_SENT\n"
    "-I -t 29 -u SEEN_REPLY -s 192.168.1.10 -d 8.8.8.8 -r 8.8.8.8 -q 192.168.1.10 -p udp --sport 5353 --dport 53 "
    "--reply-port-src 53 --reply-port-dst 5353\n"
    "-A -t 29 -u SEEN_REPLY -s 192.168.1.10 -d 1.1.1.1 -r 1.1.1.1 -q 192.168.1.10 -p icmp --icmp-type 8 "
    "--icmp-code 0 --icmp-id 4660\n"
    "-A -t 29 -u SEEN_REPLY -s 2001:db8::10 -d 2001:db8::1 -r 2001:db8::1 -q 2001:db8::10 -p icmpv6 "
    "--icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 7\n"
    "-A -t 208 -u SEEN_REPLY,ASSURED -s 10.0.0.1 -d 10.0.0.2 -r 10.0.0.2 -q 10.0.0.1 -p sctp --sport 5000 "
    "--dport 38412 --reply-port-src 38412 --reply-port-dst 5000 --state ESTABLISHED --orig-vtag 3735928559 "
    "--reply-vtag 12345\n"
    "-A -t 179 -u SEEN_REPLY,ASSURED -s 10.0.0.1 -d 10.0.0.6 -r 10.0.0.6 -q 10.0.0.1 -p gre --srckey 1 --dstkey 2 "
    "--reply-key-src 2 --reply-key-dst 1\n"
    "-A -t 599 -u UNSET -s 10.0.0.1 -d 10.0.0.9 -r 10.0.0.9 -q 10.0.0.1 -p 253\n"
    "-A -t 120 -u SEEN_REPLY,ASSURED -c 4 -w 5 -s 10.0.0.1 -d 10.0.0.7 -r 10.0.0.7 -q 10.0.0.1 -p udp --sport 1 "
    "--dport 2 --reply-port-src 2 --reply-port-dst 1\n"
    "-A -t 431000 -u SEEN_REPLY,ASSURED -s 192.168.1.20 -d 198.51.100.7 -g 198.51.100.7 -n 203.0.113.1 -p tcp "
    "--sport 33000 --dport 80 --reply-port-src 80 --reply-port-dst 33000 --state ESTABLISHED\n";

constexpr std::string_view xml_sample =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<conntrack>\n"
    "<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.1</src>"
    "<dst>10.0.0.2</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>40000</sport><dport>80</dport>"
    "</layer4><counters><packets>3</packets><bytes>180</bytes></counters></meta><meta direction=\"reply\">"
    "<layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.2</src><dst>10.0.0.1</dst></layer3>"
    "<layer4 protonum=\"6\" protoname=\"tcp\"><sport>80</sport><dport>40000</dport></layer4><counters>"
    "<packets>2</packets><bytes>120</bytes></counters></meta><meta direction=\"independent\">"
    "<state>ESTABLISHED</state><timeout>119</timeout><mark>7</mark><secctx>system_u:object_r:unlabeled_t:s0</secctx>"
    "<use>1</use><id>3032511976</id><assured/><timestamp><start>1795327774335543000</start></timestamp>"
    "<deltatime>0</deltatime><helper>ftp</helper></meta></flow>\n"
    "<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.1</src>"
    "<dst>10.0.0.3</dst></layer3><layer4 protonum=\"17\" protoname=\"udp\"><sport>5353</sport><dport>53</dport>"
    "</layer4></meta><meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.3</src>"
    "<dst>10.0.0.1</dst></layer3><layer4 protonum=\"17\" protoname=\"udp\"><sport>53</sport><dport>5353</dport>"
    "</layer4></meta><meta direction=\"independent\"><timeout>29</timeout><mark>0</mark><use>1</use><unreplied/>"
    "</meta></flow>\n"
    "<flow>\n  <meta direction=\"original\">\n    <layer3 protonum=\"10\" protoname=\"ipv6\"><src>2001:db8::1</src>"
    "<dst>2001:db8::2</dst></layer3>\n    <layer4 protonum=\"58\" protoname=\"icmpv6\"><type>128</type><code>0</code>"
    "<id>9</id></layer4>\n    <zone>0</zone>\n  </meta>\n  <meta direction=\"reply\"><layer3 protonum=\"10\" "
    "protoname=\"ipv6\"><src>2001:db8::2</src><dst>2001:db8::1</dst></layer3><layer4 protonum=\"58\" "
    "protoname=\"icmpv6\"><type>129</type><code>0</code><id>9</id></layer4></meta>\n  <!-- a comment -->\n"
    "  <meta direction=\"independent\"><timeout>25</timeout><mark>0</mark><zone>2</zone><use>1</use></meta>\n</flow>\n"
    "<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.1</src>"
    "<dst>10.0.0.6</dst></layer3><layer4 protonum=\"47\" protoname=\"gre\"><srckey>0x1</srckey>"
    "<dstkey>0x2</dstkey></layer4></meta><meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\">"
    "<src>10.0.0.6</src><dst>10.0.0.1</dst></layer3><layer4 protonum=\"47\" protoname=\"gre\"><srckey>0x2</srckey>"
    "<dstkey>0x1</dstkey></layer4></meta><meta direction=\"independent\"><timeout>99</timeout><mark>0</mark>"
    "<use>1</use><unreplied/></meta></flow>\n"
    "<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.1</src>"
    "<dst>10.0.0.2</dst></layer3><layer4 protonum=\"132\" protoname=\"sctp\"><sport>5000</sport>"
    "<dport>38412</dport></layer4></meta><meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\">"
    "<src>10.0.0.2</src><dst>10.0.0.1</dst></layer3><layer4 protonum=\"132\" protoname=\"sctp\"><sport>38412</sport>"
    "<dport>5000</dport></layer4></meta><meta direction=\"independent\"><state>COOKIE_ECHOED</state>"
    "<timeout>3</timeout><mark>0</mark><use>1</use></meta></flow>\n"
    "<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.1</src>"
    "<dst>10.0.0.9</dst></layer3><layer4 protonum=\"253\" protoname=\"unknown\"></layer4></meta>"
    "<meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.9</src><dst>10.0.0.1</dst>"
    "</layer3><layer4 protonum=\"253\" protoname=\"unknown\"></layer4></meta><meta direction=\"independent\">"
    "<timeout>599</timeout><mark>0</mark><use>1</use><unreplied/></meta></flow>\n"
    "</conntrack>\n";

TableFile parsed(std::string_view text) {
  auto table = parse_table_file(text);
  if (!table) FAIL("line " << table.error().line << ": " << table.error().message);
  return *table;
}

const TableFileEntry& entry_on_line(const TableFile& table, std::size_t line) {
  for (const TableFileEntry& entry : table.entries) {
    if (entry.line == line) return entry;
  }
  FAIL("no entry on line " << line);
  return table.entries.front();
}

}  // namespace

TEST_CASE("conntrack -L lines: every protocol, flags, counters, marks, zones, helper and NAT") {
  const TableFile table = parsed(list_sample);
  CHECK(table.format == TableFileFormat::conntrack_list);
  REQUIRE(table.entries.size() == 10);

  const FlowView& https = entry_on_line(table, 1).flow;
  CHECK(https.family == Family::ipv4);
  CHECK(https.protocol == 6);
  CHECK(https.state == "ESTABLISHED");
  CHECK(https.timeout_seconds == 431999);
  CHECK(https.status == (status_seen_reply | status_assured));
  CHECK(https.original.src == ip("192.168.1.10"));
  CHECK(https.original.dport == 443);
  CHECK(https.reply.sport == 443);
  REQUIRE(https.counters);
  CHECK((*https.counters)[0].packets == 12);
  CHECK((*https.counters)[1].bytes == 8901);
  CHECK_FALSE(entry_on_line(table, 1).translated);

  const FlowView& syn = entry_on_line(table, 2).flow;
  CHECK(syn.status == 0);
  CHECK(syn.mark == 7);
  CHECK(syn.state == "SYN_SENT");
  CHECK(entry_on_line(table, 4).flow.zone == 3);

  const FlowView& ping = entry_on_line(table, 5).flow;
  CHECK(ping.original.type == 8);
  CHECK(ping.reply.type == 0);
  CHECK(ping.original.id == 4660);
  CHECK(entry_on_line(table, 6).flow.family == Family::ipv6);
  CHECK(entry_on_line(table, 6).flow.reply.type == 129);
  CHECK(entry_on_line(table, 7).flow.state == "ESTABLISHED");
  CHECK(entry_on_line(table, 8).flow.original.sport == 1);  // GRE keys
  CHECK(entry_on_line(table, 8).flow.reply.sport == 2);
  CHECK(entry_on_line(table, 9).flow.protocol == 253);
  CHECK(entry_on_line(table, 9).flow.state.empty());

  const TableFileEntry& ftp = entry_on_line(table, 10);
  CHECK(ftp.flow.helper == "ftp");
  CHECK(ftp.translated);
  CHECK(ftp.flow.reply.dst == ip("203.0.113.1"));
}

TEST_CASE("/proc/net/nf_conntrack lines: uncompressed IPv6, zone=0, use=2, GRE timeouts, an offloaded flow") {
  const TableFile table = parsed(proc_sample);
  CHECK(table.format == TableFileFormat::proc);
  REQUIRE(table.entries.size() == 6);
  CHECK(entry_on_line(table, 1).flow.mark == 7);
  CHECK(entry_on_line(table, 1).flow.zone == 0);
  const FlowView& v6 = entry_on_line(table, 2).flow;
  CHECK(v6.family == Family::ipv6);
  CHECK(v6.original.src == ip("2001:db8::1"));
  CHECK(v6.status == 0);
  CHECK_FALSE(entry_on_line(table, 3).translated);  // 127.0.0.1 both ways is its own reversal
  CHECK(entry_on_line(table, 4).flow.timeout_seconds == 29);
  CHECK(entry_on_line(table, 4).flow.original.dport == 2);
  const FlowView& offloaded = entry_on_line(table, 5).flow;
  CHECK(offloaded.timeout_seconds == 86400);
  CHECK((offloaded.status & status_assured) != 0);
  CHECK(entry_on_line(table, 6).flow.zone == 5);
}

TEST_CASE("conntrack -L -o extended lines are read as /proc lines") {
  const TableFile table = parsed(
      "ipv4     2 udp      17 99 src=10.0.0.1 dst=10.0.0.7 sport=1 dport=2 [UNREPLIED] src=10.0.0.7 dst=10.0.0.1 "
      "sport=2 dport=1 mark=0 zone=5 use=1\n");
  CHECK(table.format == TableFileFormat::proc);
  CHECK(table.entries.at(0).flow.zone == 5);
}

TEST_CASE("conntrack -L -o save lines: -A and -I, every protocol, zones, NAT as -g / -n") {
  const TableFile table = parsed(save_sample);
  CHECK(table.format == TableFileFormat::save);
  REQUIRE(table.entries.size() == 10);
  CHECK(entry_on_line(table, 1).flow.status == (status_seen_reply | status_assured));
  CHECK(entry_on_line(table, 2).flow.status == 0);
  CHECK(entry_on_line(table, 3).flow.protocol == 17);
  CHECK(entry_on_line(table, 4).flow.reply.type == 0);
  CHECK(entry_on_line(table, 4).flow.original.id == 4660);
  CHECK(entry_on_line(table, 5).flow.reply.type == 129);
  CHECK(entry_on_line(table, 6).flow.state == "ESTABLISHED");
  CHECK(entry_on_line(table, 7).flow.reply.dport == 1);
  CHECK(entry_on_line(table, 8).flow.protocol == 253);
  CHECK(entry_on_line(table, 9).flow.zone == 5);
  CHECK(entry_on_line(table, 10).translated);
  CHECK(entry_on_line(table, 10).flow.reply.dst == ip("203.0.113.1"));
  CHECK_FALSE(entry_on_line(table, 1).translated);
}

TEST_CASE("conntrack -L -o save: the reply ports default to the original's reversed, long option names") {
  const TableFile table = parsed(
      "-A --timeout 60 --status SEEN_REPLY --orig-src 10.0.0.1 --orig-dst 10.0.0.2 --protonum udp "
      "--orig-port-src 65535 --orig-port-dst 53 --mark 3\n");
  const FlowView& flow = table.entries.at(0).flow;
  CHECK(flow.reply.sport == 53);
  CHECK(flow.reply.dport == 65535);
  CHECK(flow.reply.src == ip("10.0.0.2"));
  CHECK(flow.mark == 3);
}

TEST_CASE("conntrack -L -o xml: one flow a line or laid out, comments, counters, zones, every protocol") {
  const TableFile table = parsed(xml_sample);
  CHECK(table.format == TableFileFormat::xml);
  REQUIRE(table.entries.size() == 6);
  const FlowView& tcp = entry_on_line(table, 3).flow;
  CHECK(tcp.state == "ESTABLISHED");
  CHECK(tcp.mark == 7);
  CHECK(tcp.helper == "ftp");
  CHECK(tcp.status == (status_seen_reply | status_assured));
  CHECK((*tcp.counters)[1].packets == 2);
  CHECK(entry_on_line(table, 4).flow.status == 0);
  const FlowView& ping = entry_on_line(table, 5).flow;
  CHECK(ping.family == Family::ipv6);
  CHECK(ping.original.id == 9);
  CHECK(ping.zone == 2);
  CHECK(table.entries[3].flow.original.dport == 2);  // GRE keys in hexadecimal
  CHECK(table.entries[4].flow.state == "COOKIE_ECHOED");
  CHECK(table.entries[5].flow.protocol == 253);
}

TEST_CASE("the same table in the four formats gives the same entries") {
  const std::string list =
      "tcp      6 119 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 "
      "sport=80 dport=40000 [ASSURED] mark=7 use=1\n";
  const std::string proc = "ipv4     2 " + list;
  const std::string save =
      "-A -t 119 -u SEEN_REPLY,ASSURED -m 7 -s 10.0.0.1 -d 10.0.0.2 -r 10.0.0.2 -q 10.0.0.1 -p tcp --sport 40000 "
      "--dport 80 --reply-port-src 80 --reply-port-dst 40000 --state ESTABLISHED\n";
  const std::string xml =
      "<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.1</src>"
      "<dst>10.0.0.2</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>40000</sport><dport>80</dport>"
      "</layer4></meta><meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.2</src>"
      "<dst>10.0.0.1</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>80</sport><dport>40000</dport>"
      "</layer4></meta><meta direction=\"independent\"><state>ESTABLISHED</state><timeout>119</timeout>"
      "<mark>7</mark><use>1</use><assured/></meta></flow>\n";
  const FlowView expected = parsed(list).entries.at(0).flow;
  for (const std::string* text : {&proc, &save, &xml}) {
    const FlowView flow = parsed(*text).entries.at(0).flow;
    CHECK(flow.family == expected.family);
    CHECK(flow.protocol == expected.protocol);
    CHECK(flow.state == expected.state);
    CHECK(flow.timeout_seconds == expected.timeout_seconds);
    CHECK(flow.original == expected.original);
    CHECK(flow.reply == expected.reply);
    CHECK(flow.status == expected.status);
    CHECK(flow.mark == expected.mark);
  }
}

TEST_CASE("an empty file, blank lines and conntrack's summary line hold no entries") {
  CHECK(parsed("").entries.empty());
  CHECK(parsed("\n\n  \n").entries.empty());
  CHECK(parsed("conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n").entries.empty());
}

TEST_CASE("malformed files: the line and what is wrong") {
  struct Case {
    std::string text;
    std::size_t line;
    std::string_view message;
  };
  const std::string good =
      "tcp      6 1 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1\n";
  const Case cases[] = {
      {good + "tcp      6 1 ESTABLISH src=1.1.1.1", 2, "unknown tcp state \"ESTABLISH\""},
      {"tcp      6 1 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 src=2.2.2.2", 1, "expected dport=, found \"src=2.2.2.2\""},
      {"tcp      6 x ESTABLISHED", 1, "expected the timeout in seconds after \"tcp 6\", found \"x\""},
      {"tcp      7 1 ESTABLISHED", 1, "protocol \"tcp\" does not go with number 7"},
      {"tcp      6 1 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=70000", 1, "dport=70000 is not a number from 0 to 65535"},
      {"tcp      6 1 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2", 1, "the line ends where src= was expected"},
      {good.substr(0, good.size() - 1) + " mark=0 mark=1", 1, "\"mark\" is given twice"},
      {good.substr(0, good.size() - 1) + " foo=1", 1, "unexpected \"foo=1\""},
      {good.substr(0, good.size() - 1) + " helper=", 1, "helper= names no helper"},
      {"tcp      6 1 ESTABLISHED src=1.1.1.1 dst=::1 sport=1 dport=2 src=::1 dst=1.1.1.1 sport=2 dport=1", 1,
       "IPv4 and IPv6 addresses are mixed"},
      {"tcp      6 1 ESTABLISHED src=1.1.1.300 dst=2.2.2.2", 1, "src=1.1.1.300 is not an IPv4 or IPv6 address"},
      {"tcp      6 1 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 packets=1 bytes=2 src=2.2.2.2 dst=1.1.1.1 "
       "sport=2 dport=1",
       1, "packets= and bytes= are on one tuple only"},
      {"tcp      6 [1 ESTABLISHED", 1, "\"[1 ESTABLISHED\" has no closing ']'"},
      {"    [NEW] tcp      6 120 SYN_SENT src=127.0.0.1", 1, "conntrack -E event output"},
      {"[1795327774.335543]\t    [NEW] tcp      6 120", 1, "conntrack -E event output"},
      {"ipv4     2 tcp      6 119 ESTABLISHED src=::1 dst=::1 sport=1 dport=2 src=::1 dst=::1 sport=2 dport=1", 1,
       "the line says ipv4 but its addresses are not"},
      {"ipv4     3 tcp      6 119", 1, "expected \"ipv4 2\" or \"ipv6 10\", found \"ipv4 3\""},
      {"ipv4     2 tcp      6 ESTABLISHED src=1.1.1.1", 1, "expected the timeout in seconds, found \"ESTABLISHED\""},
      {"-A -t 10 -s 1.1.1.1 -p tcp --sport 1 --dport 2", 1, "missing -d (address)"},
      {"-A -t 10 -s 1.1.1.1 -d 2.2.2.2 -p tcp --sport 1 --dport 2", 1, "missing --state"},
      {"-A -t 10 -s 1.1.1.1 -d 2.2.2.2 --sport 1 -p tcp", 1, "--sport before -p"},
      {"-A -t 10 -u SEEN,ASSURED -s 1.1.1.1 -d 2.2.2.2 -p udp --sport 1 --dport 2", 1, "unknown status \"SEEN\""},
      {"-A -t 10 -s 1.1.1.1 -d 2.2.2.2 -p udp --sport 1 --dport 2 --bogus 1", 1, "unknown option \"--bogus\""},
      {"-A -t 10 -t 11", 1, "-t is given twice"},
      {"-A -t", 1, "-t needs a value"},
      {"-A -t 10 -s 1.1.1.1 -d 2.2.2.2 -p nosuch", 1, "-p nosuch: unknown protocol"},
      {"-A -t 10 -s 1.1.1.1 -d 2.2.2.2 -p udp --sport 1", 1, "missing --dport"},
      {"-A -t -5 -s 1.1.1.1 -d 2.2.2.2 -p udp --sport 1 --dport 2", 1, "-t (timeout) -5 is not a number"},
      {"-A -t 10 -s 1.1.1.1 -d 2.2.2.2 -p icmp --icmp-type 8 --icmp-code 0", 1, "missing --icmp-id"},
      {"-A -t 1 -s 1.1.1.1 -d 2.2.2.2 -p udp --sport 1 --dport 2\nbogus", 2, "expected -A or -I"},
      {"<flow><meta direction=\"original\"></flow>", 1, "</flow> closes <meta>"},
      {"<conntrack>\n<flow>\n", 2, "<flow> is not closed"},
      {"<conntrack>\n<flow></flow>", 2, "a <flow> needs an original and a reply <meta>"},
      {"<conntrack>\n<bogus/>", 2, "expected <flow>, found <bogus>"},
      {"<conntrack>\n<flow><meta direction=\"sideways\"></meta></flow>", 2, "<meta direction=\"sideways\"> is unknown"},
      {"<conntrack> stray text", 1, "text \"stray text\" outside a <flow>"},
      {"<flow a=b>", 1, "a bad attribute in <flow>"},
      {"<flow>&nbsp;</flow>", 1, "unknown entity \"&nbsp;\""},
      {"<!-- not closed", 1, "\"<!--\" is not closed"},
      {"<flow><meta direction=\"original\"><layer3 protonum=\"2\"><src>10.0.0.1</src><dst>::1</dst></layer3>"
       "</meta></flow>",
       1,
       "<dst>::1</dst> is not an IPv4 address"},
      {"<flow><meta direction=\"original\"><layer3 protonum=\"2\"><src>1.1.1.1</src><dst>2.2.2.2</dst></layer3>"
       "<layer4 protonum=\"1\" protoname=\"icmp\"></layer4></meta></flow>",
       1, "an ICMP <layer4> without <type>, <code> and <id>"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    auto table = parse_table_file(c.text);
    REQUIRE_FALSE(table);
    CHECK(table.error().line == c.line);
    CHECK_MESSAGE(table.error().message.find(c.message) != std::string::npos, table.error().message);
  }
}

TEST_CASE("deeply nested XML is refused at a fixed depth, not by recursion") {
  std::string nested = "<flow>";
  for (int i = 0; i < 100000; ++i) nested += "<a>";
  auto table = parse_table_file(nested);
  REQUIRE_FALSE(table);
  CHECK(table.error().message.find("too deep or too large") != std::string::npos);
}

TEST_CASE("any input is read without a crash: every sample cut at every byte, and mangled at random") {
  std::mt19937 random(20261122);
  std::size_t refused = 0, read = 0;
  for (const std::string_view sample : {list_sample, proc_sample, save_sample, xml_sample}) {
    for (std::size_t length = 0; length <= sample.size(); ++length) {
      (parse_table_file(sample.substr(0, length)) ? read : refused) += 1;
    }
    static constexpr char alphabet[] = "<>/=\"[] \n\t-0x1239aAzZ.:,&;";
    for (int round = 0; round < 3000; ++round) {
      std::string mangled(sample);
      const int changes = 1 + static_cast<int>(random() % 8);
      for (int i = 0; i < changes; ++i) {
        const std::size_t at = random() % mangled.size();
        switch (random() % 3) {
          case 0: mangled[at] = alphabet[random() % (sizeof alphabet - 1)]; break;
          case 1: mangled.erase(at, 1 + random() % 12); break;
          default: mangled.insert(at, mangled.substr(random() % mangled.size(), random() % 40)); break;
        }
        if (mangled.empty()) mangled = "x";
      }
      (parse_table_file(mangled) ? read : refused) += 1;
    }
  }
  CHECK(read > 0);
  CHECK(refused > 0);
}
