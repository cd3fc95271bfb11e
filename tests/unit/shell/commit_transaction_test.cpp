// A fault at any step of a commit leaves the dataplane, the running configuration and the config
// directory exactly as they were; a good commit changes all three together.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "../../../cli/src/shell/boot.hpp"
#include "../../../cli/src/shell/commit.hpp"
#include "../../../cli/src/shell/config_mapping.hpp"
#include "ctsh/cli/config_diff.hpp"
#include "ctsh/cli/config_formats.hpp"

namespace fs = std::filesystem;
using namespace ctsh::cli;

namespace {

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files[fs::relative(entry.path(), dir).string()] = text.str();
  }
  return files;
}

ConfigNode tree_with(const Schema& schema, std::initializer_list<Path> leaves) {
  ConfigNode tree;
  for (const Path& path : leaves) {
    Path node(path.begin(), path.end() - 1);
    tree.ensure(node).set_leaf({path.back()});
  }
  apply_schema_kinds(tree, schema);
  return tree;
}

}  // namespace

TEST_CASE("a fault injected at each apply step leaves dataplane, running configuration and files unchanged") {
  const fs::path dir = fs::temp_directory_path() / ("ctsh-commit-transaction-" + std::to_string(getpid()));
  fs::remove_all(dir);
  ShellOptions options;
  options.config_dir = dir;
  Shell::State state(options);
  Output output;
  REQUIRE(start_session(state, output));
  const Schema& schema = state.schema();

  const ConfigNode first = tree_with(schema, {{"system", "conntrack", "table-size", "1000"}});
  REQUIRE(commit_tree(state, first, {"test", "first", false}, output) == Status::ok);
  const ConfigNode second = tree_with(schema, {{"system", "conntrack", "table-size", "2000"},
                                               {"system", "conntrack", "timeout", "icmp", "10"},
                                               {"firewall", "ipv4", "prerouting", "raw", "default-action", "drop"}});
  const auto files_before = snapshot(dir);
  const auto applied_before = state.dataplane().applied();
  CHECK(applied_before == to_conntrack_config(with_defaults(first, schema)));

  for (const char* step : {"table-size", "timeouts", "raw rules ipv4", "archive", "running configuration", "commit log"}) {
    CAPTURE(step);
    setenv("CTSH_TEST_FAIL_STEP", step, 1);
    Output failed;
    CHECK(commit_tree(state, second, {"test", "second", false}, failed) == Status::failed);
    CHECK(failed.err.find(std::string("Failed to apply ") + step) != std::string::npos);
    CHECK(state.dataplane().applied() == applied_before);
    CHECK(state.running == first);
    CHECK(snapshot(dir) == files_before);
  }
  unsetenv("CTSH_TEST_FAIL_STEP");
  REQUIRE(commit_tree(state, second, {"test", "second", false}, output) == Status::ok);
  CHECK(state.running == second);
  CHECK(state.dataplane().applied() == to_conntrack_config(with_defaults(second, schema)));
  CHECK(state.store.revision_count() == 2);
  fs::remove_all(dir);
}

TEST_CASE("commit check plans but applies nothing") {
  const fs::path dir = fs::temp_directory_path() / ("ctsh-commit-check-" + std::to_string(getpid()));
  fs::remove_all(dir);
  ShellOptions options;
  options.config_dir = dir;
  Shell::State state(options);
  Output output;
  REQUIRE(start_session(state, output));
  const auto applied_before = state.dataplane().applied();
  const ConfigNode target = tree_with(state.schema(), {{"system", "conntrack", "table-size", "4096"}});
  REQUIRE(commit_tree(state, target, {"test", "", true}, output) == Status::ok);
  CHECK(output.out == "Configuration check succeeded\n");
  CHECK(state.dataplane().applied() == applied_before);
  CHECK(state.running == ConfigNode{});
  CHECK(state.store.revision_count() == 0);
  fs::remove_all(dir);
}
