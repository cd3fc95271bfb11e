// Internal to the config store: file primitives (read, errors, temp files) and the archive's file names,
// shared by the store's source files. Nothing here throws.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/cli/config_store.hpp"

namespace ctsh::cli::store_files {

// Closes a file descriptor when it goes out of scope.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser();
  // Closes now and reports close(2)'s result (it can report a delayed write error).
  int close_now();
 private:
  int fd_;
};

// "<what> <path>: <strerror(error_number)>"
StoreError system_error(std::string_view what, const std::filesystem::path& path, int error_number);

// The whole file; nullopt when it (or its directory) does not exist. A directory in its place, or an
// unreadable file, is an error.
std::expected<std::optional<std::string>, StoreError> read_if_exists(const std::filesystem::path& path);

// write(2) until all of `text` is written; `path` names the file in the error.
std::expected<void, StoreError> write_all(int fd, std::string_view text, const std::filesystem::path& path);

// fsync of a directory, so that a rename or unlink inside it survives a crash.
std::expected<void, StoreError> sync_directory(const std::filesystem::path& directory);

// mkdir -p with mode 0700 for every directory created; an existing non-directory is an error.
std::expected<void, StoreError> make_private_directories(const std::filesystem::path& directory);

// Removes temp files that write_file_atomically left in `directory` when its process died.
void remove_abandoned_temp_files(const std::filesystem::path& directory);

// Archive layout: archive/<seq>.boot and archive/commits.
std::filesystem::path archive_directory(const std::filesystem::path& config_dir);
std::filesystem::path revision_path(const std::filesystem::path& config_dir, std::uint64_t sequence);
std::filesystem::path commit_log_path(const std::filesystem::path& config_dir);

// Sequence numbers of the revision files present, ascending.
std::vector<std::uint64_t> archived_sequences(const std::filesystem::path& config_dir);

// Every well-formed line of the commit log, in file order (torn last line and garbage skipped).
std::vector<CommitLogEntry> read_log_entries(const std::filesystem::path& config_dir);

}  // namespace ctsh::cli::store_files
