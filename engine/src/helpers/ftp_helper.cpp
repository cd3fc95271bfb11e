// The FTP helper on one control-connection packet (kernel nf_conntrack_ftp.c help()): the line-start
// rule on TCP sequence numbers, the command search, the sender-address check (loose=0) and the
// expectation of the data connection.
#include "helpers/ftp_helper.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint8_t tcp_protocol = 6;

bool seq_before(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

}  // namespace

bool FtpLines::starts_line(Direction direction, std::uint32_t seq) const {
  const auto d = static_cast<std::size_t>(direction);
  for (std::size_t i = 0; i < count[d]; ++i) {
    if (after_newline[d][i] == seq) return true;
  }
  return false;
}

void FtpLines::note_line_end(Direction direction, std::uint32_t seq) {
  const auto d = static_cast<std::size_t>(direction);
  if (starts_line(direction, seq)) return;
  if (count[d] < 2) {
    after_newline[d][count[d]++] = seq;
    return;
  }
  const std::size_t older = seq_before(after_newline[d][0], after_newline[d][1]) ? 0 : 1;
  if (seq_before(after_newline[d][older], seq)) after_newline[d][older] = seq;
}

HelperVerdict inspect_ftp(HelperContext& context, FtpLines& lines, Payload payload) {
  if (payload.length == 0) return HelperVerdict::accept;
  const ParsedPacket& packet = context.packet;
  const bool ends_line = payload.data[payload.length - 1] == '\n';
  const std::uint32_t next_seq = packet.tcp_seq + payload.length;
  HelperVerdict verdict = HelperVerdict::accept;
  if (lines.starts_line(context.direction, packet.tcp_seq)) {
    const bool original = context.direction == Direction::original;
    const PacketTuple& sent = original ? context.flow.original : context.flow.reply;
    const PacketTuple& other_way = original ? context.flow.reply : context.flow.original;
    FtpEndpoint announced{sent.src, 0};
    switch (find_ftp_command(payload.data, payload.length, context.direction, context.flow.family, announced)) {
      case FtpMatch::none:
        break;
      case FtpMatch::partial:
        return HelperVerdict::drop;  // and the line ends stay as they were
      case FtpMatch::found:
        // An address other than the sender's is not expected (the kernel's default loose=0).
        if (announced.address.bytes == sent.src.bytes) {
          PacketTuple expected;
          expected.src = other_way.src;
          expected.dst = other_way.dst;
          expected.dport = announced.port;
          expected.protocol = tcp_protocol;
          verdict = expect_connection(context, HelperKind::ftp, expected);
        }
        break;
    }
  }
  if (ends_line) lines.note_line_end(context.direction, next_seq);
  return verdict;
}

}  // namespace ctsh::engine
