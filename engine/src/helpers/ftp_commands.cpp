// Parsing of the FTP commands and replies that announce a data connection, with the kernel's rules
// (find_pattern(), try_rfc959(), try_rfc1123(), try_eprt(), try_epsv_response()): numbers wrap as
// 32-bit (16-bit for EPRT/EPSV ports) values, a pattern whose arguments do not parse is "partial".
#include <algorithm>
#include <string_view>

#include "helpers/ftp_helper.hpp"
#include "helpers/ipv6_text.hpp"

namespace ctsh::engine {
namespace {

constexpr std::size_t max_address_text = 0xffff;  // get_ipv6_addr() reads at most this much

bool is_digit(std::uint8_t c) { return c >= '0' && c <= '9'; }

std::uint8_t lower(std::uint8_t c) { return c >= 'A' && c <= 'Z' ? static_cast<std::uint8_t>(c | 0x20) : c; }

bool same_text_ignoring_case(const std::uint8_t* data, std::string_view pattern, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    if (lower(data[i]) != lower(static_cast<std::uint8_t>(pattern[i]))) return false;
  }
  return true;
}

// `count` numbers separated by `separator`, the last one followed by `terminator` (0: by any other
// character). Returns the position of that character, 0 when the numbers do not parse.
std::size_t read_numbers(const std::uint8_t* data, std::size_t length, std::uint32_t* values, std::size_t count,
                         std::uint8_t separator, std::uint8_t terminator) {
  std::fill(values, values + count, 0u);
  std::size_t index = 0;
  for (std::size_t pos = 0; pos < length && index < count; ++pos) {
    const std::uint8_t c = data[pos];
    if (is_digit(c)) {
      values[index] = values[index] * 10 + (c - '0');
    } else if (c == separator) {
      ++index;
    } else {
      return (terminator == 0 || c == terminator) && index == count - 1 ? pos : 0;
    }
  }
  return 0;
}

void set_ipv4(FtpEndpoint& announced, const std::uint32_t* octets) {
  const std::uint32_t address = (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3];
  for (int i = 0; i < 4; ++i) announced.address.bytes[i] = static_cast<std::uint8_t>(address >> (24 - 8 * i));
}

// "h1,h2,h3,h4,p1,p2" (PORT, and 227 from its first digit on).
std::size_t read_rfc959(const std::uint8_t* data, std::size_t length, FtpEndpoint& announced, std::uint8_t terminator) {
  std::uint32_t numbers[6];
  const std::size_t used = read_numbers(data, length, numbers, 6, ',', terminator);
  if (used == 0) return 0;
  set_ipv4(announced, numbers);
  announced.port = static_cast<std::uint16_t>((numbers[4] << 8) | numbers[5]);
  return used;
}

// A non-zero port ended by `delimiter`, from `start`; returns the position after the delimiter.
std::size_t read_port(const std::uint8_t* data, std::size_t start, std::size_t length, std::uint8_t delimiter,
                      std::uint16_t& port) {
  std::uint16_t value = 0;
  for (std::size_t pos = start; pos < length; ++pos) {
    const std::uint8_t c = data[pos];
    if (c == delimiter) {
      if (value == 0) return 0;
      port = value;
      return pos + 1;
    }
    if (!is_digit(c)) return 0;
    value = static_cast<std::uint16_t>(value * 10 + (c - '0'));
  }
  return 0;
}

bool valid_delimiter(std::uint8_t c) { return !is_digit(c) && c >= 33 && c <= 126; }

using ArgumentReader = std::size_t (*)(const std::uint8_t*, std::size_t, FtpEndpoint&, Family, std::uint8_t);

std::size_t read_port_command(const std::uint8_t* data, std::size_t length, FtpEndpoint& announced, Family,
                              std::uint8_t terminator) {
  return read_rfc959(data, length, announced, terminator);
}

// 227: the numbers start at the first digit (RFC 1123), whatever precedes them.
std::size_t read_pasv_reply(const std::uint8_t* data, std::size_t length, FtpEndpoint& announced, Family,
                            std::uint8_t) {
  const std::size_t first = static_cast<std::size_t>(std::find_if(data, data + length, is_digit) - data);
  if (first == length) return 0;
  return read_rfc959(data + first, length - first, announced, 0);
}

// EPRT |1|a.b.c.d|port| or |2|ipv6|port|, the protocol number matching the flow's family.
std::size_t read_eprt_command(const std::uint8_t* data, std::size_t length, FtpEndpoint& announced, Family family,
                              std::uint8_t) {
  if (length <= 3) return 0;
  const std::uint8_t delimiter = data[0];
  if (!valid_delimiter(delimiter) || data[2] != delimiter) return 0;
  if ((family == Family::ipv4 && data[1] != '1') || (family == Family::ipv6 && data[1] != '2')) return 0;
  std::size_t address_length = 0;
  if (data[1] == '1') {
    std::uint32_t octets[4];
    address_length = read_numbers(data + 3, length - 3, octets, 4, '.', delimiter);
    if (address_length != 0) set_ipv4(announced, octets);
  } else {
    std::array<std::uint8_t, 16> address{};
    address_length = read_ipv6_text(data + 3, std::min(length - 3, max_address_text), delimiter, address);
    if (address_length != 0) announced.address.bytes = address;
  }
  if (address_length == 0) return 0;
  return read_port(data, 3 + address_length + 1, length, delimiter, announced.port);
}

// 229 (...(|||port|): only the port; the address is the sender's.
std::size_t read_epsv_reply(const std::uint8_t* data, std::size_t length, FtpEndpoint& announced, Family,
                            std::uint8_t) {
  if (length <= 3) return 0;
  const std::uint8_t delimiter = data[0];
  if (!valid_delimiter(delimiter) || data[1] != delimiter || data[2] != delimiter) return 0;
  return read_port(data, 3, length, delimiter, announced.port);
}

struct FtpPattern {
  std::string_view text;
  std::uint8_t skip_to;     // the arguments start after this character (0: right after the text)
  std::uint8_t terminator;  // passed to the argument reader
  ArgumentReader read;
};

constexpr FtpPattern original_patterns[] = {
    {"PORT", ' ', '\r', read_port_command},
    {"EPRT", ' ', '\r', read_eprt_command},
};
constexpr FtpPattern reply_patterns[] = {
    {"227 ", 0, 0, read_pasv_reply},
    {"229 ", '(', ')', read_epsv_reply},
};

FtpMatch find_pattern(const std::uint8_t* data, std::size_t length, const FtpPattern& pattern, Family family,
                      FtpEndpoint& announced) {
  const std::size_t text_length = pattern.text.size();
  if (length <= text_length) {
    return same_text_ignoring_case(data, pattern.text, length) ? FtpMatch::partial : FtpMatch::none;
  }
  if (!same_text_ignoring_case(data, pattern.text, text_length)) return FtpMatch::none;
  std::size_t start = text_length;
  if (pattern.skip_to != 0) {
    while (data[start] != pattern.skip_to) {
      if (start == length - 1) return FtpMatch::partial;
      ++start;
    }
    ++start;
  }
  const std::size_t used = pattern.read(data + start, length - start, announced, family, pattern.terminator);
  return used == 0 ? FtpMatch::partial : FtpMatch::found;
}

}  // namespace

FtpMatch find_ftp_command(const std::uint8_t* data, std::uint32_t length, Direction direction, Family family,
                          FtpEndpoint& announced) {
  const auto& patterns = direction == Direction::original ? original_patterns : reply_patterns;
  for (const FtpPattern& pattern : patterns) {
    const FtpMatch match = find_pattern(data, length, pattern, family, announced);
    if (match != FtpMatch::none) return match;
  }
  return FtpMatch::none;
}

}  // namespace ctsh::engine
