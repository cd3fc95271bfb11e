// helper_capture FILE: writes a capture whose connections helpers expect others from (for
// `show conntrack expect`): an FTP control connection whose server enters passive mode on port 50000,
// and a TFTP read request.
#include <cstdio>
#include <string_view>

#include "capture_writer.hpp"
#include "ctsh/engine/flow.hpp"

using namespace ctsh::engine;

namespace {

std::span<const std::uint8_t> bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// One side of the FTP control connection 10.0.0.1:40010 <-> 10.0.0.2:21, keeping its sequence numbers.
class FtpSide {
 public:
  FtpSide(bool client, std::uint32_t isn) : client_(client), seq_(isn) {}
  PacketSpec segment(std::uint8_t flags, std::string_view payload, const FtpSide& peer) {
    PacketSpec spec;
    spec.src = *parse_ip(client_ ? "10.0.0.1" : "10.0.0.2");
    spec.dst = *parse_ip(client_ ? "10.0.0.2" : "10.0.0.1");
    spec.protocol = 6;
    spec.sport = client_ ? 40010 : 21;
    spec.dport = client_ ? 21 : 40010;
    spec.tcp_flags = flags;
    spec.seq = seq_;
    spec.ack = (flags & tcp_ack) ? peer.seq_ : 0;
    spec.window = 64240;
    spec.payload = bytes(payload);
    seq_ += static_cast<std::uint32_t>(payload.size()) + ((flags & tcp_syn) ? 1u : 0u);
    return spec;
  }

 private:
  bool client_;
  std::uint32_t seq_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: helper_capture FILE\n");
    return 2;
  }
  CaptureWriter out(argv[1]);
  if (!out.ok()) {
    std::fprintf(stderr, "helper_capture: cannot write %s\n", argv[1]);
    return 1;
  }
  FtpSide client(true, 1000), server(false, 5000);
  out.add(client.segment(tcp_syn, {}, server));
  out.add(server.segment(tcp_syn | tcp_ack, {}, client));
  out.add(client.segment(tcp_ack, {}, server));
  out.add(server.segment(tcp_ack | tcp_psh, "220 ready\r\n", client));
  out.add(client.segment(tcp_ack | tcp_psh, "USER anonymous\r\n", server));
  out.add(server.segment(tcp_ack | tcp_psh, "331 password please\r\n", client));
  out.add(client.segment(tcp_ack | tcp_psh, "PASV\r\n", server));
  out.add(server.segment(tcp_ack | tcp_psh, "227 Entering Passive Mode (10,0,0,2,195,80).\r\n", client));
  out.add(client.segment(tcp_ack, {}, server));

  static constexpr std::string_view read_request{"\0\1boot.img\0octet\0", 18};
  PacketSpec tftp;
  tftp.src = *parse_ip("10.0.0.1");
  tftp.dst = *parse_ip("10.0.0.3");
  tftp.protocol = 17;
  tftp.sport = 3000;
  tftp.dport = 69;
  tftp.payload = bytes(read_request);
  out.add(tftp);
  return 0;
}
