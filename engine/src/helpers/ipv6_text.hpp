// Reading an IPv6 address written as text inside a payload, accepting exactly what the kernel's
// in6_pton() accepts (used by the FTP helper for EPRT |2|address|port|).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace ctsh::engine {

// Reads the address at the start of `text[0..length)`. It ends at `delimiter`, a NUL byte or the end
// of the text; a dotted IPv4 tail (::ffff:1.2.3.4) may also end at ':'. Hex groups may carry leading
// zeros as long as their value fits 16 bits; "::" stands for at least one zero group.
// Returns the count of characters before the terminator, or 0 when the text is no address.
std::size_t read_ipv6_text(const std::uint8_t* text, std::size_t length, std::uint8_t delimiter,
                           std::array<std::uint8_t, 16>& address);

}  // namespace ctsh::engine
