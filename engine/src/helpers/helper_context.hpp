// What a conntrack helper is given for one accepted packet (the flow, the packet, the expectation
// table and counters), and the one way helpers create expectations (with the kernel's policy).
#pragma once

#include <cstdint>

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

// The expectation policy of the ftp and tftp helpers (ftp_exp_policy, tftp_exp_policy).
inline constexpr std::uint32_t helper_max_expected = 1;
inline constexpr std::uint32_t helper_expect_timeout_seconds = 300;

// Expects a connection with `expected` (any source port, class 0) for the flow's helper `kind`.
// A refused expectation drops the packet, as the kernel's helpers do ("cannot add expectation").
HelperVerdict expect_connection(HelperContext& context, HelperKind kind, const PacketTuple& expected);

// The application payload of the packet (empty when none).
struct Payload {
  const std::uint8_t* data = nullptr;
  std::uint32_t length = 0;
};
Payload payload_of(const ParsedPacket& packet);

}  // namespace ctsh::engine
