// for_each(filter) and erase(filter) with each FlowFilter field (original-direction addresses and
// ports, as conntrack -L/-D), and clear(), which removes every entry and expectation but no counter.
#include <doctest/doctest.h>

#include <algorithm>

#include "engine_harness.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

AddressMatch range(std::string_view first, std::string_view last, bool negated = false) {
  return AddressMatch{negated, parse_ip(first).value(), parse_ip(last).value()};
}

// Five flows of different kinds:
//   udp  10.0.0.1:1000 -> 10.0.0.2:53   unreplied
//   udp  10.0.0.3:1001 -> 10.0.0.2:53   replied
//   tcp  10.0.0.1:40000 -> 10.0.0.9:80  ESTABLISHED, ASSURED
//   udp  2001:db8::1:5000 -> 2001:db8::2:53
//   icmp 10.0.0.5 -> 10.0.0.2 echo request
struct Population {
  Harness harness;
  Population() {
    harness.send(udp("10.0.0.1", 1000, "10.0.0.2", 53));
    harness.send(udp("10.0.0.3", 1001, "10.0.0.2", 53));
    harness.send(reversed(udp("10.0.0.3", 1001, "10.0.0.2", 53)));
    TcpPeers(make_spec(6, "10.0.0.1", 40000, "10.0.0.9", 80)).handshake(harness);
    harness.send(udp("2001:db8::1", 5000, "2001:db8::2", 53));
    PacketSpec ping = make_spec(1, "10.0.0.5", 0, "10.0.0.2", 0);
    ping.icmp_type = 8;
    ping.icmp_id = 7;
    harness.send(ping);
    REQUIRE(harness.stats().entries == 5);
  }

  // The original source ports of the flows the filter selects, sorted (ICMP shows 0).
  std::vector<std::uint16_t> sports(const FlowFilter& filter) const {
    std::vector<std::uint16_t> out;
    for (const FlowView& f : harness.flows(filter)) out.push_back(f.original.sport);
    std::sort(out.begin(), out.end());
    return out;
  }
};

using Ports = std::vector<std::uint16_t>;

}  // namespace

TEST_CASE("for_each selects by every filter field, each on the original direction") {
  Population p;
  CHECK(p.sports({}) == Ports{0, 1000, 1001, 5000, 40000});
  FlowFilter f;

  f = {};
  f.family = Family::ipv6;
  CHECK(p.sports(f) == Ports{5000});
  f = {};
  f.protocol = 17;
  CHECK(p.sports(f) == Ports{1000, 1001, 5000});
  f = {};
  f.protocol = 1;
  CHECK(p.sports(f) == Ports{0});
  f = {};
  f.source = range("10.0.0.1", "10.0.0.1");
  CHECK(p.sports(f) == Ports{1000, 40000});
  f = {};
  f.source = range("10.0.0.2", "10.0.0.4");
  CHECK(p.sports(f) == Ports{1001});
  f = {};
  f.source = range("10.0.0.1", "10.0.0.1", true);
  CHECK(p.sports(f) == Ports{0, 1001});
  f = {};
  f.destination = range("10.0.0.2", "10.0.0.2");
  CHECK(p.sports(f) == Ports{0, 1000, 1001});
  f = {};
  f.destination = range("2001:db8::", "2001:db8::ffff");
  CHECK(p.sports(f) == Ports{5000});
  f = {};
  f.source_port = 1001;
  CHECK(p.sports(f) == Ports{1001});
  f = {};
  f.source_port = 53;  // a reply-direction port selects nothing
  CHECK(p.sports(f).empty());
  f = {};
  f.destination_port = 53;
  CHECK(p.sports(f) == Ports{1000, 1001, 5000});
  f = {};
  f.state = "ESTABLISHED";
  CHECK(p.sports(f) == Ports{40000});
  f = {};
  f.status_set = status_seen_reply;
  CHECK(p.sports(f) == Ports{1001, 40000});
  f = {};
  f.status_clear = status_seen_reply;
  CHECK(p.sports(f) == Ports{0, 1000, 5000});
  f = {};
  f.status_set = status_assured;
  CHECK(p.sports(f) == Ports{40000});
  f = {};
  f.protocol = 17;
  f.destination_port = 53;
  f.status_clear = status_seen_reply;
  f.family = Family::ipv4;
  CHECK(p.sports(f) == Ports{1000});
}

TEST_CASE("erase removes exactly the matching entries, reports DESTROY for each, and returns how many") {
  Population p;
  FlowFilter unreplied_udp;
  unreplied_udp.protocol = 17;
  unreplied_udp.status_clear = status_seen_reply;
  CHECK(p.harness.engine.erase(unreplied_udp) == 2);
  CHECK(p.sports({}) == Ports{0, 1001, 40000});
  CHECK(p.harness.count_events(FlowEventType::destroy) == 2);
  const EngineStats stats = p.harness.stats();
  CHECK(stats.destroyed == 2);
  CHECK(stats.expired == 0);
  CHECK(stats.entries == 3);
  // Their tuples are free again: the next packet is NEW.
  CHECK(p.harness.send(udp("10.0.0.1", 1000, "10.0.0.2", 53)).state == CtState::new_flow);
  FlowFilter nothing;
  nothing.source_port = 9;
  CHECK(p.harness.engine.erase(nothing) == 0);
}

TEST_CASE("erase by state and by address range") {
  Population p;
  FlowFilter established;
  established.state = "ESTABLISHED";
  CHECK(p.harness.engine.erase(established) == 1);
  FlowFilter v6;
  v6.source = range("2001:db8::1", "2001:db8::1");
  CHECK(p.harness.engine.erase(v6) == 1);
  CHECK(p.sports({}) == Ports{0, 1000, 1001});
}

TEST_CASE("clear removes every entry and expectation and keeps every counter") {
  ConntrackConfig config = kernel_defaults();
  config.modules.insert(HelperModule::tftp);
  Harness harness(config);
  static constexpr std::string_view read_request{"\0\1f\0octet\0", 10};
  PacketSpec tftp = udp("10.0.0.1", 3000, "10.0.0.2", 69);
  tftp.payload = bytes_of(read_request);
  harness.send(tftp);
  harness.send(udp("10.0.0.1", 1000, "10.0.0.2", 53));
  REQUIRE(harness.stats().expectations == 1);
  const EngineStats before = harness.stats();

  harness.engine.clear();
  CHECK(harness.flows().empty());
  CHECK(harness.expectations().empty());
  const EngineStats after = harness.stats();
  CHECK(after.entries == 0);
  CHECK(after.expectations == 0);
  CHECK(after.new_flows == before.new_flows);
  CHECK(after.packets == before.packets);
  CHECK(after.packets_by_state == before.packets_by_state);
  CHECK(after.kernel.expect_create == before.kernel.expect_create);
  CHECK(after.peak_entries == before.peak_entries);
  CHECK(after.destroyed == before.destroyed + 2);
  // The table works as before: the same tuple is NEW again, with a new id.
  const std::uint32_t old_id = harness.events.front().flow.id;
  CHECK(harness.send(udp("10.0.0.1", 3000, "10.0.0.2", 69)).state == CtState::new_flow);
  CHECK(harness.only_flow().id != old_id);
  CHECK(harness.stats().new_flows == before.new_flows + 1);
}

TEST_CASE("for_each_handle hands out handles that for_each_at visits again, in the order given") {
  Population p;
  FlowFilter udp_only;
  udp_only.protocol = 17;
  std::vector<std::uint32_t> handles;
  std::vector<std::uint32_t> ids;
  p.harness.engine.for_each_handle(udp_only, [&](std::uint32_t handle, const FlowView& flow) {
    handles.push_back(handle);
    ids.push_back(flow.id);
  });
  REQUIRE(handles.size() == 3);
  std::reverse(handles.begin(), handles.end());
  std::reverse(ids.begin(), ids.end());
  std::vector<std::uint32_t> visited;
  std::vector<std::uint16_t> sports;
  p.harness.engine.for_each_at(handles, [&](const FlowView& flow) {
    visited.push_back(flow.id);
    sports.push_back(flow.original.sport);
  });
  CHECK(visited == ids);
  std::sort(sports.begin(), sports.end());
  CHECK(sports == Ports{1000, 1001, 5000});
}
