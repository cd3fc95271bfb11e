// SnapshotLock: an exclusive flock(2) on the engine's lock file, waited for with a bounded timeout.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "ctsh/engine/snapshot.hpp"

namespace ctsh::engine {

std::expected<SnapshotLock, std::string> SnapshotLock::acquire(const std::filesystem::path& lock_file, int timeout_ms) {
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(fmt::format("cannot open {}: {}", lock_file.string(), std::strerror(errno)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int error = errno;
      ::close(fd);
      return std::unexpected(fmt::format("cannot lock {}: {}", lock_file.string(), std::strerror(error)));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return std::unexpected(fmt::format("another ctsh holds the engine lock {}; try again when it has finished",
                                         lock_file.string()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return SnapshotLock(fd);
}

SnapshotLock::SnapshotLock(SnapshotLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

SnapshotLock& SnapshotLock::operator=(SnapshotLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

SnapshotLock::~SnapshotLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace ctsh::engine
