// Tests of the commit lock across processes: a second process is refused while the first holds it,
// and the lock is free again once its holder releases it or dies.
#include <doctest/doctest.h>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "ctsh/cli/config_store.hpp"
#include "scratch_dir.hpp"

using ctsh::cli::ConfigStore;
using ctsh::cli::test::ScratchDir;

namespace {

// A child process that takes the lock, reports it through a pipe, and holds it until told to exit
// (or until killed).
class LockHoldingChild {
 public:
  explicit LockHoldingChild(const std::filesystem::path& dir) {
    int to_parent[2];
    int to_child[2];
    REQUIRE(::pipe(to_parent) == 0);
    REQUIRE(::pipe(to_child) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::close(to_parent[0]);
      ::close(to_child[1]);
      ConfigStore store(dir, "engine");
      auto lock = store.try_lock_commits();
      const char result = lock ? 'L' : 'F';
      if (::write(to_parent[1], &result, 1) != 1) ::_exit(2);
      char go = 0;
      [[maybe_unused]] const auto got = ::read(to_child[0], &go, 1);
      ::_exit(0);
    }
    ::close(to_parent[1]);
    ::close(to_child[0]);
    from_child_ = to_parent[0];
    to_child_ = to_child[1];
  }
  LockHoldingChild(const LockHoldingChild&) = delete;
  LockHoldingChild& operator=(const LockHoldingChild&) = delete;
  ~LockHoldingChild() {
    ::close(from_child_);
    ::close(to_child_);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool took_lock() {
    char result = 0;
    return ::read(from_child_, &result, 1) == 1 && result == 'L';
  }
  void release_and_exit() {
    const char go = 'x';
    REQUIRE(::write(to_child_, &go, 1) == 1);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void kill_hard() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int from_child_ = -1;
  int to_child_ = -1;
};

}  // namespace

TEST_CASE("a second process is told that another commit holds the lock, until the holder exits") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  LockHoldingChild holder(scratch.path());
  REQUIRE(holder.took_lock());
  const auto refused = store.try_lock_commits();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message == "Configuration system temporarily locked due to another commit in progress");
  holder.release_and_exit();
  CHECK(store.try_lock_commits());
}

TEST_CASE("the commit lock dies with a process killed by SIGKILL") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  LockHoldingChild holder(scratch.path());
  REQUIRE(holder.took_lock());
  REQUIRE_FALSE(store.try_lock_commits());
  holder.kill_hard();
  CHECK(store.try_lock_commits());
}

TEST_CASE("a lock released by its owner can be taken again, and a moved lock stays held") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  {
    auto first = store.try_lock_commits();
    REQUIRE(first);
    auto moved = std::move(*first);
    CHECK_FALSE(store.try_lock_commits());
  }
  CHECK(store.try_lock_commits());
}

TEST_CASE("taking the lock in a missing config directory names the lock file") {
  ScratchDir scratch;
  ConfigStore store(scratch.path() / "missing", "engine");
  const auto lock = store.try_lock_commits();
  REQUIRE_FALSE(lock);
  CHECK(lock.error().message.find((scratch.path() / "missing" / ".lock").string()) != std::string::npos);
}
