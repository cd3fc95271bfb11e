// The FTP helper (kernel nf_conntrack_ftp.c): it reads the control connection's commands (PORT, EPRT)
// and replies (227, 229) at the start of segments that follow a line end, and expects the data
// connection they announce.
//
//   FtpEndpoint announced{sender, 0};
//   if (find_ftp_command(data, length, Direction::original, family, announced) == FtpMatch::found) ...
//
// Not thread-safe.
#pragma once

#include <cstdint>

#include "helpers/helper_context.hpp"

namespace ctsh::engine {

// Per direction, the sequence numbers right after the last two segments that ended in '\n'
// (the kernel's seq_aft_nl): only a segment starting at one of them is read.
struct FtpLines {
  std::uint32_t after_newline[2][2] = {{0, 0}, {0, 0}};
  std::uint8_t count[2] = {0, 0};

  bool starts_line(Direction direction, std::uint32_t seq) const;
  // A segment ending in '\n' ends just before `seq`: remember it, replacing the older of two.
  void note_line_end(Direction direction, std::uint32_t seq);
};

enum class FtpMatch : std::uint8_t {
  none,     // no command of this direction
  partial,  // a command cut off or malformed: the kernel drops the packet
  found,
};

// The address and port a command announces. Before the search it holds the sender's address
// (which 229 does not repeat, and of which PORT on IPv6 replaces only the first 4 bytes).
struct FtpEndpoint {
  IpAddress address;
  std::uint16_t port = 0;
};

// Looks for the direction's commands (original: PORT, EPRT; reply: 227, 229), case-insensitively, at
// the start of `data`.
FtpMatch find_ftp_command(const std::uint8_t* data, std::uint32_t length, Direction direction, Family family,
                          FtpEndpoint& announced);

// The helper on one packet of an FTP control flow (the caller checks the ct state: ESTABLISHED only).
HelperVerdict inspect_ftp(HelperContext& context, FtpLines& lines, Payload payload);

}  // namespace ctsh::engine
