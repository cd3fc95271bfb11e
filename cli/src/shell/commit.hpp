// The commit pipeline: get_config → validate → verify → generate (plan) → apply (transaction), and the
// commands built on it (commit, commit check, commit-confirm, confirm, rollback, the boot loader).
#pragma once

#include <cstdint>
#include <string>

#include "shell_state.hpp"

namespace ctsh::cli {

struct CommitRequest {
  std::string via;      // commit log "via": cli, script, rollback, commit-confirm, boot-config-loader
  std::string comment;  // commit log comment
  bool check_only = false;  // `commit check`: everything but apply
};

// Makes `target` the running configuration, all or nothing. Prints VyOS's messages into `output`.
Status commit_tree(Shell::State& state, const ConfigNode& target, const CommitRequest& request, Output& output);

// Reverts a commit-confirm whose deadline has passed (at start-up and from the waiting process).
Status expire_commit_confirm(Shell::State& state, Output& output);

// The tree stored as archive revision `revision` (0 = newest), or a VyOS-worded error.
std::expected<ConfigNode, std::string> read_revision_tree(Shell::State& state, const std::string& revision_word);

// Seconds in one commit-confirm minute (60; tests shorten it with CTSH_TEST_MINUTE_SECONDS).
std::int64_t seconds_per_minute();
// Now, as epoch seconds from the real clock (deadlines).
std::int64_t epoch_now();
// Now, as epoch seconds; CTSH_TEST_TIME fixes it for reproducible commit logs in tests.
std::int64_t log_time_now();

}  // namespace ctsh::cli
