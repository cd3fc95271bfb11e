// The snapshot file's byte layout: a fixed header, then fields appended in order by SnapshotWriter and
// read back by SnapshotReader (bounds-checked), then an FNV-1a 64 checksum of everything before it.
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
inline constexpr std::uint32_t snapshot_version = 4;  // 4: marks; 3: entries in lookup and state parts, FTP line state
inline constexpr std::uint32_t snapshot_byte_order_mark = 0x01020304;

inline std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
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
    put(fnv1a64(bytes_));
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
