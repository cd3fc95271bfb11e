// Tests of ConfigStore::open: the layout it creates and its repair of a commit killed half-way
// (commit order: add_revision, write_running, append_log).
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "ctsh/cli/config_store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using ctsh::cli::CommitLogEntry;
using ctsh::cli::ConfigStore;
using ctsh::cli::test::put_file;
using ctsh::cli::test::ScratchDir;

namespace {

// A complete commit of `text`, as the shell does it.
void commit(ConfigStore& store, const std::string& text) {
  const auto sequence = store.add_revision(text);
  REQUIRE(sequence);
  REQUIRE(store.write_running(text));
  REQUIRE(store.append_log(CommitLogEntry{*sequence, 1700000000, "root", "cli", ""}));
}

}  // namespace

TEST_CASE("open creates the config directory, running/ and archive/ with mode 0700") {
  ScratchDir scratch;
  const auto dir = scratch.path() / "nested" / "ctsh";
  ConfigStore store(dir, "engine");
  REQUIRE(store.open());
  for (const auto& directory : {dir, dir / "running", dir / "archive"}) {
    struct stat status {};
    REQUIRE(::stat(directory.c_str(), &status) == 0);
    CHECK(S_ISDIR(status.st_mode));
    CHECK((status.st_mode & 0777) == 0700);
  }
  CHECK(store.revision_count() == 0);
}

TEST_CASE("open removes a revision whose commit was killed before the running state was written") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  commit(store, "A\n");
  REQUIRE(store.add_revision("B\n") == 2u);
  REQUIRE(store.open());
  CHECK(store.revision_count() == 1);
  CHECK(store.sequence_of(0) == 1u);
  CHECK(store.read_running().value() == std::optional<std::string>("A\n"));
  CHECK(store.log_newest_first().size() == 1);
}

TEST_CASE("open removes the revision of a first commit killed before any running state existed") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  REQUIRE(store.add_revision("A\n"));
  REQUIRE(store.open());
  CHECK(store.revision_count() == 0);
  CHECK(store.read_running().value() == std::optional<std::string>{});
}

TEST_CASE("open writes back the log line of a commit killed after the running state was written") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  commit(store, "A\n");
  REQUIRE(store.add_revision("B\n") == 2u);
  REQUIRE(store.write_running("B\n"));
  const auto revision_time = fs::last_write_time(scratch.path() / "archive" / "2.boot");
  REQUIRE(store.open());
  const auto entries = store.log_newest_first();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].sequence == 2);
  CHECK(entries[0].via == "recovered");
  const auto expected_epoch = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::file_clock::to_sys(revision_time).time_since_epoch());
  CHECK(entries[0].epoch == expected_epoch.count());
  CHECK(store.revision_count() == 2);
}

TEST_CASE("open changes nothing in a consistent directory") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  commit(store, "A\n");
  commit(store, "B\n");
  REQUIRE(store.open());
  REQUIRE(store.open());
  CHECK(store.revision_count() == 2);
  CHECK(store.log_newest_first().size() == 2);
  CHECK(store.read_running().value() == std::optional<std::string>("B\n"));
}

TEST_CASE("open keeps a logged newest revision even when the running text differs") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  commit(store, "A\n");
  REQUIRE(store.write_running("edited by hand\n"));
  REQUIRE(store.open());
  CHECK(store.revision_count() == 1);
}

TEST_CASE("open fails with a clear message when the config directory is a file") {
  ScratchDir scratch;
  put_file(scratch.path() / "ctsh", "x");
  ConfigStore store(scratch.path() / "ctsh", "engine");
  const auto opened = store.open();
  REQUIRE_FALSE(opened);
  CHECK(opened.error().message.find((scratch.path() / "ctsh").string()) != std::string::npos);
  CHECK(opened.error().message.find("a file of that name exists") != std::string::npos);
}

TEST_CASE("open refuses a dataplane name that is not a plain file name") {
  ScratchDir scratch;
  for (const std::string name : {"", "..", "a/b"}) {
    ConfigStore store(scratch.path(), name);
    const auto opened = store.open();
    REQUIRE_FALSE(opened);
    CHECK(opened.error().message.find("invalid dataplane name") != std::string::npos);
    CHECK_FALSE(store.write_running("x"));
  }
}
