// A captured frame handed to the engine, and what the engine decided for it.
//
//   Frame f{bytes.data(), bytes.size(), time_ns, LinkType::ethernet, engine.interface_id("eth0")};
//   PacketVerdict v;  engine.process({&f, 1}, {&v, 1});
//
// Value types; a Frame does not own its bytes.
#pragma once

#include <cstdint>

#include "ctsh/engine/flow.hpp"

namespace ctsh::engine {

// libpcap DLT/LINKTYPE numbers of the link layers the parser understands.
enum class LinkType : std::uint16_t {
  null_loopback = 0,  // BSD loopback: 4-byte host-order address family
  ethernet = 1,       // with 802.1Q / 802.1ad (QinQ) tags
  raw_ip = 101,       // LINKTYPE_RAW (DLT 12 and 14 are mapped here by the capture reader)
  linux_sll = 113,
  ipv4 = 228,
  ipv6 = 229,
  linux_sll2 = 276,
};

struct Frame {
  const std::uint8_t* data = nullptr;
  std::uint32_t length = 0;  // captured bytes available at data
  std::uint64_t time_ns = 0;
  LinkType link = LinkType::ethernet;
  std::uint16_t interface = 0;  // Engine::interface_id(); 0 = unknown interface
};

enum VerdictFlag : std::uint8_t {
  verdict_dropped = 1u << 0,  // discarded (table full, raw drop/reject, helper drop)
  verdict_reply = 1u << 1,    // matched an entry in its reply direction
  verdict_skipped = 1u << 2,  // not conntrack's business (not IP) or a fragment held for reassembly
};

struct PacketVerdict {
  CtState state = CtState::invalid;
  std::uint8_t flags = 0;  // VerdictFlag
};

}  // namespace ctsh::engine
