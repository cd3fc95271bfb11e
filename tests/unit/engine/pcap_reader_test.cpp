// PcapReader: classic pcap files in either timestamp precision and every supported link type; damaged
// files (truncated anywhere, oversized records) stop with a reason and the offset of the damage.
#include <doctest/doctest.h>

#include "capture/pcap_reader.hpp"
#include "capture_files.hpp"
#include "test_config.hpp"

using namespace ctsh::engine;
using namespace ctsh::engine::test;

namespace {

std::vector<TimedFrame> three_frames() {
  return {{pattern_frame(60, 1), 1'700'000'000'123'456'789},
          {pattern_frame(100, 2), 1'700'000'001'000'000'001},
          {pattern_frame(42, 3), 1'700'000'002'500'000'000}};
}

void patch_le32(Bytes& bytes, std::size_t offset, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

ReadResult read_pcap(const std::filesystem::path& file) {
  auto reader = PcapReader::open(file);
  if (!reader) return {{}, true, reader.error()};
  return read_all(*reader);
}

}  // namespace

TEST_CASE("a nanosecond pcap gives every packet with its bytes, its nanosecond time and interface 0") {
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", three_frames());
  const ReadResult result = read_pcap(dir.path() / "a.pcap");
  REQUIRE_FALSE(result.failed);
  REQUIRE(result.packets.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(result.packets[i].bytes == three_frames()[i].bytes);
    CHECK(result.packets[i].time_ns == three_frames()[i].time_ns);
    CHECK(result.packets[i].link == LinkType::ethernet);
    CHECK(result.packets[i].interface == 0);
  }
}

TEST_CASE("a microsecond pcap gives its times in nanoseconds") {
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", three_frames(), DLT_EN10MB, 65535, false);
  const ReadResult result = read_pcap(dir.path() / "a.pcap");
  REQUIRE(result.packets.size() == 3);
  CHECK(result.packets[0].time_ns == 1'700'000'000'123'456'000);
  CHECK(result.packets[1].time_ns == 1'700'000'001'000'000'000);
}

TEST_CASE("pcap link types 0, 1, 12, 14, 101, 113, 228, 229 and 276 map to the engine's link types") {
  const std::pair<std::uint32_t, LinkType> expected[] = {
      {0, LinkType::null_loopback}, {1, LinkType::ethernet},  {12, LinkType::raw_ip},
      {14, LinkType::raw_ip},       {101, LinkType::raw_ip},  {113, LinkType::linux_sll},
      {228, LinkType::ipv4},        {229, LinkType::ipv6},    {276, LinkType::linux_sll2}};
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", three_frames());
  Bytes bytes = read_file(dir.path() / "a.pcap");
  for (const auto& [number, link] : expected) {
    CAPTURE(number);
    patch_le32(bytes, 20, number);
    write_file(dir.path() / "b.pcap", bytes);
    auto reader = PcapReader::open(dir.path() / "b.pcap");
    REQUIRE(reader);
    CHECK(reader->link() == link);
    CHECK(read_all(*reader).packets.size() == 3);
  }
}

TEST_CASE("an unsupported pcap link type is refused with its number, and its name when it is a common one") {
  ScratchDir dir;
  write_pcap(dir.path() / "wifi.pcap", three_frames(), 105);
  auto wifi = PcapReader::open(dir.path() / "wifi.pcap");
  REQUIRE_FALSE(wifi);
  CHECK(wifi.error().reason == "unsupported link type 105 (IEEE 802.11)");
  CHECK(wifi.error().byte_offset == 20);
  write_pcap(dir.path() / "user.pcap", three_frames(), 147);
  auto user = PcapReader::open(dir.path() / "user.pcap");
  REQUIRE_FALSE(user);
  CHECK(user.error().reason == "unsupported link type 147");
}

TEST_CASE("a pcap record longer than the snaplen is damage at the record's offset") {
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", three_frames());
  Bytes bytes = read_file(dir.path() / "a.pcap");
  patch_le32(bytes, 16, 80);  // snaplen 80: the second record (100 bytes) is too long
  write_file(dir.path() / "a.pcap", bytes);
  const ReadResult result = read_pcap(dir.path() / "a.pcap");
  CHECK(result.packets.size() == 1);
  REQUIRE(result.failed);
  CHECK(result.fault.reason == "captured length 100 exceeds the snaplen 80");
  CHECK(result.fault.byte_offset == 24 + 16 + 60);
}

TEST_CASE("a pcap record longer than 256 KiB is damage even when the snaplen allows it") {
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", three_frames(), DLT_EN10MB, 300000);
  Bytes bytes = read_file(dir.path() / "a.pcap");
  patch_le32(bytes, 24 + 8, 262145);  // the first record's captured length
  write_file(dir.path() / "a.pcap", bytes);
  const ReadResult result = read_pcap(dir.path() / "a.pcap");
  CHECK(result.packets.empty());
  REQUIRE(result.failed);
  CHECK(result.fault.byte_offset == 24);
  CHECK(result.fault.reason.find("262145") != std::string::npos);
}

TEST_CASE("a pcap truncated at any offset gives the whole records before the cut, then damage inside the file") {
  ScratchDir dir;
  write_pcap(dir.path() / "a.pcap", three_frames());
  const Bytes bytes = read_file(dir.path() / "a.pcap");
  const std::size_t record_ends[] = {24, 24 + 16 + 60, 24 + 16 + 60 + 16 + 100, bytes.size()};
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    CAPTURE(cut);
    write_file(dir.path() / "cut.pcap", Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut)));
    const ReadResult result = read_pcap(dir.path() / "cut.pcap");
    std::size_t whole = 0;
    while (whole + 1 < std::size(record_ends) && record_ends[whole + 1] <= cut) ++whole;
    CHECK(result.packets.size() == whole);
    const bool at_record_boundary = cut >= 24 && cut == record_ends[whole];
    CHECK(result.failed == !at_record_boundary);
    if (result.failed) {
      CHECK(result.fault.byte_offset <= cut);
      CHECK_FALSE(result.fault.reason.empty());
    }
  }
}

TEST_CASE("a pcap file that cannot be opened reports the system's reason") {
  auto reader = PcapReader::open("/nonexistent/dir/trace.pcap");
  REQUIRE_FALSE(reader);
  CHECK(reader.error().reason == "/nonexistent/dir/trace.pcap: No such file or directory");
}
