// Private to the shell's statistics views: their `| prometheus` output, in the Prometheus text
// exposition format. node_exporter's conntrack collector's ten metrics come first, named, typed and
// described exactly as node_exporter does (summed over CPUs, as it sums them), so that an alert rule
// written for node_exporter works unchanged; ctsh's own metrics follow under `ctsh_conntrack_`.
#pragma once

#include <string>

#include "ctsh/engine/stats.hpp"
#include "ctsh/engine/table_statistics.hpp"

namespace ctsh::cli {

// `show conntrack statistics | prometheus`: node_exporter's metrics, then every other counter as
// `ctsh_conntrack_<name>_total` (packets per ct state as ctsh_conntrack_packets_by_state_total{state}).
std::string statistics_metrics(const engine::EngineStats& stats);

// `show conntrack table statistics | prometheus`: node_exporter's metrics, then the table's gauges
// (buckets, chains, memory, entries per protocol, per TCP state and per top source).
std::string table_statistics_metrics(const engine::EngineStats& stats, const engine::TableStatistics& table,
                                     std::uint64_t kernel_memory_bytes);

}  // namespace ctsh::cli
