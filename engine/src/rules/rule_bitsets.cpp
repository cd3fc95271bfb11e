// Compiling PacketMatch conditions into per-field tables, and intersecting one row of each for a packet.
#include "rules/rule_bitsets.hpp"

#include <algorithm>

namespace ctsh::engine {
namespace {

constexpr std::uint8_t protocol_tcp = 6;
constexpr std::uint8_t protocol_udp = 17;
constexpr std::uint8_t protocol_sctp = 132;
constexpr std::uint8_t protocol_udplite = 136;

bool carries_ports(std::uint8_t protocol) {
  return protocol == protocol_tcp || protocol == protocol_udp || protocol == protocol_sctp ||
         protocol == protocol_udplite;
}

AddressKey key_of(const IpAddress& address) {
  AddressKey key;
  for (std::size_t i = 0; i < 8; ++i) {
    key.high = key.high << 8 | address.bytes[i];
    key.low = key.low << 8 | address.bytes[8 + i];
  }
  return key;
}

ByteCondition protocol_condition(const std::optional<ProtocolMatch>& match) {
  ByteCondition accepted;
  if (!match) return accepted.set();
  if (match->tcp_udp) {
    accepted.set(protocol_tcp);
    accepted.set(protocol_udp);
  } else {
    accepted.set(match->number);
  }
  if (match->negated) accepted.flip();
  return accepted;
}

ByteCondition tcp_flags_condition(const std::optional<TcpFlagsMatch>& match) {
  ByteCondition accepted;
  if (!match) return accepted.set();
  const unsigned examined = static_cast<unsigned>(match->set | match->unset);
  for (unsigned flags = 0; flags < 256; ++flags) {
    if ((flags & examined) == match->set) accepted.set(flags);
  }
  return accepted;
}

RangeCondition<std::uint32_t> port_condition(const std::optional<PortMatch>& match) {
  RangeCondition<std::uint32_t> condition;
  if (!match) return condition;
  condition.kind = RangeCondition<std::uint32_t>::Kind::ranges;
  condition.negated = match->negated;
  for (const PortRange& range : match->ranges) condition.ranges.emplace_back(range.first, range.last);
  return condition;
}

RangeCondition<AddressKey> address_condition(const std::optional<AddressMatch>& match, Family family) {
  using Kind = RangeCondition<AddressKey>::Kind;
  RangeCondition<AddressKey> condition;
  if (!match) return condition;
  if (match->first.family != family || match->last.family != family) {
    condition.kind = Kind::never;
    return condition;
  }
  condition.kind = Kind::ranges;
  condition.negated = match->negated;
  condition.ranges.emplace_back(key_of(match->first), key_of(match->last));
  return condition;
}

template <typename Condition, typename Field, typename Convert>
std::vector<Condition> conditions_of(std::span<const PacketMatch* const> rules, Field field, Convert convert) {
  std::vector<Condition> conditions;
  conditions.reserve(rules.size());
  for (const PacketMatch* rule : rules) conditions.push_back(convert(rule->*field));
  return conditions;
}

template <typename Field>
bool any_rule_has(std::span<const PacketMatch* const> rules, Field field) {
  return std::any_of(rules.begin(), rules.end(), [field](const PacketMatch* rule) { return (rule->*field).has_value(); });
}

void intersect(std::span<RuleWord> out, std::span<const RuleWord> row) {
  for (std::size_t word = 0; word < out.size(); ++word) out[word] &= row[word];
}

}  // namespace

RuleBitsets RuleBitsets::compile(std::span<const PacketMatch* const> rules, const std::vector<std::string>& interfaces) {
  RuleBitsets compiled;
  compiled.width_ = words_for_rules(rules.size());
  compiled.all_rules_.assign(compiled.width_, 0);
  compiled.without_tcp_flags_.assign(compiled.width_, 0);
  compiled.without_ports_.assign(compiled.width_, 0);
  for (std::size_t rule = 0; rule < rules.size(); ++rule) {
    add_rule(compiled.all_rules_, rule);
    if (!rules[rule]->tcp_flags) add_rule(compiled.without_tcp_flags_, rule);
    if (!rules[rule]->source_port && !rules[rule]->destination_port) add_rule(compiled.without_ports_, rule);
  }

  if (any_rule_has(rules, &PacketMatch::protocol)) {
    compiled.protocol_ = ByteTable::build(conditions_of<ByteCondition>(rules, &PacketMatch::protocol, protocol_condition));
  }
  if (any_rule_has(rules, &PacketMatch::tcp_flags)) {
    compiled.tcp_flags_ = ByteTable::build(conditions_of<ByteCondition>(rules, &PacketMatch::tcp_flags, tcp_flags_condition));
  }
  using PortConditions = RangeCondition<std::uint32_t>;
  if (any_rule_has(rules, &PacketMatch::source_port)) {
    compiled.source_port_ = IntervalTable<std::uint32_t>::build(
        conditions_of<PortConditions>(rules, &PacketMatch::source_port, port_condition));
  }
  if (any_rule_has(rules, &PacketMatch::destination_port)) {
    compiled.destination_port_ = IntervalTable<std::uint32_t>::build(
        conditions_of<PortConditions>(rules, &PacketMatch::destination_port, port_condition));
  }
  for (const Family family : {Family::ipv4, Family::ipv6}) {
    const auto by_family = [family](const std::optional<AddressMatch>& match) {
      return address_condition(match, family);
    };
    const auto index = static_cast<std::size_t>(family);
    using AddressConditions = RangeCondition<AddressKey>;
    if (any_rule_has(rules, &PacketMatch::source_address)) {
      compiled.source_address_[index] = IntervalTable<AddressKey>::build(
          conditions_of<AddressConditions>(rules, &PacketMatch::source_address, by_family));
    }
    if (any_rule_has(rules, &PacketMatch::destination_address)) {
      compiled.destination_address_[index] = IntervalTable<AddressKey>::build(
          conditions_of<AddressConditions>(rules, &PacketMatch::destination_address, by_family));
    }
  }
  if (any_rule_has(rules, &PacketMatch::inbound_interface)) {
    compiled.interface_ = InterfaceTable::build(
        conditions_of<std::optional<std::string>>(rules, &PacketMatch::inbound_interface,
                                                  [](const std::optional<std::string>& name) { return name; }),
        interfaces);
  }
  return compiled;
}

void RuleBitsets::bind_interface(std::uint16_t id, std::string_view name) {
  if (interface_) interface_->bind(id, name);
}

void RuleBitsets::match(const ParsedPacket& packet, std::span<RuleWord> out) const {
  std::copy(all_rules_.begin(), all_rules_.end(), out.begin());
  const std::uint8_t protocol = packet.tuple.protocol;
  if (protocol_) intersect(out, protocol_->lookup(protocol));
  if (tcp_flags_) intersect(out, protocol == protocol_tcp ? tcp_flags_->lookup(packet.tcp_flags) : without_tcp_flags_);
  if (source_port_ || destination_port_) {
    if (!carries_ports(protocol)) {
      intersect(out, without_ports_);
    } else {
      if (source_port_) intersect(out, source_port_->lookup(packet.tuple.sport));
      if (destination_port_) intersect(out, destination_port_->lookup(packet.tuple.dport));
    }
  }
  const auto family = static_cast<std::size_t>(packet.family);
  if (source_address_[family]) intersect(out, source_address_[family]->lookup(key_of(packet.tuple.src)));
  if (destination_address_[family]) intersect(out, destination_address_[family]->lookup(key_of(packet.tuple.dst)));
  if (interface_) intersect(out, interface_->lookup(packet.interface));
}

}  // namespace ctsh::engine
