// RuleBitsets: an ordered list of PacketMatch conditions (bit i = rule i) compiled per field into
// tables mapping a packet's value to the rules accepting it; matching a packet intersects one row
// per field in use, so its cost grows with rules / 64. Shared by the raw classifier and the custom
// timeout rules. Port conditions only match TCP, UDP, UDP-Lite and SCTP packets (ICMP's id and
// type/code are not ports), TCP flag conditions only TCP packets, address conditions only packets of
// the address's family.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/engine/conntrack_config.hpp"
#include "packet/parsed_packet.hpp"
#include "rules/bitset_rows.hpp"
#include "rules/field_tables.hpp"
#include "rules/interface_table.hpp"

namespace ctsh::engine {

class RuleBitsets {
 public:
  RuleBitsets() = default;
  // `interfaces[id]` is the name of interface id (index 0 = unknown, "").
  static RuleBitsets compile(std::span<const PacketMatch* const> rules, const std::vector<std::string>& interfaces);
  void bind_interface(std::uint16_t id, std::string_view name);

  std::size_t word_count() const { return width_; }
  // Writes the bitset of the rules `packet` matches into `out` (word_count() words).
  void match(const ParsedPacket& packet, std::span<RuleWord> out) const;

 private:
  std::size_t width_ = 0;
  std::vector<RuleWord> all_rules_;
  std::optional<ByteTable> protocol_;  // each table is absent when no rule has that condition
  std::optional<ByteTable> tcp_flags_;
  std::vector<RuleWord> without_tcp_flags_;  // what a packet other than TCP can match
  std::optional<IntervalTable<std::uint32_t>> source_port_;
  std::optional<IntervalTable<std::uint32_t>> destination_port_;
  std::vector<RuleWord> without_ports_;  // what a packet without ports can match
  std::optional<IntervalTable<AddressKey>> source_address_[2];  // by Family
  std::optional<IntervalTable<AddressKey>> destination_address_[2];
  std::optional<InterfaceTable> interface_;
};

}  // namespace ctsh::engine
