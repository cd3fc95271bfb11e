#!/usr/bin/env bash
# Full rendering of the conntrack table to a file by whole `ctsh show conntrack table ipv4` processes
# (start, snapshot load, listing, sort, text): at 1M entries (target under 1 s), beside the same process
# with a filter that matches nothing (start, load and scan only); and at the kernel's table size here
# (262,144 entries, the most a network namespace allows) beside `conntrack -L` of a kernel table of the
# same size, filled in a network namespace this script creates and deletes (target: ctsh at least 5x
# faster). Medians of CTSH_BENCH_RENDER_RUNS (3) runs, wall and CPU time (the machine is shared: CPU time
# counts only the command's own work, the kernel's for conntrack -L included).
#   bash bench/table_render.sh [BUILD_DIR]        (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
runs=${CTSH_BENCH_RENDER_RUNS:-3}
ctsh=$build_dir/cli/ctsh
work=$(mktemp -d)
netns=ctsh-bench-render-$$
netns_made=false
cleanup() {
  if $netns_made; then ip netns delete "$netns" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# "WALL CPU": the medians, in seconds, of the wall time and of the CPU time (user + system, the kernel's
# work for conntrack -L included) of `runs` runs of the command, its standard output to $work/out.
measure() {
  local walls=() cpus=() TIMEFORMAT='%R %U %S' real user sys
  for ((run = 0; run < runs; run++)); do
    { time "$@" >"$work/out" 2>/dev/null; } 2>"$work/time"
    read -r real user sys <"$work/time"
    walls+=("$real")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')")
  done
  local median='{ t[NR] = $1 } END { printf "%.3f", t[int((NR + 1) / 2)] }'
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | awk "$median") $(printf '%s\n' "${cpus[@]}" | sort -n | awk "$median")"
}

# An engine table of $2 UDP flows in config directory $1 (table-size $2, hash-size $2 / 4).
fill_engine() {
  local dir=$1 entries=$2
  "$build_dir/bench/flow_capture" "$work/flows.pcap" "$entries"
  "$ctsh" --config-dir "$dir" -c "configure; set system conntrack table-size $entries; set system conntrack hash-size $((entries / 4)); commit" >/dev/null
  "$ctsh" --config-dir "$dir" simulate pcap "$work/flows.pcap" >/dev/null
  rm -f "$work/flows.pcap"
}

# Fails unless the last rendering printed the header, the dashes and $1 entries.
expect_rows() {
  local lines
  lines=$(wc -l <"$work/out")
  if ((lines != $1 + 2)); then
    echo "the table printed $((lines - 2)) entries, expected $1" >&2
    exit 1
  fi
}

echo "full rendering of the table to a file, whole processes (medians of $runs runs)"

million=1000000
fill_engine "$work/million" "$million"
read -r render render_cpu < <(measure "$ctsh" --config-dir "$work/million" show conntrack table ipv4)
expect_rows "$million"
read -r nothing nothing_cpu < <(measure "$ctsh" --config-dir "$work/million" show conntrack table ipv4 source 255.255.255.255)
awk -v r="$render" -v rc="$render_cpu" -v b="$nothing" -v bc="$nothing_cpu" -v n="$million" 'BEGIN {
  printf "  ctsh show conntrack table ipv4, %d entries: %.3f s wall, %.3f s CPU = %.1f x the CPU of the same process listing nothing (%.3f s wall, %.3f s CPU) (target: under 1 s)\n", n, r, rc, rc / bc, b, bc }'
rm -rf "$work/million"

# The kernel's side, in a namespace of its own: conntrack hooked in by an nft rule, UDP timeouts long
# enough for the fill, then one unreplied UDP entry per datagram of udp_flows.
reason=""
if ! command -v conntrack >/dev/null; then
  reason="conntrack (conntrack-tools) is not installed"
elif ! ip netns add "$netns" 2>/dev/null; then
  reason="this machine does not permit network namespaces (ip netns add failed)"
else
  netns_made=true
  in_netns() { ip netns exec "$netns" "$@"; }
  ruleset=$'table ip ctsh_bench {\n  chain out {\n    type filter hook output priority 0;\n    ct state new counter\n  }\n}'
  if ! in_netns ip link set lo up || ! in_netns nft -f - <<<"$ruleset" ||
     ! in_netns sysctl -qw net.netfilter.nf_conntrack_udp_timeout=3600; then
    reason="cannot set up conntrack in the namespace"
  fi
fi
if [[ -n $reason ]]; then
  echo "  kernel comparison skipped: $reason"
  exit 0
fi

kernel_entries=$(in_netns cat /proc/sys/net/netfilter/nf_conntrack_max)
in_netns "$build_dir/bench/udp_flows" "$kernel_entries"
held=$(in_netns conntrack -C)
if ((held != kernel_entries)); then
  echo "  the kernel table holds $held entries instead of $kernel_entries; comparing at $held"
  kernel_entries=$held
fi
read -r kernel kernel_cpu < <(measure in_netns conntrack -L)
kernel_lines=$(wc -l <"$work/out")
ip netns delete "$netns"
netns_made=false

fill_engine "$work/kernel_size" "$kernel_entries"
read -r engine engine_cpu < <(measure "$ctsh" --config-dir "$work/kernel_size" show conntrack table ipv4)
expect_rows "$kernel_entries"
awk -v e="$engine" -v ec="$engine_cpu" -v k="$kernel" -v kc="$kernel_cpu" -v n="$kernel_entries" -v l="$kernel_lines" 'BEGIN {
  printf "  %d entries: ctsh show conntrack table ipv4 %.3f s wall, %.3f s CPU; kernel conntrack -L (%d lines) %.3f s wall, %.3f s CPU: ctsh %.1f x faster by wall time, %.1f x by CPU time (target: at least 5x)\n", n, e, ec, l, k, kc, k / e, kc / ec }'
