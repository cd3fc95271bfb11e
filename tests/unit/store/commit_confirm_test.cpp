// Tests of the pending commit-confirm file: round trip, clearing, and corrupt content reported.
#include <doctest/doctest.h>

#include "ctsh/cli/config_store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using ctsh::cli::ConfigStore;
using ctsh::cli::PendingConfirm;
using ctsh::cli::test::put_file;
using ctsh::cli::test::ScratchDir;

TEST_CASE("a pending commit-confirm reads back as written and is gone once cleared") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  CHECK_FALSE(store.read_confirm().value().has_value());
  REQUIRE(store.write_confirm(PendingConfirm{1700000600, 41, 10}));
  const auto pending = store.read_confirm();
  REQUIRE(pending);
  REQUIRE(*pending);
  CHECK((*pending)->deadline_epoch == 1700000600);
  CHECK((*pending)->revert_to_sequence == 41);
  CHECK((*pending)->minutes == 10);
  REQUIRE(store.clear_confirm());
  CHECK_FALSE(store.read_confirm().value().has_value());
  CHECK(store.clear_confirm());
}

TEST_CASE("a corrupt commit-confirm file is reported with its name, not crashed on") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  const auto path = scratch.path() / "commit-confirm.json";
  for (const std::string text :
       {"", "{not json", "[1,2]", R"({"deadline_epoch":1,"revert_to_sequence":2})",
        R"({"deadline_epoch":"soon","revert_to_sequence":2,"minutes":10})",
        R"({"deadline_epoch":1,"revert_to_sequence":-2,"minutes":10})",
        R"({"deadline_epoch":1,"revert_to_sequence":2,"minutes":99999999999})",
        R"({"deadline_epoch":18446744073709551615,"revert_to_sequence":2,"minutes":10})"}) {
    CAPTURE(text);
    put_file(path, text);
    const auto pending = store.read_confirm();
    REQUIRE_FALSE(pending);
    CHECK(pending.error().message.find(path.string()) != std::string::npos);
    CHECK(pending.error().message.find("corrupt") != std::string::npos);
  }
  REQUIRE(store.clear_confirm());
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a commit-confirm file replaced by a directory is reported") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  fs::create_directory(scratch.path() / "commit-confirm.json");
  const auto pending = store.read_confirm();
  REQUIRE_FALSE(pending);
  CHECK(pending.error().message.find("commit-confirm.json") != std::string::npos);
}
