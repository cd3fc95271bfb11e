// Tests of the running configuration per dataplane and of the saved config.boot.
#include <doctest/doctest.h>

#include "ctsh/cli/config_store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using ctsh::cli::ConfigStore;
using ctsh::cli::test::file_text;
using ctsh::cli::test::put_file;
using ctsh::cli::test::ScratchDir;

TEST_CASE("there is no running configuration before the first commit, even without a directory") {
  ScratchDir scratch;
  ConfigStore store(scratch.path() / "never-created", "engine");
  CHECK(store.read_running().value() == std::optional<std::string>{});
  CHECK(store.read_saved().value() == std::optional<std::string>{});
}

TEST_CASE("each dataplane has its own running configuration") {
  ScratchDir scratch;
  ConfigStore engine(scratch.path(), "engine");
  ConfigStore kernel(scratch.path(), "kernel");
  REQUIRE(engine.open());
  REQUIRE(engine.write_running("engine text\n"));
  CHECK(engine.read_running().value() == std::optional<std::string>("engine text\n"));
  CHECK(kernel.read_running().value() == std::optional<std::string>{});
  CHECK(file_text(scratch.path() / "running" / "engine.boot") == "engine text\n");
}

TEST_CASE("an empty running file reads as an empty configuration") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  put_file(scratch.path() / "running" / "engine.boot", "");
  CHECK(store.read_running().value() == std::optional<std::string>(""));
}

TEST_CASE("a running file replaced by a directory is reported with its name") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  const auto path = scratch.path() / "running" / "engine.boot";
  fs::create_directory(path);
  const auto running = store.read_running();
  REQUIRE_FALSE(running);
  CHECK(running.error().message.find(path.string()) != std::string::npos);
  CHECK_FALSE(store.write_running("x"));
  CHECK(fs::is_directory(path));
}

TEST_CASE("config.boot is read from the config directory and written atomically by write_file") {
  ScratchDir scratch;
  ConfigStore store(scratch.path(), "engine");
  REQUIRE(store.open());
  REQUIRE(store.write_file(store.saved_path(), "saved\n"));
  CHECK(store.read_saved().value() == std::optional<std::string>("saved\n"));
  fs::remove(store.saved_path());
  fs::create_directory(store.saved_path());
  const auto saved = store.read_saved();
  REQUIRE_FALSE(saved);
  CHECK(saved.error().message.find("config.boot") != std::string::npos);
}
