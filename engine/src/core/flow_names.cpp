// Names the views print (ct states, status bits, protocols, as the kernel and conntrack-tools spell
// them) and the flow filter.
#include <algorithm>
#include <utility>

#include "ctsh/engine/flow.hpp"
#include "proto/tracker.hpp"

namespace ctsh::engine {
namespace {

bool in_range(const AddressMatch& match, const IpAddress& address) {
  if (match.first.family != address.family) return false;
  const bool inside = match.first <= address && address <= match.last;
  return inside != match.negated;
}

bool has_ports(std::uint8_t protocol) { return protocol == 6 || protocol == 17 || protocol == 132 || protocol == 136; }

}  // namespace

std::string_view ct_state_name(CtState state) {
  switch (state) {
    case CtState::invalid: return "INVALID";
    case CtState::new_flow: return "NEW";
    case CtState::established: return "ESTABLISHED";
    case CtState::related: return "RELATED";
    case CtState::untracked: return "UNTRACKED";
  }
  return "INVALID";
}

std::vector<std::string_view> status_names(std::uint16_t status) {
  static constexpr std::pair<std::uint16_t, std::string_view> names[] = {
      {1u << 0, "EXPECTED"},   {1u << 1, "SEEN_REPLY"},    {1u << 2, "ASSURED"},     {1u << 3, "CONFIRMED"},
      {1u << 4, "SRC_NAT"},    {1u << 5, "DST_NAT"},       {1u << 6, "SEQ_ADJUST"},  {1u << 7, "SRC_NAT_DONE"},
      {1u << 8, "DST_NAT_DONE"}, {1u << 9, "DYING"},       {1u << 10, "FIXED_TIMEOUT"}, {1u << 11, "TEMPLATE"},
      {1u << 12, "UNTRACKED"}, {1u << 13, "HELPER"},       {1u << 14, "OFFLOAD"},    {1u << 15, "HW_OFFLOAD"},
  };
  std::vector<std::string_view> out;
  for (const auto& [bit, name] : names) {
    if (status & bit) out.push_back(name);
  }
  return out;
}

std::vector<std::string_view> flow_state_names() {
  std::vector<std::string_view> names;
  for (const std::uint8_t protocol : {std::uint8_t{6}, std::uint8_t{132}}) {
    const TrackerOps& tracker = tracker_for(protocol);
    // State 0 is NONE, which no tracked flow shows; the state numbers end where the names do.
    for (std::uint8_t state = 1; state != 0; ++state) {
      ProtoState proto;
      if (protocol == 6) {
        proto.tcp.state = state;
      } else {
        proto.sctp = SctpState{};
        proto.sctp.state = state;
      }
      const std::string_view name = tracker.state_name(proto);
      if (name.empty()) break;
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  return names;
}

std::string_view protocol_name(std::uint8_t protocol) {
  switch (protocol) {
    case 1: return "icmp";
    case 6: return "tcp";
    case 17: return "udp";
    case 47: return "gre";
    case 58: return "icmpv6";
    case 132: return "sctp";
    case 136: return "udplite";
    default: return "unknown";
  }
}

bool matches(const FlowFilter& filter, const FlowView& flow) {
  if (filter.family && *filter.family != flow.family) return false;
  if (filter.protocol && *filter.protocol != flow.protocol) return false;
  if (filter.source && !in_range(*filter.source, flow.original.src)) return false;
  if (filter.destination && !in_range(*filter.destination, flow.original.dst)) return false;
  if ((filter.source_port || filter.destination_port) && !has_ports(flow.protocol)) return false;
  if (filter.source_port && *filter.source_port != flow.original.sport) return false;
  if (filter.destination_port && *filter.destination_port != flow.original.dport) return false;
  if (filter.state && *filter.state != flow.state) return false;
  if ((flow.status & filter.status_set) != filter.status_set) return false;
  if ((flow.status & filter.status_clear) != 0) return false;
  return true;
}

}  // namespace ctsh::engine
