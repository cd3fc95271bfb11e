// Engine::insert(): a connection from a saved table (conntrack -L, /proc/net/nf_conntrack, ...) put
// into the table as the kernel's ctnetlink create puts one: checked, linked both ways, on the timer
// wheel, counted as `insert`, announced with a NEW event.
#include <optional>

#include <fmt/format.h>

#include "core/engine_impl.hpp"
#include "core/tuple_hash.hpp"
#include "proto/icmp_classes.hpp"
#include "proto/tcp_state_table.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint16_t loadable_status = status_seen_reply | status_assured | status_expected | status_fixed_timeout;

bool is_icmp(Family family, std::uint8_t protocol) {
  return (family == Family::ipv4 && protocol == 1) || (family == Family::ipv6 && protocol == 58);
}

// The query types whose first packet creates an entry (kernel valid_new[]).
bool icmp_request(Family family, std::uint8_t type) {
  if (family == Family::ipv4) return type == 8 || type == 13 || type == 15 || type == 17;
  return type == 128 || type == 139;
}

bool has_ports(std::uint8_t protocol) {
  return protocol == 6 || protocol == 17 || protocol == 136 || protocol == 132 || protocol == 47;
}

// The packet-path tuple of a view's tuple (the inverse of what the views show).
PacketTuple packet_tuple(const FlowTuple& tuple, Family family, std::uint8_t protocol) {
  PacketTuple out;
  out.src = tuple.src;
  out.dst = tuple.dst;
  out.src.family = out.dst.family = family;
  out.protocol = protocol;
  if (is_icmp(family, protocol)) {
    out.sport = tuple.id;
    out.dport = static_cast<std::uint16_t>((tuple.type << 8) | tuple.code);
  } else if (has_ports(protocol)) {
    out.sport = tuple.sport;
    out.dport = tuple.dport;
  }
  return out;
}

// The number of the TCP or SCTP state the tracker names `name`.
std::optional<std::uint8_t> state_number(std::uint8_t protocol, std::string_view name) {
  const TrackerOps& ops = tracker_for(protocol);
  ProtoState probe;
  if (protocol == 132) probe.sctp = SctpState{};
  for (std::uint8_t number = 1; number < 16; ++number) {
    if (protocol == 6) {
      probe.tcp.state = number;
    } else {
      probe.sctp.state = number;
    }
    if (ops.state_name(probe) == name) return number;
  }
  return std::nullopt;
}

std::expected<HelperKind, std::string> helper_kind(std::string_view name) {
  for (const HelperKind kind : {HelperKind::none, HelperKind::ftp, HelperKind::tftp}) {
    if (helper_name(kind) == name) return kind;
  }
  return std::unexpected(fmt::format("helper \"{}\": the engine models ftp and tftp only", name));
}

// What insert() takes from a checked view.
struct Loadable {
  PacketTuple original;
  PacketTuple reply;
  std::uint8_t state = 0;  // TCP/SCTP state number
  HelperKind helper = HelperKind::none;
};

std::expected<Loadable, std::string> checked(const FlowView& flow) {
  const Family family = flow.family;
  const std::uint8_t protocol = flow.protocol;
  if (flow.zone != 0) return std::unexpected(fmt::format("zone {}: the engine tracks zone 0 only", flow.zone));
  if (flow.timeout_seconds == 0) return std::unexpected("timeout 0: the entry has expired");
  Loadable out;
  out.original = packet_tuple(flow.original, family, protocol);
  out.reply = out.original;
  std::swap(out.reply.src, out.reply.dst);
  if (is_icmp(family, protocol) && !icmp_request(family, flow.original.type)) {
    return std::unexpected(
        fmt::format("{} type {} is not a query that creates an entry", protocol_name(protocol), flow.original.type));
  }
  reply_ports(out.original, family, out.reply.sport, out.reply.dport);
  if (packet_tuple(flow.reply, family, protocol) != out.reply) {
    return std::unexpected("the reply tuple is not the original one reversed (address translation is not modelled)");
  }
  if (protocol == 6 || protocol == 132) {
    const auto state = state_number(protocol, flow.state);
    if (!state) return std::unexpected(fmt::format("{} state \"{}\" is unknown", protocol_name(protocol), flow.state));
    out.state = *state;
  } else if (!flow.state.empty()) {
    return std::unexpected(fmt::format("{} has no state (\"{}\" given)", protocol_name(protocol), flow.state));
  }
  const auto helper = helper_kind(flow.helper);
  if (!helper) return std::unexpected(helper.error());
  out.helper = *helper;
  return out;
}

}  // namespace

std::expected<void, std::string> check_loadable(const FlowView& flow) {
  auto loadable = checked(flow);
  if (!loadable) return std::unexpected(loadable.error());
  return {};
}

std::expected<void, InsertRefusal> Engine::insert(const FlowView& flow) { return impl_->insert(flow); }

std::expected<void, InsertRefusal> Engine::Impl::insert(const FlowView& flow) {
  auto loadable = checked(flow);
  if (!loadable) return std::unexpected(InsertRefusal{InsertRefusal::Reason::unsupported, loadable.error()});
  const Family family = flow.family;
  const std::uint8_t protocol = flow.protocol;
  const PacketTuple& original = loadable->original;
  const PacketTuple& reply = loadable->reply;
  if (!clock_started) move_clock_to(0);
  const std::uint32_t hash = hash_tuple(original, family);
  const std::uint32_t reply_hash = hash_tuple(reply, family);
  for (const auto& [tuple, tuple_hash] : {std::pair{original, hash}, std::pair{reply, reply_hash}}) {
    const FlowMatch match = table.find(tuple, family, tuple_hash);
    if (!match.found()) continue;
    if (alive(match.index)) return std::unexpected(InsertRefusal{InsertRefusal::Reason::exists, {}});
    destroy(match.index, DestroyReason::expired);  // reaped inline, as a lookup would
  }
  if (table.count() >= config.table_size) return std::unexpected(InsertRefusal{InsertRefusal::Reason::table_full, {}});
  const std::uint32_t index = table.allocate();
  if (index == nil_index) return std::unexpected(InsertRefusal{InsertRefusal::Reason::table_full, {}});

  Entry& e = table.entry(index);
  EntryState& s = table.state(index);
  e.protocol = protocol;
  e.sport = original.sport;
  e.dport = original.dport;
  e.reply_sport = reply.sport;
  e.reply_dport = reply.dport;
  if (family == Family::ipv6) {
    e.flags |= entry_ipv6;
    table.ipv6(index).src = original.src.bytes;
    table.ipv6(index).dst = original.dst.bytes;
  } else {
    e.src4 = load32(original.src.bytes.data());
    e.dst4 = load32(original.dst.bytes.data());
  }
  if (protocol == 6) {
    // Windows unknown: like a loose pickup, each side is learnt from its next packet, liberally.
    s.proto.tcp = TcpState{};
    s.proto.tcp.state = loadable->state;
    s.proto.tcp.seen[0].flags = s.proto.tcp.seen[1].flags = tcp_flag_sack_perm | tcp_flag_be_liberal;
    s.proto.tcp.last_index = tcp_class_none;
  } else if (protocol == 132) {
    s.proto.sctp = SctpState{};
    s.proto.sctp.state = loadable->state;
    s.proto.sctp.flags = sctp_learn_vtag_original | sctp_learn_vtag_reply;  // tags unknown: learnt
  } else if (protocol == 17 || protocol == 136) {
    s.proto.udp = UdpState{now()};  // created long enough ago: the next reply makes it a stream
  }
  ParsedPacket creating;
  creating.status = ParseStatus::ok;
  creating.family = family;
  creating.tuple = original;
  s.policy = policy_for_new_flow(creating);
  table.record(index).id = flow_id(flows_created++);
  e.flags = static_cast<std::uint8_t>(e.flags | (static_cast<std::uint8_t>(loadable->helper) << entry_helper_shift));
  e.status = static_cast<std::uint16_t>((flow.status & loadable_status) | status_confirmed |
                                        (loadable->helper != HelperKind::none ? status_helper : 0));
  table.link(index, hash, reply_hash);
  e.deadline = now() + ticks_from_seconds(flow.timeout_seconds);
  table.wheel().insert(index, e.deadline);
  table.set_mark(index, flow.mark);
  if (FlowCounters* counters_of_flow = table.counters(index); counters_of_flow && flow.counters) {
    counters_of_flow[0] = (*flow.counters)[0];
    counters_of_flow[1] = (*flow.counters)[1];
  }
  ++counters.kernel.insert;
  counters.peak_entries = std::max<std::uint64_t>(counters.peak_entries, table.count());
  emit(FlowEventType::new_flow, index);
  return {};
}

}  // namespace ctsh::engine
