#!/usr/bin/env bash
# bench_serve.sh -- P3: the create sequence in a warm `console-host serve`,
# host+plugin CPU time against sfsim's own CPU time for the same requests
# (tests/browser/bench_serve.js). Prints; asserts nothing.
# BENCH_CREATES sets how many creates are measured (default 60).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CONSOLE_BUILD_DIR:-$root/build/default}"
"$root/scripts/install_deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target console-host sfsim salesforce_connector -j "$(nproc)" >/dev/null
echo "Machine: $(nproc) cores, $(uname -m); load $(cut -d' ' -f1-3 /proc/loadavg)"
CONSOLE_HOST_BIN="$build/stage/bin/console-host" SFSIM_BIN="$build/stage/bin/sfsim" \
  PLAYWRIGHT_MODULES="$build/browser/node_modules" SCREENSHOT_DIR="$build/browser/bench-screenshots" \
  node "$root/tests/browser/bench_serve.js"
