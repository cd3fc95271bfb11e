#!/usr/bin/env bash
# Fuzzes the engine's packet path for SECONDS with AFL++: builds fuzz/engine_fuzz with afl-g++ and
# ASan+UBSan (build/fuzz), writes the seed corpus, runs afl-fuzz, and exits 1 if it found a crash or a
# hang (printing each input's path and the sanitizer's first lines for it).
#   bash scripts/fuzz.sh 60
# afl-g++ runs in AFL++'s classic GCC mode: the GCC-plugin mode (afl-g++-fast) of Debian 12's afl++
# 4.04c refuses the installed gcc 12.2.0-14+deb12u1 ("GCC and plugin have incompatible versions"),
# and the classic mode has no persistent mode, so every input is one fork-server run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: scripts/fuzz.sh SECONDS}

if ! command -v afl-fuzz >/dev/null || ! command -v afl-g++ >/dev/null; then
  echo "Installing: afl++"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++
fi

build=build/fuzz
CC=afl-gcc CXX=afl-g++ AFL_QUIET=1 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCTSH_BUILD_FUZZ=ON -DCTSH_SANITIZE=ON -DCTSH_BUILD_TESTS=OFF -DCTSH_BUILD_BENCH=OFF >/dev/null
AFL_QUIET=1 cmake --build "$build" --target engine_fuzz fuzz_seeds

out=$build/findings
rm -rf "$build/seeds" "$out"
"$build/fuzz/fuzz_seeds" "$build/seeds"

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1
status=0
timeout --kill-after=10 $((seconds + 60)) \
  afl-fuzz -i "$build/seeds" -o "$out" -V "$seconds" -t 2000 -m none -- "$build/fuzz/engine_fuzz" @@ \
  >"$build/afl-fuzz.log" 2>&1 || status=$?
grep -E "Statistics|total_execs" "$build/afl-fuzz.log" | tail -1 || true
if ((status != 0)) && [[ ! -d $out/default ]]; then
  tail -20 "$build/afl-fuzz.log"
  echo "afl-fuzz did not run (exit $status)" >&2
  exit 2
fi

found=0
for input in "$out"/default/crashes/id:* "$out"/default/hangs/id:*; do
  [[ -e $input ]] || continue
  found=1
  echo "FOUND: $input"
  ASAN_OPTIONS=symbolize=1:detect_leaks=0 timeout 10 "$build/fuzz/engine_fuzz" "$input" 2>&1 | head -15 | sed 's/^/  /' || true
done
if ((found)); then exit 1; fi
echo "no crash or hang in ${seconds} s ($(grep -oE 'execs_done *: *[0-9]+' "$out/default/fuzzer_stats" | grep -oE '[0-9]+$' || echo '?') inputs)"
