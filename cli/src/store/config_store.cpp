// ConfigStore: the directory layout, the running and saved configurations, and the repair of what a
// commit killed half-way left behind (commit order: add_revision, write_running, append_log).
#include <cerrno>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "ctsh/cli/config_store.hpp"
#include "store_files.hpp"

namespace ctsh::cli {
namespace {

namespace fs = std::filesystem;

// The dataplane's name becomes a file name: a plain, non-empty name only.
bool is_plain_file_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string_view("/\0", 2)) == std::string::npos;
}

std::string current_user() {
  if (const passwd* entry = ::getpwuid(::geteuid()); entry != nullptr && entry->pw_name != nullptr) {
    return entry->pw_name;
  }
  return fmt::format("uid {}", ::geteuid());
}

bool has_log_line(const fs::path& config_dir, std::uint64_t sequence) {
  for (const auto& entry : store_files::read_log_entries(config_dir)) {
    if (entry.sequence == sequence) return true;
  }
  return false;
}

// Only the newest revision can be unfinished, and only when it has no log line (the log line is the
// last step of a commit): either the running state was never written (remove the revision), or it
// was and only the log line is missing (write it back, dated by the revision file).
std::expected<void, StoreError> repair_interrupted_commit(ConfigStore& store) {
  const auto newest = store.sequence_of(0);
  if (!newest || has_log_line(store.dir(), *newest)) return {};
  const auto running = store.read_running();
  if (!running) return std::unexpected(running.error());
  const auto revision = store.read_revision(*newest);
  if (!revision) return std::unexpected(revision.error());
  const auto path = store_files::revision_path(store.dir(), *newest);
  if (!*running || **running != *revision) {
    if (::unlink(path.c_str()) != 0) {
      return std::unexpected(store_files::system_error("cannot remove the uncommitted revision", path, errno));
    }
    return store_files::sync_directory(path.parent_path());
  }
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) {
    return std::unexpected(store_files::system_error("cannot inspect", path, errno));
  }
  return store.append_log(
      CommitLogEntry{*newest, static_cast<std::int64_t>(status.st_mtime), current_user(), "recovered", ""});
}

std::expected<fs::path, StoreError> running_path(const fs::path& config_dir, const std::string& dataplane) {
  if (!is_plain_file_name(dataplane)) {
    return std::unexpected(StoreError{fmt::format("invalid dataplane name \"{}\": it names a file in {}",
                                                  dataplane, (config_dir / "running").string())});
  }
  return config_dir / "running" / fmt::format("{}.boot", dataplane);
}

}  // namespace

ConfigStore::ConfigStore(std::filesystem::path dir, std::string dataplane)
    : dir_(std::move(dir)), dataplane_(std::move(dataplane)) {}

std::expected<void, StoreError> ConfigStore::open() {
  if (auto path = running_path(dir_, dataplane_); !path) return std::unexpected(path.error());
  for (const auto& directory : {dir_, dir_ / "running", store_files::archive_directory(dir_)}) {
    if (auto made = store_files::make_private_directories(directory); !made) return made;
    store_files::remove_abandoned_temp_files(directory);
  }
  return repair_interrupted_commit(*this);
}

std::expected<std::optional<std::string>, StoreError> ConfigStore::read_running() const {
  const auto path = running_path(dir_, dataplane_);
  if (!path) return std::unexpected(path.error());
  return store_files::read_if_exists(*path);
}

std::expected<void, StoreError> ConfigStore::write_running(const std::string& text) {
  const auto path = running_path(dir_, dataplane_);
  if (!path) return std::unexpected(path.error());
  if (auto made = store_files::make_private_directories(path->parent_path()); !made) return made;
  return write_file_atomically(*path, text);
}

std::expected<std::optional<std::string>, StoreError> ConfigStore::read_saved() const {
  return store_files::read_if_exists(saved_path());
}

std::expected<void, StoreError> ConfigStore::write_file(const std::filesystem::path& path, const std::string& text) {
  return write_file_atomically(path, text);
}

}  // namespace ctsh::cli
