// EngineDataplane: commit steps that apply each configuration area to the engine, and the engine's
// life across ctsh invocations (snapshot reloaded when another invocation changed it, saved after work).
#include "ctsh/engine/engine_dataplane.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "ctsh/engine/snapshot.hpp"

namespace ctsh::engine {
namespace {

// Helper modules the engine does not model yet: they commit, and the commit says so.
constexpr std::pair<HelperModule, std::string_view> unmodelled_modules[] = {
    {HelperModule::h323, "h323"}, {HelperModule::nfs, "nfs"},   {HelperModule::pptp, "pptp"},
    {HelperModule::rtsp, "rtsp"}, {HelperModule::sip, "sip"},   {HelperModule::sqlnet, "sqlnet"},
};

}  // namespace

EngineDataplane::EngineDataplane(std::filesystem::path state_dir, const ConntrackConfig& running)
    : dir_(std::move(state_dir)), applied_(running) {}

EngineDataplane::~EngineDataplane() = default;

std::vector<std::string> EngineDataplane::warnings(const ConntrackConfig& to) const {
  std::string names;
  for (const auto& [module, name] : unmodelled_modules) {
    if (to.modules.contains(module)) names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
  }
  if (names.empty()) return {};
  return {fmt::format("the engine does not model the {} helper{} yet: committed, but no expectations are created "
                      "(the kernel dataplane loads them)",
                      names, names.find(',') == std::string::npos ? "" : "s")};
}

ApplyPlan EngineDataplane::plan(const ConntrackConfig& from, const ConntrackConfig& to) {
  ApplyPlan plan;
  const auto area = [&](std::string step_name, auto field) {
    if (from.*field == to.*field && applied_.*field == to.*field) return;
    add_step(plan, std::move(step_name), [field, value = to.*field](ConntrackConfig& c) { c.*field = value; });
  };
  area("table-size", &ConntrackConfig::table_size);
  area("hash-size", &ConntrackConfig::hash_size);
  area("expect-table-size", &ConntrackConfig::expect_table_size);
  area("timeouts", &ConntrackConfig::timeouts);
  area("custom timeouts ipv4", &ConntrackConfig::custom_timeouts_ipv4);
  area("custom timeouts ipv6", &ConntrackConfig::custom_timeouts_ipv6);
  area("tcp options", &ConntrackConfig::tcp);
  area("flow-accounting", &ConntrackConfig::flow_accounting);
  area("modules", &ConntrackConfig::modules);
  area("raw rules ipv4", &ConntrackConfig::raw_ipv4);
  area("raw rules ipv6", &ConntrackConfig::raw_ipv6);
  return plan;
}

// One step: the engine takes the configuration applied so far with this area changed; undo re-applies
// what was there (shrinking back never fails: the pool keeps its size and the index is rebuilt).
void EngineDataplane::add_step(ApplyPlan& plan, std::string step_name, std::function<void(ConntrackConfig&)> change) {
  auto previous = std::make_shared<ConntrackConfig>();
  plan.steps.push_back(ApplyStep{
      .name = std::move(step_name),
      .run = [this, change, previous]() -> std::expected<void, std::string> {
        ConntrackConfig next = applied_;
        change(next);
        if (auto applied = use(false, [&](Engine& engine) { return engine.apply(next); }); !applied) return applied;
        *previous = std::exchange(applied_, next);
        return {};
      },
      .undo = [this, previous] {
        (void)use(false, [&](Engine& engine) { return engine.apply(*previous); });
        applied_ = *previous;
      },
  });
}

std::expected<EngineDataplane::FileStamp, std::string> EngineDataplane::current_stamp() const {
  struct stat info {};
  if (::stat(snapshot_file().c_str(), &info) != 0) {
    if (errno == ENOENT) return FileStamp{};
    return std::unexpected(fmt::format("cannot read {}: {}", snapshot_file().string(), std::strerror(errno)));
  }
  return FileStamp{info.st_dev, info.st_ino, info.st_size,
                   std::int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec};
}

// Rebuilds the engine from the snapshot when there is none in memory or another ctsh replaced the file.
std::expected<void, std::string> EngineDataplane::load_latest() {
  auto stamp = current_stamp();
  if (!stamp) return std::unexpected(stamp.error());
  if (engine_ && *stamp == loaded_) return {};
  auto fresh = std::make_unique<Engine>(applied_);
  if (stamp->size >= 0) {
    if (auto loaded = load_snapshot(*fresh, snapshot_file()); !loaded) {
      return std::unexpected(fmt::format("{}; move the file away to start with an empty table", loaded.error()));
    }
  }
  engine_ = std::move(fresh);
  forwarding_.reset();
  attach_sinks();
  loaded_ = *stamp;
  return {};
}

std::uint32_t EngineDataplane::watch(EventSink sink) {
  const std::uint32_t id = next_sink_++;
  sinks_.emplace_back(id, std::move(sink));
  attach_sinks();
  return id;
}

void EngineDataplane::unwatch(std::uint32_t id) {
  std::erase_if(sinks_, [id](const auto& sink) { return sink.first == id; });
  if (sinks_.empty() && engine_ && forwarding_) {
    engine_->unsubscribe(*forwarding_);
    forwarding_.reset();
  }
}

// One subscription for all sinks, and none without sinks (an engine with subscribers builds a view
// for every event).
void EngineDataplane::attach_sinks() {
  if (sinks_.empty() || !engine_ || forwarding_) return;
  forwarding_ = engine_->subscribe([this](const FlowEvent& event) {
    for (const auto& sink : sinks_) sink.second(event);
  });
}

// The snapshot lock, held once the engine has the latest saved state.
std::expected<SnapshotLock, std::string> EngineDataplane::lock_latest() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return std::unexpected(fmt::format("cannot create {}: {}", dir_.string(), ec.message()));
  auto lock = SnapshotLock::acquire(dir_ / "lock");
  if (!lock) return std::unexpected(lock.error());
  if (auto loaded = load_latest(); !loaded) return std::unexpected(loaded.error());
  return lock;
}

std::expected<void, std::string> EngineDataplane::use(bool save, const Work& work) {
  auto lock = lock_latest();
  if (!lock) return std::unexpected(lock.error());
  auto done = work(*engine_);
  if (save) {
    if (auto saved = save_snapshot(*engine_, snapshot_file()); !saved) {
      engine_.reset();  // memory and file disagree now: the next use reloads the file
      forwarding_.reset();
      return std::unexpected(saved.error());
    }
    auto stamp = current_stamp();
    if (!stamp) return std::unexpected(stamp.error());
    loaded_ = *stamp;
  }
  return done;
}

std::expected<void, std::string> EngineDataplane::read(const Read& read) {
  if (auto lock = lock_latest(); !lock) return std::unexpected(lock.error());
  read(*engine_);
  return {};
}

}  // namespace ctsh::engine
