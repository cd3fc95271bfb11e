// IPv6 addresses in EPRT are read as the kernel's in6_pton() reads them: what it accepts, what it
// refuses, and where the address ends.
#include <doctest/doctest.h>

#include <string_view>

#include "helpers/ipv6_text.hpp"

namespace ctsh::engine {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

// Characters read before the terminator (0: refused), with `address` filled on success.
std::size_t read(std::string_view text, Bytes& address, std::uint8_t delimiter = '|') {
  return read_ipv6_text(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), delimiter, address);
}

Bytes words(std::initializer_list<std::uint16_t> groups) {
  Bytes out{};
  std::size_t i = 0;
  for (auto g : groups) {
    out[i++] = static_cast<std::uint8_t>(g >> 8);
    out[i++] = static_cast<std::uint8_t>(g);
  }
  return out;
}

TEST_CASE("full, compressed and IPv4-tailed addresses are read up to the delimiter") {
  Bytes a{};
  CHECK(read("1:2:3:4:5:6:7:8|", a) == 15);
  CHECK(a == words({1, 2, 3, 4, 5, 6, 7, 8}));
  CHECK(read("::|", a) == 2);
  CHECK(a == Bytes{});
  CHECK(read("::1|", a) == 3);
  CHECK(a == words({0, 0, 0, 0, 0, 0, 0, 1}));
  CHECK(read("fe80::|", a) == 6);
  CHECK(a == words({0xfe80, 0, 0, 0, 0, 0, 0, 0}));
  CHECK(read("2001:DB8:0::a:b|", a) == 15);
  CHECK(a == words({0x2001, 0xdb8, 0, 0, 0, 0, 0xa, 0xb}));
  CHECK(read("1:2:3:4:5:6:7::|", a) == 15);
  CHECK(a == words({1, 2, 3, 4, 5, 6, 7, 0}));
  CHECK(read("::2:3:4:5:6:7:8|", a) == 15);
  CHECK(a == words({0, 2, 3, 4, 5, 6, 7, 8}));
  CHECK(read("::ffff:192.0.2.1|", a) == 16);
  CHECK(a == words({0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201}));
  CHECK(read("1:2:3:4:5:6:1.2.3.4|", a) == 19);
  CHECK(a == words({1, 2, 3, 4, 5, 6, 0x0102, 0x0304}));
}

TEST_CASE("leading zeros are allowed while a group's value fits 16 bits") {
  Bytes a{};
  CHECK(read("00000001::|", a) == 10);
  CHECK(a == words({1, 0, 0, 0, 0, 0, 0, 0}));
  CHECK(read("12345::|", a) == 0);
}

TEST_CASE("the end of the data or a NUL byte also ends the address") {
  Bytes a{};
  CHECK(read("::1", a) == 3);
  CHECK(a == words({0, 0, 0, 0, 0, 0, 0, 1}));
  CHECK(read(std::string_view("::2\0|", 5), a) == 3);
  CHECK(a == words({0, 0, 0, 0, 0, 0, 0, 2}));
}

TEST_CASE("the delimiter wins over a hex digit") {
  Bytes a{};
  CHECK(read("::1a", a, 'a') == 3);
  CHECK(a == words({0, 0, 0, 0, 0, 0, 0, 1}));
}

TEST_CASE("malformed addresses are refused") {
  Bytes a{};
  for (std::string_view bad : {"|", ":1|", "1:|", "1:::2|", "1::2::3|", "1:2:3:4:5:6:7|", "1:2:3:4:5:6:7:8:9|",
                               "1:2:3:4:5:6:7::8|", "1.2.3.4|", "::1.2.3|", "::1.2.3.4.5|", "::1.2.3.256|",
                               "::1..2.3|", "1:2:3:4:5:6:7:1.2.3.4|", "::g|", "1:2 |"}) {
    CAPTURE(bad);
    CHECK(read(bad, a) == 0);
  }
}

}  // namespace
}  // namespace ctsh::engine
