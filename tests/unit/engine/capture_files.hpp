// Test helper for the capture tests: pcap files written with libpcap, pcapng files written block by
// block (either byte order, any block, deliberately damaged if need be), and a reader drained into a
// list of packets or the fault that stopped it.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture/captured_packet.hpp"

namespace ctsh::engine::test {

using Bytes = std::vector<std::uint8_t>;

struct TimedFrame {
  Bytes bytes;
  std::uint64_t time_ns = 0;
};

inline void write_file(const std::filesystem::path& file, const Bytes& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline Bytes read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A classic pcap written by libpcap (nanosecond magic when `nanosecond`, else microsecond).
inline void write_pcap(const std::filesystem::path& file, const std::vector<TimedFrame>& frames, int dlt = DLT_EN10MB,
                       int snaplen = 65535, bool nanosecond = true) {
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(
      dlt, snaplen, nanosecond ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
  pcap_dumper_t* dumper = pcap_dump_open(dead, file.c_str());
  for (const TimedFrame& frame : frames) {
    pcap_pkthdr header{};
    const std::uint64_t fraction = nanosecond ? 1'000'000'000 : 1'000'000;
    const std::uint64_t units = nanosecond ? frame.time_ns : frame.time_ns / 1000;
    header.ts.tv_sec = static_cast<time_t>(units / fraction);
    header.ts.tv_usec = static_cast<suseconds_t>(units % fraction);
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.bytes.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frame.bytes.data());
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
}

// Builds a pcapng file block by block. Each block method returns the offset the block starts at.
class PcapngWriter {
 public:
  std::size_t section(bool big_endian, std::uint16_t major = 1) {
    big_endian_ = big_endian;
    Bytes body;
    put32(body, 0x1A2B3C4D);
    put16(body, major);
    put16(body, 0);
    put64(body, ~std::uint64_t{0});  // section length unknown
    return block(0x0A0D0D0A, body);
  }

  struct Interface {
    std::uint16_t link = 1;
    std::uint32_t snaplen = 0;
    std::string name;
    int tsresol = -1;      // the if_tsresol byte, -1: none (microseconds)
    std::int64_t tsoffset = 0;
  };
  std::size_t interface(const Interface& described) {
    Bytes body;
    put16(body, described.link);
    put16(body, 0);
    put32(body, described.snaplen);
    if (!described.name.empty()) {
      option(body, 2, Bytes(described.name.begin(), described.name.end()));
    }
    if (described.tsresol >= 0) option(body, 9, Bytes{static_cast<std::uint8_t>(described.tsresol)});
    if (described.tsoffset != 0) {
      Bytes value;
      put64(value, static_cast<std::uint64_t>(described.tsoffset));
      option(body, 14, value);
    }
    option(body, 0, {});
    return block(1, body);
  }

  std::size_t enhanced(std::uint32_t interface, std::uint64_t units, const Bytes& data) {
    return enhanced_with_length(interface, units, data, static_cast<std::uint32_t>(data.size()));
  }
  std::size_t enhanced_with_length(std::uint32_t interface, std::uint64_t units, const Bytes& data,
                                   std::uint32_t captured) {
    Bytes body;
    put32(body, interface);
    put32(body, static_cast<std::uint32_t>(units >> 32));
    put32(body, static_cast<std::uint32_t>(units));
    put32(body, captured);
    put32(body, static_cast<std::uint32_t>(data.size()));
    append_padded(body, data);
    option(body, 1, Bytes{'h', 'i'});  // opt_comment, to be ignored
    option(body, 0, {});
    return block(6, body);
  }

  std::size_t simple(const Bytes& data, std::uint32_t original_length) {
    Bytes body;
    put32(body, original_length);
    append_padded(body, data);
    return block(3, body);
  }

  std::size_t obsolete(std::uint16_t interface, std::uint64_t units, const Bytes& data) {
    Bytes body;
    put16(body, interface);
    put16(body, 0);  // drops
    put32(body, static_cast<std::uint32_t>(units >> 32));
    put32(body, static_cast<std::uint32_t>(units));
    put32(body, static_cast<std::uint32_t>(data.size()));
    put32(body, static_cast<std::uint32_t>(data.size()));
    append_padded(body, data);
    return block(2, body);
  }

  std::size_t block(std::uint32_t type, const Bytes& body) {
    const std::size_t start = bytes_.size();
    const auto length = static_cast<std::uint32_t>(12 + body.size());
    put32(bytes_, type);
    put32(bytes_, length);
    bytes_.insert(bytes_.end(), body.begin(), body.end());
    put32(bytes_, length);
    return start;
  }

  // A 32-bit field at `offset`, in the byte order of the section being written.
  void patch32(std::size_t offset, std::uint32_t value) {
    Bytes encoded;
    put32(encoded, value);
    std::memcpy(bytes_.data() + offset, encoded.data(), 4);
  }

  Bytes& bytes() { return bytes_; }

 private:
  void option(Bytes& body, std::uint16_t code, const Bytes& value) {
    put16(body, code);
    put16(body, static_cast<std::uint16_t>(value.size()));
    append_padded(body, value);
  }
  static void append_padded(Bytes& body, const Bytes& data) {
    body.insert(body.end(), data.begin(), data.end());
    body.resize((body.size() + 3) & ~std::size_t{3}, 0);
  }
  void put16(Bytes& out, std::uint16_t value) const { put(out, value, 2); }
  void put32(Bytes& out, std::uint32_t value) const { put(out, value, 4); }
  void put64(Bytes& out, std::uint64_t value) const { put(out, value, 8); }
  void put(Bytes& out, std::uint64_t value, int size) const {
    for (int i = 0; i < size; ++i) {
      const int shift = big_endian_ ? 8 * (size - 1 - i) : 8 * i;
      out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
  }

  bool big_endian_ = false;
  Bytes bytes_;
};

// A packet as a reader gave it, with its bytes copied.
struct ReadPacket {
  Bytes bytes;
  std::uint64_t time_ns = 0;
  LinkType link = LinkType::ethernet;
  std::uint32_t interface = 0;
};

struct ReadResult {
  std::vector<ReadPacket> packets;
  bool failed = false;
  CaptureFault fault;
};

// Every packet of `reader` until its end or its first fault.
template <typename Reader>
ReadResult read_all(Reader& reader) {
  ReadResult result;
  CapturedPacket packet;
  for (;;) {
    auto more = reader.next(packet);
    if (!more) {
      result.failed = true;
      result.fault = more.error();
      return result;
    }
    if (!*more) return result;
    result.packets.push_back({Bytes(packet.data, packet.data + packet.length), packet.time_ns, packet.link,
                              packet.interface});
  }
}

// Frames with recognisable, distinct contents.
inline Bytes pattern_frame(std::size_t size, std::uint8_t seed) {
  Bytes frame(size);
  for (std::size_t i = 0; i < size; ++i) frame[i] = static_cast<std::uint8_t>(seed + i);
  return frame;
}

}  // namespace ctsh::engine::test
