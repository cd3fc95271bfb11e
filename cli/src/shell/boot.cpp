// Session start-up and dataplane construction.
#include "boot.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "commit.hpp"
#include "config_mapping.hpp"
#include "ctsh/cli/config_diff.hpp"
#include "ctsh/cli/config_formats.hpp"

namespace ctsh::cli {
namespace {

// Loads config.boot into a fresh installation (VyOS's boot-config-loader); a broken file is reported and
// skipped, so that the shell still starts and the file can be fixed.
void boot_saved_config(Shell::State& state, Output& output) {
  auto saved = state.store.read_saved();
  if (!saved) {
    output.err += fmt::format("WARNING: {}; starting with an empty configuration\n", saved.error().message);
    return;
  }
  if (!*saved) return;
  auto tree = parse_config_boot(**saved);
  if (!tree) {
    output.err += fmt::format("WARNING: {}: {}; not applied, starting with an empty configuration\n",
                              state.store.saved_path().string(), tree.error().message);
    return;
  }
  apply_schema_kinds(*tree, state.schema());
  Output commit_output;
  if (commit_tree(state, *tree, {"boot-config-loader", ""}, commit_output) == Status::failed) {
    output.err += commit_output.err;
    output.err += fmt::format("WARNING: {} was not applied; starting with an empty configuration\n",
                              state.store.saved_path().string());
  }
}

}  // namespace

std::expected<void, std::string> start_session(Shell::State& state, Output& output) {
  std::error_code ec;
  std::filesystem::create_directories(state.store.dir(), ec);
  if (ec) return std::unexpected(fmt::format("cannot create {}: {}", state.store.dir().string(), ec.message()));
  // Repair only under the lock: a commit in progress elsewhere must not be mistaken for a crash.
  if (auto lock = state.store.try_lock_commits()) {
    if (auto opened = state.store.open(); !opened) return std::unexpected(opened.error().message);
  }
  auto running = state.store.read_running();
  if (!running) return std::unexpected(running.error().message);
  if (*running) {
    auto tree = parse_config_boot(**running);
    if (!tree) {
      return std::unexpected(fmt::format("the running configuration of the {} dataplane is damaged ({}); "
                                         "move it away to boot from config.boot",
                                         state.options.dataplane, tree.error().message));
    }
    apply_schema_kinds(*tree, state.schema());
    state.running = std::move(*tree);
  } else {
    boot_saved_config(state, output);
  }
  state.candidate = state.running;
  expire_commit_confirm(state, output);
  return {};
}

std::unique_ptr<engine::EngineDataplane> make_dataplane(Shell::State& state) {
  return std::make_unique<engine::EngineDataplane>(state.store.dir() / "engine",
                                                   to_conntrack_config(with_defaults(state.running, state.schema())));
}

}  // namespace ctsh::cli
