#!/usr/bin/env bash
# Developer entry point: installs missing Debian packages, builds with a CMake preset, then opens the
# shell or runs every test.
#   bash scripts/dev.sh shell              build (release) and open ctsh on the in-process engine
#   bash scripts/dev.sh test [PRESET]      build and run every test (PRESET: release, debug, asan-ubsan)
#   bash scripts/dev.sh bench              build (release) and run the benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake ninja-build g++ pkg-config
  libcli11-dev nlohmann-json3-dev libvalijson-dev doctest-dev libreadline-dev libfmt-dev libbenchmark-dev libpcap-dev jq nftables tcpdump
  conntrack  # bench/table_render.sh: conntrack -L of a kernel table
)

install_missing_packages() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {
  local preset=$1
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
}

action=${1:-shell}
case "$action" in
  shell)
    install_missing_packages
    build release
    exec ./build/release/cli/ctsh "${@:2}"
    ;;
  test)
    preset=${2:-release}
    install_missing_packages
    build "$preset"
    ctest --preset "$preset" --output-on-failure
    ;;
  bench)
    install_missing_packages
    build release
    bash bench/run.sh
    ;;
  *)
    echo "usage: bash scripts/dev.sh shell | test [release|debug|asan-ubsan] | bench" >&2
    exit 2
    ;;
esac
