// Typed values from validated strings: addresses, ports and protocols as the engine's match types.
//
//   auto m = parse_address_match("!10.0.0.0/8", Family::ipv4);   // AddressMatch{negated, first, last}
//   auto p = parse_port_match("22,http,1000-2000");               // PortMatch
//
// The same parsers back the schema's x-validators, so a value that passed `set` always converts.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::cli {

// Host, prefix (`10.0.0.0/8`) or range (`10.0.0.1-10.0.0.9`), each optionally `!`-negated.
std::expected<engine::AddressMatch, std::string> parse_address_match(std::string_view text, engine::Family family);
// Numbers, names from the project's own port table, `a-b` ranges, comma lists; `!` negates the list.
std::expected<engine::PortMatch, std::string> parse_port_match(std::string_view text);
// A protocol name (from the project's table), number 0-255, `tcp_udp`, or `!name`; `all` gives nullopt.
std::expected<std::optional<engine::ProtocolMatch>, std::string> parse_protocol_match(std::string_view text);
// Name of a protocol number as VyOS and conntrack print it ("tcp", "udp", "icmp", ...), or the number.
std::string protocol_name(std::uint8_t number);

}  // namespace ctsh::cli
