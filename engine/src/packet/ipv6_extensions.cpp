// The IPv6 extension-header walk (see ipv6_extensions.hpp).
#include "packet/ipv6_extensions.hpp"

#include "packet/byte_order.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint8_t hop_by_hop = 0;
constexpr std::uint8_t routing = 43;
constexpr std::uint8_t fragment = 44;
constexpr std::uint8_t authentication = 51;
constexpr std::uint8_t no_next_header = 59;
constexpr std::uint8_t destination_options = 60;

bool is_extension_header(std::uint8_t type) {
  return type == hop_by_hop || type == routing || type == fragment || type == authentication ||
         type == no_next_header || type == destination_options;
}

}  // namespace

Ipv6Walk walk_ipv6_extensions(const std::uint8_t* packet, std::uint32_t limit, std::uint8_t next_header,
                              std::uint32_t start, bool stop_at_fragment) {
  Ipv6Walk walk;
  walk.offset = start;
  walk.next_header = next_header;
  // Every extension header is at least 8 bytes long, so the walk ends within limit / 8 steps.
  while (is_extension_header(walk.next_header)) {
    if (walk.next_header == no_next_header) return Ipv6Walk{};
    if (walk.offset > limit || limit - walk.offset < 2) return Ipv6Walk{};
    const std::uint8_t* header = packet + walk.offset;
    std::uint32_t length = 0;
    if (walk.next_header == fragment) {
      if (stop_at_fragment) {
        walk.result = Ipv6Walk::Result::fragment_header;
        return walk;
      }
      if (limit - walk.offset < 4) return Ipv6Walk{};
      if (load_be16(header + 2) & 0xfff8u) return Ipv6Walk{};  // not the first fragment
      length = 8;
    } else if (walk.next_header == authentication) {
      length = (std::uint32_t{header[1]} + 2) * 4;
    } else {
      length = (std::uint32_t{header[1]} + 1) * 8;
    }
    walk.next_header_field = walk.offset;
    walk.next_header = header[0];
    walk.offset += length;
  }
  if (walk.offset > limit) return Ipv6Walk{};
  walk.result = Ipv6Walk::Result::transport;
  return walk;
}

}  // namespace ctsh::engine
