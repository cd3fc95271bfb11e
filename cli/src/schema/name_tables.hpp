// Private to the schema: the project's own tables of port and IP protocol names (not /etc/services).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ctsh::cli {

struct NamedNumber {
  std::string_view name;
  std::uint16_t number;
};

// Common IANA service names and their TCP/UDP port numbers.
std::span<const NamedNumber> port_names();
// IP protocol names (as /etc/protocols spells them, plus common aliases) and their numbers;
// the first entry for a number is the name shown for it.
std::span<const NamedNumber> protocol_names();

std::optional<std::uint16_t> find_named_number(std::span<const NamedNumber> table, std::string_view name);

// A value as quoted in a message: long ones are cut, so a message stays one readable line.
std::string shown_value(std::string_view value);

}  // namespace ctsh::cli
