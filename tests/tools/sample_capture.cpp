// sample_capture FILE: writes the small capture the shell's transcript tests replay (a classic pcap of
// Ethernet frames): an HTTP connection left ESTABLISHED, one closed into TIME_WAIT, a refused one, a DNS
// query and its answer, an unanswered UDP packet, a ping and its reply, and an unanswered IPv6 SYN.
#include <cstdio>

#include "capture_writer.hpp"
#include "ctsh/engine/flow.hpp"

using namespace ctsh::engine;

namespace {

PacketSpec tcp(const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport, std::uint8_t flags,
               std::uint32_t seq, std::uint32_t ack) {
  PacketSpec spec;
  spec.src = *parse_ip(src);
  spec.dst = *parse_ip(dst);
  spec.protocol = 6;
  spec.sport = sport;
  spec.dport = dport;
  spec.tcp_flags = flags;
  spec.seq = seq;
  spec.ack = ack;
  spec.window = 64240;
  return spec;
}

PacketSpec udp(const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport) {
  PacketSpec spec;
  spec.src = *parse_ip(src);
  spec.dst = *parse_ip(dst);
  spec.protocol = 17;
  spec.sport = sport;
  spec.dport = dport;
  return spec;
}

PacketSpec icmp_echo(const char* src, const char* dst, std::uint8_t type) {
  PacketSpec spec;
  spec.src = *parse_ip(src);
  spec.dst = *parse_ip(dst);
  spec.protocol = 1;
  spec.icmp_type = type;
  spec.icmp_id = 4660;
  spec.icmp_sequence = 1;
  return spec;
}

void handshake(CaptureWriter& out, std::uint16_t sport) {
  out.add(tcp("10.0.0.1", sport, "10.0.0.2", 80, tcp_syn, 1000, 0));
  out.add(tcp("10.0.0.2", 80, "10.0.0.1", sport, tcp_syn | tcp_ack, 5000, 1001));
  out.add(tcp("10.0.0.1", sport, "10.0.0.2", 80, tcp_ack, 1001, 5001));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: sample_capture FILE\n");
    return 2;
  }
  CaptureWriter out(argv[1]);
  if (!out.ok()) {
    std::fprintf(stderr, "sample_capture: cannot write %s\n", argv[1]);
    return 1;
  }
  static const std::uint8_t request[] = {'G', 'E', 'T', ' ', '/', '\r', '\n'};
  handshake(out, 40000);
  PacketSpec data = tcp("10.0.0.1", 40000, "10.0.0.2", 80, tcp_ack | tcp_psh, 1001, 5001);
  data.payload = request;
  out.add(data);
  out.add(tcp("10.0.0.2", 80, "10.0.0.1", 40000, tcp_ack, 5001, 1008));

  handshake(out, 40001);
  out.add(tcp("10.0.0.1", 40001, "10.0.0.2", 80, tcp_fin | tcp_ack, 1001, 5001));
  out.add(tcp("10.0.0.2", 80, "10.0.0.1", 40001, tcp_fin | tcp_ack, 5001, 1002));
  out.add(tcp("10.0.0.1", 40001, "10.0.0.2", 80, tcp_ack, 1002, 5002));

  out.add(tcp("10.0.0.1", 40002, "10.0.0.2", 81, tcp_syn, 7000, 0));
  out.add(tcp("10.0.0.2", 81, "10.0.0.1", 40002, tcp_rst | tcp_ack, 0, 7001));

  out.add(udp("10.0.0.1", 5353, "10.0.0.3", 53));
  out.add(udp("10.0.0.3", 53, "10.0.0.1", 5353));
  out.add(udp("10.0.0.1", 5000, "10.0.0.4", 9999));

  out.add(icmp_echo("10.0.0.1", "10.0.0.5", 8));
  out.add(icmp_echo("10.0.0.5", "10.0.0.1", 0));

  out.add(tcp("2001:db8::1", 1111, "2001:db8::2", 443, tcp_syn, 1, 0));
  return 0;
}
