// TCP option walking for conntrack (window scale, SACK-permitted, SACK blocks), with the kernel's
// tolerance: a walk stops at EOL, at a truncated or "silly" (< 2 bytes) option, and never reads past
// the header.
#include "proto/tcp_options.hpp"

#include <span>

#include "proto/tracker.hpp"

namespace ctsh::engine {
namespace {

constexpr std::size_t tcp_base_header_length = 20;
constexpr std::uint8_t option_end = 0;
constexpr std::uint8_t option_nop = 1;
constexpr std::uint8_t option_window_scale = 3;
constexpr std::uint8_t option_sack_permitted = 4;
constexpr std::uint8_t option_sack = 5;
constexpr std::size_t window_scale_length = 3;
constexpr std::size_t sack_permitted_length = 2;
constexpr std::size_t sack_block_length = 8;

// The option bytes after the fixed header; empty when the header length does not fit the capture.
std::span<const std::uint8_t> option_bytes(const ParsedPacket& packet) {
  const std::size_t header = packet.tcp_header_length;
  if (packet.l4 == nullptr || header <= tcp_base_header_length || header > packet.l4_length) return {};
  return {packet.l4 + tcp_base_header_length, header - tcp_base_header_length};
}

// Calls visit(kind, whole option bytes) for each option with a length byte, in order, until the
// walk ends or visit returns false.
template <typename Visit>
void walk_options(std::span<const std::uint8_t> bytes, Visit&& visit) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::uint8_t kind = bytes[at];
    if (kind == option_end) return;
    if (kind == option_nop) {
      ++at;
      continue;
    }
    const std::size_t left = bytes.size() - at;
    if (left < 2) return;
    const std::size_t length = bytes[at + 1];
    if (length < 2 || length > left) return;
    if (!visit(kind, bytes.subspan(at, length))) return;
    at += length;
  }
}

std::uint32_t load_be32(const std::uint8_t* bytes) {
  return static_cast<std::uint32_t>(bytes[0]) << 24 | static_cast<std::uint32_t>(bytes[1]) << 16 |
         static_cast<std::uint32_t>(bytes[2]) << 8 | static_cast<std::uint32_t>(bytes[3]);
}

}  // namespace

std::optional<TcpSynOptions> read_syn_options(const ParsedPacket& packet) {
  const std::span<const std::uint8_t> bytes = option_bytes(packet);
  if (bytes.empty()) return std::nullopt;
  TcpSynOptions options;
  walk_options(bytes, [&](std::uint8_t kind, std::span<const std::uint8_t> option) {
    if (kind == option_sack_permitted && option.size() == sack_permitted_length) {
      options.flags |= tcp_flag_sack_perm;
    } else if (kind == option_window_scale && option.size() == window_scale_length) {
      options.scale = option[2] > tcp_max_window_scale ? tcp_max_window_scale : option[2];
      options.flags |= tcp_flag_window_scale;
    }
    return true;
  });
  return options;
}

std::uint32_t highest_sack_edge(const ParsedPacket& packet, std::uint32_t ack) {
  std::uint32_t highest = ack;
  walk_options(option_bytes(packet), [&](std::uint8_t kind, std::span<const std::uint8_t> option) {
    const std::size_t blocks_length = option.size() - 2;
    if (kind != option_sack || blocks_length < sack_block_length || blocks_length % sack_block_length != 0) {
      return true;
    }
    for (std::size_t block = 2; block < option.size(); block += sack_block_length) {
      const std::uint32_t right_edge = load_be32(option.data() + block + 4);
      if (seq_after(right_edge, highest)) highest = right_edge;
    }
    return false;  // only the first SACK option counts
  });
  return highest;
}

}  // namespace ctsh::engine
