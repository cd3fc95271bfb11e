// pcapng Interface Description Blocks: fixed fields, then options (code, length, value padded to 4
// bytes) of which if_name (2), if_tsresol (9) and if_tsoffset (14) matter here; the rest are skipped.
#include "capture/pcapng_interface.hpp"

#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "capture/link_types.hpp"

namespace ctsh::engine {
namespace {

__extension__ typedef __int128 Wide;

constexpr std::uint16_t option_end = 0;
constexpr std::uint16_t option_name = 2;
constexpr std::uint16_t option_resolution = 9;
constexpr std::uint16_t option_offset = 14;
constexpr std::size_t fixed_fields_size = 8;  // link type, reserved, snaplen

template <typename Integer>
Integer load(const std::uint8_t* at, bool big_endian) {
  Integer value;
  std::memcpy(&value, at, sizeof value);
  if (big_endian != (std::endian::native == std::endian::big)) value = std::byteswap(value);
  return value;
}

Wide power_of_ten(int exponent) {
  Wide value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

}  // namespace

std::uint16_t SectionByteOrder::u16(const std::uint8_t* at) const { return load<std::uint16_t>(at, big_endian); }
std::uint32_t SectionByteOrder::u32(const std::uint8_t* at) const { return load<std::uint32_t>(at, big_endian); }
std::uint64_t SectionByteOrder::u64(const std::uint8_t* at) const { return load<std::uint64_t>(at, big_endian); }

std::uint64_t PcapngInterface::nanoseconds(std::uint64_t units) const {
  constexpr Wide nanoseconds_per_second = 1'000'000'000;
  Wide time = 0;
  if (binary_resolution) {
    time = resolution_exponent < 96 ? (Wide{units} * nanoseconds_per_second) >> resolution_exponent : 0;
  } else if (resolution_exponent <= 9) {
    time = Wide{units} * power_of_ten(9 - resolution_exponent);
  } else if (resolution_exponent - 9 <= 20) {
    time = Wide{units} / power_of_ten(resolution_exponent - 9);
  }
  time += Wide{offset_seconds} * nanoseconds_per_second;
  if (time < 0) return 0;
  if (time > Wide{UINT64_MAX}) return UINT64_MAX;
  return static_cast<std::uint64_t>(time);
}

std::expected<PcapngInterface, CaptureFault> parse_interface_block(std::span<const std::uint8_t> body,
                                                                   SectionByteOrder order) {
  if (body.size() < fixed_fields_size) {
    return std::unexpected(CaptureFault{"interface description block too short", 0});
  }
  PcapngInterface interface;
  interface.link_number = order.u16(body.data());
  if (auto link = link_type_from_capture(interface.link_number)) interface.link = *link;
  interface.snaplen = order.u32(body.data() + 4);
  std::size_t at = fixed_fields_size;
  while (body.size() - at >= 4) {
    const std::uint16_t code = order.u16(body.data() + at);
    const std::uint16_t length = order.u16(body.data() + at + 2);
    if (code == option_end) break;
    if (length > body.size() - at - 4) {
      return std::unexpected(CaptureFault{fmt::format("option {} of {} bytes runs past the end of its block", code, length), at});
    }
    const std::uint8_t* value = body.data() + at + 4;
    if (code == option_name) {
      std::size_t size = length;
      while (size > 0 && value[size - 1] == 0) --size;  // some writers include the terminating NUL
      interface.name.assign(reinterpret_cast<const char*>(value), size);
    } else if (code == option_resolution && length >= 1) {
      interface.binary_resolution = (value[0] & 0x80) != 0;
      interface.resolution_exponent = value[0] & 0x7f;
    } else if (code == option_offset && length >= 8) {
      interface.offset_seconds = static_cast<std::int64_t>(order.u64(value));
    }
    at += 4 + ((std::size_t{length} + 3) & ~std::size_t{3});
    if (at > body.size()) break;  // the padding of the last option may be missing
  }
  return interface;
}

}  // namespace ctsh::engine
