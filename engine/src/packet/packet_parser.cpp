// PacketParser: link layer, IPv4/IPv6 network header (ip_rcv_core()/ip6_rcv_core() checks), the
// defragmentation step of nf_defrag_ipv4/ipv6, then the transport header (l4_headers.cpp). A packet
// cut short by the capture's snaplen is tracked when the headers needed were captured; ip_length is
// always the length the IP header gives.
#include "packet/packet_parser.hpp"

#include <algorithm>

#include "packet/byte_order.hpp"
#include "packet/checksum.hpp"
#include "packet/common_case_parser.hpp"
#include "packet/ip_reassembly.hpp"
#include "packet/ipv6_extensions.hpp"
#include "packet/l4_headers.hpp"
#include "packet/link_layer.hpp"

namespace ctsh::engine {

struct PacketParser::Reassembly {
  IpReassembly fragments;
  Datagram datagram;  // the last reassembled packet, handed out until the next parse()
};

namespace {

constexpr std::uint8_t fragment_header = 44;

// The captured bytes of an IP packet (its header says how long it was on the wire).
struct IpBytes {
  const std::uint8_t* data = nullptr;
  std::uint32_t captured = 0;
};

// Sets a tuple address already reset to zero (the parse starts from a reset ParsedPacket).
void set_address(IpAddress& address, Family family, const std::uint8_t* bytes) {
  address.family = family;
  std::copy_n(bytes, family == Family::ipv4 ? 4 : 16, address.bytes.begin());
}

// Resets every field a parse may leave unset, but `inner`: it is read only when inner_valid, and the
// ICMP parser clears it before filling it. Cheaper than assigning a whole new ParsedPacket.
void reset_for_parse(ParsedPacket& out, std::uint16_t interface) {
  out.status = ParseStatus::invalid;
  out.family = Family::ipv4;
  out.tuple = PacketTuple{};
  out.ip_length = 0;
  out.interface = interface;
  out.l4 = nullptr;
  out.l4_length = 0;
  out.l4_wire_length = 0;
  out.payload_offset = 0;
  out.tcp_seq = 0;
  out.tcp_ack = 0;
  out.tcp_window = 0;
  out.tcp_flags = 0;
  out.tcp_header_length = 0;
  out.icmp_type = 0;
  out.icmp_code = 0;
  out.inner_valid = false;
}

FragmentKey key_of(const ParsedPacket& out) {
  FragmentKey key;
  key.family = out.family;
  key.src = out.tuple.src.bytes;
  key.dst = out.tuple.dst.bytes;
  return key;
}

ParseStatus status_of(FragmentOutcome outcome) {
  return outcome == FragmentOutcome::malformed ? ParseStatus::invalid : ParseStatus::fragment_held;
}

// The IPv6 rule (RFC 8200 4.5, ipv6frag_thdr_truncated()): a first fragment must hold the
// upper-layer header (TCP 20, UDP 8, ICMPv6 8, others 1 byte), or it bypasses reassembly. Later
// fragments, and chains that cannot be walked, pass this check.
bool first_fragment_holds_transport_header(const std::uint8_t* ip, std::uint32_t limit, std::uint32_t wire_length,
                                           std::uint32_t fragment_header_offset) {
  const Ipv6Walk walk = walk_ipv6_extensions(ip, limit, fragment_header, fragment_header_offset, false);
  if (walk.result != Ipv6Walk::Result::transport) return true;
  std::uint32_t needed = 1;
  if (walk.next_header == 6) needed = 20;
  if (walk.next_header == 17 || walk.next_header == 58) needed = 8;
  return std::uint64_t{walk.offset} + needed <= wire_length;
}

}  // namespace

PacketParser::PacketParser(bool verify_checksums)
    : verify_checksums_(verify_checksums), reassembly_(std::make_unique<Reassembly>()) {}

PacketParser::~PacketParser() = default;

std::size_t PacketParser::held_fragments() const { return reassembly_->fragments.held_fragments(); }

void PacketParser::clear() {
  reassembly_->fragments.clear();
  fragments_held_ = false;
}

namespace {

class NetworkParser {
 public:
  NetworkParser(bool verify, IpReassembly& fragments, Datagram& datagram, const Frame& frame, ParsedPacket& out)
      : verify_(verify), fragments_(fragments), datagram_(datagram), frame_(frame), out_(out) {}

  ParseStatus ipv4(IpBytes ip, bool defragment);
  ParseStatus ipv6(IpBytes ip, bool defragment);

 private:
  ParseStatus reassembled();

  bool verify_;
  IpReassembly& fragments_;
  Datagram& datagram_;
  const Frame& frame_;
  ParsedPacket& out_;
};

ParseStatus NetworkParser::ipv4(IpBytes ip, bool defragment) {
  out_.family = Family::ipv4;
  if (ip.captured < 20 || (ip.data[0] >> 4) != 4) return ParseStatus::invalid;
  const std::uint32_t header_length = std::uint32_t{ip.data[0] & 0x0fu} * 4;
  const std::uint32_t total_length = load_be16(ip.data + 2);
  if (header_length < 20 || total_length < header_length || ip.captured < header_length) return ParseStatus::invalid;
  if (verify_ && !checksum_verifies(add_to_checksum(0, ip.data, header_length))) return ParseStatus::invalid;
  const std::uint32_t captured = std::min(ip.captured, total_length);
  set_address(out_.tuple.src, Family::ipv4, ip.data + 12);
  set_address(out_.tuple.dst, Family::ipv4, ip.data + 16);
  out_.tuple.protocol = ip.data[9];
  out_.ip_length = total_length;

  const std::uint16_t fragment_field = load_be16(ip.data + 6);
  if (defragment && (fragment_field & 0x3fffu)) {
    Fragment fragment;
    fragment.key = key_of(out_);
    fragment.key.protocol = ip.data[9];
    fragment.key.id = load_be16(ip.data + 4);
    fragment.header = ip.data;
    fragment.header_length = header_length;
    fragment.ecn = ip.data[1] & 3u;
    fragment.offset = std::uint32_t{fragment_field & 0x1fffu} * 8;
    fragment.more_fragments = (fragment_field & 0x2000u) != 0;
    fragment.payload = ip.data + header_length;
    fragment.payload_length = total_length - header_length;
    fragment.payload_captured = captured - header_length;
    fragment.time_ns = frame_.time_ns;
    const FragmentOutcome outcome = fragments_.add(fragment, datagram_);
    if (outcome != FragmentOutcome::complete) return status_of(outcome);
    return reassembled();
  }
  const TransportView view{ip.data + header_length, total_length - header_length, captured - header_length};
  return parse_transport(ip.data[9], view, verify_, out_);
}

ParseStatus NetworkParser::ipv6(IpBytes ip, bool defragment) {
  out_.family = Family::ipv6;
  if (ip.captured < 40 || (ip.data[0] >> 4) != 6) return ParseStatus::invalid;
  const std::uint32_t total_length = 40 + std::uint32_t{load_be16(ip.data + 4)};
  const std::uint32_t captured = std::min(ip.captured, total_length);
  set_address(out_.tuple.src, Family::ipv6, ip.data + 8);
  set_address(out_.tuple.dst, Family::ipv6, ip.data + 24);
  out_.ip_length = total_length;

  Ipv6Walk walk = walk_ipv6_extensions(ip.data, captured, ip.data[6], 40, defragment);
  if (walk.result == Ipv6Walk::Result::fragment_header && captured - walk.offset >= 8 &&
      first_fragment_holds_transport_header(ip.data, captured, total_length, walk.offset)) {
    const std::uint8_t* header = ip.data + walk.offset;
    const std::uint16_t fragment_field = load_be16(header + 2);
    Fragment fragment;
    fragment.key = key_of(out_);
    fragment.key.interface = frame_.interface;
    fragment.key.id = load_be32(header + 4);
    fragment.header = ip.data;
    fragment.header_length = walk.offset;
    fragment.next_header_field = walk.next_header_field;
    fragment.next_header = header[0];
    fragment.ecn = (ip.data[1] >> 4) & 3u;
    fragment.offset = fragment_field & 0xfff8u;
    fragment.more_fragments = (fragment_field & 1u) != 0;
    fragment.payload = header + 8;
    fragment.payload_length = total_length - walk.offset - 8;
    fragment.payload_captured = captured - walk.offset - 8;
    fragment.time_ns = frame_.time_ns;
    const FragmentOutcome outcome = fragments_.add(fragment, datagram_);
    if (outcome == FragmentOutcome::complete) return reassembled();
    if (outcome != FragmentOutcome::pass_through) return status_of(outcome);
  }
  if (walk.result == Ipv6Walk::Result::fragment_header) {
    // Not reassembled: conntrack sees the fragment itself, trackable only if it is the first.
    walk = walk_ipv6_extensions(ip.data, captured, ip.data[6], 40, false);
  }
  if (walk.result != Ipv6Walk::Result::transport) return ParseStatus::invalid;
  const TransportView view{ip.data + walk.offset, total_length - walk.offset, captured - walk.offset};
  return parse_transport(walk.next_header, view, verify_, out_);
}

// Parses the datagram just reassembled, as the unfragmented packet conntrack then sees.
ParseStatus NetworkParser::reassembled() {
  const IpBytes ip{datagram_.bytes.data(), datagram_.captured};
  const Family family = out_.family;
  reset_for_parse(out_, frame_.interface);
  return family == Family::ipv4 ? ipv4(ip, false) : ipv6(ip, false);
}

}  // namespace

void PacketParser::parse(const Frame& frame, ParsedPacket& out) {
  if (fragments_held_) {
    reassembly_->fragments.expire(frame.time_ns);
    fragments_held_ = reassembly_->fragments.holds_datagrams();
  }
  if (!verify_checksums_ && common_case::parse(frame, out)) return;
  reset_for_parse(out, frame.interface);
  const NetworkLocation location = locate_network_header(frame);
  if (location.status != ParseStatus::ok) {
    out.status = location.status;
    return;
  }
  const IpBytes ip{frame.data + location.offset, frame.length - location.offset};
  NetworkParser network(verify_checksums_, reassembly_->fragments, reassembly_->datagram, frame, out);
  out.status = location.family == Family::ipv4 ? network.ipv4(ip, true) : network.ipv6(ip, true);
  fragments_held_ = reassembly_->fragments.holds_datagrams();
}

}  // namespace ctsh::engine
