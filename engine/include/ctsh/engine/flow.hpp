// The engine's view of one tracked connection, and the filter that selects connections for the views.
//
// Shared vocabulary of every dataplane: the views (`show conntrack table`), `delete conntrack table`
// and the kernel dataplane all speak FlowView and FlowFilter.
//
//   FlowFilter only_tcp;  only_tcp.protocol = 6;
//   engine.for_each(only_tcp, [](const FlowView& flow) { fmt::print("{}\n", flow.id); });
//
// Value types only; a FlowView's string_views point at static names and stay valid forever.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

// What `ct state` says of one packet (nft: invalid, established, related, new, untracked).
enum class CtState : std::uint8_t { invalid, new_flow, established, related, untracked };
inline constexpr std::size_t ct_state_count = 5;
std::string_view ct_state_name(CtState state);  // "INVALID", "NEW", "ESTABLISHED", "RELATED", "UNTRACKED"

// The kernel's `enum ip_conntrack_status` bits (values as in the kernel).
enum StatusBit : std::uint16_t {
  status_expected = 1u << 0,
  status_seen_reply = 1u << 1,
  status_assured = 1u << 2,
  status_confirmed = 1u << 3,
  status_dying = 1u << 9,
  status_fixed_timeout = 1u << 10,
  status_helper = 1u << 13,
};
// Kernel bit names of the bits set in `status`, lowest bit first ("EXPECTED", "SEEN_REPLY", ...).
std::vector<std::string_view> status_names(std::uint16_t status);

// Every protocol state name a FlowView may carry (TCP's, then SCTP's not already named), as the
// kernel spells them; for checking a state filter.
std::vector<std::string_view> flow_state_names();

// "tcp", "udp", "udplite", "icmp", "icmpv6", "sctp", "gre", else "unknown" (as conntrack -L).
std::string_view protocol_name(std::uint8_t protocol);

// One direction's tuple. For ICMP/ICMPv6, `type`, `code` and `id` are used and the ports are 0;
// for GRE the ports hold the keys.
struct FlowTuple {
  IpAddress src;
  IpAddress dst;
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::uint16_t id = 0;
  bool operator==(const FlowTuple&) const = default;
};

struct FlowCounters {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
};

struct FlowView {
  std::uint32_t id = 0;  // deterministic for the same input
  Family family = Family::ipv4;
  std::uint8_t protocol = 0;
  std::string_view state;  // "ESTABLISHED", ...; empty when the protocol has no state
  std::uint32_t timeout_seconds = 0;  // remaining, truncated like the kernel's
  FlowTuple original;
  FlowTuple reply;
  std::uint16_t status = 0;  // StatusBit
  std::uint32_t mark = 0;
  std::uint16_t zone = 0;
  std::string_view helper;  // "ftp", "tftp"; empty when none
  std::optional<std::array<FlowCounters, 2>> counters;  // original, reply; when flow-accounting is on
};

// Selects flows; every set field must match. Addresses and ports match the original direction,
// as `conntrack -s` and `--sport` do; a port filter only matches protocols with ports (tcp, udp,
// udplite, sctp), as conntrack's port options need one of those.
struct FlowFilter {
  std::optional<Family> family;
  std::optional<std::uint8_t> protocol;
  std::optional<AddressMatch> source;
  std::optional<AddressMatch> destination;
  std::optional<std::uint16_t> source_port;
  std::optional<std::uint16_t> destination_port;
  std::optional<std::string> state;  // protocol state name, e.g. "ESTABLISHED"
  std::uint16_t status_set = 0;      // these StatusBits must be set
  std::uint16_t status_clear = 0;    // and these clear (unreplied = status_seen_reply here)
};

bool matches(const FlowFilter& filter, const FlowView& flow);

}  // namespace ctsh::engine
