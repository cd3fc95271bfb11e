// Tests of the commit log: escaping, newest-first listing, torn and garbage lines.
#include <doctest/doctest.h>

#include "ctsh/cli/config_store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using ctsh::cli::CommitLogEntry;
using ctsh::cli::ConfigStore;
using ctsh::cli::test::file_text;
using ctsh::cli::test::put_file;
using ctsh::cli::test::ScratchDir;

namespace {

// A store holding `count` revisions, numbered 1..count, without log lines.
void add_revisions(ConfigStore& store, int count) {
  REQUIRE(store.open());
  for (int i = 0; i < count; ++i) REQUIRE(store.add_revision("r"));
}

fs::path log_of(const ScratchDir& scratch) { return scratch.path() / "archive" / "commits"; }

}  // namespace

TEST_CASE("a log line is |seq|epoch|user|via|comment| with | written as %% and line breaks as spaces") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  add_revisions(store, 1);
  REQUIRE(store.append_log(CommitLogEntry{1, 1700000000, "ad|min", "cli", "fix a|b\nthen\r\nmore"}));
  CHECK(file_text(log_of(scratch)) == "|1|1700000000|ad%%min|cli|fix a%%b then  more|\n");
  const auto entries = store.log_newest_first();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].sequence == 1);
  CHECK(entries[0].epoch == 1700000000);
  CHECK(entries[0].user == "ad|min");
  CHECK(entries[0].via == "cli");
  CHECK(entries[0].comment == "fix a|b then  more");
}

TEST_CASE("the log lists the newest commit first and only revisions still archived") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  add_revisions(store, 3);
  for (std::uint64_t sequence = 1; sequence <= 3; ++sequence) {
    REQUIRE(store.append_log(CommitLogEntry{sequence, 1700000000 + static_cast<std::int64_t>(sequence), "root",
                                            "cli", "commit " + std::to_string(sequence)}));
  }
  fs::remove(scratch.path() / "archive" / "1.boot");
  const auto entries = store.log_newest_first();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].sequence == 3);
  CHECK(entries[0].comment == "commit 3");
  CHECK(entries[1].sequence == 2);
}

TEST_CASE("a torn last log line is ignored and the next line starts on a line of its own") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  add_revisions(store, 2);
  put_file(log_of(scratch), "|1|1700000000|root|cli||\n|2|17000");
  const auto before = store.log_newest_first();
  REQUIRE(before.size() == 1);
  CHECK(before[0].sequence == 1);
  REQUIRE(store.append_log(CommitLogEntry{2, 1700000002, "root", "recovered", ""}));
  const auto after = store.log_newest_first();
  REQUIRE(after.size() == 2);
  CHECK(after[0].sequence == 2);
  CHECK(after[0].via == "recovered");
}

TEST_CASE("garbage lines in the log are skipped") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  add_revisions(store, 2);
  put_file(log_of(scratch),
           "not a log line\n"
           "|x|1700000000|root|cli||\n"
           "|1|not-a-time|root|cli||\n"
           "|1|1700000000|root|cli|\n"
           "|1|1700000000|root|cli|a|b|\n"
           "\n"
           "|2|1700000002|root|cli|kept|\n");
  const auto entries = store.log_newest_first();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].sequence == 2);
  CHECK(entries[0].comment == "kept");
}

TEST_CASE("an empty or missing log lists nothing") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  add_revisions(store, 1);
  CHECK(store.log_newest_first().empty());
  put_file(log_of(scratch), "");
  CHECK(store.log_newest_first().empty());
}

TEST_CASE("a log replaced by a directory lists nothing and appending names it") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  add_revisions(store, 1);
  fs::create_directory(log_of(scratch));
  CHECK(store.log_newest_first().empty());
  const auto appended = store.append_log(CommitLogEntry{1, 1700000000, "root", "cli", ""});
  REQUIRE_FALSE(appended);
  CHECK(appended.error().message.find(log_of(scratch).string()) != std::string::npos);
}
