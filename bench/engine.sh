#!/usr/bin/env bash
# Runs the engine benchmarks (build/release/bench/engine_bench, about 2 minutes) and prints, for each
# workload, the engine's ct-only figure, the baseline hash map's in the same run, their ratio, OVS's
# figure measured on this machine (shared/reference/ovs-conntrack.md) and the target.
#   bash bench/engine.sh [--json FILE] [BUILD_DIR]     (FILE: Google Benchmark's JSON of the run)
#   CTSH_BENCH_FILTER=established_udp bash bench/engine.sh   (a regex of benchmarks to run)
set -euo pipefail
cd "$(dirname "$0")/.."
json_out=""
if [[ ${1:-} == --json ]]; then
  json_out=${2:?--json needs a file}
  shift 2
fi
build_dir=${1:-build/release}
filter=${CTSH_BENCH_FILTER:-.}

# workload | baseline | unit | OVS figure | target
rows=(
  "established_udp/1000|baseline_map/established_udp/1000|ns/pkt|91|25"
  "established_udp/100000|baseline_map/established_udp/100000|ns/pkt|251|60"
  "established_udp/1000000|baseline_map/established_udp/1000000|ns/pkt|412|100"
  "established_tcp/100000|baseline_map/established_tcp/100000|ns/pkt|297|-"
  "established_tcp/1000000|baseline_map/established_tcp/1000000|ns/pkt|408|110"
  "new_udp/1000000|baseline_map/new_udp/1000000|ns/conn|261|100"
  "new_tcp_syn/1000000|baseline_map/new_tcp_syn/1000000|ns/conn|304|100"
  "tcp_connection_storm/1000000|baseline_map/tcp_connection_storm/1000000|ns/conn|-|-"
  "syn_flood/full_of_established/1000000|baseline_map/syn_flood/full_of_established/1000000|ns/pkt|-|-"
  "syn_flood/full_of_syn/1000000|baseline_map/new_tcp_syn/1000000|ns/pkt|-|-"
  "notrack_rules_100/established_udp/100000|baseline_map/established_udp/100000|ns/pkt|-|-"
  "apply_table_size/1000000|baseline_map/apply_table_size/1000000|ms|-|-"
  "memory_per_connection/udp/1000000|baseline_map/memory_per_connection/1000000|B/conn|353|128"
  "memory_per_connection/tcp/1000000|baseline_map/memory_per_connection/1000000|B/conn|369|128"
  "memory_per_connection/udp_ipv6/1000000|baseline_map/memory_per_connection/1000000|B/conn|-|-"
  "memory_per_connection/udp_accounting/1000000|baseline_map/memory_per_connection/1000000|B/conn|-|-"
  "memory_per_connection/udp_ipv6_accounting/1000000|baseline_map/memory_per_connection/1000000|B/conn|-|-"
  "table_statistics/counters/1000000|-|ns|-|10 ms"
  "table_statistics/scan/1000000|baseline_memory_sweep/table_statistics/1000000|ms|-|100"
)

run_json=$(mktemp)
results=$(mktemp)
trap 'rm -f "$run_json" "$results"' EXIT
"$build_dir/bench/engine_bench" --benchmark_filter="$filter" --benchmark_format=json >"$run_json"
[[ -n $json_out ]] && cp "$run_json" "$json_out"

# name <TAB> figure <TAB> second figure (resident-memory growth, or the null pass) <TAB> error
jq -r '.benchmarks[] | [
    (.name | sub("/iterations:[0-9]+"; "") | sub("/manual_time"; "")),
    (.bytes_per_connection // .ct_ns // .real_time),
    (.rss_bytes_per_connection // .null_ns // ""),
    (.error_message // "")
  ] | @tsv' "$run_json" >"$results"

printf '%-46s %12s %12s %8s %10s %8s  %s\n' workload engine baseline ratio OVS target unit
for row in "${rows[@]}"; do
  IFS='|' read -r name baseline unit ovs target <<<"$row"
  awk -F'\t' -v name="$name" -v baseline="$baseline" -v unit="$unit" -v ovs="$ovs" -v target="$target" '
    $1 == name { value = $2; extra = $3; error = $4; seen = 1 } $1 == baseline { base = $2 }
    END {
      if (!seen) exit
      if (error != "") { printf "%-46s FAILED: %s\n", name, error; exit }
      ratio = (base > 0) ? sprintf("%.2fx", value / base) : "-"
      note = (unit == "B/conn") ? sprintf("  (resident growth %.0f B/conn)", extra) : ""
      printf "%-46s %12.1f %12.1f %8s %10s %8s  %s%s\n", name, value, base, ratio, ovs, target, unit, note
    }' "$results"
done
echo "engine and baseline: ct-only (raw - null pass); ratio = engine / baseline; single run, the machine is shared (about +-10%)"
