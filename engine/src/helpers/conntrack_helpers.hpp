// Conntrack helpers as VyOS attaches them (by port, when `system conntrack modules` enables them):
// FTP (tcp/21: PORT, EPRT, 227, 229, the kernel's first-line rule) and TFTP (udp/69: RRQ/WRQ).
// They read payloads and create expectations.
//
//   ConntrackHelpers helpers;
//   HelperKind kind = helpers.kind_for(packet, config.modules);      // at flow creation
//   HelperVerdict v = helpers.inspect(kind, flow, packet, ...);       // on each accepted packet
//
// Not thread-safe. Per-flow parser state is kept here, keyed by the flow's table index.
#pragma once

#include <cstdint>
#include <set>
#include <unordered_map>

#include "ctsh/engine/conntrack_config.hpp"
#include "ctsh/engine/flow.hpp"
#include "helpers/expectation_table.hpp"
#include "proto/tracker.hpp"

namespace ctsh::engine {

// What a helper sees of the flow a packet belongs to.
struct HelperFlow {
  std::uint32_t index = 0;    // table index of the master entry
  Family family = Family::ipv4;
  PacketTuple original;       // the entry's original-direction tuple
  PacketTuple reply;          // and its reply-direction tuple
};

struct HelperContext {
  const HelperFlow& flow;
  const ParsedPacket& packet;
  Direction direction;
  CtState ct_state;           // of this packet
  Tick now;
  ExpectationTable& expectations;
  KernelCounters& counters;
  std::uint32_t& next_expectation_id;
};

enum class HelperVerdict : std::uint8_t { accept, drop };

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

 private:
  struct FtpLines {
    std::uint32_t newline_seq[2][2] = {{0, 0}, {0, 0}};  // per direction, the 2 remembered seqs
    std::uint8_t count[2] = {0, 0};
  };
  std::unordered_map<std::uint32_t, FtpLines> ftp_;
};

}  // namespace ctsh::engine
