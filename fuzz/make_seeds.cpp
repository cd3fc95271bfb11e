// fuzz_seeds DIR: writes the fuzz target's seed corpus: short conversations of every protocol the
// engine tracks (TCP, UDP, UDP-Lite, ICMP and its errors, ICMPv6, SCTP, GRE, FTP and TFTP with their
// helpers, a raw-dropped telnet), on every link type, under several settings.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/engine/packet_builder.hpp"
#include "fuzz_input.hpp"

using namespace ctsh::engine;
using fuzz::SeedFrame;

namespace {

using Bytes = std::vector<std::uint8_t>;

PacketSpec between(std::string_view src, std::string_view dst, std::uint8_t protocol, std::uint16_t sport,
                   std::uint16_t dport) {
  PacketSpec spec;
  spec.src = *parse_ip(src);
  spec.dst = *parse_ip(dst);
  spec.protocol = protocol;
  spec.sport = sport;
  spec.dport = dport;
  return spec;
}

PacketSpec reversed(PacketSpec spec) {
  std::swap(spec.src, spec.dst);
  std::swap(spec.sport, spec.dport);
  return spec;
}

PacketSpec tcp(PacketSpec spec, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
               std::span<const std::uint8_t> payload = {}) {
  spec.tcp_flags = flags;
  spec.seq = seq;
  spec.ack = ack;
  spec.payload = payload;
  return spec;
}

// A TCP connection from `client` opened, carrying `request`, and closed.
std::vector<PacketSpec> tcp_conversation(const PacketSpec& client, std::span<const std::uint8_t> request) {
  const PacketSpec server = reversed(client);
  const auto sent = static_cast<std::uint32_t>(request.size());
  return {tcp(client, tcp_syn, 100, 0),
          tcp(server, tcp_syn | tcp_ack, 5000, 101),
          tcp(client, tcp_ack, 101, 5001),
          tcp(client, tcp_psh | tcp_ack, 101, 5001, request),
          tcp(server, tcp_ack, 5001, 101 + sent),
          tcp(client, tcp_fin | tcp_ack, 101 + sent, 5001),
          tcp(server, tcp_fin | tcp_ack, 5001, 102 + sent),
          tcp(client, tcp_ack, 102 + sent, 5002)};
}

const Bytes http_request{'G', 'E', 'T', ' ', '/', '\r', '\n', '\r', '\n'};
const Bytes ftp_port{'P', 'O', 'R', 'T', ' ', '1', '0', ',', '0', ',', '0', ',', '1', ',', '4', ',', '1', '\r', '\n'};
const Bytes tftp_read{0, 1, 'f', 0, 'o', 'c', 't', 'e', 't', 0};
const Bytes dns_query(20, 0x42);
const Bytes sctp_init{1, 0, 0, 20, 0, 0, 0, 7, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 9};
const Bytes gre_header{0, 0, 0x08, 0, 0x45, 0};

std::vector<std::vector<PacketSpec>> conversations() {
  std::vector<std::vector<PacketSpec>> all;
  all.push_back(tcp_conversation(between("10.0.0.1", "10.0.0.2", 6, 40000, 80), http_request));
  all.push_back(tcp_conversation(between("2001:db8::1", "2001:db8::2", 6, 40001, 443), http_request));
  all.push_back(tcp_conversation(between("10.0.0.1", "10.0.0.2", 6, 40002, 21), ftp_port));

  PacketSpec query = between("10.0.0.1", "10.0.0.53", 17, 5353, 53);
  query.payload = dns_query;
  PacketSpec answer = reversed(query);
  PacketSpec stream = between("2001:db8::1", "2001:db8::9", 17, 7000, 7001);
  stream.payload = dns_query;
  all.push_back({query, answer, stream, reversed(stream), stream});

  PacketSpec tftp = between("10.0.0.1", "10.0.0.69", 17, 3000, 69);
  tftp.payload = tftp_read;
  PacketSpec tftp_data = between("10.0.0.69", "10.0.0.1", 17, 3001, 3000);
  tftp_data.payload = dns_query;
  all.push_back({tftp, tftp_data, reversed(tftp_data)});

  PacketSpec ping = between("10.0.0.1", "10.0.0.2", 1, 0, 0);
  ping.icmp_type = 8;
  ping.icmp_id = 77;
  PacketSpec pong = reversed(ping);
  pong.icmp_type = 0;
  PacketSpec unanswered = between("10.0.0.1", "10.0.0.2", 17, 6000, 6001);
  static const Bytes quote = build_ip_packet(unanswered);
  PacketSpec unreachable = between("10.0.0.2", "10.0.0.1", 1, 0, 0);
  unreachable.icmp_type = 3;
  unreachable.icmp_code = 3;
  unreachable.icmp_quote = quote;
  all.push_back({ping, pong, unanswered, unreachable});

  PacketSpec ping6 = between("2001:db8::1", "2001:db8::2", 58, 0, 0);
  ping6.icmp_type = 128;
  ping6.icmp_id = 9;
  PacketSpec pong6 = reversed(ping6);
  pong6.icmp_type = 129;
  all.push_back({ping6, pong6});

  PacketSpec sctp = between("10.0.0.1", "10.0.0.2", 132, 5000, 5001);
  sctp.sctp_chunks = sctp_init;
  PacketSpec gre = between("10.0.0.1", "10.0.0.2", 47, 0, 0);
  gre.payload = gre_header;
  PacketSpec lite = between("10.0.0.1", "10.0.0.2", 136, 1000, 2000);
  lite.payload = dns_query;
  all.push_back({sctp, gre, reversed(gre), lite, reversed(lite)});

  all.push_back(tcp_conversation(between("10.0.0.1", "10.0.0.2", 6, 40003, 23), http_request));
  return all;
}

// The packet wrapped for a link type (the index into fuzz_link_types).
Bytes on_link(const PacketSpec& spec, LinkType link) {
  const bool v6 = spec.src.family == Family::ipv6;
  const std::uint16_t ethertype = v6 ? 0x86dd : 0x0800;
  Bytes ip = build_ip_packet(spec);
  Bytes header;
  switch (link) {
    case LinkType::ethernet:
      return build_frame(spec);
    case LinkType::raw_ip:
    case LinkType::ipv4:
    case LinkType::ipv6:
      return ip;
    case LinkType::null_loopback:
      header = {static_cast<std::uint8_t>(v6 ? 24 : 2), 0, 0, 0};  // BSD AF_INET / AF_INET6, little-endian
      break;
    case LinkType::linux_sll:
      header = {0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0,
                static_cast<std::uint8_t>(ethertype >> 8), static_cast<std::uint8_t>(ethertype)};
      break;
    case LinkType::linux_sll2:
      header = {static_cast<std::uint8_t>(ethertype >> 8), static_cast<std::uint8_t>(ethertype), 0, 0, 0, 0, 0, 2,
                0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0};
      break;
  }
  header.insert(header.end(), ip.begin(), ip.end());
  return header;
}

bool fits(LinkType link, const PacketSpec& spec) {
  if (link == LinkType::ipv4) return spec.src.family == Family::ipv4;
  if (link == LinkType::ipv6) return spec.src.family == Family::ipv6;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds DIR\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const std::uint8_t settings_per_link[] = {0,
                                            fuzz::setting_ftp | fuzz::setting_tftp,
                                            fuzz::setting_verify_checksums,
                                            fuzz::setting_small_table | fuzz::setting_accounting,
                                            fuzz::setting_notrack_dns | fuzz::setting_drop_telnet,
                                            fuzz::setting_grow_midway | fuzz::setting_small_table,
                                            0xff};
  const auto all = conversations();
  int written = 0;
  for (std::size_t link_index = 0; link_index < std::size(fuzz::fuzz_link_types); ++link_index) {
    const LinkType link = fuzz::fuzz_link_types[link_index];
    for (std::size_t c = 0; c < all.size(); ++c) {
      std::vector<SeedFrame> frames;
      for (const PacketSpec& spec : all[c]) {
        if (fits(link, spec)) frames.push_back({on_link(spec, link), 10, static_cast<std::uint8_t>(c % 2)});
      }
      if (frames.empty()) continue;
      frames.back().step = 220;  // long enough for the short timeouts to pass
      const auto input = fuzz::encode_fuzz_input(static_cast<std::uint8_t>(link_index),
                                                 settings_per_link[(link_index + c) % std::size(settings_per_link)],
                                                 frames);
      std::ofstream out(dir / ("seed-" + std::to_string(link_index) + "-" + std::to_string(c)), std::ios::binary);
      out.write(reinterpret_cast<const char*>(input.data()), static_cast<std::streamsize>(input.size()));
      ++written;
    }
  }
  std::printf("%d seeds in %s\n", written, dir.c_str());
  return 0;
}
