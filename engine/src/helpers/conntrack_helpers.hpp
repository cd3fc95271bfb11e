// Conntrack helpers as VyOS attaches them (by port, when `system conntrack modules` enables them):
// FTP (tcp/21: PORT, EPRT, 227, 229, the kernel's first-line rule) and TFTP (udp/69: RRQ/WRQ).
// They read payloads and create expectations.
//
//   ConntrackHelpers helpers;
//   HelperKind kind = ConntrackHelpers::kind_for(packet.tuple, config.modules);  // at flow creation
//   HelperVerdict v = helpers.inspect(kind, context);                           // each accepted packet
//
// Not thread-safe. Per-flow parser state is kept here, keyed by the flow's table index.
#pragma once

#include <cstdint>
#include <set>
#include <unordered_map>

#include "ctsh/engine/conntrack_config.hpp"
#include "helpers/ftp_helper.hpp"
#include "helpers/helper_context.hpp"

namespace ctsh::engine {

class ConntrackHelpers {
 public:
  // The helper a new flow gets: ftp for tcp dport 21, tftp for udp dport 69, when enabled.
  static HelperKind kind_for(const PacketTuple& tuple, const std::set<HelperModule>& enabled);
  // Runs the flow's helper on one accepted packet; may create expectations (with the kernel's
  // policies: ftp and tftp max_expected 1, timeout 300 s). drop: the kernel's NF_DROP cases.
  HelperVerdict inspect(HelperKind kind, HelperContext& context);
  // The flow at `index` is gone: forget its parser state.
  void forget(std::uint32_t index);
  void clear();

  // Snapshots: the FTP line state of each flow that has one (by flow index), and putting it back.
  const std::unordered_map<std::uint32_t, FtpLines>& ftp_lines() const { return ftp_; }
  void restore_ftp_lines(std::uint32_t index, const FtpLines& lines) { ftp_[index] = lines; }

 private:
  std::unordered_map<std::uint32_t, FtpLines> ftp_;  // by flow index, from the first FTP payload on
};

}  // namespace ctsh::engine
