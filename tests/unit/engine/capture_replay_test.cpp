// replay_capture: pcap and pcapng files through the engine, on the engine clock, with interfaces from
// the options or the pcapng IDBs; damage keeps what came before it; the same file gives the same table.
#include <doctest/doctest.h>

#include <tuple>

#include "capture_files.hpp"
#include "ctsh/engine/capture.hpp"
#include "ctsh/engine/packet_builder.hpp"
#include "test_config.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

constexpr std::uint64_t second = 1'000'000'000;

PacketSpec udp(std::uint16_t sport, std::uint16_t dport = 53) {
  PacketSpec spec;
  spec.src = *parse_ip("10.0.0.1");
  spec.dst = *parse_ip("10.0.0.2");
  spec.protocol = 17;
  spec.sport = sport;
  spec.dport = dport;
  return spec;
}

PacketSpec reply_to(PacketSpec spec) {
  std::swap(spec.src, spec.dst);
  std::swap(spec.sport, spec.dport);
  return spec;
}

// A UDP exchange (query, answer) and an unanswered packet, a second apart from `start`.
std::vector<TimedFrame> conversation(std::uint64_t start) {
  return {{build_frame(udp(1000)), start},
          {build_frame(reply_to(udp(1000))), start + second},
          {build_frame(udp(2000)), start + 2 * second}};
}

std::size_t flow_count(const Engine& engine) {
  std::size_t flows = 0;
  engine.for_each({}, [&](const FlowView&) { ++flows; });
  return flows;
}

ConntrackConfig dropping_on(const std::string& interface) {
  ConntrackConfig config = kernel_defaults();
  RawRule rule;
  rule.number = 10;
  rule.action = RawAction::drop;
  rule.match.inbound_interface = interface;
  config.raw_ipv4.prerouting.rules.push_back(rule);
  return config;
}

}  // namespace

TEST_CASE("a pcap replay into a fresh engine starts its clock at the first packet and tracks every packet") {
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", conversation(1'700'000'000 * second));
  Engine engine(kernel_defaults());
  const auto summary = replay_capture(engine, dir.path() / "a.pcap");
  REQUIRE(summary);
  CHECK(summary->packets == 3);
  CHECK(summary->bytes == 3 * build_frame(udp(1000)).size());
  CHECK(summary->first_time_ns == 1'700'000'000 * second);
  CHECK(summary->last_time_ns == 1'700'000'002 * second);
  CHECK(engine.clock_ns() == 1'700'000'002 * second);
  CHECK(engine.stats().packets == 3);
  CHECK(engine.stats().new_flows == 2);
  CHECK(flow_count(engine) == 2);
}

TEST_CASE("a second replay of the same capture continues where the first ended") {
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", conversation(50 * second));
  Engine engine(kernel_defaults());
  const auto first = replay_capture(engine, dir.path() / "a.pcap");
  const auto again = replay_capture(engine, dir.path() / "a.pcap");
  REQUIRE(first);
  REQUIRE(again);
  CHECK(again->first_time_ns == first->last_time_ns);
  CHECK(again->last_time_ns == first->last_time_ns + 2 * second);
  CHECK(engine.stats().packets == 6);
}

TEST_CASE("a replay shifts the capture onto a running engine clock, and older packets go at the current clock") {
  ScratchDir dir;
  std::vector<TimedFrame> frames = conversation(1000 * second);
  frames.push_back({build_frame(udp(3000)), 999 * second});  // before the first packet
  write_pcap(dir.path() / "a.pcap", frames);
  Engine engine(kernel_defaults());
  engine.start_clock(7 * second);
  const auto summary = replay_capture(engine, dir.path() / "a.pcap");
  REQUIRE(summary);
  CHECK(summary->first_time_ns == 7 * second);
  CHECK(summary->last_time_ns == 9 * second);
  CHECK(engine.stats().packets == 4);
  CHECK(flow_count(engine) == 3);
}

TEST_CASE("ReplayOptions::interface puts every packet on that interface; a pcap's packets are on none") {
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", conversation(second));
  Engine named(dropping_on("wan0"));
  REQUIRE(replay_capture(named, dir.path() / "a.pcap", {.interface = "wan0"}));
  CHECK(named.stats().raw_dropped == 3);
  Engine unnamed(dropping_on("wan0"));
  REQUIRE(replay_capture(unnamed, dir.path() / "a.pcap"));
  CHECK(unnamed.stats().raw_dropped == 0);
}

TEST_CASE("pcapng packets arrive on the interface their IDB names, unless the options name one") {
  PcapngWriter w;
  w.section(true);
  w.interface({.link = 1, .name = "lan0", .tsresol = 9});
  w.interface({.link = 101, .name = "wan0", .tsresol = 9});
  w.enhanced(0, 10 * second, build_frame(udp(1000)));
  w.enhanced(1, 11 * second, build_ip_packet(udp(2000)));
  w.enhanced(1, 12 * second, build_ip_packet(udp(2001)));
  ScratchDir dir;
  write_file(dir.path() / "a.pcapng", w.bytes());
  Engine by_idb(dropping_on("wan0"));
  const auto summary = replay_capture(by_idb, dir.path() / "a.pcapng");
  REQUIRE(summary);
  CHECK(summary->packets == 3);
  CHECK(by_idb.stats().raw_dropped == 2);
  CHECK(flow_count(by_idb) == 1);
  Engine overridden(dropping_on("wan0"));
  REQUIRE(replay_capture(overridden, dir.path() / "a.pcapng", {.interface = "lan0"}));
  CHECK(overridden.stats().raw_dropped == 0);
}

TEST_CASE("every supported link type reaches the engine as the parser's link type") {
  const PacketSpec v4 = udp(1000);
  PacketSpec v6 = udp(1000);
  v6.src = *parse_ip("2001:db8::1");
  v6.dst = *parse_ip("2001:db8::2");
  const Bytes ip4 = build_ip_packet(v4);
  auto with_header = [](Bytes header, const Bytes& packet) {
    header.insert(header.end(), packet.begin(), packet.end());
    return header;
  };
  const std::tuple<std::uint16_t, Bytes> cases[] = {
      {0, with_header({2, 0, 0, 0}, ip4)},
      {1, build_frame(v4)},
      {12, ip4},
      {14, ip4},
      {101, ip4},
      {113, with_header({0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00}, ip4)},
      {228, ip4},
      {229, build_ip_packet(v6)},
      {276, with_header({0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0}, ip4)}};
  for (const auto& [link, packet] : cases) {
    CAPTURE(link);
    PcapngWriter w;
    w.section(false);
    w.interface({.link = link, .name = "x"});
    w.enhanced(0, 1, packet);
    ScratchDir dir;
    write_file(dir.path() / "a.pcapng", w.bytes());
    Engine engine(kernel_defaults());
    REQUIRE(replay_capture(engine, dir.path() / "a.pcapng"));
    CHECK(engine.stats().new_flows == 1);
  }
}

TEST_CASE("captures larger than one batch (frames or bytes) are replayed whole and in order") {
  std::vector<TimedFrame> frames;
  for (std::uint16_t i = 0; i < 1000; ++i) frames.push_back({build_frame(udp(static_cast<std::uint16_t>(1024 + i))), i * 1000u});
  ScratchDir dir;
  write_pcap(dir.path() / "many.pcap", frames);
  Engine engine(kernel_defaults());
  const auto many = replay_capture(engine, dir.path() / "many.pcap");
  REQUIRE(many);
  CHECK(many->packets == 1000);
  CHECK(flow_count(engine) == 1000);

  PcapngWriter w;
  w.section(false);
  w.interface({.link = 1, .name = "eth0"});
  PacketSpec big = udp(5000);
  const Bytes payload(60000, 7);
  big.payload = payload;
  for (int i = 0; i < 100; ++i) w.enhanced(0, static_cast<std::uint64_t>(i), build_frame(big));  // 6 MB
  write_file(dir.path() / "big.pcapng", w.bytes());
  Engine big_engine(kernel_defaults());
  const auto large = replay_capture(big_engine, dir.path() / "big.pcapng");
  REQUIRE(large);
  CHECK(large->packets == 100);
  CHECK(big_engine.stats().packets == 100);
  CHECK(big_engine.stats().packets_by_state[static_cast<std::size_t>(CtState::new_flow)] == 100);
}

TEST_CASE("a damaged capture keeps the packets before the damage replayed and says where it is") {
  PcapngWriter w;
  w.section(false);
  w.interface({.link = 1, .name = "eth0"});
  w.enhanced(0, 1, build_frame(udp(1000)));
  w.enhanced(0, 2, build_frame(udp(1001)));
  const std::size_t damaged = w.enhanced(0, 3, build_frame(udp(1002)));
  ScratchDir dir;
  write_file(dir.path() / "cut.pcapng", Bytes(w.bytes().begin(), w.bytes().begin() + static_cast<std::ptrdiff_t>(damaged + 20)));
  Engine engine(kernel_defaults());
  const auto summary = replay_capture(engine, dir.path() / "cut.pcapng");
  REQUIRE_FALSE(summary);
  CHECK(summary.error().byte_offset == damaged);
  CHECK(summary.error().replayed.packets == 2);
  CHECK(engine.stats().packets == 2);
  CHECK(flow_count(engine) == 2);
}

TEST_CASE("empty, foreign and missing files are refused before anything is replayed") {
  ScratchDir dir;
  write_file(dir.path() / "empty", {});
  write_file(dir.path() / "text", {'h', 'e', 'l', 'l', 'o', '\n'});
  write_file(dir.path() / "short", {0xd4, 0xc3});
  Engine engine(kernel_defaults());
  const auto empty = replay_capture(engine, dir.path() / "empty");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().reason == "empty file");
  const auto text = replay_capture(engine, dir.path() / "text");
  REQUIRE_FALSE(text);
  CHECK(text.error().reason == "not a pcap or pcapng file (magic number 0x68656c6c)");
  CHECK(text.error().byte_offset == 0);
  CHECK_FALSE(replay_capture(engine, dir.path() / "short"));
  const auto missing = replay_capture(engine, dir.path() / "missing.pcap");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().reason == "cannot open it: No such file or directory");
  CHECK(engine.stats().packets == 0);
  CHECK_FALSE(engine.clock_ns());
}

TEST_CASE("the same capture replayed into two fresh engines gives the same table and counters") {
  ScratchDir dir;
  std::vector<TimedFrame> frames;
  for (std::uint16_t i = 0; i < 200; ++i) {
    frames.push_back({build_frame(udp(static_cast<std::uint16_t>(3000 + i % 50))), i * 100'000'000ull});
  }
  write_pcap(dir.path() / "a.pcap", frames);
  auto table_of = [&](Engine& engine) {
    REQUIRE(replay_capture(engine, dir.path() / "a.pcap"));
    std::vector<std::tuple<std::uint32_t, std::uint16_t, std::uint32_t>> flows;
    engine.for_each({}, [&](const FlowView& f) { flows.emplace_back(f.id, f.original.sport, f.timeout_seconds); });
    return flows;
  };
  Engine one(kernel_defaults());
  Engine two(kernel_defaults());
  const auto first = table_of(one);
  CHECK(first.size() == 50);
  CHECK(first == table_of(two));
  CHECK(one.stats().packets_by_state == two.stats().packets_by_state);
}
