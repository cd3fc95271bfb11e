// Prometheus text exposition of the statistics views (see conntrack_prometheus.hpp).
#include "conntrack_prometheus.hpp"

#include <fmt/format.h>

#include "conntrack_counters.hpp"
#include "conntrack_table_view.hpp"
#include "ctsh/cli/value_parsers.hpp"

namespace ctsh::cli {
namespace {

// Writes metric families: `# HELP`, `# TYPE`, then the family's samples.
class MetricWriter {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    name_ = name;
    text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  void sample(double value) { text_ += fmt::format("{} {}\n", name_, value); }
  void sample(std::uint64_t value) { text_ += fmt::format("{} {}\n", name_, value); }
  void sample(std::string_view label, std::string_view label_value, std::uint64_t value) {
    text_ += fmt::format("{}{{{}=\"{}\"}} {}\n", name_, label, escaped(label_value), value);
  }
  std::string take() { return std::move(text_); }

 private:
  // Label values escape backslash, double quote and newline.
  static std::string escaped(std::string_view value) {
    std::string out;
    for (const char c : value) {
      if (c == '\\' || c == '"') out += '\\';
      out += c == '\n' ? std::string("\\n") : std::string(1, c);
    }
    return out;
  }
  std::string name_;
  std::string text_;
};

// node_exporter's collector/conntrack_linux.go: every metric a gauge, these names and help texts.
void write_node_exporter(MetricWriter& out, const engine::EngineStats& s) {
  const auto gauge = [&](std::string_view name, std::string_view help, std::uint64_t value) {
    out.family(name, "gauge", help);
    out.sample(value);
  };
  gauge("node_nf_conntrack_entries", "Number of currently allocated flow entries for connection tracking.", s.entries);
  gauge("node_nf_conntrack_entries_limit", "Maximum size of connection tracking table.", s.table_size);
  gauge("node_nf_conntrack_stat_found", "Number of searched entries which were successful.", s.kernel.found);
  gauge("node_nf_conntrack_stat_invalid", "Number of packets seen which can not be tracked.", s.kernel.invalid);
  // The kernel removed `ignore` in 5.x; /proc/net/stat/nf_conntrack, which node_exporter reads, shows 0.
  gauge("node_nf_conntrack_stat_ignore", "Number of packets seen which are already connected to a conntrack entry.", 0);
  gauge("node_nf_conntrack_stat_insert", "Number of entries inserted into the list.", s.kernel.insert);
  gauge("node_nf_conntrack_stat_insert_failed", "Number of entries for which list insertion was attempted but failed.",
        s.kernel.insert_failed);
  gauge("node_nf_conntrack_stat_drop", "Number of packets dropped due to conntrack failure.", s.kernel.drop);
  gauge("node_nf_conntrack_stat_early_drop",
        "Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.",
        s.kernel.early_drop);
  gauge("node_nf_conntrack_stat_search_restart",
        "Number of conntrack table lookups which had to be restarted due to hashtable resizes.",
        s.kernel.search_restart);
}

bool in_node_exporter(std::string_view counter) {
  for (std::string_view name : {"found", "invalid", "insert", "insert_failed", "drop", "early_drop", "search_restart"}) {
    if (counter == name) return true;
  }
  return false;
}

}  // namespace

std::string statistics_metrics(const engine::EngineStats& stats) {
  MetricWriter out;
  write_node_exporter(out, stats);
  bool states_written = false;
  for (const NamedCounter& counter : named_counters(stats)) {
    if (in_node_exporter(counter.name)) continue;
    if (counter.group == CounterGroup::ct_state) {
      if (!states_written) {
        out.family("ctsh_conntrack_packets_by_state_total", "counter", "Packets by the ct state they were given.");
        states_written = true;
      }
      out.sample("state", counter.name.substr(counter.name.find('_') + 1), counter.value);
      continue;
    }
    out.family(fmt::format("ctsh_conntrack_{}_total", counter.name), "counter", fmt::format("{}.", counter.help));
    out.sample(counter.value);
  }
  return out.take();
}

std::string table_statistics_metrics(const engine::EngineStats& stats, const engine::TableStatistics& table,
                                     std::uint64_t kernel_memory_bytes) {
  MetricWriter out;
  write_node_exporter(out, stats);
  const auto gauge = [&](std::string_view name, std::string_view help, auto value) {
    out.family(name, "gauge", help);
    out.sample(value);
  };
  gauge("ctsh_conntrack_peak_entries", "Most entries the table has held.", stats.peak_entries);
  gauge("ctsh_conntrack_buckets", "Hash buckets of the table (hash-size).", std::uint64_t{table.buckets});
  gauge("ctsh_conntrack_buckets_used", "Hash buckets holding at least one entry link.", std::uint64_t{table.buckets_used});
  gauge("ctsh_conntrack_chain_length_average", "Links per used hash bucket (each entry is linked once per direction).",
        table.average_chain());
  gauge("ctsh_conntrack_chain_length_max", "Links in the fullest hash bucket.", table.longest_chain);
  gauge("ctsh_conntrack_expectations", "Expectations in the expectation table.", stats.expectations);
  gauge("ctsh_conntrack_expectations_limit", "Maximum size of the expectation table (expect-table-size).",
        std::uint64_t{stats.expect_table_size});
  gauge("ctsh_conntrack_memory_bytes", "Memory the engine uses for the table.", stats.memory_bytes);
  gauge("ctsh_conntrack_kernel_memory_bytes", "Memory the Linux kernel would need for the same entries and buckets.",
        kernel_memory_bytes);
  out.family("ctsh_conntrack_entries_by_protocol", "gauge", "Entries by IP protocol.");
  for (std::size_t protocol = 0; protocol < table.by_protocol.size(); ++protocol) {
    if (table.by_protocol[protocol] == 0) continue;
    out.sample("protocol", protocol_name(static_cast<std::uint8_t>(protocol)), table.by_protocol[protocol]);
  }
  out.family("ctsh_conntrack_entries_by_tcp_state", "gauge", "TCP entries by state.");
  for (const engine::StateCount& state : table.by_tcp_state) out.sample("state", state.state, state.entries);
  out.family("ctsh_conntrack_top_source_entries", "gauge", "Entries of the original sources with the most entries.");
  for (const engine::SourceCount& source : table.top_sources) {
    out.sample("source", address_text(source.source), source.entries);
  }
  return out.take();
}

}  // namespace ctsh::cli
