#!/usr/bin/env bash
# Regenerates the committed ABI baseline (plugin_api/abi/console_plugin_abi.xml)
# from the current header. Run it only for an intended, compatible change
# (appending fields in a new minor), and commit the result with the header.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target console_abi_probe
abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
  --out-file plugin_api/abi/console_plugin_abi.xml "$build/plugin_api/libconsole_abi_probe.so"
# Keep machine-specific paths out of the committed file.
sed -i "s|$(pwd)/||g" plugin_api/abi/console_plugin_abi.xml
echo "wrote plugin_api/abi/console_plugin_abi.xml"
