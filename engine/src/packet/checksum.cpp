// Internet checksum sums and SCTP's CRC32c for the packet parser's checksum verification.
#include "packet/checksum.hpp"

#include <array>

#include "packet/byte_order.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint32_t crc32c_polynomial = 0x82f63b78u;  // 0x1edc6f41 bit-reversed

constexpr std::array<std::uint32_t, 256> make_crc32c_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ crc32c_polynomial : crc >> 1;
    table[i] = crc;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> crc32c_table = make_crc32c_table();

std::uint32_t crc32c_update(std::uint32_t crc, const std::uint8_t* bytes, std::size_t length) {
  for (std::size_t i = 0; i < length; ++i) crc = crc32c_table[(crc ^ bytes[i]) & 0xffu] ^ (crc >> 8);
  return crc;
}

std::uint16_t fold(std::uint64_t sum) {
  while (sum >> 16) sum = (sum & 0xffffu) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

}  // namespace

std::uint64_t add_to_checksum(std::uint64_t sum, const std::uint8_t* bytes, std::size_t length) {
  std::size_t i = 0;
  for (; i + 1 < length; i += 2) sum += load_be16(bytes + i);
  if (i < length) sum += std::uint64_t{bytes[i]} << 8;
  return sum;
}

std::uint64_t pseudo_header_sum(Family family, const IpAddress& src, const IpAddress& dst,
                                std::uint32_t length, std::uint8_t protocol) {
  const std::size_t address_length = family == Family::ipv4 ? 4 : 16;
  std::uint64_t sum = add_to_checksum(0, src.bytes.data(), address_length);
  sum = add_to_checksum(sum, dst.bytes.data(), address_length);
  return sum + (length >> 16) + (length & 0xffffu) + protocol;
}

bool checksum_verifies(std::uint64_t sum) { return fold(sum) == 0xffffu; }

std::uint16_t checksum_field(std::uint64_t sum) { return static_cast<std::uint16_t>(~fold(sum)); }

std::uint32_t crc32c(const std::uint8_t* bytes, std::size_t length) {
  return ~crc32c_update(0xffffffffu, bytes, length);
}

bool sctp_checksum_verifies(const std::uint8_t* sctp, std::size_t length) {
  static constexpr std::uint8_t zero_field[4] = {0, 0, 0, 0};
  std::uint32_t crc = crc32c_update(0xffffffffu, sctp, 8);
  crc = crc32c_update(crc, zero_field, 4);
  crc = ~crc32c_update(crc, sctp + 12, length - 12);
  return crc == load_le32(sctp + 8);
}

}  // namespace ctsh::engine
