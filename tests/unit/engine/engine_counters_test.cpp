// Engine counters after a known packet sequence (packets by ct state, the kernel's invalid/error,
// new, destroyed, expired), and determinism: the same frames through two fresh engines give the same
// views, ids included, and the same counters.
#include <doctest/doctest.h>

#include <vector>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

std::uint64_t by_state(const EngineStats& stats, CtState state) {
  return stats.packets_by_state[static_cast<std::size_t>(state)];
}

PacketSpec icmp(std::string_view src, std::string_view dst, std::uint8_t type) {
  PacketSpec spec = make_spec(1, src, 0, dst, 0);
  spec.icmp_type = type;
  spec.icmp_id = 9;
  return spec;
}

// A mix of protocols, replies, invalid packets, a kill and idle time, the same on every call.
void run_mixed_traffic(Harness& driver) {
  const PacketSpec dns = make_spec(17, "10.0.0.1", 5000, "10.0.0.2", 53);
  driver.send(dns);
  driver.send(reversed(dns), millis(3));
  driver.send(make_spec(17, "10.0.0.1", 5001, "10.0.0.3", 123), millis(5));
  driver.send(icmp("10.0.0.2", "10.0.0.1", 0), millis(1));   // unsolicited echo reply: invalid
  driver.send(icmp("10.0.0.1", "10.0.0.2", 19), millis(1));  // type > 18: error
  TcpPeers refused(make_spec(6, "10.0.0.1", 40000, "10.0.0.2", 81));
  driver.send(refused.client(tcp_syn), millis(1));
  driver.send(refused.server(tcp_rst | tcp_ack), millis(1));  // kills the unreplied entry
  TcpPeers web(make_spec(6, "10.0.0.1", 40001, "10.0.0.2", 80));
  driver.send(web.client(tcp_syn), millis(1));
  driver.send(web.server(tcp_syn | tcp_ack), millis(1));
  driver.send(web.client(tcp_ack), millis(1));
  driver.send(make_spec(17, "2001:db8::1", 7000, "2001:db8::2", 53), millis(2));
  driver.advance(seconds(31));  // the UDP flows go; the TCP connection stays
}

void check_same_view(const FlowView& a, const FlowView& b) {
  CHECK(a.id == b.id);
  CHECK(a.family == b.family);
  CHECK(a.protocol == b.protocol);
  CHECK(a.state == b.state);
  CHECK(a.timeout_seconds == b.timeout_seconds);
  CHECK(a.original == b.original);
  CHECK(a.reply == b.reply);
  CHECK(a.status == b.status);
  CHECK(a.helper == b.helper);
}

}  // namespace

TEST_CASE("counters after a known sequence: packets by state, invalid, error, new, destroyed, expired") {
  Harness driver;
  run_mixed_traffic(driver);
  const EngineStats stats = driver.stats();
  CHECK(stats.packets == 11);
  CHECK(by_state(stats, CtState::new_flow) == 5);     // 2 UDP + 2 SYN + 1 IPv6 UDP
  CHECK(by_state(stats, CtState::established) == 4);  // UDP reply, RST, SYN/ACK, ACK
  CHECK(by_state(stats, CtState::invalid) == 2);
  CHECK(by_state(stats, CtState::related) == 0);
  CHECK(by_state(stats, CtState::untracked) == 0);
  CHECK(stats.kernel.invalid == 1);
  CHECK(stats.kernel.error == 1);
  CHECK(stats.kernel.drop == 0);
  CHECK(stats.new_flows == 5);
  CHECK(stats.destroyed == 4);
  CHECK(stats.expired == 3);
  CHECK(stats.entries == 1);
  CHECK(stats.peak_entries == 4);
  CHECK(driver.only_flow().state == "ESTABLISHED");
}

TEST_CASE("the same frames through two fresh engines give identical views, ids and counters") {
  Harness first;
  Harness second;
  run_mixed_traffic(first);
  run_mixed_traffic(second);
  const std::vector<FlowView> a = first.flows();
  const std::vector<FlowView> b = second.flows();
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) check_same_view(a[i], b[i]);
  REQUIRE(first.events.size() == second.events.size());
  for (std::size_t i = 0; i < first.events.size(); ++i) {
    CHECK(first.events[i].type == second.events[i].type);
    CHECK(first.events[i].time_ns == second.events[i].time_ns);
    check_same_view(first.events[i].flow, second.events[i].flow);
  }
  const EngineStats x = first.stats();
  const EngineStats y = second.stats();
  CHECK(x.packets_by_state == y.packets_by_state);
  CHECK(x.kernel.invalid == y.kernel.invalid);
  CHECK(x.kernel.error == y.kernel.error);
  CHECK(x.new_flows == y.new_flows);
  CHECK(x.destroyed == y.destroyed);
  CHECK(x.expired == y.expired);
  CHECK(x.entries == y.entries);
  CHECK(x.memory_bytes == y.memory_bytes);
}

TEST_CASE("flow ids differ between flows and do not depend on the table's configuration") {
  Harness small(kernel_defaults(64, 16));
  Harness large(kernel_defaults(65536, 16384));
  for (Harness* driver : {&small, &large}) {
    for (std::uint16_t port = 1000; port < 1010; ++port) driver->send(make_spec(17, "10.0.0.1", port, "10.0.0.2", 53));
  }
  std::vector<std::uint32_t> small_ids;
  for (std::uint16_t port = 1000; port < 1010; ++port) {
    const PacketSpec spec = make_spec(17, "10.0.0.1", port, "10.0.0.2", 53);
    const std::uint32_t id = small.flow_of(spec)->id;
    CHECK(id == large.flow_of(spec)->id);
    for (const std::uint32_t other : small_ids) CHECK(other != id);
    small_ids.push_back(id);
  }
}
