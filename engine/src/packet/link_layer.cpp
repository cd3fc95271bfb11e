// Link-layer framings: where the IP header starts and which family it is (see link_layer.hpp).
#include "packet/link_layer.hpp"

#include "packet/byte_order.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint16_t ethertype_ipv4 = 0x0800;
constexpr std::uint16_t ethertype_ipv6 = 0x86dd;
constexpr std::uint32_t max_vlan_tags = 8;
constexpr std::uint32_t ethernet_header_length = 14;
constexpr std::uint32_t sll_header_length = 16;
constexpr std::uint32_t sll2_header_length = 20;

bool is_vlan_tag(std::uint16_t ethertype) {
  return ethertype == 0x8100 || ethertype == 0x88a8 || ethertype == 0x9100;
}

NetworkLocation ip_at(Family family, std::uint32_t offset) {
  return NetworkLocation{ParseStatus::ok, family, offset};
}

// The ethertype at `type_offset`, the payload at `payload_offset`, with VLAN tags in between skipped.
NetworkLocation by_ethertype(const Frame& frame, std::uint32_t type_offset, std::uint32_t payload_offset) {
  std::uint16_t type = load_be16(frame.data + type_offset);
  for (std::uint32_t tags = 0; is_vlan_tag(type); ++tags) {
    if (tags == max_vlan_tags || frame.length - payload_offset < 4) return NetworkLocation{};
    type = load_be16(frame.data + payload_offset + 2);
    payload_offset += 4;
  }
  if (type == ethertype_ipv4) return ip_at(Family::ipv4, payload_offset);
  if (type == ethertype_ipv6) return ip_at(Family::ipv6, payload_offset);
  return NetworkLocation{};
}

// A cooked header whose protocol field is readable but whose header is not complete.
NetworkLocation truncated_cooked_header(std::uint16_t protocol) {
  const bool claims_ip = protocol == ethertype_ipv4 || protocol == ethertype_ipv6;
  return NetworkLocation{claims_ip ? ParseStatus::invalid : ParseStatus::not_ip, Family::ipv4, 0};
}

// BSD loopback: the address family in the capturing host's byte order, so either order is accepted.
NetworkLocation by_loopback_family(const Frame& frame) {
  if (frame.length < 4) return NetworkLocation{};
  const auto is_ipv6 = [](std::uint32_t family) { return family == 24 || family == 28 || family == 30; };
  for (const std::uint32_t family : {load_le32(frame.data), load_be32(frame.data)}) {
    if (family == 2) return ip_at(Family::ipv4, 4);
    if (is_ipv6(family)) return ip_at(Family::ipv6, 4);
  }
  return NetworkLocation{};
}

NetworkLocation by_version_nibble(const Frame& frame) {
  if (frame.length == 0) return NetworkLocation{};
  const int version = frame.data[0] >> 4;
  if (version == 4) return ip_at(Family::ipv4, 0);
  if (version == 6) return ip_at(Family::ipv6, 0);
  return NetworkLocation{};
}

}  // namespace

NetworkLocation locate_network_header(const Frame& frame) {
  if (frame.data == nullptr && frame.length != 0) return NetworkLocation{};
  switch (frame.link) {
    case LinkType::ethernet:
      if (frame.length < ethernet_header_length) return NetworkLocation{};
      return by_ethertype(frame, 12, ethernet_header_length);
    case LinkType::linux_sll:
      if (frame.length < sll_header_length) {
        if (frame.length < sll_header_length - 2) return NetworkLocation{};
        return truncated_cooked_header(load_be16(frame.data + 14));
      }
      return by_ethertype(frame, 14, sll_header_length);
    case LinkType::linux_sll2:
      if (frame.length < sll2_header_length) {
        if (frame.length < 2) return NetworkLocation{};
        return truncated_cooked_header(load_be16(frame.data));
      }
      return by_ethertype(frame, 0, sll2_header_length);
    case LinkType::null_loopback:
      return by_loopback_family(frame);
    case LinkType::raw_ip:
      return by_version_nibble(frame);
    case LinkType::ipv4:
      return ip_at(Family::ipv4, 0);
    case LinkType::ipv6:
      return ip_at(Family::ipv6, 0);
  }
  return NetworkLocation{};
}

}  // namespace ctsh::engine
