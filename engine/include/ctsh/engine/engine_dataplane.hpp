// EngineDataplane: the in-process engine as the shell's dataplane. Its state (table, clock, counters)
// lives in a directory as a snapshot under a lock, so that every ctsh invocation sees the table an
// earlier one built and two shells never overwrite each other's state.
//
//   EngineDataplane dataplane(config_dir / "engine", running);
//   run_plan(plan = dataplane.plan(running, candidate));                  // commit, area by area
//   dataplane.use(/*save=*/true, [&](Engine& e) { return replay(e); });   // op-mode work on the table
//
// Each commit area (table-size, timeouts, modules, raw rules, ...) is one undoable step that applies
// the configuration so far to the engine. Not thread-safe: the shell drives it from one thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ctsh/engine/dataplane.hpp"
#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/snapshot.hpp"

namespace ctsh::engine {

class EngineDataplane final : public Dataplane {
 public:
  EngineDataplane(std::filesystem::path state_dir, const ConntrackConfig& running);
  ~EngineDataplane() override;

  std::string_view name() const override { return "engine"; }
  ApplyPlan plan(const ConntrackConfig& from, const ConntrackConfig& to) override;
  const ConntrackConfig& applied() const override { return applied_; }
  std::vector<std::string> warnings(const ConntrackConfig& to) const override;

  // Runs `work` on the engine at its latest saved state, holding the snapshot lock; when `save`, the
  // engine's state is written back afterwards (also when `work` failed: what was done stays done).
  using Work = std::function<std::expected<void, std::string>(Engine&)>;
  std::expected<void, std::string> use(bool save, const Work& work);
  // Runs `read` on the engine at its latest saved state, holding the snapshot lock only while that state
  // is loaded: what `read` sees is this process's own copy, so it may take its time (a long listing
  // into a slow pipe) without holding up other ctsh processes.
  using Read = std::function<void(const Engine&)>;
  std::expected<void, std::string> read(const Read& read);

  std::filesystem::path snapshot_file() const { return dir_ / "snapshot"; }

  // Event sinks that stay subscribed across reloads (another ctsh's snapshot gives a new engine), so
  // that `monitor conntrack -- CMD` sees every event CMD causes. Called on the thread that uses().
  using EventSink = std::function<void(const FlowEvent&)>;
  std::uint32_t watch(EventSink sink);
  void unwatch(std::uint32_t id);

 private:
  // Identity of the snapshot file as last read or written: when it changes, another ctsh wrote it.
  struct FileStamp {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = -1;
    std::int64_t modified_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };
  std::expected<FileStamp, std::string> current_stamp() const;
  std::expected<void, std::string> load_latest();
  std::expected<SnapshotLock, std::string> lock_latest();
  void add_step(ApplyPlan& plan, std::string step_name, std::function<void(ConntrackConfig&)> change);
  void attach_sinks();  // subscribes the engine in memory to the sinks, once

  std::vector<std::pair<std::uint32_t, EventSink>> sinks_;
  std::uint32_t next_sink_ = 1;
  std::optional<Engine::SubscriptionId> forwarding_;  // the engine's subscription that feeds the sinks

  std::filesystem::path dir_;
  ConntrackConfig applied_;
  std::unique_ptr<Engine> engine_;
  FileStamp loaded_;
};

}  // namespace ctsh::engine
