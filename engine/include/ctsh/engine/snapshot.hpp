// Engine snapshots: the whole engine state (clock, entries, expectations, helper state, counters, ids,
// interface names) to a file and back, so that a later `ctsh` invocation sees the table an earlier one
// built. Versioned binary format with a checksum; a corrupt, truncated or foreign file is refused with
// a message and leaves the engine as it was. Writes are atomic (temp file, fsync, rename).
//
//   auto lock = SnapshotLock::acquire(dir / "engine.lock");      // one shell at a time
//   if (std::filesystem::exists(file)) load_snapshot(engine, file);
//   ... process, advance ...
//   save_snapshot(engine, file);
//
// The engine given to load_snapshot must have been built with the configuration the snapshot's
// engine ran (the shell's running configuration); table-size and hash-size are taken from it.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

#include "ctsh/engine/engine.hpp"

namespace ctsh::engine {

std::expected<void, std::string> save_snapshot(const Engine& engine, const std::filesystem::path& file);
std::expected<void, std::string> load_snapshot(Engine& engine, const std::filesystem::path& file);

// An exclusive flock(2) on a lock file, held for the lifetime of the object (dies with the process).
class SnapshotLock {
 public:
  // Waits up to `timeout_ms` for the lock; fails with a message naming the file otherwise.
  static std::expected<SnapshotLock, std::string> acquire(const std::filesystem::path& lock_file, int timeout_ms = 10000);
  SnapshotLock(SnapshotLock&& other) noexcept;
  SnapshotLock& operator=(SnapshotLock&& other) noexcept;
  SnapshotLock(const SnapshotLock&) = delete;
  SnapshotLock& operator=(const SnapshotLock&) = delete;
  ~SnapshotLock();

 private:
  explicit SnapshotLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace ctsh::engine
