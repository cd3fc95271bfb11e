// IPv6 text addresses as the kernel's in6_pton()/in4_pton() read them: groups of hex digits, one "::",
// an optional dotted IPv4 tail, ended by a delimiter, a NUL byte or the end of the data.
#include "helpers/ipv6_text.hpp"

#include <algorithm>

namespace ctsh::engine {
namespace {

enum class CharClass : std::uint8_t { terminator, colon, dot, hex, other };

struct Text {
  const std::uint8_t* bytes;
  std::size_t length;
  std::uint8_t delimiter;

  CharClass at(std::size_t pos) const {
    if (pos >= length || bytes[pos] == 0 || bytes[pos] == delimiter) return CharClass::terminator;
    const std::uint8_t c = bytes[pos];
    if (c == ':') return CharClass::colon;
    if (c == '.') return CharClass::dot;
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) return CharClass::hex;
    return CharClass::other;
  }
  std::uint32_t hex_value(std::size_t pos) const {
    const std::uint8_t c = bytes[pos];
    if (c <= '9') return c - '0';
    return (c | 0x20u) - 'a' + 10u;
  }
  bool decimal(std::size_t pos) const { return at(pos) == CharClass::hex && bytes[pos] <= '9'; }
};

// A dotted quad from `pos` (in4_pton()): four decimal octets of at most 255, ended by the terminator
// or ':'. Returns the terminator's position, or 0 when invalid.
std::size_t read_dotted_quad(const Text& text, std::size_t pos, std::uint8_t* out) {
  std::size_t octets = 0;
  std::uint32_t value = 0;
  bool digits = false;
  for (;;) {
    if (text.decimal(pos)) {
      value = value * 10 + (text.bytes[pos] - '0');
      if (value > 255) return 0;
      digits = true;
      ++pos;
      continue;
    }
    const CharClass c = text.at(pos);
    if (c != CharClass::dot && c != CharClass::terminator && c != CharClass::colon) return 0;
    if (!digits) return 0;
    out[octets++] = static_cast<std::uint8_t>(value);
    value = 0;
    digits = false;
    if (c != CharClass::dot) return octets == 4 ? pos : 0;
    if (octets == 4) return 0;
    ++pos;
  }
}

}  // namespace

std::size_t read_ipv6_text(const std::uint8_t* bytes, std::size_t length, std::uint8_t delimiter,
                           std::array<std::uint8_t, 16>& address) {
  const Text text{bytes, length, delimiter};
  std::uint8_t words[16] = {};
  std::size_t written = 0;  // bytes of `words` filled
  std::size_t gap = 0;      // where "::" stands, when has_gap
  bool has_gap = false;
  bool after_gap = false;   // right after "::": the address may end here
  std::size_t pos = 0;
  std::size_t end = 0;
  const auto write_word = [&](std::uint32_t word) {
    words[written++] = static_cast<std::uint8_t>(word >> 8);
    words[written++] = static_cast<std::uint8_t>(word);
  };

  if (text.at(0) == CharClass::colon) {  // a leading "::"
    if (text.at(1) != CharClass::colon) return 0;
    write_word(0);
    gap = written;
    has_gap = after_gap = true;
    pos = 2;
  }
  for (;;) {
    CharClass c = text.at(pos);
    if (after_gap && c == CharClass::terminator) {
      if (written < sizeof words) write_word(0);
      end = pos;
      break;
    }
    if (c != CharClass::hex || written >= sizeof words) return 0;
    const std::size_t group_start = pos;
    std::uint32_t word = 0;
    do {
      word = (word << 4) | text.hex_value(pos);
      c = text.at(++pos);
    } while (c == CharClass::hex && word <= 0xfff);

    if (c == CharClass::dot) {
      if (!(written == 12 || (has_gap && written + 4 < sizeof words))) return 0;
      end = read_dotted_quad(text, group_start, words + written);
      if (end == 0) return 0;
      written += 4;
      break;
    }
    if (c == CharClass::terminator) {
      if (!has_gap && written != 14) return 0;
      write_word(word);
      end = pos;
      break;
    }
    if (c != CharClass::colon || written + 2 >= sizeof words) return 0;
    write_word(word);
    after_gap = false;
    if (text.at(++pos) == CharClass::colon) {
      if (has_gap) return 0;
      write_word(0);
      gap = written;
      has_gap = after_gap = true;
      ++pos;
    }
  }
  address.fill(0);
  if (has_gap) {
    std::copy(words, words + gap, address.begin());
    std::copy(words + gap, words + written, address.end() - static_cast<std::ptrdiff_t>(written - gap));
  } else {
    std::copy(words, words + sizeof words, address.begin());
  }
  return end;
}

}  // namespace ctsh::engine
