// Snapshots through the public API: save then load into a fresh engine gives the same views, stats,
// expectations, clock and next ids, and the same future; a damaged, foreign or empty file is refused
// with a message and leaves the engine as it was; a smaller table-size keeps every saved entry.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "ctsh/engine/snapshot.hpp"
#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

ConntrackConfig snapshot_config() {
  ConntrackConfig config = kernel_defaults(1024, 256);
  config.modules = {HelperModule::ftp, HelperModule::tftp};
  config.flow_accounting = true;
  return config;
}

// Traffic of every kind: UDP (unreplied, assured), IPv6, ICMP, a TCP connection and an FTP control
// connection that announced a passive data port. Returns the FTP peers to continue the session.
TcpPeers populate(Harness& harness) {
  harness.send(udp("10.0.0.1", 1000, "10.0.0.2", 53));
  harness.send(udp("10.0.0.1", 1001, "10.0.0.2", 53));
  harness.send(reversed(udp("10.0.0.1", 1001, "10.0.0.2", 53)), millis(10));
  harness.send(udp("10.0.0.1", 1001, "10.0.0.2", 53), seconds(3));
  harness.send(udp("2001:db8::1", 5000, "2001:db8::2", 53));
  PacketSpec ping = make_spec(1, "10.0.0.5", 0, "10.0.0.2", 0);
  ping.icmp_id = 9;
  harness.send(ping);
  TcpPeers(make_spec(6, "10.0.0.1", 40000, "10.0.0.9", 80)).handshake(harness);
  TcpPeers ftp(make_spec(6, "10.0.0.1", 40001, "10.0.0.2", 21));
  ftp.handshake(harness);
  harness.send(ftp.server(tcp_ack | tcp_psh, "220 hello\r\n"));
  harness.send(ftp.client(tcp_ack));
  harness.send(ftp.server(tcp_ack | tcp_psh, "227 Entering Passive Mode (10,0,0,2,195,80).\r\n"));
  harness.send(ftp.client(tcp_ack));
  harness.advance(millis(1500));
  REQUIRE(harness.expectations().size() == 1);
  return ftp;
}

void check_same_flows(const Harness& a, const Harness& b) {
  const std::vector<FlowView> x = a.flows(), y = b.flows();
  REQUIRE(x.size() == y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(x[i].id == y[i].id);
    CHECK(x[i].family == y[i].family);
    CHECK(x[i].protocol == y[i].protocol);
    CHECK(x[i].state == y[i].state);
    CHECK(x[i].timeout_seconds == y[i].timeout_seconds);
    CHECK(x[i].original == y[i].original);
    CHECK(x[i].reply == y[i].reply);
    CHECK(x[i].status == y[i].status);
    CHECK(x[i].helper == y[i].helper);
    REQUIRE(x[i].counters.has_value() == y[i].counters.has_value());
    if (x[i].counters) {
      for (int d = 0; d < 2; ++d) {
        CHECK((*x[i].counters)[d].packets == (*y[i].counters)[d].packets);
        CHECK((*x[i].counters)[d].bytes == (*y[i].counters)[d].bytes);
      }
    }
  }
}

void check_same_expectations(const Harness& a, const Harness& b) {
  const std::vector<ExpectationView> x = a.expectations(), y = b.expectations();
  REQUIRE(x.size() == y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(x[i].id == y[i].id);
    CHECK(x[i].timeout_seconds == y[i].timeout_seconds);
    CHECK(x[i].tuple == y[i].tuple);
    CHECK(x[i].mask == y[i].mask);
    CHECK(x[i].master == y[i].master);
    CHECK(x[i].helper == y[i].helper);
  }
}

void check_same_stats(const EngineStats& x, const EngineStats& y) {
  const KernelCounters &k = x.kernel, &l = y.kernel;
  CHECK(k.invalid == l.invalid);
  CHECK(k.drop == l.drop);
  CHECK(k.early_drop == l.early_drop);
  CHECK(k.error == l.error);
  CHECK(k.insert_failed == l.insert_failed);
  CHECK(k.expect_new == l.expect_new);
  CHECK(k.expect_create == l.expect_create);
  CHECK(k.expect_delete == l.expect_delete);
  CHECK(x.new_flows == y.new_flows);
  CHECK(x.destroyed == y.destroyed);
  CHECK(x.expired == y.expired);
  CHECK(x.packets == y.packets);
  CHECK(x.packets_by_state == y.packets_by_state);
  CHECK(x.entries == y.entries);
  CHECK(x.peak_entries == y.peak_entries);
  CHECK(x.expectations == y.expectations);
  CHECK(x.table_size == y.table_size);
  CHECK(x.hash_size == y.hash_size);
}

// Everything observable of an engine at once.
void check_same_engine(const Harness& a, const Harness& b) {
  check_same_flows(a, b);
  check_same_expectations(a, b);
  check_same_stats(a.stats(), b.stats());
  CHECK(a.engine.clock_ns() == b.engine.clock_ns());
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Removes the old file first: truncating one that holds data makes ext4 flush it (auto_da_alloc).
void write_bytes(const std::filesystem::path& file, std::string_view bytes) {
  std::filesystem::remove(file);
  std::ofstream out(file, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("save then load into a fresh engine: identical views, stats, expectations, clock and future") {
  ScratchDir dir;
  const std::filesystem::path file = dir.path() / "engine.snapshot";
  Harness original(snapshot_config());
  TcpPeers ftp = populate(original);
  REQUIRE(save_snapshot(original.engine, file));

  Harness restored(snapshot_config());
  REQUIRE(load_snapshot(restored.engine, file));
  restored.now_ns = original.now_ns;
  check_same_engine(original, restored);

  // The same packets afterwards have the same effect on both, ids of new flows included.
  const PacketSpec newcomer = udp("10.0.0.77", 7, "10.0.0.2", 53);
  CHECK(original.send(newcomer, millis(3)).state == restored.send(newcomer, millis(3)).state);
  CHECK(original.flow_of(newcomer)->id == restored.flow_of(newcomer)->id);
  PacketSpec data_syn = make_spec(6, "10.0.0.1", 50123, "10.0.0.2", 50000);
  data_syn.tcp_flags = tcp_syn;
  CHECK(restored.send(data_syn).state == CtState::related);
  CHECK(original.send(data_syn).state == CtState::related);
  // The FTP helper still reads the control connection's next line (its line state was saved).
  TcpPeers ftp_copy = ftp;
  const auto passive = [](TcpPeers& peers) {
    return peers.server(tcp_ack | tcp_psh, "227 Entering Passive Mode (10,0,0,2,195,81).\r\n");
  };
  original.send(passive(ftp));
  restored.send(passive(ftp_copy));
  CHECK(restored.expectations().size() == 1);
  original.advance(seconds(3600));
  restored.advance(seconds(3600));
  check_same_engine(original, restored);
}

TEST_CASE("a snapshot of a fresh engine loads into a fresh engine: no clock, no entries") {
  ScratchDir dir;
  const std::filesystem::path file = dir.path() / "engine.snapshot";
  Harness empty;
  REQUIRE(save_snapshot(empty.engine, file));
  Harness restored;
  REQUIRE(load_snapshot(restored.engine, file));
  CHECK_FALSE(restored.engine.clock_ns().has_value());
  CHECK(restored.flows().empty());
  CHECK(restored.send(udp("10.0.0.1", 1, "10.0.0.2", 2)).state == CtState::new_flow);
}

TEST_CASE("damaged, foreign, old and empty snapshot files are refused and leave the engine unchanged") {
  ScratchDir dir;
  const std::filesystem::path good = dir.path() / "good.snapshot";
  const std::filesystem::path bad = dir.path() / "bad.snapshot";
  Harness source(snapshot_config());
  populate(source);
  REQUIRE(save_snapshot(source.engine, good));
  const std::string bytes = read_bytes(good);
  REQUIRE(bytes.size() > 1000);

  // The target has a table of its own, which a refused file must leave as it was.
  Harness target(snapshot_config());
  target.send(udp("192.168.1.1", 5, "192.168.1.2", 6));
  Harness reference(snapshot_config());
  reference.send(udp("192.168.1.1", 5, "192.168.1.2", 6));
  const auto refused = [&](std::string_view content) {
    write_bytes(bad, content);
    const auto loaded = load_snapshot(target.engine, bad);
    if (loaded) return false;
    return !loaded.error().empty();
  };

  SUBCASE("truncated at any offset") {
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      INFO("truncated to " << size << " bytes");
      CHECK(refused(std::string_view(bytes).substr(0, size)));
    }
  }
  SUBCASE("one byte flipped at any offset") {
    for (std::size_t at = 0; at < bytes.size(); ++at) {
      INFO("byte " << at << " flipped");
      std::string damaged = bytes;
      damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
      CHECK(refused(damaged));
    }
  }
  SUBCASE("bytes appended") { CHECK(refused(bytes + "x")); }
  SUBCASE("a foreign file") {
    CHECK(refused("{\"entries\": []}\n" + std::string(200, ' ')));
    write_bytes(bad, std::string(200, 'z'));
    CHECK(load_snapshot(target.engine, bad).error().find("not a ctsh engine snapshot") != std::string::npos);
  }
  SUBCASE("another format version") {
    std::string other = bytes;
    other[8] = static_cast<char>(other[8] + 1);
    write_bytes(bad, other);
    const auto loaded = load_snapshot(target.engine, bad);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().find("version") != std::string::npos);
  }
  SUBCASE("an empty file") { CHECK(refused("")); }
  SUBCASE("a missing file") {
    const auto loaded = load_snapshot(target.engine, dir.path() / "missing");
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().find("missing") != std::string::npos);
  }
  check_same_engine(target, reference);
  target.send(udp("192.168.1.1", 7, "192.168.1.2", 6));
  reference.send(udp("192.168.1.1", 7, "192.168.1.2", 6));
  check_same_engine(target, reference);
}

TEST_CASE("a snapshot loaded into an engine with a smaller table-size keeps every entry") {
  ScratchDir dir;
  const std::filesystem::path file = dir.path() / "engine.snapshot";
  Harness original(kernel_defaults(64, 16));
  for (std::uint16_t i = 0; i < 30; ++i) original.send(udp("10.0.0.1", static_cast<std::uint16_t>(1000 + i), "10.0.0.2", 53));
  REQUIRE(save_snapshot(original.engine, file));
  Harness smaller(kernel_defaults(8, 16));
  REQUIRE(load_snapshot(smaller.engine, file));
  CHECK(smaller.stats().entries == 30);
  CHECK(smaller.stats().table_size == 8);
  CHECK(smaller.flows().size() == 30);
  smaller.now_ns = original.now_ns;
  CHECK(smaller.send(reversed(udp("10.0.0.1", 1029, "10.0.0.2", 53))).state == CtState::established);
  // Full (30 of 8): a new flow must early-drop.
  CHECK(smaller.send(udp("10.0.0.3", 1, "10.0.0.2", 53)).state == CtState::new_flow);
  CHECK(smaller.stats().kernel.early_drop >= 1);
}
