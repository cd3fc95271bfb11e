// File primitives of the config store: whole-file reads, atomic replacement (temp file, fsync, rename,
// fsync of the directory), private directories and the clean-up of temp files left by killed processes.
#include "store_files.hpp"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/std.h>

namespace ctsh::cli {
namespace store_files {
namespace {

namespace fs = std::filesystem;

// Temp files are named ".<target>.ctsh-tmp-<pid>-XXXXXX" so that a later process can tell whether the
// writer is still alive.
constexpr std::string_view kTempMarker = ".ctsh-tmp-";

fs::path directory_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// The pid encoded in a temp file name, or nullopt when the name is not one of ours.
std::optional<pid_t> temp_file_writer(std::string_view name) {
  const auto marker = name.find(kTempMarker);
  if (name.empty() || name.front() != '.' || marker == std::string_view::npos) return std::nullopt;
  const std::string_view rest = name.substr(marker + kTempMarker.size());
  pid_t pid = 0;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
  if (error != std::errc{} || end == rest.data() || end == rest.data() + rest.size() || *end != '-' ||
      pid <= 0) {
    return std::nullopt;
  }
  return pid;
}

bool process_is_gone(pid_t pid) { return ::kill(pid, 0) == -1 && errno == ESRCH; }

}  // namespace

FdCloser::~FdCloser() {
  if (fd_ >= 0) ::close(fd_);
}

int FdCloser::close_now() {
  const int result = ::close(fd_);
  fd_ = -1;
  return result;
}

StoreError system_error(std::string_view what, const fs::path& path, int error_number) {
  return StoreError{fmt::format("{} {}: {}", what, path.string(), std::strerror(error_number))};
}

std::expected<void, StoreError> write_all(int fd, std::string_view text, const fs::path& path) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(system_error("cannot write", path, errno));
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

std::expected<std::optional<std::string>, StoreError> read_if_exists(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>{};
    return std::unexpected(system_error("cannot open", path, errno));
  }
  FdCloser closer(fd);
  struct stat status {};
  if (::fstat(fd, &status) != 0) return std::unexpected(system_error("cannot inspect", path, errno));
  if (!S_ISREG(status.st_mode)) {
    return std::unexpected(StoreError{fmt::format("cannot read {}: not a regular file", path.string())});
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(system_error("cannot read", path, errno));
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  return std::optional<std::string>{std::move(text)};
}

std::expected<void, StoreError> sync_directory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(system_error("cannot open directory", directory, errno));
  FdCloser closer(fd);
  if (::fsync(fd) != 0) return std::unexpected(system_error("cannot sync directory", directory, errno));
  return {};
}

std::expected<void, StoreError> make_private_directories(const fs::path& directory) {
  if (directory.empty()) return {};
  struct stat status {};
  if (::stat(directory.c_str(), &status) == 0) {
    if (S_ISDIR(status.st_mode)) return {};
    return std::unexpected(
        StoreError{fmt::format("cannot use {} as a directory: a file of that name exists", directory.string())});
  }
  if (errno != ENOENT) return std::unexpected(system_error("cannot inspect", directory, errno));
  const fs::path parent = directory.parent_path();
  if (parent != directory) {
    if (auto made = make_private_directories(parent); !made) return made;
  }
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return std::unexpected(system_error("cannot create directory", directory, errno));
  }
  return {};
}

void remove_abandoned_temp_files(const fs::path& directory) {
  std::error_code error;
  fs::directory_iterator entries(directory, error);
  for (; !error && entries != fs::directory_iterator(); entries.increment(error)) {
    const auto writer = temp_file_writer(entries->path().filename().native());
    if (!writer || !process_is_gone(*writer)) continue;
    std::error_code ignored;
    fs::remove(entries->path(), ignored);
  }
}

fs::path archive_directory(const fs::path& config_dir) { return config_dir / "archive"; }

fs::path revision_path(const fs::path& config_dir, std::uint64_t sequence) {
  return archive_directory(config_dir) / fmt::format("{}.boot", sequence);
}

fs::path commit_log_path(const fs::path& config_dir) { return archive_directory(config_dir) / "commits"; }

}  // namespace store_files

std::expected<void, StoreError> write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  using store_files::system_error;
  if (!path.has_filename()) {
    return std::unexpected(StoreError{fmt::format("cannot write {}: not a file name", path.string())});
  }
  const auto directory = store_files::directory_of(path);
  std::string temp_name =
      (directory / fmt::format(".{}{}{}-XXXXXX", path.filename().string(), store_files::kTempMarker, ::getpid()))
          .string();
  const int fd = ::mkostemp(temp_name.data(), O_CLOEXEC);
  if (fd < 0) return std::unexpected(system_error("cannot create a temporary file for", path, errno));
  store_files::FdCloser closer(fd);
  const auto give_up = [&](StoreError error) -> std::expected<void, StoreError> {
    ::unlink(temp_name.c_str());
    return std::unexpected(std::move(error));
  };
  if (auto written = store_files::write_all(fd, text, path); !written) return give_up(written.error());
  if (::fsync(fd) != 0) return give_up(system_error("cannot sync", path, errno));
  if (closer.close_now() != 0) return give_up(system_error("cannot write", path, errno));
  if (::rename(temp_name.c_str(), path.c_str()) != 0) return give_up(system_error("cannot replace", path, errno));
  return store_files::sync_directory(directory);
}

}  // namespace ctsh::cli
