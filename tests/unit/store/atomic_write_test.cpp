// Tests of write_file_atomically and of the clean-up of temp files left by killed writers.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include "ctsh/cli/config_store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using ctsh::cli::ConfigStore;
using ctsh::cli::write_file_atomically;
using ctsh::cli::test::file_text;
using ctsh::cli::test::put_file;
using ctsh::cli::test::ScratchDir;

namespace {

std::size_t entries_in(const fs::path& directory) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(directory), fs::directory_iterator()));
}

// The pid of a process that has exited and been reaped.
pid_t pid_of_finished_process() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

}  // namespace

TEST_CASE("an atomic write creates the file with exactly the given text") {
  ScratchDir scratch;
  const auto path = scratch.path() / "config.boot";
  REQUIRE(write_file_atomically(path, "line one\nline two\n"));
  CHECK(file_text(path) == "line one\nline two\n");
  CHECK(entries_in(scratch.path()) == 1);
}

TEST_CASE("an atomic write replaces the old content completely") {
  ScratchDir scratch;
  const auto path = scratch.path() / "config.boot";
  put_file(path, "a much longer old content that must disappear\n");
  REQUIRE(write_file_atomically(path, "new\n"));
  CHECK(file_text(path) == "new\n");
}

TEST_CASE("an atomic write of empty text leaves an empty file") {
  ScratchDir scratch;
  const auto path = scratch.path() / "empty";
  REQUIRE(write_file_atomically(path, ""));
  CHECK(fs::file_size(path) == 0);
}

TEST_CASE("a failed atomic write leaves what was there and no temp file, and names the file") {
  ScratchDir scratch;
  const auto path = scratch.path() / "config.boot";
  fs::create_directory(path);
  put_file(path / "inside", "kept");
  const auto written = write_file_atomically(path, "new\n");
  REQUIRE_FALSE(written);
  CHECK(written.error().message.find(path.string()) != std::string::npos);
  CHECK(fs::is_directory(path));
  CHECK(file_text(path / "inside") == "kept");
  CHECK(entries_in(scratch.path()) == 1);
}

TEST_CASE("an atomic write into a missing directory fails with a message naming the file") {
  ScratchDir scratch;
  const auto path = scratch.path() / "missing" / "config.boot";
  const auto written = write_file_atomically(path, "x");
  REQUIRE_FALSE(written);
  CHECK(written.error().message.find(path.string()) != std::string::npos);
  CHECK(written.error().message.find("No such file or directory") != std::string::npos);
}

TEST_CASE("an atomic write to a path without a file name is refused") {
  ScratchDir scratch;
  const auto written = write_file_atomically(scratch.path() / "", "x");
  REQUIRE_FALSE(written);
  CHECK(written.error().message.find("not a file name") != std::string::npos);
}

TEST_CASE("open removes temp files of dead writers and keeps those of live ones") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  const auto name_for = [](pid_t pid) { return ".engine.boot.ctsh-tmp-" + std::to_string(pid) + "-Ab12Cd"; };
  const auto of_dead = scratch.path() / "running" / name_for(pid_of_finished_process());
  const auto of_live = scratch.path() / "archive" / name_for(::getpid());
  const auto unrelated = scratch.path() / ".engine.boot.tmp-1-abc";
  put_file(of_dead, "half");
  put_file(of_live, "in progress");
  put_file(unrelated, "not ours");
  REQUIRE(store.open());
  CHECK_FALSE(fs::exists(of_dead));
  CHECK(fs::exists(of_live));
  CHECK(fs::exists(unrelated));
}
