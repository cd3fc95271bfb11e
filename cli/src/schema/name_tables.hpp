// Private to the schema: looking names up in the project's own name tables (not /etc/services), and
// quoting values in messages.
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

// Common IANA service names and their TCP/UDP port numbers (port_names.cpp).
std::span<const NamedNumber> port_names();

std::optional<std::uint16_t> find_named_number(std::span<const NamedNumber> table, std::string_view name);

// A value as quoted in a message: long ones are cut, so a message stays one readable line.
std::string shown_value(std::string_view value);

}  // namespace ctsh::cli
