// flow_capture FILE COUNT: writes a classic pcap of COUNT new UDP flows (one request each, 1 us apart),
// the table-filling input of bench/table_render.sh. Flow k comes from client s = 1 + k / 250 (250 flows per
// client, as a gateway's users), 10.(s >> 16).(s >> 8 & 255).(s & 255) port 1024 + k % 250, and goes to
// 192.0.2.(1 + k % 200) port 53 or 443.
#include <pcap/pcap.h>

#include <charconv>
#include <cstdio>
#include <string_view>
#include <vector>

#include "ctsh/engine/packet_builder.hpp"

using namespace ctsh::engine;

namespace {

constexpr std::uint64_t largest_count = 16'000'000;
constexpr std::uint32_t flows_per_client = 250;

IpAddress ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  IpAddress address;
  address.bytes[0] = a;
  address.bytes[1] = b;
  address.bytes[2] = c;
  address.bytes[3] = d;
  return address;
}

PacketSpec flow(std::uint32_t k) {
  const std::uint32_t client = 1 + k / flows_per_client;
  PacketSpec spec;
  spec.protocol = 17;
  spec.src = ipv4(10, static_cast<std::uint8_t>(client >> 16), static_cast<std::uint8_t>(client >> 8),
                  static_cast<std::uint8_t>(client));
  spec.dst = ipv4(192, 0, 2, static_cast<std::uint8_t>(1 + k % 200));
  spec.sport = static_cast<std::uint16_t>(1024 + k % flows_per_client);
  spec.dport = k % 2 ? 443 : 53;
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t count = 0;
  const std::string_view count_text = argc == 3 ? argv[2] : "";
  const auto parsed = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  if (argc != 3 || parsed.ec != std::errc{} || parsed.ptr != count_text.data() + count_text.size() || count == 0 ||
      count > largest_count) {
    std::fprintf(stderr, "usage: flow_capture FILE COUNT (COUNT from 1 to %llu)\n",
                 static_cast<unsigned long long>(largest_count));
    return 2;
  }
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
  pcap_dumper_t* dumper = dead ? pcap_dump_open(dead, argv[1]) : nullptr;
  if (!dumper) {
    std::fprintf(stderr, "flow_capture: cannot write %s\n", argv[1]);
    if (dead) pcap_close(dead);
    return 1;
  }
  std::uint64_t time_us = 1'700'000'000'000'000ull;
  for (std::uint64_t k = 0; k < count; ++k) {
    const std::vector<std::uint8_t> frame = build_frame(flow(static_cast<std::uint32_t>(k)));
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(time_us / 1'000'000);
    header.ts.tv_usec = static_cast<suseconds_t>(time_us % 1'000'000);
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frame.data());
    ++time_us;
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
  return 0;
}
