// Tests of the revision archive: numbering, pruning to the newest 100, and counting back from the newest.
#include <doctest/doctest.h>

#include "ctsh/cli/config_store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using ctsh::cli::CommitLogEntry;
using ctsh::cli::ConfigStore;
using ctsh::cli::test::put_file;
using ctsh::cli::test::ScratchDir;

TEST_CASE("revisions are numbered upwards from 1 and read back as written") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  CHECK(store.add_revision("first\n") == 1u);
  CHECK(store.add_revision("second\n") == 2u);
  CHECK(store.add_revision("third\n") == 3u);
  CHECK(store.revision_count() == 3);
  CHECK(store.read_revision(2) == std::string("second\n"));
  CHECK(fs::exists(scratch.path() / "archive" / "3.boot"));
}

TEST_CASE("adding the 101st revision removes the oldest and keeps numbering upwards") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  for (int i = 1; i <= 100; ++i) REQUIRE(store.add_revision("revision " + std::to_string(i)));
  CHECK(store.revision_count() == 100);
  CHECK(store.add_revision("revision 101") == 101u);
  CHECK(store.revision_count() == ConfigStore::kRevisionsKept);
  CHECK_FALSE(fs::exists(scratch.path() / "archive" / "1.boot"));
  CHECK(store.sequence_of(0) == 101u);
  CHECK(store.sequence_of(99) == 2u);
  CHECK_FALSE(store.sequence_of(100));
  CHECK(store.add_revision("revision 102") == 102u);
}

TEST_CASE("a sequence number named in the log is not reused even when its file is gone") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  REQUIRE(store.add_revision("one"));
  REQUIRE(store.add_revision("two"));
  REQUIRE(store.append_log(CommitLogEntry{2, 1700000000, "root", "cli", ""}));
  fs::remove(scratch.path() / "archive" / "2.boot");
  CHECK(store.add_revision("three") == 3u);
}

TEST_CASE("sequence_of counts back from the newest revision") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  CHECK_FALSE(store.sequence_of(0));
  for (int i = 0; i < 5; ++i) REQUIRE(store.add_revision("r"));
  fs::remove(scratch.path() / "archive" / "4.boot");
  CHECK(store.sequence_of(0) == 5u);
  CHECK(store.sequence_of(1) == 3u);
  CHECK(store.sequence_of(3) == 1u);
  CHECK_FALSE(store.sequence_of(4));
}

TEST_CASE("files in the archive that are not revision files are ignored") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  put_file(scratch.path() / "archive" / "notes.txt", "x");
  put_file(scratch.path() / "archive" / "007.boot", "x");
  put_file(scratch.path() / "archive" / "-1.boot", "x");
  put_file(scratch.path() / "archive" / "99999999999999999999999.boot", "x");
  fs::create_directory(scratch.path() / "archive" / "9.boot");
  CHECK(store.revision_count() == 0);
  CHECK(store.add_revision("real") == 1u);
}

TEST_CASE("reading a revision that is not in the archive names the missing file") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  const auto missing = store.read_revision(42);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find((scratch.path() / "archive" / "42.boot").string()) != std::string::npos);
}

TEST_CASE("an archive directory replaced by a file makes add_revision fail with its name") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  put_file(scratch.path() / "archive", "not a directory");
  const auto added = store.add_revision("text");
  REQUIRE_FALSE(added);
  CHECK(added.error().message.find((scratch.path() / "archive").string()) != std::string::npos);
  CHECK(store.revision_count() == 0);
}
