// `show conntrack sizing users N connections-per-user M [headroom PCT] [memory GIB]`: the operators'
// rule of thumb for a gateway, computed and explained. table-size = concurrent connections x (1 +
// headroom); hash-size = table-size / 4 (chains of 8 links at a full table), with the kernel's own
// choice beside it (one bucket per entry, and what it picks by itself for the gateway's RAM,
// nf_conntrack.md §1.3); memory for the Linux kernel and for the engine at a full table; the schema's
// valid ranges. Text and `| json`.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine_command_support.hpp"
#include "kernel_memory.hpp"

namespace ctsh::cli {
namespace {

constexpr std::uint64_t operators_entries_per_bucket = 4;
constexpr std::uint64_t largest_headroom_percent = 1000;
constexpr std::uint64_t largest_memory_gib = 1u << 20;
constexpr std::uint64_t gib = 1ull << 30;

// The hash size Linux picks by itself on a 64-bit machine with `ram` bytes (nf_conntrack_init_start()
// since 5.15): RAM / 16 KiB / 8-byte buckets, 65536 above 1 GiB, 262144 above 4 GiB, at least 1024;
// nf_conntrack_max then equals it. (Kernel constants: that they match schema defaults is chance.)
std::uint64_t kernel_default_buckets(std::uint64_t ram) {
  std::uint64_t buckets = ram / 16384 / 8;
  if (ram > 4 * gib) {
    buckets = std::uint64_t{1} << 18;
  } else if (ram > gib) {
    buckets = std::uint64_t{1} << 16;
  }
  return std::max<std::uint64_t>(buckets, 1024);
}

std::uint64_t this_machine_ram() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) : 0;
}

struct Range {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  bool contains(std::uint64_t value) const { return first <= value && value <= last; }
};

// The range of a `system conntrack` leaf, from the value format the schema loader writes from its
// minimum and maximum (VyOS's "u32:1-50000000").
Range schema_range(const Shell::State& state, const std::string& leaf) {
  const SchemaNode* node = state.schema().node_at({"system", "conntrack", leaf});
  if (node) {
    for (const ValueHelp& help : node->value_help) {
      Range range;
      const std::string& format = help.format;
      const std::size_t colon = format.find(':'), dash = format.find('-');
      if (!format.starts_with("u32:") || dash == std::string::npos) continue;
      auto first = std::from_chars(format.data() + colon + 1, format.data() + dash, range.first);
      auto last = std::from_chars(format.data() + dash + 1, format.data() + format.size(), range.last);
      if (first.ec == std::errc{} && last.ec == std::errc{}) return range;
    }
  }
  throw std::logic_error(fmt::format("the schema gives system conntrack {} no numeric range", leaf));
}

std::expected<std::uint64_t, std::string> whole_number(const Invocation& call, const std::string& option, Range range,
                                                       const std::string& meaning) {
  const std::string& text = call.options.at(option);
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !range.contains(value)) {
    return std::unexpected(fmt::format("{}: \"{}\" is not {}: give a whole number from {} to {}", option,
                                       text.substr(0, 64), meaning, range.first, range.last));
  }
  return value;
}

struct Sizing {
  std::uint64_t users = 0, connections_per_user = 0, headroom_percent = 0;
  std::uint64_t concurrent = 0, table_size = 0, hash_size = 0, kernel_hash_size = 0;
  std::uint64_t ram_bytes = 0, kernel_default_buckets = 0;
  bool ram_given = false;
  bool accounting = false;
  std::uint64_t kernel_bytes = 0, engine_bytes = 0;
  std::uint64_t engine_entry_bytes = 0, engine_bucket_bytes = 0, engine_ipv6_bytes = 0;
  Range table_range, hash_range;
};

std::string fits(const Range& range, std::uint64_t value, const char* leaf) {
  if (range.contains(value)) return "";
  return fmt::format("  (above the largest {} {}: this many entries need several gateways)", leaf, range.last);
}

std::string ram_text(std::uint64_t bytes) {
  if (bytes % gib == 0) return fmt::format("{} GiB", bytes / gib);
  return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / static_cast<double>(gib));
}

std::string sizing_text(const Sizing& s) {
  std::string out;
  out += fmt::format("Concurrent connections:  {} = {} users x {} connections\n", s.concurrent, s.users,
                     s.connections_per_user);
  out += fmt::format("table-size:              {} = {} x (1 + {} % headroom), rounded up{}\n", s.table_size, s.concurrent,
                     s.headroom_percent, fits(s.table_range, s.table_size, "table-size"));
  out += fmt::format("hash-size:               {} = table-size / {}, the common operators' rule "
                     "(a full table has chains of {} links){}\n",
                     s.hash_size, operators_entries_per_bucket, 2 * operators_entries_per_bucket,
                     fits(s.hash_range, s.hash_size, "hash-size"));
  out += fmt::format("  the kernel's ratio:    {} = table-size, one bucket per entry, as the kernel sizes its own "
                     "table (chains of 2 links){}\n",
                     s.kernel_hash_size, fits(s.hash_range, s.kernel_hash_size, "hash-size"));
  out += fmt::format("  the kernel by itself:  {} = hash-size and table-size it picks with {} of RAM{} "
                     "(RAM / 128 KiB, but 2^16 above 1 GiB and 2^18 above 4 GiB; at least 1024)\n",
                     s.kernel_default_buckets, ram_text(s.ram_bytes), s.ram_given ? "" : " (this machine's)");
  out += "\nMemory with the table full (table-size entries, hash-size buckets):\n";
  out += fmt::format("  Linux kernel:          {} bytes = {} x {} B per entry{} + {} x {} B per bucket\n", s.kernel_bytes,
                     s.table_size, kernel_entry_cost(s.accounting), s.accounting ? " (flow-accounting)" : "",
                     s.hash_size, kernel_bucket_bytes);
  out += fmt::format("  ctsh engine:           {} bytes = {} x {} B per entry{} + {} x {} B per bucket "
                     "(IPv6 flows: {} B more per entry)\n",
                     s.engine_bytes, s.table_size, s.engine_entry_bytes, s.accounting ? " (flow-accounting)" : "",
                     s.hash_size, s.engine_bucket_bytes, s.engine_ipv6_bytes);
  out += fmt::format("\nValid ranges: table-size {}-{}, hash-size {}-{}.\n", s.table_range.first, s.table_range.last,
                     s.hash_range.first, s.hash_range.last);
  out += fmt::format("To apply:     set system conntrack table-size {}\n", s.table_size);
  out += fmt::format("              set system conntrack hash-size {}\n", s.hash_size);
  out += fmt::format("\nThe rule counts concurrent connections only. `simulate workload gateway users {} "
                     "connections-per-user {}` answers better: it measures the TIME_WAIT entries that closed "
                     "connections leave behind and the idle flows that wait for their timeout.\n",
                     s.users, s.connections_per_user);
  return out;
}

nlohmann::ordered_json sizing_json(const Sizing& s) {
  nlohmann::ordered_json j;
  j["users"] = s.users;
  j["connections_per_user"] = s.connections_per_user;
  j["headroom_percent"] = s.headroom_percent;
  j["concurrent_connections"] = s.concurrent;
  j["table_size"] = s.table_size;
  j["hash_size"] = s.hash_size;
  j["kernel_hash_size"] = s.kernel_hash_size;
  j["ram_bytes"] = s.ram_bytes;
  j["kernel_default_hash_size"] = s.kernel_default_buckets;
  j["flow_accounting"] = s.accounting;
  j["kernel_memory_bytes"] = s.kernel_bytes;
  j["engine_memory_bytes"] = s.engine_bytes;
  j["table_size_range"] = {s.table_range.first, s.table_range.last};
  j["hash_size_range"] = {s.hash_range.first, s.hash_range.last};
  return j;
}

Status show_sizing(Shell::State& state, Invocation& call) {
  Sizing s;
  s.table_range = schema_range(state, "table-size");
  s.hash_range = schema_range(state, "hash-size");
  // Either count alone may reach the largest table; their product is checked against it below.
  const Range count_range{1, s.table_range.last};
  auto users = whole_number(call, "users", count_range, "a number of users");
  if (!users) return engine_failure(call, users.error());
  auto per_user = whole_number(call, "connections-per-user", count_range, "a number of connections");
  if (!per_user) return engine_failure(call, per_user.error());
  auto headroom = whole_number(call, "headroom", {0, largest_headroom_percent}, "a percentage");
  if (!headroom) return engine_failure(call, headroom.error());
  if (call.options.contains("memory")) {
    auto memory = whole_number(call, "memory", {1, largest_memory_gib}, "gigabytes of RAM");
    if (!memory) return engine_failure(call, memory.error());
    s.ram_bytes = *memory * gib;
    s.ram_given = true;
  } else {
    s.ram_bytes = this_machine_ram();
  }
  s.kernel_default_buckets = kernel_default_buckets(s.ram_bytes);
  s.users = *users;
  s.connections_per_user = *per_user;
  s.headroom_percent = *headroom;
  s.concurrent = s.users * s.connections_per_user;
  s.table_size = (s.concurrent * (100 + s.headroom_percent) + 99) / 100;
  s.hash_size = (s.table_size + operators_entries_per_bucket - 1) / operators_entries_per_bucket;
  s.kernel_hash_size = s.table_size;
  s.accounting = state.engine_dataplane().applied().flow_accounting;
  s.kernel_bytes = kernel_memory_bytes(s.table_size, s.hash_size, s.accounting);
  const engine::EngineMemoryModel model = engine::engine_memory_model();
  s.engine_entry_bytes = model.entry + (s.accounting ? model.accounting : 0);
  s.engine_bucket_bytes = model.bucket;
  s.engine_ipv6_bytes = model.ipv6;
  s.engine_bytes = s.table_size * s.engine_entry_bytes + s.hash_size * s.engine_bucket_bytes;
  if (call.format == Format::json) {
    call.output.out += sizing_json(s).dump() + "\n";
  } else {
    call.output.out += sizing_text(s);
  }
  return Status::ok;
}

constexpr NamedHandler conntrack_sizing_handler_table[] = {
    {"show-conntrack-sizing", show_sizing, formats(Format::json)},
};

}  // namespace

std::span<const NamedHandler> conntrack_sizing_handlers() { return conntrack_sizing_handler_table; }

}  // namespace ctsh::cli
