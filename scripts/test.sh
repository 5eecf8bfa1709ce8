#!/usr/bin/env bash
# The README's test command: installs what is missing, builds from scratch
# (or incrementally), and runs the whole CTest suite that CI runs. Slow,
# fuzz and benchmark labels are left out (see the README to run them).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_deps.sh

build=${CONSOLE_BUILD_DIR:-build/default}
jobs=${CONSOLE_JOBS:-$(nproc)}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs" -LE 'slow|fuzz|bench' --timeout 600 "$@"
