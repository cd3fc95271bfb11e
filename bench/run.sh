#!/usr/bin/env bash
# Runs every benchmark of the release build and prints, for each, the median of several repetitions and
# its ratio against the baseline measured in the same run (the machine is shared: quote ratios); then
# capture replay against tcpdump (bench/capture_replay.sh) and the engine benchmarks, once, through
# bench/engine.sh (their million-flow setups are too slow to repeat).
#   bash bench/run.sh [BUILD_DIR]        (default build/release; scripts/dev.sh bench builds it first)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
repetitions=${CTSH_BENCH_REPETITIONS:-5}

# benchmark name | baseline name | target, as printed
ratios=(
  "BM_CommitScript/set_lines:10000|BM_CommitScript/set_lines:0|under 1 s"
  "BM_ShowConfigurationOneShot|BM_BinTrue|under 10 ms"
  "BM_RunningShell_ShowConntrackStatistics/entries:1000000|BM_RunningShell_ShowConfiguration|under 10 ms"
  "BM_RunningShell_ShowConntrackTableStatistics/entries:1000000/iterations:5|BM_RunningShell_ShowConfiguration|under 100 ms"
  "BM_RunningShell_ShowConntrackTableToFile/entries:1000000/iterations:2|BM_RunningShell_ShowConfiguration|under 1 s"
)

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for binary in "$build_dir"/bench/*_bench; do
  [[ $(basename "$binary") == engine_bench ]] && continue
  "$binary" --benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true \
    --benchmark_format=csv 2>/dev/null | awk -F, '$1 ~ /_median"?$/ {
      name = $1; gsub(/"/, "", name); sub(/_median$/, "", name); sub(/\/real_time$/, "", name); print name "," $3 "," $5 }' >>"$results"
done

echo "median of $repetitions repetitions (wall time per iteration)"
awk -F, '{ printf "  %-45s %10.3f %s\n", $1, $2, $3 }' "$results"
echo
echo "ratios against the baseline of the same run"
for line in "${ratios[@]}"; do
  IFS='|' read -r name baseline target <<<"$line"
  awk -F, -v name="$name" -v baseline="$baseline" -v target="$target" '
    $1 == name { value = $2; unit = $3 } $1 == baseline { base = $2 }
    END { if (value != "" && base > 0)
            printf "  %-45s %10.3f %s = %6.1f x %s (target: %s)\n", name, value, unit, value / base, baseline, target }' "$results"
done

echo
echo "table rendering against the kernel's conntrack -L (bench/table_render.sh)"
bash bench/table_render.sh "$build_dir"

bash bench/capture_replay.sh "$build_dir"
echo
echo "engine (bench/engine.sh)"
bash bench/engine.sh "$build_dir"
