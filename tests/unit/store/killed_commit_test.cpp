// A commit (add_revision, write_running, append_log) killed with SIGKILL at random moments: after open()
// the directory always holds the old or the new configuration, consistently, and the lock is free.
#include <doctest/doctest.h>

#include <csignal>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

#include "ctsh/cli/config_store.hpp"
#include "scratch_dir.hpp"

using ctsh::cli::CommitLogEntry;
using ctsh::cli::ConfigStore;
using ctsh::cli::test::ScratchDir;

namespace {

// Runs one whole commit of `text` in a child process and kills it after `delay`.
void commit_in_child_killed_after(const std::filesystem::path& dir, const std::string& text,
                                  std::chrono::microseconds delay) {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ConfigStore store(dir, "engine");
    auto lock = store.try_lock_commits();
    if (!lock) ::_exit(1);
    const auto sequence = store.add_revision(text);
    if (!sequence || !store.write_running(text) ||
        !store.append_log(CommitLogEntry{*sequence, 1700000000, "root", "cli", text})) {
      ::_exit(1);
    }
    ::_exit(0);
  }
  ::usleep(static_cast<useconds_t>(delay.count()));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE((WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0)));
}

}  // namespace

TEST_CASE("a commit killed at any moment leaves the old or the new configuration, consistently") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  std::string committed = "revision 0\n";
  REQUIRE(store.add_revision(committed));
  REQUIRE(store.write_running(committed));
  REQUIRE(store.append_log(CommitLogEntry{1, 1700000000, "root", "cli", ""}));
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> delay_us(0, 4000);
  for (int attempt = 1; attempt <= 40; ++attempt) {
    CAPTURE(attempt);
    const std::string next = "revision " + std::to_string(attempt) + "\n";
    commit_in_child_killed_after(scratch.path(), next, std::chrono::microseconds(delay_us(random)));
    REQUIRE(store.open());
    const auto running = store.read_running();
    REQUIRE(running);
    REQUIRE(*running);
    const std::string& now = **running;
    CHECK((now == committed || now == next));
    const auto newest = store.sequence_of(0);
    REQUIRE(newest);
    CHECK(store.read_revision(*newest).value() == now);
    const auto log = store.log_newest_first();
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().sequence == *newest);
    CHECK(store.try_lock_commits());
    committed = now;
  }
}
