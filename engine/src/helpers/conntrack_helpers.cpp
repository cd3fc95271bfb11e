// ConntrackHelpers: which helper a new flow gets (VyOS's default ports), the dispatch of each accepted
// packet to it, the per-flow FTP line state, and the expectation the helpers create.
#include "helpers/conntrack_helpers.hpp"

#include "helpers/tftp_helper.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint8_t tcp_protocol = 6;
constexpr std::uint8_t udp_protocol = 17;
constexpr std::uint16_t ftp_port = 21;
constexpr std::uint16_t tftp_port = 69;

}  // namespace

std::string_view helper_name(HelperKind kind) {
  switch (kind) {
    case HelperKind::none:
      return "";
    case HelperKind::ftp:
      return "ftp";
    case HelperKind::tftp:
      return "tftp";
  }
  return "";
}

Payload payload_of(const ParsedPacket& packet) {
  if (packet.l4 == nullptr || packet.payload_offset >= packet.l4_length) return {};
  return {packet.l4 + packet.payload_offset, packet.l4_length - packet.payload_offset};
}

HelperVerdict expect_connection(HelperContext& context, HelperKind kind, const PacketTuple& expected) {
  Expectation expectation;
  expectation.id = context.next_expectation_id;
  expectation.family = context.flow.family;
  expectation.tuple = expected;
  expectation.tuple.sport = 0;
  expectation.any_source_port = true;
  expectation.master = context.flow.index;
  expectation.helper = kind;
  expectation.expect_class = 0;
  expectation.deadline = context.now + ticks_from_seconds(helper_expect_timeout_seconds);
  switch (context.expectations.add(expectation, helper_max_expected, context.counters)) {
    case ExpectAddResult::created:
    case ExpectAddResult::replaced:
      ++context.next_expectation_id;
      return HelperVerdict::accept;
    case ExpectAddResult::busy:
    case ExpectAddResult::table_full:
      break;
  }
  return HelperVerdict::drop;
}

HelperKind ConntrackHelpers::kind_for(const PacketTuple& tuple, const std::set<HelperModule>& enabled) {
  if (tuple.protocol == tcp_protocol && tuple.dport == ftp_port && enabled.contains(HelperModule::ftp)) {
    return HelperKind::ftp;
  }
  if (tuple.protocol == udp_protocol && tuple.dport == tftp_port && enabled.contains(HelperModule::tftp)) {
    return HelperKind::tftp;
  }
  return HelperKind::none;
}

HelperVerdict ConntrackHelpers::inspect(HelperKind kind, HelperContext& context) {
  switch (kind) {
    case HelperKind::none:
      break;
    case HelperKind::ftp: {
      // Until traffic went both ways (ESTABLISHED / ESTABLISHED_REPLY), FTP looks at nothing.
      if (context.ct_state != CtState::established) break;
      const Payload payload = payload_of(context.packet);
      if (payload.length == 0) break;
      return inspect_ftp(context, ftp_[context.flow.index], payload);
    }
    case HelperKind::tftp:
      return inspect_tftp(context);
  }
  return HelperVerdict::accept;
}

void ConntrackHelpers::forget(std::uint32_t index) { ftp_.erase(index); }

void ConntrackHelpers::clear() { ftp_.clear(); }

}  // namespace ctsh::engine
