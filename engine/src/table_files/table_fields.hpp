// What the table-file readers share: numbers, addresses, protocol, state and status names as
// conntrack-tools and the kernel print them, splitting a line into words, and the last touches of an
// entry (its reply tuple compared with the original reversed).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/engine/table_file.hpp"

namespace ctsh::engine {

// One entry, or what is wrong with it (the caller adds the line).
using EntryResult = std::expected<TableFileEntry, std::string>;

// Decimal digits only, at most `max`.
std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t max);
// Decimal, or hexadecimal with 0x (GRE keys print as 0x1f), at most `max`.
std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t max);
// An IPv4 or IPv6 address (IPv6 compressed or not, as /proc prints it).
std::optional<IpAddress> parse_address(std::string_view text);

// The IP protocol number of a name conntrack prints ("tcp", "udp", ... "unknown" is not one).
std::optional<std::uint8_t> protocol_by_name(std::string_view name);
// conntrack's name of a protocol number ("dccp" too), else "unknown".
std::string_view conntrack_protocol_name(std::uint8_t protocol);
// The protocol's state name as a static string ("ESTABLISHED"), when `protocol` has states (TCP, SCTP,
// DCCP) and `name` is one of them.
std::optional<std::string_view> state_by_name(std::uint8_t protocol, std::string_view name);
bool has_state(std::uint8_t protocol);

// What a tuple carries after the addresses.
enum class TupleKind : std::uint8_t { ports, keys, icmp, none };
TupleKind tuple_kind(std::uint8_t protocol);

// A status bit by the name conntrack's -u/--status takes (case-insensitive; "UNSET" is 0).
std::optional<std::uint16_t> status_by_name(std::string_view name);

// The words of a line separated by blanks; a word starting with '[' runs to its ']' (conntrack's
// "[start=Sun Nov 22 06:15:34 2026]").
std::expected<std::vector<std::string_view>, std::string> split_words(std::string_view line);

// Sets `translated` (the reply is not the original reversed), the helper fields from a helper name,
// and checks the family of every address. Returns the error for an inconsistent entry.
std::expected<void, std::string> finish_entry(TableFileEntry& entry, std::string_view helper);

// conntrack's summary line ("conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown."), which
// a file gets when stderr was saved too.
bool is_conntrack_summary(std::string_view line);

// "src=10.0.0.1": the value after "key=" when `word` starts with it.
std::optional<std::string_view> value_of(std::string_view word, std::string_view key);

}  // namespace ctsh::engine
