#!/usr/bin/env bash
# Replay from a pcap file: `ctsh simulate pcap FILE` (a whole process: start, parse every packet, track
# it, save the snapshot; a fresh config directory each time) against `tcpdump -r FILE -w /dev/null` (read
# and write back every packet) on the same file, the gateway workload's mix (tests/tools/workload_capture:
# 500 users, 10 connections each, 10 s: about 180,000 packets, 143 MB). Prints the median of several
# runs of each and their ratio (target: within 2x).
#   bash bench/capture_replay.sh [BUILD_DIR]        (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
runs=${CTSH_BENCH_REPETITIONS:-5}
if ! command -v tcpdump >/dev/null; then
  echo "capture replay: tcpdump is not installed (bash scripts/dev.sh installs the packages)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
capture=$work/gateway.pcap
"$build_dir/tests/workload_capture" "$capture" gateway 500 10 10 1

# Wall time of one run of a command, in milliseconds.
milliseconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for _ in $(seq "$runs"); do
  rm -rf "$work/config"
  milliseconds "$build_dir/cli/ctsh" --config-dir "$work/config" simulate pcap "$capture" >>"$work/ctsh"
  milliseconds tcpdump -r "$capture" -w /dev/null >>"$work/tcpdump"
done
packets=$("$build_dir/cli/ctsh" --config-dir "$work/check" "simulate pcap $capture | json" | jq .packets)
ctsh_ms=$(median <"$work/ctsh")
tcpdump_ms=$(median <"$work/tcpdump")
printf 'capture replay, %s packets, %s MB (median of %s runs)\n' "$packets" "$(($(stat -c %s "$capture") / 1000000))" "$runs"
printf '  %-45s %8s ms\n' "ctsh simulate pcap FILE" "$ctsh_ms" "tcpdump -r FILE -w /dev/null" "$tcpdump_ms"
awk -v a="$ctsh_ms" -v b="$tcpdump_ms" 'BEGIN { printf "  ratio: %.2f x tcpdump (target: within 2x)\n", (b > 0 ? a / b : 0) }'
