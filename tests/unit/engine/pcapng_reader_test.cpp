// PcapngReader: sections in both byte orders, interfaces with names, timestamp units and offsets,
// Enhanced, Simple and obsolete Packet Blocks, unknown blocks skipped; damaged files stop with a reason
// and the offset of the damaged block.
#include <doctest/doctest.h>

#include <algorithm>

#include "capture/pcapng_reader.hpp"
#include "capture_files.hpp"
#include "test_config.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

ReadResult read_pcapng(const Bytes& bytes) {
  ScratchDir dir;
  write_file(dir.path() / "a.pcapng", bytes);
  auto reader = PcapngReader::open(dir.path() / "a.pcapng");
  if (!reader) return {{}, true, reader.error()};
  return read_all(*reader);
}

// One section: eth0 (Ethernet, microseconds) and tun0 (raw IP, nanoseconds), a packet on each.
PcapngWriter two_interfaces(bool big_endian) {
  PcapngWriter w;
  w.section(big_endian);
  w.interface({.link = 1, .snaplen = 65535, .name = "eth0"});
  w.interface({.link = 101, .snaplen = 0, .name = "tun0", .tsresol = 9});
  w.enhanced(0, 1'700'000'000'000'001, pattern_frame(60, 1));
  w.enhanced(1, 1'700'000'000'000'002'003, pattern_frame(41, 2));
  return w;
}

}  // namespace

TEST_CASE("pcapng sections in either byte order give each packet its interface, link type, bytes and time") {
  for (const bool big_endian : {false, true}) {
    CAPTURE(big_endian);
    PcapngWriter w = two_interfaces(big_endian);
    ScratchDir dir;
    write_file(dir.path() / "a.pcapng", w.bytes());
    auto reader = PcapngReader::open(dir.path() / "a.pcapng");
    REQUIRE(reader);
    const ReadResult result = read_all(*reader);
    REQUIRE_FALSE(result.failed);
    REQUIRE(result.packets.size() == 2);
    CHECK(result.packets[0].interface == 0);
    CHECK(result.packets[0].link == LinkType::ethernet);
    CHECK(result.packets[0].bytes == pattern_frame(60, 1));
    CHECK(result.packets[0].time_ns == 1'700'000'000'000'001'000);
    CHECK(result.packets[1].interface == 1);
    CHECK(result.packets[1].link == LinkType::raw_ip);
    CHECK(result.packets[1].bytes == pattern_frame(41, 2));
    CHECK(result.packets[1].time_ns == 1'700'000'000'000'002'003);
    REQUIRE(reader->interfaces().size() == 2);
    CHECK(reader->interfaces()[0].name == "eth0");
    CHECK(reader->interfaces()[1].name == "tun0");
    CHECK(reader->sections() == 1);
  }
}

TEST_CASE("pcapng timestamps follow if_tsresol (decimal and binary) and if_tsoffset") {
  PcapngWriter w;
  w.section(false);
  w.interface({.name = "nano", .tsresol = 9});
  w.interface({.name = "binary", .tsresol = 0x80 | 10});
  w.interface({.name = "micro-offset", .tsoffset = 100});
  w.interface({.name = "pico", .tsresol = 12});
  w.enhanced(0, 5'000'000'007, pattern_frame(20, 0));
  w.enhanced(1, 3 * 1024 + 512, pattern_frame(20, 0));  // 3.5 s in 1/1024 s
  w.enhanced(2, 250, pattern_frame(20, 0));
  w.enhanced(3, 7'000'000'000'000'123, pattern_frame(20, 0));
  const ReadResult result = read_pcapng(w.bytes());
  REQUIRE(result.packets.size() == 4);
  CHECK(result.packets[0].time_ns == 5'000'000'007);
  CHECK(result.packets[1].time_ns == 3'500'000'000);
  CHECK(result.packets[2].time_ns == 100'000'250'000);
  CHECK(result.packets[3].time_ns == 7'000'000'000'000);
}

TEST_CASE("a Simple Packet Block is on interface 0, cut to its snaplen, at the time of the packet before it") {
  PcapngWriter w;
  w.section(true);
  w.interface({.link = 228, .snaplen = 50, .name = "v4", .tsresol = 9});
  w.simple(pattern_frame(40, 7), 40);
  w.enhanced(0, 777, pattern_frame(30, 1));
  w.simple(pattern_frame(52, 9), 1500);  // 52 bytes stored (padded), snaplen 50
  const ReadResult result = read_pcapng(w.bytes());
  REQUIRE_FALSE(result.failed);
  REQUIRE(result.packets.size() == 3);
  CHECK(result.packets[0].bytes == pattern_frame(40, 7));
  CHECK(result.packets[0].time_ns == 0);
  CHECK(result.packets[0].link == LinkType::ipv4);
  const Bytes stored = pattern_frame(52, 9);
  CHECK(result.packets[2].bytes == Bytes(stored.begin(), stored.begin() + 50));
  CHECK(result.packets[2].time_ns == 777);
}

TEST_CASE("the obsolete Packet Block is read like an Enhanced Packet Block") {
  PcapngWriter w;
  w.section(false);
  w.interface({.link = 229, .name = "a"});
  w.interface({.link = 276, .name = "b"});
  w.obsolete(1, 2'000'000, pattern_frame(33, 4));
  const ReadResult result = read_pcapng(w.bytes());
  REQUIRE(result.packets.size() == 1);
  CHECK(result.packets[0].interface == 1);
  CHECK(result.packets[0].link == LinkType::linux_sll2);
  CHECK(result.packets[0].time_ns == 2'000'000'000);
  CHECK(result.packets[0].bytes == pattern_frame(33, 4));
}

TEST_CASE("pcapng blocks of other types (statistics, name resolution, custom, unknown) are skipped") {
  PcapngWriter w;
  w.section(false);
  w.block(4, Bytes(8, 0));           // name resolution
  w.interface({.name = "eth0"});
  w.block(5, Bytes(20, 0));          // interface statistics
  w.block(0x00000BAD, Bytes(4000, 0xee));
  w.block(0x12345678, {});
  w.enhanced(0, 1, pattern_frame(14, 0));
  w.block(0x40000BAD, Bytes(16, 1));
  const ReadResult result = read_pcapng(w.bytes());
  CHECK_FALSE(result.failed);
  CHECK(result.packets.size() == 1);
}

TEST_CASE("a new pcapng section, in the other byte order, starts a new list of interfaces") {
  PcapngWriter w = two_interfaces(false);
  w.section(true);
  w.interface({.link = 0, .name = "lo"});
  w.enhanced(0, 1, pattern_frame(24, 0));
  const std::size_t stale = w.enhanced(1, 2, pattern_frame(24, 0));
  ScratchDir dir;
  write_file(dir.path() / "a.pcapng", w.bytes());
  auto reader = PcapngReader::open(dir.path() / "a.pcapng");
  REQUIRE(reader);
  const ReadResult result = read_all(*reader);
  REQUIRE(result.packets.size() == 3);
  CHECK(result.packets[2].link == LinkType::null_loopback);
  CHECK(reader->sections() == 2);
  CHECK(reader->interfaces().size() == 1);
  REQUIRE(result.failed);
  CHECK(result.fault.reason == "packet for interface 1, which has no interface description block");
  CHECK(result.fault.byte_offset == stale);
}

TEST_CASE("pcapng block lengths are checked against the trailer, the end of the file and the format") {
  SUBCASE("trailer disagrees") {
    PcapngWriter w = two_interfaces(true);
    const std::size_t block = w.enhanced(0, 9, pattern_frame(20, 0));
    w.patch32(w.bytes().size() - 4, 68);  // the block is 64 bytes
    const ReadResult result = read_pcapng(w.bytes());
    CHECK(result.packets.size() == 2);
    CHECK(result.fault.byte_offset == block);
    CHECK(result.fault.reason.find("disagrees") != std::string::npos);
  }
  SUBCASE("an unknown block's trailer disagrees") {
    PcapngWriter w = two_interfaces(false);
    const std::size_t block = w.block(0x777, Bytes(40, 0));
    w.patch32(w.bytes().size() - 4, 48);
    const ReadResult result = read_pcapng(w.bytes());
    CHECK(result.fault.byte_offset == block);
    CHECK(result.fault.reason.find("disagrees") != std::string::npos);
  }
  SUBCASE("length past the end of the file") {
    PcapngWriter w = two_interfaces(false);
    const std::size_t block = w.enhanced(0, 9, pattern_frame(20, 0));
    w.patch32(block + 4, 4096);
    const ReadResult result = read_pcapng(w.bytes());
    CHECK(result.fault.byte_offset == block);
    CHECK(result.fault.reason == "block of 4096 bytes runs past the end of the file");
  }
  SUBCASE("length not a multiple of four") {
    PcapngWriter w = two_interfaces(false);
    const std::size_t block = w.block(0x777, Bytes(40, 0));
    w.patch32(block + 4, 50);
    const ReadResult result = read_pcapng(w.bytes());
    CHECK(result.fault.byte_offset == block);
    CHECK(result.fault.reason == "block length 50 is not a multiple of 4");
  }
  SUBCASE("length shorter than a block") {
    PcapngWriter w = two_interfaces(false);
    const std::size_t block = w.block(0x777, {});
    w.patch32(block + 4, 8);
    const ReadResult result = read_pcapng(w.bytes());
    CHECK(result.fault.byte_offset == block);
    CHECK(result.fault.reason == "block length 8 is shorter than 12 bytes");
  }
  SUBCASE("captured length past the end of its block") {
    PcapngWriter w = two_interfaces(false);
    const std::size_t block = w.enhanced_with_length(0, 9, pattern_frame(20, 0), 200);
    const ReadResult result = read_pcapng(w.bytes());
    CHECK(result.fault.byte_offset == block);
    CHECK(result.fault.reason == "captured length 200 runs past the end of its block");
  }
}

TEST_CASE("a pcapng packet longer than its interface's snaplen, or than 256 KiB, is damage") {
  PcapngWriter small = two_interfaces(false);
  const std::size_t block = small.enhanced(0, 9, pattern_frame(65536, 0));
  const ReadResult over_snaplen = read_pcapng(small.bytes());
  CHECK(over_snaplen.packets.size() == 2);
  CHECK(over_snaplen.fault.byte_offset == block);
  CHECK(over_snaplen.fault.reason == "captured length 65536 exceeds the snaplen 65535");

  PcapngWriter unlimited = two_interfaces(false);
  unlimited.enhanced(1, 9, pattern_frame(262144, 0));
  const std::size_t huge = unlimited.enhanced(1, 9, pattern_frame(262145, 0));
  const ReadResult over_maximum = read_pcapng(unlimited.bytes());
  CHECK(over_maximum.packets.size() == 3);
  CHECK(over_maximum.fault.byte_offset == huge);
  CHECK(over_maximum.fault.reason == "captured length 262145 exceeds the snaplen 262144");
}

TEST_CASE("an unsupported pcapng link type fails at the first packet on that interface, not at its IDB") {
  PcapngWriter w;
  w.section(false);
  w.interface({.link = 127, .name = "wlan0"});
  w.interface({.link = 1, .name = "eth0"});
  w.enhanced(1, 1, pattern_frame(60, 0));
  const std::size_t wifi = w.enhanced(0, 2, pattern_frame(60, 0));
  const ReadResult result = read_pcapng(w.bytes());
  CHECK(result.packets.size() == 1);
  CHECK(result.fault.byte_offset == wifi);
  CHECK(result.fault.reason == "unsupported link type 127 (IEEE 802.11 radiotap)");
}

TEST_CASE("damaged pcapng headers: byte-order magic, version, interface options, foreign and empty files") {
  SUBCASE("byte-order magic") {
    PcapngWriter w = two_interfaces(false);
    w.patch32(8, 0x11223344);
    CHECK(read_pcapng(w.bytes()).fault.reason == "bad byte-order magic 0x11223344 in section header block");
  }
  SUBCASE("version 2") {
    PcapngWriter w;
    w.section(false, 2);
    CHECK(read_pcapng(w.bytes()).fault.reason == "unsupported pcapng version 2.0");
  }
  SUBCASE("an option that runs past its block") {
    PcapngWriter w;
    w.section(false);
    const std::size_t block = w.interface({.name = "eth0"});
    w.bytes()[block + 16 + 2] = 200;  // the if_name option's length
    const ReadResult result = read_pcapng(w.bytes());
    CHECK(result.fault.byte_offset == block + 16);
    CHECK(result.fault.reason == "option 2 of 200 bytes runs past the end of its block");
  }
  SUBCASE("a pcap file") {
    ScratchDir dir;
    write_pcap(dir.path() / "a.pcap", {{pattern_frame(60, 0), 1}});
    const ReadResult result = read_pcapng(read_file(dir.path() / "a.pcap"));
    CHECK(result.fault.reason == "not a pcapng file: no section header block first");
    CHECK(result.fault.byte_offset == 0);
  }
  SUBCASE("an empty file") {
    const ReadResult result = read_pcapng({});
    CHECK(result.failed);
    CHECK(result.fault.reason == "empty file");
  }
}

TEST_CASE("a pcapng file truncated at any offset gives the whole packets before the cut, then damage inside it") {
  PcapngWriter w = two_interfaces(true);
  w.simple(pattern_frame(30, 5), 30);
  std::vector<std::size_t> block_ends;  // SHB, IDB, IDB, EPB, EPB, SPB
  {
    std::size_t at = 0;
    const Bytes& bytes = w.bytes();
    while (at < bytes.size()) {
      const std::size_t length = std::size_t{bytes[at + 4]} << 24 | std::size_t{bytes[at + 5]} << 16 |
                                 std::size_t{bytes[at + 6]} << 8 | bytes[at + 7];
      at += length;
      block_ends.push_back(at);
    }
  }
  REQUIRE(block_ends.size() == 6);
  const std::size_t packet_ends[] = {block_ends[3], block_ends[4], block_ends[5]};
  const Bytes whole = w.bytes();
  for (std::size_t cut = 0; cut < whole.size(); ++cut) {
    CAPTURE(cut);
    const ReadResult result = read_pcapng(Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut)));
    std::size_t complete = 0;
    while (complete < std::size(packet_ends) && packet_ends[complete] <= cut) ++complete;
    CHECK(result.packets.size() == complete);
    const bool at_block_end = std::find(block_ends.begin(), block_ends.end(), cut) != block_ends.end();
    CHECK(result.failed == !at_block_end);
    if (result.failed) CHECK(result.fault.byte_offset < std::max<std::size_t>(cut, 1));
  }
}
