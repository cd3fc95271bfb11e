// A file read through one large buffer: a reader asks for the next N bytes contiguously, looks at
// them, consumes them. Reads are a megabyte at a time; the buffer grows only for larger blocks.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <vector>

#include "capture/captured_packet.hpp"

namespace ctsh::engine {

class BufferedFile {
 public:
  static std::expected<BufferedFile, CaptureFault> open(const std::filesystem::path& file);

  BufferedFile(BufferedFile&& other) noexcept;
  BufferedFile& operator=(BufferedFile&& other) noexcept;
  BufferedFile(const BufferedFile&) = delete;
  BufferedFile& operator=(const BufferedFile&) = delete;
  ~BufferedFile();

  // Makes the next `count` bytes readable at data(); returns how many are (fewer only at end of file).
  // data() moves: pointers into it are valid until the next fill().
  std::expected<std::size_t, CaptureFault> fill(std::size_t count);
  const std::uint8_t* data() const { return buffer_.data() + begin_; }
  // Moves past `count` bytes made readable by fill().
  void consume(std::size_t count) {
    begin_ += count;
    offset_ += count;
  }
  // Moves past `count` bytes whether read or not; returns how many there were (fewer at end of file).
  std::expected<std::uint64_t, CaptureFault> skip(std::uint64_t count);
  // The file offset of data().
  std::uint64_t offset() const { return offset_; }

 private:
  explicit BufferedFile(int fd);

  int fd_ = -1;
  std::vector<std::uint8_t> buffer_;
  std::size_t begin_ = 0;  // data() in buffer_
  std::size_t end_ = 0;    // end of the bytes read into buffer_
  std::uint64_t offset_ = 0;
};

}  // namespace ctsh::engine
