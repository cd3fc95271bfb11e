// `simulate table FILE`: loads a saved production table (conntrack -L, -L -o save, -L -o xml or
// /proc/net/nf_conntrack, told apart by the file itself) into the engine, so that a table-size or
// timeout change can be tried on real state without a capture. The whole file is read and checked
// before the engine is touched: a bad line names the file, the line and the reason, and loads nothing.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "ctsh/engine/table_file.hpp"
#include "engine_command_support.hpp"

namespace ctsh::cli {
namespace {

std::string entries(std::size_t count) { return fmt::format("{} entr{}", count, count == 1 ? "y" : "ies"); }

std::expected<std::string, std::string> read_file(const std::string& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(fmt::format("{}: cannot open it: {}", file, std::strerror(errno)));
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return std::unexpected(fmt::format("{}: cannot read it: {}", file, std::strerror(error)));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

std::string summary(const std::string& file, const engine::TableFile& table, const engine::TableLoadReport& report,
                    std::uint32_t table_size) {
  if (table.entries.empty()) return fmt::format("Loaded no entries: {} holds none\n", file);
  std::string out = fmt::format("Loaded {} of {} from {} ({} format)", report.loaded, entries(table.entries.size()),
                                file, engine::table_file_format_name(table.format));
  std::string by_protocol;
  for (const auto& [protocol, count] : report.loaded_by_protocol) {
    by_protocol += fmt::format("{}{} {}", by_protocol.empty() ? "" : ", ", protocol, count);
  }
  out += by_protocol.empty() ? "\n" : fmt::format(": {}\n", by_protocol);
  if (report.table_full) {
    out += fmt::format("Not loaded: {}, the table is full (table-size {})\n", entries(report.table_full), table_size);
  }
  if (report.other_zone) {
    out += fmt::format("Not loaded: {} in zones other than 0 (the engine tracks zone 0 only)\n", entries(report.other_zone));
  }
  if (report.dccp) {
    out += fmt::format("Not loaded: {} of DCCP (Linux 6.16 and later do not track DCCP, nor does the engine)\n",
                       entries(report.dccp));
  }
  if (report.expired) out += fmt::format("Not loaded: {} that had timed out (timeout 0)\n", entries(report.expired));
  if (report.translated) {
    out += fmt::format("Note: {} had address translation (NAT); loaded with the reply tuple reversed from the "
                       "original (the engine does not model NAT)\n",
                       entries(report.translated));
  }
  if (report.counters_dropped) {
    out += fmt::format("Note: the counters of {} were dropped: flow-accounting is off\n", entries(report.counters_dropped));
  }
  if (!report.other_helpers.empty()) {
    std::string names;
    std::size_t count = 0;
    for (const auto& [helper, uses] : report.other_helpers) {
      names += fmt::format("{}{} {}", names.empty() ? "" : ", ", helper, uses);
      count += uses;
    }
    out += fmt::format("Note: {} name{} a helper the engine does not model ({}); loaded without it\n", entries(count),
                       count == 1 ? "s" : "", names);
  }
  return out;
}

Status simulate_table(Shell::State& state, Invocation& call) {
  const std::string& file = call.args.at(0);
  auto text = read_file(file);
  if (!text) return engine_failure(call, text.error());
  auto table = engine::parse_table_file(*text);
  if (!table) {
    return engine_failure(call, fmt::format("{}:{}: {}; nothing was loaded", file, table.error().line,
                                            table.error().message));
  }
  engine::TableLoadReport report;
  std::uint32_t table_size = 0;
  auto done = state.engine_dataplane().use(true, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    auto loaded = engine::load_table(engine, *table);
    if (!loaded) return std::unexpected(fmt::format("{}:{}: {}", file, loaded.error().line, loaded.error().message));
    report = *loaded;
    table_size = engine.config().table_size;
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  call.output.out += summary(file, *table, report, table_size);
  return Status::ok;
}

constexpr NamedHandler simulate_table_handler_table[] = {
    {"simulate-table", simulate_table, formats()},
};

}  // namespace

std::span<const NamedHandler> simulate_table_handlers() { return simulate_table_handler_table; }

}  // namespace ctsh::cli
