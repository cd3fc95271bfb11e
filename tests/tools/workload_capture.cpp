// workload_capture FILE WORKLOAD ARGS...: writes a synthetic workload (ctsh/engine/workload.hpp) as a
// classic nanosecond pcap of Ethernet frames, its time 0 at 2026-01-01 00:00:00 UTC. It made the
// captures in examples/ (see examples/README.md); the transcript tests check they are still what it makes.
//
//   workload_capture gateway.pcap gateway USERS CONNECTIONS-PER-USER SECONDS [SEED]
//   workload_capture syn-flood.pcap syn-flood RATE SECONDS [SEED]
//   workload_capture udp-dns.pcap udp-dns CLIENTS RATE SECONDS [SEED]
#include <pcap/pcap.h>

#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/engine/workload.hpp"

using namespace ctsh::engine;

namespace {

constexpr const char* usage =
    "usage: workload_capture FILE gateway USERS CONNECTIONS-PER-USER SECONDS [SEED]\n"
    "       workload_capture FILE syn-flood RATE SECONDS [SEED]\n"
    "       workload_capture FILE udp-dns CLIENTS RATE SECONDS [SEED]\n";

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The workload named by argv[2] with its numbers argv[3...]; nullopt when they do not fit.
std::optional<WorkloadSpec> spec_of(const std::vector<std::string>& words) {
  std::vector<std::uint64_t> n;
  for (std::size_t i = 1; i < words.size(); ++i) {
    auto value = number(words[i]);
    if (!value) return std::nullopt;
    n.push_back(*value);
  }
  const auto seed = [&](std::size_t at) { return n.size() > at ? n[at] : 1; };
  const std::string& name = words[0];
  if (name == "gateway" && (n.size() == 3 || n.size() == 4)) {
    return GatewayWorkload{n[0], n[1], n[2] * workload_second_ns, seed(3)};
  }
  if (name == "syn-flood" && (n.size() == 2 || n.size() == 3)) {
    return SynFloodWorkload{n[0], n[1] * workload_second_ns, seed(2)};
  }
  if (name == "udp-dns" && (n.size() == 3 || n.size() == 4)) {
    return UdpDnsWorkload{n[0], n[1], n[2] * workload_second_ns, seed(3)};
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> words(argv + std::min(argc, 2), argv + argc);
  const auto spec = argc >= 3 ? spec_of(words) : std::nullopt;
  if (!spec) {
    std::fputs(usage, stderr);
    return 2;
  }
  if (auto checked = check_workload(*spec); !checked) {
    std::fprintf(stderr, "workload_capture: %s\n", checked.error().c_str());
    return 2;
  }
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO);
  pcap_dumper_t* dumper = dead ? pcap_dump_open(dead, argv[1]) : nullptr;
  if (!dumper) {
    std::fprintf(stderr, "workload_capture: cannot write %s%s%s\n", argv[1], dead ? ": " : "", dead ? pcap_geterr(dead) : "");
    if (dead) pcap_close(dead);
    return 1;
  }
  WorkloadGenerator generator(*spec);
  for (auto batch = generator.next_batch(); !batch.empty(); batch = generator.next_batch()) {
    for (const Frame& frame : batch) {
      const std::uint64_t time_ns = workload_epoch_ns + frame.time_ns;
      pcap_pkthdr header{};
      header.ts.tv_sec = static_cast<time_t>(time_ns / workload_second_ns);
      header.ts.tv_usec = static_cast<suseconds_t>(time_ns % workload_second_ns);  // nanoseconds in a nano pcap
      header.caplen = header.len = frame.length;
      pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frame.data);
    }
  }
  const bool written = pcap_dump_flush(dumper) == 0;
  pcap_dump_close(dumper);
  pcap_close(dead);
  if (!written) {
    std::fprintf(stderr, "workload_capture: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
