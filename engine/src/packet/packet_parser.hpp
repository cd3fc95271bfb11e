// PacketParser: frames (Ethernet with 802.1Q/QinQ, Linux cooked v1/v2, BSD loopback, raw IP) into
// ParsedPacket, with IPv4 options, IPv4/IPv6 fragment reassembly (as nf_defrag: held until complete,
// 30 s / 60 s timeout) and IPv6 extension headers. Never reads out of bounds; malformed input gives
// ParseStatus::invalid.
//
//   PacketParser parser(/*verify_checksums=*/false);
//   ParsedPacket p;  parser.parse(frame, p);
//
// Not thread-safe (owns reassembly buffers).
#pragma once

#include <cstdint>
#include <memory>

#include "ctsh/engine/frame.hpp"
#include "packet/common_case_parser.hpp"
#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

class PacketParser {
 public:
  explicit PacketParser(bool verify_checksums);
  ~PacketParser();
  PacketParser(const PacketParser&) = delete;
  PacketParser& operator=(const PacketParser&) = delete;

  // Fills `out` (out.status tells the outcome). A fragment completing a datagram yields the whole
  // reassembled packet, whose bytes live in the parser until the next call.
  void parse(const Frame& frame, ParsedPacket& out);
  // parse() for the common-case frame (common_case_parser.hpp) while no fragment is held (held ones
  // expire on the next parse()), inline for the packet loop; false, with `out` untouched, when parse()
  // must do it. What it fills always lives in the frame.
  bool parse_common_case(const Frame& frame, ParsedPacket& out) const {
    return !verify_checksums_ && !fragments_held_ && common_case::parse(frame, out);
  }
  // Number of fragments currently held for reassembly.
  std::size_t held_fragments() const;
  // Drops every held fragment (engine clear).
  void clear();

 private:
  struct Reassembly;
  bool verify_checksums_;
  bool fragments_held_ = false;  // reassembly_ holds datagrams (kept by parse() and clear())
  std::unique_ptr<Reassembly> reassembly_;
};

}  // namespace ctsh::engine
