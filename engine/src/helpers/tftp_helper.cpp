// The TFTP helper: RRQ (opcode 1) and WRQ (opcode 2) create a UDP expectation from the server's
// address (reply source) to the client's address and port (reply destination), any source port.
#include "helpers/tftp_helper.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint8_t udp_protocol = 17;
constexpr std::uint16_t read_request = 1;
constexpr std::uint16_t write_request = 2;

}  // namespace

HelperVerdict inspect_tftp(HelperContext& context) {
  const Payload payload = payload_of(context.packet);
  if (payload.length < 2) return HelperVerdict::accept;
  const auto opcode = static_cast<std::uint16_t>((payload.data[0] << 8) | payload.data[1]);
  if (opcode != read_request && opcode != write_request) return HelperVerdict::accept;
  const PacketTuple& reply = context.flow.reply;
  PacketTuple expected;
  expected.src = reply.src;
  expected.dst = reply.dst;
  expected.dport = reply.dport;
  expected.protocol = udp_protocol;
  return expect_connection(context, HelperKind::tftp, expected);
}

}  // namespace ctsh::engine
