// The commit lock: flock(2) on <config dir>/.lock, so it is released when its holder exits or dies.
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <utility>

#include "ctsh/cli/config_store.hpp"
#include "store_files.hpp"

namespace ctsh::cli {

CommitLock::CommitLock(int fd) : fd_(fd) {}

CommitLock::CommitLock(CommitLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

CommitLock& CommitLock::operator=(CommitLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

// Closing the descriptor releases the flock.
CommitLock::~CommitLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::expected<CommitLock, StoreError> ConfigStore::try_lock_commits() {
  const auto path = dir_ / ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(store_files::system_error("cannot open the commit lock", path, errno));
  CommitLock lock(fd);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) {
      return std::unexpected(StoreError{"Configuration system temporarily locked due to another commit in progress"});
    }
    return std::unexpected(store_files::system_error("cannot take the commit lock", path, errno));
  }
  return lock;
}

}  // namespace ctsh::cli
