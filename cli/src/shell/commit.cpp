// The commit pipeline and the commit-time commands that share it.
#include "commit.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "config_mapping.hpp"
#include "ctsh/cli/config_diff.hpp"
#include "ctsh/cli/config_formats.hpp"
#include "verify.hpp"

namespace ctsh::cli {
namespace {

// `[ path ]` block of a failed commit, VyOS style.
std::string failure_block(const std::string& area, const std::string& message) {
  return fmt::format("[ {} ]\n{}\n\n", area, message);
}

// Test-only fault injection: CTSH_TEST_FAIL_STEP names a step that fails before it runs.
engine::StepGate fault_injection_gate() {
  const char* step = std::getenv("CTSH_TEST_FAIL_STEP");
  if (!step || !*step) return {};
  return [target = std::string(step)](const std::string& name) -> std::expected<void, std::string> {
    if (name == target) return std::unexpected("injected fault (CTSH_TEST_FAIL_STEP)");
    return {};
  };
}

// The steps that record the commit in the config directory, after the dataplane's own steps.
// Order matters for crash safety (see ConfigStore::open): archive, then running (the commit point), then log.
void add_store_steps(Shell::State& state, engine::ApplyPlan& plan, const std::string& new_text,
                     const std::string& old_text, const CommitRequest& request) {
  auto sequence = std::make_shared<std::uint64_t>(0);
  plan.steps.push_back({"archive",
                        [&state, new_text, sequence]() -> std::expected<void, std::string> {
                          auto added = state.store.add_revision(new_text);
                          if (!added) return std::unexpected(added.error().message);
                          *sequence = *added;
                          return {};
                        },
                        // open() removes a revision that is newer than the running configuration.
                        [&state] { (void)state.store.open(); }});
  plan.steps.push_back({"running configuration",
                        [&state, new_text]() -> std::expected<void, std::string> {
                          auto written = state.store.write_running(new_text);
                          if (!written) return std::unexpected(written.error().message);
                          return {};
                        },
                        [&state, old_text] { (void)state.store.write_running(old_text); }});
  plan.steps.push_back({"commit log",
                        [&state, sequence, request]() -> std::expected<void, std::string> {
                          auto appended = state.store.append_log(
                              {*sequence, log_time_now(), current_user(), request.via, request.comment});
                          if (!appended) return std::unexpected(appended.error().message);
                          return {};
                        },
                        {}});
}

// Validation messages come as "path words: message".
void print_validation_errors(const std::vector<std::string>& problems, Output& output) {
  for (const auto& problem : problems) {
    std::size_t colon = problem.find(": ");
    if (colon == std::string::npos) output.err += failure_block("", problem);
    else output.err += failure_block(problem.substr(0, colon), problem.substr(colon + 2));
  }
}

}  // namespace

std::int64_t seconds_per_minute() {
  if (const char* s = std::getenv("CTSH_TEST_MINUTE_SECONDS"); s && *s) {
    char* end = nullptr;
    long value = std::strtol(s, &end, 10);
    if (end && *end == '\0' && value > 0 && value <= 60) return value;
  }
  return 60;
}

std::int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t log_time_now() {
  if (const char* s = std::getenv("CTSH_TEST_TIME"); s && *s) {
    char* end = nullptr;
    long long value = std::strtoll(s, &end, 10);
    if (end && *end == '\0' && value >= 0) return value;
  }
  return epoch_now();
}

Status commit_tree(Shell::State& state, const ConfigNode& target, const CommitRequest& request, Output& output) {
  auto lock = state.store.try_lock_commits();
  if (!lock) {
    output.err += fmt::format("{}\nCommit failed\n", lock.error().message);
    return Status::failed;
  }
  const Schema& schema = state.schema();

  // get_config + validate: the whole tree against the schema.
  if (auto problems = schema.validate(to_typed_json(target, schema)); !problems.empty()) {
    print_validation_errors(problems, output);
    output.err += "Commit failed\n";
    return Status::failed;
  }
  const ConfigNode effective = with_defaults(target, schema);

  // verify: cross-field rules.
  VerifyResult verdict = verify_config(effective, target);
  for (const auto& warning : verdict.warnings) output.err += fmt::format("WARNING: {}\n", warning);
  if (!verdict.errors.empty()) {
    for (const auto& problem : verdict.errors) output.err += failure_block(join_path(problem.area), problem.message);
    std::vector<std::string> areas;
    for (const auto& problem : verdict.errors) {
      std::string area = join_path(problem.area);
      if (std::find(areas.begin(), areas.end(), area) == areas.end()) areas.push_back(area);
    }
    for (const auto& area : areas) output.err += fmt::format("[[{}]] failed\n", area);
    output.err += "Commit failed\n";
    return Status::failed;
  }

  // generate: the plan, dataplane steps first, then the config directory's.
  engine::Dataplane& dataplane = state.dataplane();
  engine::ConntrackConfig to = to_conntrack_config(effective);
  engine::ApplyPlan plan = dataplane.plan(dataplane.applied(), to);
  for (const auto& warning : dataplane.warnings(to)) output.err += fmt::format("WARNING: {}\n", warning);
  if (request.check_only) {
    output.out += "Configuration check succeeded\n";
    return Status::ok;
  }
  add_store_steps(state, plan, render_config_boot(target), render_config_boot(state.running), request);

  // apply: all or nothing.
  if (auto applied = engine::run_plan(plan, fault_injection_gate()); !applied) {
    output.err += failure_block(applied.error().step,
                                fmt::format("Failed to apply {}: {}\nEvery step before it was undone; the running "
                                            "configuration is unchanged.",
                                            applied.error().step, applied.error().message));
    output.err += fmt::format("[[{}]] failed\nCommit failed\n", applied.error().step);
    return Status::failed;
  }
  state.running = target;
  state.candidate = target;
  state.committed_since_save = true;
  return Status::ok;
}

std::expected<ConfigNode, std::string> read_revision_tree(Shell::State& state, const std::string& revision_word) {
  const std::size_t count = state.store.revision_count();
  std::size_t revision = 0;
  bool numeric = !revision_word.empty() && revision_word.size() < 10 &&
                 revision_word.find_first_not_of("0123456789") == std::string::npos;
  if (numeric) revision = std::stoul(revision_word);
  auto sequence = numeric ? state.store.sequence_of(revision) : std::nullopt;
  if (!sequence) {
    return std::unexpected(fmt::format("Invalid revision number {}: must be 0 <= rev < {}", revision_word, count));
  }
  auto text = state.store.read_revision(*sequence);
  if (!text) return std::unexpected(text.error().message);
  auto tree = parse_config_boot(*text);
  if (!tree) return std::unexpected(fmt::format("archive revision {} is damaged: {}", revision, tree.error().message));
  apply_schema_kinds(*tree, state.schema());
  return *tree;
}

Status expire_commit_confirm(Shell::State& state, Output& output) {
  auto pending = state.store.read_confirm();
  if (!pending) {
    output.err += fmt::format("WARNING: {}\n", pending.error().message);
    return Status::failed;
  }
  if (!*pending) return Status::ok;
  if (epoch_now() < (*pending)->deadline_epoch) return Status::ok;

  ConfigNode previous;
  if ((*pending)->revert_to_sequence != 0) {
    auto text = state.store.read_revision((*pending)->revert_to_sequence);
    if (!text) {
      output.err += fmt::format("commit-confirm: cannot revert: {}\n", text.error().message);
      return Status::failed;
    }
    auto tree = parse_config_boot(*text);
    if (!tree) {
      output.err += fmt::format("commit-confirm: cannot revert, the archived revision is damaged: {}\n",
                                tree.error().message);
      return Status::failed;
    }
    apply_schema_kinds(*tree, state.schema());
    previous = std::move(*tree);
  }
  const int minutes = (*pending)->minutes;
  Status status = Status::ok;
  if (previous != state.running) {
    const std::string comment = fmt::format("commit-confirm: not confirmed within {} minute{}, previous configuration "
                                            "restored",
                                            minutes, minutes == 1 ? "" : "s");
    status = commit_tree(state, previous, {"commit-confirm", comment}, output);
  }
  if (status == Status::ok) {
    (void)state.store.clear_confirm();
    output.err += fmt::format("commit-confirm: changes were not confirmed within {} minute{}; the previous "
                              "configuration was restored\n",
                              minutes, minutes == 1 ? "" : "s");
  }
  return status;
}

}  // namespace ctsh::cli
