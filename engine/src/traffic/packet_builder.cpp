// build_frame / build_ip_packet: headers written field by field in network byte order, lengths and
// checksums (IPv4 header, TCP/UDP/UDP-Lite/ICMPv6 pseudo-header sums, ICMP, SCTP CRC32c) computed.
#include "ctsh/engine/packet_builder.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <string>

namespace ctsh::engine {
namespace {

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<std::uint8_t>& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
  }
  void bytes(std::span<const std::uint8_t> data) { out_.insert(out_.end(), data.begin(), data.end()); }
  void bytes(const std::uint8_t* data, std::size_t size) { out_.insert(out_.end(), data, data + size); }

 private:
  std::vector<std::uint8_t>& out_;
};

void put16(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint16_t value) {
  bytes[at] = static_cast<std::uint8_t>(value >> 8);
  bytes[at + 1] = static_cast<std::uint8_t>(value);
}

// One's-complement sum of 16-bit big-endian words (an odd last byte is padded with zero).
std::uint32_t ones_sum(std::span<const std::uint8_t> data, std::uint32_t sum = 0) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
  if (i < data.size()) sum += static_cast<std::uint32_t>(data[i] << 8);
  return sum;
}

std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::size_t address_size(const IpAddress& a) { return a.family == Family::ipv4 ? 4 : 16; }

std::uint32_t pseudo_header_sum(const PacketSpec& spec, std::size_t l4_length) {
  std::uint32_t sum = ones_sum({spec.src.bytes.data(), address_size(spec.src)});
  sum = ones_sum({spec.dst.bytes.data(), address_size(spec.dst)}, sum);
  sum += spec.protocol;
  sum += static_cast<std::uint32_t>(l4_length >> 16) + static_cast<std::uint32_t>(l4_length & 0xffff);
  return sum;
}

std::uint32_t crc32c(std::span<const std::uint8_t> data) {
  std::uint32_t crc = 0xffffffffu;
  for (const std::uint8_t byte : data) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::vector<std::uint8_t> transport(const PacketSpec& spec) {
  std::vector<std::uint8_t> l4;
  ByteWriter w(l4);
  std::size_t checksum_at = std::string::npos;
  bool pseudo_header = true;
  switch (spec.protocol) {
    case 6: {
      const std::size_t options = (spec.tcp_options.size() + 3) / 4 * 4;
      w.u16(spec.sport);
      w.u16(spec.dport);
      w.u32(spec.seq);
      w.u32(spec.ack);
      w.u8(static_cast<std::uint8_t>((20 + options) / 4 << 4));
      w.u8(spec.tcp_flags);
      w.u16(spec.window);
      w.u16(0);
      w.u16(0);
      w.bytes(spec.tcp_options);
      for (std::size_t pad = spec.tcp_options.size(); pad < options; ++pad) w.u8(1);
      checksum_at = 16;
      break;
    }
    case 17:
    case 136:
      w.u16(spec.sport);
      w.u16(spec.dport);
      w.u16(static_cast<std::uint16_t>(spec.protocol == 17 ? 8 + spec.payload.size() : 0));  // UDP-Lite: coverage 0
      w.u16(0);
      checksum_at = 6;
      break;
    case 1:
    case 58:
      w.u8(spec.icmp_type);
      w.u8(spec.icmp_code);
      w.u16(0);
      if (!spec.icmp_quote.empty()) {
        w.u32(0);
        w.bytes(spec.icmp_quote);
      } else {
        w.u16(spec.icmp_id);
        w.u16(spec.icmp_sequence);
      }
      checksum_at = 2;
      pseudo_header = spec.protocol == 58;
      break;
    case 132:
      w.u16(spec.sport);
      w.u16(spec.dport);
      w.u32(spec.sctp_vtag);
      w.u32(0);
      w.bytes(spec.sctp_chunks);
      break;
    default:
      break;
  }
  w.bytes(spec.payload);
  if (spec.protocol == 132) {
    const std::uint32_t crc = crc32c(l4);  // stored little-endian, as RFC 4960 appendix B says
    for (int i = 0; i < 4; ++i) l4[8 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (8 * i));
  } else if (checksum_at != std::string::npos) {
    std::uint32_t sum = pseudo_header ? pseudo_header_sum(spec, l4.size()) : 0;
    std::uint16_t checksum = fold(ones_sum(l4, sum));
    if (spec.protocol == 17 && checksum == 0) checksum = 0xffff;  // 0 means "no checksum" for UDP
    put16(l4, checksum_at, checksum);
  }
  return l4;
}

}  // namespace

std::vector<std::uint8_t> build_ip_packet(const PacketSpec& spec) {
  const std::vector<std::uint8_t> l4 = transport(spec);
  std::vector<std::uint8_t> packet;
  ByteWriter w(packet);
  if (spec.src.family == Family::ipv4) {
    w.u8(0x45);
    w.u8(0);
    w.u16(static_cast<std::uint16_t>(20 + l4.size()));
    w.u16(spec.ip_id);
    w.u16(0x4000);  // don't fragment
    w.u8(spec.ttl);
    w.u8(spec.protocol);
    w.u16(0);
    w.bytes(spec.src.bytes.data(), 4);
    w.bytes(spec.dst.bytes.data(), 4);
    put16(packet, 10, fold(ones_sum(packet)));
  } else {
    w.u32(0x60000000u);
    w.u16(static_cast<std::uint16_t>(l4.size()));
    w.u8(spec.protocol);
    w.u8(spec.ttl);
    w.bytes(spec.src.bytes.data(), 16);
    w.bytes(spec.dst.bytes.data(), 16);
  }
  w.bytes(l4);
  return packet;
}

std::vector<std::uint8_t> build_frame(const PacketSpec& spec) {
  const std::vector<std::uint8_t> packet = build_ip_packet(spec);
  const std::size_t header = spec.vlan ? 18 : 14;
  std::vector<std::uint8_t> frame(header + packet.size(), 0);
  frame[0] = frame[6] = 0x02;  // locally administered MACs 02:00:00:00:00:02 <- 02:00:00:00:00:01
  frame[5] = 0x02;
  frame[11] = 0x01;
  if (spec.vlan) {
    put16(frame, 12, 0x8100);
    put16(frame, 14, static_cast<std::uint16_t>(*spec.vlan & 0x0fff));
  }
  put16(frame, header - 2, spec.src.family == Family::ipv4 ? 0x0800 : 0x86dd);
  std::memcpy(frame.data() + header, packet.data(), packet.size());
  return frame;
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  const std::string copy(text);
  IpAddress address;
  if (inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) return address;
  address.family = Family::ipv6;
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

}  // namespace ctsh::engine
