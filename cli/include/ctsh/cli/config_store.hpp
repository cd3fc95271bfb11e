// ConfigStore: the config directory of one ctsh installation, and the only code that writes it.
//
// Layout (docs/architecture.md):
//   config.boot                   saved configuration (VyOS format); applied only when no running state exists
//   running/<dataplane>.boot      the running configuration of each dataplane, loaded at every start
//   archive/<seq>.boot            committed revisions, by rising sequence number; the newest 100 kept
//   archive/commits               append-only commit log, one line per commit: |seq|epoch|user|via|comment|
//   commit-confirm.json           a pending commit-confirm (deadline, revision to revert to)
//   .lock                         flock(2) commit lock; dies with its process
// Every write is atomic: temp file in the same directory, fsync, rename, fsync of the directory.
//
//   ConfigStore store(dir, "engine");
//   auto lock = store.try_lock_commits();      // CommitLock or "another commit in progress"
//   store.write_running(text);                 // the commit point
//
// One ConfigStore per process; the lock serialises processes.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ctsh::cli {

struct StoreError {
  std::string message;  // names the file and the system error
};

struct CommitLogEntry {
  std::uint64_t sequence = 0;
  std::int64_t epoch = 0;
  std::string user;
  std::string via;      // "cli", "script", "commit-confirm", "rollback", "boot-config-loader" ...
  std::string comment;  // "" when none was given
};

struct PendingConfirm {
  std::int64_t deadline_epoch = 0;      // when the revert happens
  std::uint64_t revert_to_sequence = 0; // archive revision to restore
  int minutes = 0;
};

// Holds the commit lock until destroyed.
class CommitLock {
 public:
  CommitLock(CommitLock&&) noexcept;
  CommitLock& operator=(CommitLock&&) noexcept;
  ~CommitLock();
  explicit CommitLock(int fd);
 private:
  int fd_ = -1;
};

class ConfigStore {
 public:
  static constexpr std::size_t kRevisionsKept = 100;

  ConfigStore(std::filesystem::path dir, std::string dataplane);
  const std::filesystem::path& dir() const { return dir_; }

  // Creates the directory layout if missing; repairs what a killed commit left behind (an archive
  // revision newer than the running state is removed; a committed revision missing from the log gets
  // its line back). Call with the lock held, or before any other process can commit.
  std::expected<void, StoreError> open();

  // Non-blocking: fails at once with "another commit in progress" when another process holds it.
  std::expected<CommitLock, StoreError> try_lock_commits();

  // Running configuration text of this dataplane; nullopt when there is none yet (first start).
  std::expected<std::optional<std::string>, StoreError> read_running() const;
  std::expected<void, StoreError> write_running(const std::string& text);

  std::expected<std::optional<std::string>, StoreError> read_saved() const;  // config.boot
  std::expected<void, StoreError> write_file(const std::filesystem::path& path, const std::string& text);
  std::filesystem::path saved_path() const { return dir_ / "config.boot"; }

  // Archive: add a revision (returns its sequence number), list (newest first), read one.
  std::expected<std::uint64_t, StoreError> add_revision(const std::string& text);
  std::expected<void, StoreError> append_log(const CommitLogEntry& entry);
  std::vector<CommitLogEntry> log_newest_first() const;  // only entries whose revision file exists
  std::expected<std::string, StoreError> read_revision(std::uint64_t sequence) const;
  // "revision N" as users count: 0 is the newest. nullopt when there is no such revision.
  std::optional<std::uint64_t> sequence_of(std::size_t revision) const;
  std::size_t revision_count() const;

  std::expected<std::optional<PendingConfirm>, StoreError> read_confirm() const;
  std::expected<void, StoreError> write_confirm(const PendingConfirm& pending);
  std::expected<void, StoreError> clear_confirm();

  std::filesystem::path history_path() const { return dir_ / "history"; }

 private:
  std::filesystem::path dir_;
  std::string dataplane_;
};

// Atomic replacement of one file: temp file beside it, write, fsync, rename, fsync the directory.
std::expected<void, StoreError> write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace ctsh::cli
