// The gateway workload: new connections follow the documented mix (README.md, "Synthetic workloads"),
// and each kind's life cycle leaves the entries the kernel would: TIME_WAIT after a close from either
// side, none after a refused SYN (an RST as the only reply kills the entry), ESTABLISHED for idle and
// long-lived connections, DNS answered, UDP streams ASSURED; no packet is INVALID and none is dropped.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "ctsh/engine/workload.hpp"
#include "test_config.hpp"
#include "workload_frames.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

constexpr std::uint64_t second = workload_second_ns;
const GatewayWorkload busy_gateway{.users = 200, .connections_per_user = 10, .duration_ns = 60 * second, .seed = 3};

bool from_client(const Headers& h) { return (h.src >> 24) == 10; }

}  // namespace

TEST_CASE("gateway connections start in the documented mix of kinds") {
  std::map<std::string, double> starts;
  std::set<std::tuple<std::uint32_t, std::uint16_t>> streams;  // (client, port) of UDP/443 flows
  for (const auto& frame : all_frames(busy_gateway)) {
    const Headers h = headers_of(frame.bytes);
    if (h.protocol == 6 && h.tcp_flags == tcp_syn) starts["tcp/" + std::to_string(h.dport)] += 1;
    if (h.protocol == 17 && from_client(h) && h.dport == 53) starts["dns"] += 1;
    if (h.protocol == 17 && from_client(h) && h.dport == 443) streams.insert({h.src, h.sport});
  }
  starts["udp stream"] = static_cast<double>(streams.size());
  double total = 0;
  for (const auto& [kind, count] : starts) total += count;
  REQUIRE(total > 5'000);
  // Per mille of new connections, as README.md documents them.
  const std::map<std::string, double> documented = {{"tcp/443", 450}, {"tcp/80", 50}, {"tcp/8080", 30},
                                                     {"tcp/5228", 50}, {"tcp/993", 50},  {"dns", 300},
                                                     {"udp stream", 70}};
  CHECK(starts.size() == documented.size());
  for (const auto& [kind, per_mille] : documented) {
    CAPTURE(kind);
    CHECK(1000 * starts[kind] / total == doctest::Approx(per_mille).epsilon(0.15));
  }
}

TEST_CASE("gateway life cycles leave the kernel's states: TIME_WAIT, ESTABLISHED, answered DNS, assured streams") {
  Engine engine(kernel_defaults(1 << 20, 1 << 16));
  std::size_t refused = 0;  // entries of port 8080 destroyed before they saw anything but an RST
  engine.subscribe([&](const FlowEvent& event) {
    refused += event.type == FlowEventType::destroy && event.flow.original.dport == 8080 &&
               event.flow.state == "CLOSE" && !(event.flow.status & status_seen_reply);
  });
  WorkloadGenerator generator(busy_gateway);
  const WorkloadRun run = run_workload(engine, generator);
  const EngineStats stats = engine.stats();
  CHECK(run.packets > 100'000);
  CHECK(stats.kernel.invalid == 0);
  CHECK(stats.packets_by_state[static_cast<std::size_t>(CtState::invalid)] == 0);
  CHECK(stats.kernel.drop == 0);
  CHECK(stats.kernel.early_drop == 0);

  std::map<std::string, std::size_t> states;  // "tcp/443 TIME_WAIT", "udp/53 replied", ...
  engine.for_each({}, [&](const FlowView& flow) {
    std::string key = fmt::format("{}/{} ", protocol_name(flow.protocol), flow.original.dport);
    if (flow.protocol == 6) key += flow.state;
    else key += (flow.status & status_assured) ? "assured" : (flow.status & status_seen_reply) ? "replied" : "unreplied";
    ++states[key];
  });
  CHECK(states["tcp/443 TIME_WAIT"] > 1000);      // web: the client closes
  CHECK(states["tcp/443 ESTABLISHED"] > 10);      // web connections open when the run ends
  CHECK(states["tcp/80 TIME_WAIT"] > 100);        // the server closes
  CHECK(refused > 100);                           // refused: the RST that answers the SYN kills the entry
  CHECK(states["tcp/5228 ESTABLISHED"] > 50);     // long-lived, open for minutes
  CHECK(states["tcp/993 ESTABLISHED"] > 50);      // idle
  CHECK(states["udp/53 replied"] > 500);          // DNS answered
  CHECK(states["udp/53 unreplied"] > 0);          // and a few not
  CHECK(states["udp/53 replied"] > 20 * states["udp/53 unreplied"]);
  CHECK(states["udp/443 assured"] > 50);          // streams seen both ways for more than 2 s
  // Nothing else: every entry is one of the documented kinds, in one of these states.
  std::size_t documented = 0;
  for (const char* key : {"tcp/443 TIME_WAIT", "tcp/443 ESTABLISHED", "tcp/443 SYN_SENT", "tcp/443 SYN_RECV",
                          "tcp/443 FIN_WAIT", "tcp/443 LAST_ACK", "tcp/80 TIME_WAIT", "tcp/80 ESTABLISHED",
                          "tcp/80 SYN_SENT", "tcp/80 SYN_RECV", "tcp/80 FIN_WAIT", "tcp/80 LAST_ACK",
                          "tcp/8080 SYN_SENT", "tcp/5228 ESTABLISHED", "tcp/5228 TIME_WAIT",
                          "tcp/5228 SYN_SENT", "tcp/5228 SYN_RECV", "tcp/5228 FIN_WAIT", "tcp/5228 LAST_ACK",
                          "tcp/993 ESTABLISHED", "tcp/993 SYN_SENT", "tcp/993 SYN_RECV", "udp/53 replied",
                          "udp/53 unreplied", "udp/443 assured", "udp/443 replied", "udp/443 unreplied"}) {
    documented += states.contains(key) ? states[key] : 0;
  }
  CHECK(documented == stats.entries);
}

TEST_CASE("gateway: a table too small for the users fills up and early-drops, as sizing predicts") {
  Engine engine(kernel_defaults(512, 128));
  WorkloadGenerator generator(GatewayWorkload{.users = 50, .connections_per_user = 10, .duration_ns = 20 * second});
  run_workload(engine, generator);
  const EngineStats stats = engine.stats();
  CHECK(stats.peak_entries == 512);
  CHECK(stats.kernel.early_drop > 0);
}
