// `monitor conntrack [events LIST] [-- OP-COMMAND ...]`: the engine's events in `conntrack -E -o
// timestamp` format, printed as they happen.
//   - With `-- OP-COMMAND`, the events the command causes (subscribed to the engine; they stream while
//     it runs), until it ends.
//   - Without, until Ctrl-C: the changes other ctsh invocations make. They reach this process only
//     through the engine's snapshot file, so the snapshot is looked at every 100 ms and each new
//     version compared with the last: entries that appeared are NEW, entries whose state, status,
//     helper or mark changed are UPDATE, entries that went are DESTROY (as last seen, timeout 0). What
//     happened between two versions (an entry made and gone) cannot be seen.
// LIST is `new`, `update`, `destroy` or `all`, or a comma list of them, in any case (conntrack -E -e's
// words; `updates` too). At the end "N flow events have been shown." goes to stderr, as conntrack says.
#include <sys/stat.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <tuple>

#include <fmt/format.h>

#include "conntrack_table_view.hpp"
#include "conntrack_tools_format.hpp"
#include "ctsh/cli/command_tree.hpp"
#include "engine_command_support.hpp"

namespace ctsh::cli {
namespace {

constexpr long poll_interval_ns = 100'000'000;

struct EventFilter {
  bool wanted[3] = {true, true, true};  // by FlowEventType
  bool wants(engine::FlowEventType type) const { return wanted[static_cast<std::size_t>(type)]; }
};

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::expected<EventFilter, std::string> parse_events(const std::string& list) {
  EventFilter filter{{false, false, false}};
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string word = lowercase(std::string_view(list).substr(start, comma - start));
    if (word == "new") {
      filter.wanted[0] = true;
    } else if (word == "update" || word == "updates") {
      filter.wanted[1] = true;
    } else if (word == "destroy") {
      filter.wanted[2] = true;
    } else if (word == "all") {
      filter = EventFilter{};
    } else {
      return std::unexpected(fmt::format("Invalid events \"{}\": give new, update, destroy or all, one or a comma list "
                                         "(e.g. new,destroy)",
                                         list));
    }
    start = comma + 1;
  }
  return filter;
}

// ---- with a command: the engine's own events

// Subscribed for as long as it lives.
class Watch {
 public:
  Watch(engine::EngineDataplane& dataplane, engine::EngineDataplane::EventSink sink)
      : dataplane_(dataplane), id_(dataplane.watch(std::move(sink))) {}
  ~Watch() { dataplane_.unwatch(id_); }
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

 private:
  engine::EngineDataplane& dataplane_;
  std::uint32_t id_;
};

Status monitor_command(Shell::State& state, Invocation& call, const EventFilter& filter,
                       const std::vector<std::string>& words) {
  if (auto resolved = resolve_op(CommandTrees::embedded().op(), words); resolved && resolved->handler.starts_with("monitor-")) {
    return engine_failure(call, "The command after -- cannot be another monitor");
  }
  std::size_t shown = 0;
  Status status = Status::failed;
  {
    Watch watch(state.engine_dataplane(), [&](const engine::FlowEvent& event) {
      if (!filter.wants(event.type)) return;
      call.output.write_line(conntrack_event_line(event));
      ++shown;
    });
    status = state.run_op(words, Format::text, call.output);
  }
  call.output.err += fmt::format("{} flow events have been shown.\n", shown);
  return status;
}

// ---- without: snapshot versions compared

volatile std::sig_atomic_t stop_requested = 0;
void request_stop(int) { stop_requested = 1; }

// SIGINT and SIGTERM end the watch (without SA_RESTART, so that the pause between looks ends too);
// the shell's own handlers come back afterwards.
class StopOnSignal {
 public:
  StopOnSignal() {
    stop_requested = 0;
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_interrupt_);
    sigaction(SIGTERM, &action, &previous_terminate_);
  }
  ~StopOnSignal() {
    sigaction(SIGINT, &previous_interrupt_, nullptr);
    sigaction(SIGTERM, &previous_terminate_, nullptr);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  bool stopped() const { return stop_requested != 0; }

 private:
  struct sigaction previous_interrupt_ {};
  struct sigaction previous_terminate_ {};
};

// Identity of the snapshot file: when it changes, another ctsh wrote it.
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = -1;
  std::int64_t modified_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

FileStamp stamp_of(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return {};
  return {info.st_dev, info.st_ino, info.st_size, std::int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec};
}

struct TableVersion {
  std::vector<engine::FlowView> flows;  // by id
  std::uint64_t clock_ns = 0;
};

std::expected<TableVersion, std::string> read_version(engine::EngineDataplane& dataplane) {
  TableVersion version;
  auto done = dataplane.use(false, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    engine.for_each({}, [&](const engine::FlowView& flow) { version.flows.push_back(flow); });
    version.clock_ns = engine.clock_ns().value_or(0);
    return {};
  });
  if (!done) return std::unexpected(done.error());
  std::sort(version.flows.begin(), version.flows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return version;
}

bool changed(const engine::FlowView& before, const engine::FlowView& after) {
  return std::tie(before.state, before.status, before.helper, before.mark) !=
         std::tie(after.state, after.status, after.helper, after.mark);
}

// The events that turn `before` into `after`: NEW, then UPDATE, then DESTROY, each in the table's order.
std::vector<engine::FlowEvent> differences(const TableVersion& before, const TableVersion& after) {
  std::vector<engine::FlowView> added, updated, removed;
  std::size_t i = 0, j = 0;
  while (i < before.flows.size() || j < after.flows.size()) {
    if (j == after.flows.size() || (i < before.flows.size() && before.flows[i].id < after.flows[j].id)) {
      removed.push_back(before.flows[i++]);
      removed.back().timeout_seconds = 0;
    } else if (i == before.flows.size() || after.flows[j].id < before.flows[i].id) {
      added.push_back(after.flows[j++]);
    } else {
      if (changed(before.flows[i], after.flows[j])) updated.push_back(after.flows[j]);
      ++i;
      ++j;
    }
  }
  std::vector<engine::FlowEvent> events;
  for (auto [type, flows] : {std::pair{engine::FlowEventType::new_flow, &added},
                             std::pair{engine::FlowEventType::update, &updated},
                             std::pair{engine::FlowEventType::destroy, &removed}}) {
    sort_flows(*flows);
    for (const engine::FlowView& flow : *flows) events.push_back({type, after.clock_ns, flow});
  }
  return events;
}

Status monitor_snapshot(Shell::State& state, Invocation& call, const EventFilter& filter) {
  engine::EngineDataplane& dataplane = state.engine_dataplane();
  const std::filesystem::path file = dataplane.snapshot_file();
  FileStamp seen = stamp_of(file);
  auto last = read_version(dataplane);
  if (!last) return engine_failure(call, last.error());
  StopOnSignal stop;
  std::fputs("Watching the engine table for changes by other ctsh commands (Ctrl-C to stop)\n", stderr);
  std::fflush(stderr);
  std::size_t shown = 0;
  Status status = Status::ok;
  while (!stop.stopped()) {
    const timespec pause{0, poll_interval_ns};
    nanosleep(&pause, nullptr);
    const FileStamp now = stamp_of(file);
    if (now == seen) continue;
    seen = now;
    auto next = read_version(dataplane);
    if (!next) {
      status = engine_failure(call, next.error());
      break;
    }
    for (const engine::FlowEvent& event : differences(*last, *next)) {
      if (!filter.wants(event.type)) continue;
      call.output.write_line(conntrack_event_line(event));
      ++shown;
    }
    last = std::move(next);
  }
  call.output.err += fmt::format("{} flow events have been shown.\n", shown);
  return status;
}

// ---- the handlers: [EVENTS] then, when given, "--" and the command

Status monitor(Shell::State& state, Invocation& call, const EventFilter& filter, std::size_t first) {
  if (first < call.args.size()) {
    return monitor_command(state, call, filter, {call.args.begin() + static_cast<std::ptrdiff_t>(first) + 1, call.args.end()});
  }
  return monitor_snapshot(state, call, filter);
}

Status monitor_conntrack(Shell::State& state, Invocation& call) { return monitor(state, call, EventFilter{}, 0); }

Status monitor_conntrack_events(Shell::State& state, Invocation& call) {
  auto filter = parse_events(call.args.at(0));
  if (!filter) return engine_failure(call, filter.error());
  return monitor(state, call, *filter, 1);
}

constexpr NamedHandler monitor_handler_table[] = {
    {"monitor-conntrack", monitor_conntrack, formats()},
    {"monitor-conntrack-events", monitor_conntrack_events, formats()},
};

}  // namespace

std::span<const NamedHandler> monitor_handlers() { return monitor_handler_table; }

}  // namespace ctsh::cli
