// The snapshot file's byte layout: a fixed header, then fields appended in order by SnapshotWriter and
// read back by SnapshotReader (bounds-checked), then a 64-bit checksum of everything before it.
// Native byte order and struct layouts: the header records both, so a file from another build or
// machine is refused rather than misread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace ctsh::engine {

inline constexpr char snapshot_magic[8] = {'C', 'T', 'S', 'H', 'S', 'N', 'A', 'P'};
// 3: entries in lookup and state parts, FTP line state; 4: the word-wise checksum; 5: marks; 6: entries
// in three parts (lookup, one cache line of tracker state, wheel links and ids)
inline constexpr std::uint32_t snapshot_version = 6;
inline constexpr std::uint32_t snapshot_byte_order_mark = 0x01020304;

// The checksum of everything before it: four 64-bit lanes, each taking every fourth 8-byte word through
// an invertible xor-multiply-xorshift step, the tail bytes into the first lane, then the length and the
// lanes folded through an invertible mix, so that any one changed word changes the sum. A word at a
// time: FNV-1a's byte at a time was most of the time spent parsing a million-entry snapshot.
inline std::uint64_t snapshot_checksum(std::string_view bytes) {
  constexpr std::uint64_t odd_multiplier = 0x9e3779b97f4a7c15ull;
  const auto step = [](std::uint64_t lane, std::uint64_t word) {
    lane = (lane ^ word) * odd_multiplier;
    return lane ^ (lane >> 29);
  };
  const auto mix = [](std::uint64_t x) {
    x = (x ^ (x >> 32)) * 0xd6e8feb86659fd93ull;
    x = (x ^ (x >> 32)) * 0xd6e8feb86659fd93ull;
    return x ^ (x >> 32);
  };
  std::uint64_t lanes[4] = {0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull,
                            0x082efa98ec4e6c89ull};
  std::size_t at = 0;
  for (; at + 32 <= bytes.size(); at += 32) {
    for (std::size_t lane = 0; lane < 4; ++lane) {
      std::uint64_t word;
      std::memcpy(&word, bytes.data() + at + 8 * lane, sizeof word);
      lanes[lane] = step(lanes[lane], word);
    }
  }
  for (; at < bytes.size(); ++at) lanes[0] = step(lanes[0], static_cast<unsigned char>(bytes[at]));
  std::uint64_t sum = mix(bytes.size());
  for (const std::uint64_t lane : lanes) sum = mix(sum ^ lane);
  return sum;
}

class SnapshotWriter {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void put_bytes(const void* data, std::size_t size) { bytes_.append(static_cast<const char*>(data), size); }
  void put_string(std::string_view text) {
    put(static_cast<std::uint32_t>(text.size()));
    bytes_.append(text);
  }
  std::string finish() {
    put(snapshot_checksum(bytes_));
    return std::move(bytes_);
  }

 private:
  std::string bytes_;
};

class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool get(T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (bytes_.size() - offset_ < sizeof value) return false;
    std::memcpy(&value, bytes_.data() + offset_, sizeof value);
    offset_ += sizeof value;
    return true;
  }
  // A pointer to `size` bytes in place (not copied), or nullptr when the file is shorter.
  const char* take(std::size_t size) {
    if (bytes_.size() - offset_ < size) return nullptr;
    const char* at = bytes_.data() + offset_;
    offset_ += size;
    return at;
  }
  bool get_string(std::string& text, std::size_t max_length) {
    std::uint32_t length = 0;
    if (!get(length) || length > max_length) return false;
    const char* at = take(length);
    if (!at) return false;
    text.assign(at, length);
    return true;
  }
  bool at_end() const { return offset_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t offset_ = 0;
};

}  // namespace ctsh::engine
