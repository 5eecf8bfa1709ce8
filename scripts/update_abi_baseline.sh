#!/usr/bin/env bash
# Regenerates the committed ABI baselines (plugin_api/abi/console_plugin_abi.xml,
# the layouts, and plugin_api/abi/console_plugin_constants.txt, the header's
# macro values) from the current header. Run it only for an intended, compatible change
# (appending fields in a new minor), and commit the result with the header.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target console_abi_probe console_abi_constants
abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
  --out-file plugin_api/abi/console_plugin_abi.xml "$build/plugin_api/libconsole_abi_probe.so"
# Keep machine-specific paths out of the committed file.
sed -i "s|$(pwd)/||g" plugin_api/abi/console_plugin_abi.xml
"$build/plugin_api/console_abi_constants" >plugin_api/abi/console_plugin_constants.txt
echo "wrote plugin_api/abi/console_plugin_abi.xml and plugin_api/abi/console_plugin_constants.txt"
