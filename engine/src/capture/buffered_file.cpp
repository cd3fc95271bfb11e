// BufferedFile: read(2) into a reused buffer, moving the unread tail to the front when a request
// does not fit after it; EINTR is retried, other read errors become faults at the current offset.
#include "capture/buffered_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace ctsh::engine {
namespace {

constexpr std::size_t initial_buffer_size = 1 << 20;

}  // namespace

std::expected<BufferedFile, CaptureFault> BufferedFile::open(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(CaptureFault{fmt::format("{}: {}", file.string(), std::strerror(errno)), 0});
  return BufferedFile(fd);
}

BufferedFile::BufferedFile(int fd) : fd_(fd), buffer_(initial_buffer_size) {}

BufferedFile::BufferedFile(BufferedFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)), begin_(other.begin_), end_(other.end_),
      offset_(other.offset_) {}

BufferedFile& BufferedFile::operator=(BufferedFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
    begin_ = other.begin_;
    end_ = other.end_;
    offset_ = other.offset_;
  }
  return *this;
}

BufferedFile::~BufferedFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::expected<std::size_t, CaptureFault> BufferedFile::fill(std::size_t count) {
  if (end_ - begin_ >= count) return count;
  if (count > buffer_.size() - begin_) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (end_ - begin_ < count) {
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    const ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (got < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(CaptureFault{std::strerror(errno), offset_ + (end_ - begin_)});
    }
    if (got == 0) break;
    end_ += static_cast<std::size_t>(got);
  }
  return std::min(count, end_ - begin_);
}

std::expected<std::uint64_t, CaptureFault> BufferedFile::skip(std::uint64_t count) {
  std::uint64_t skipped = 0;
  while (skipped < count) {
    if (begin_ == end_) {
      auto available = fill(1);
      if (!available) return std::unexpected(std::move(available.error()));
      if (*available == 0) break;
    }
    const auto step = static_cast<std::size_t>(std::min<std::uint64_t>(end_ - begin_, count - skipped));
    consume(step);
    skipped += step;
  }
  return skipped;
}

}  // namespace ctsh::engine
