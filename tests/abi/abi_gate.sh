#!/usr/bin/env bash
# The ABI gate: compares a freshly built ABI probe library with the committed
# baseline using libabigail's abidiff.
#   abi_gate.sh <baseline.xml> <library.so>                 passes when nothing changed
#   abi_gate.sh --expect-break <baseline.xml> <library.so>  passes when abidiff sees a change
# abidiff's exit code is a bit set: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible change. With a table of function pointers a layout change
# often shows only as bit 4, so any of 4 or 8 fails the gate.
set -u
expect_break=0
if [ "${1:-}" = "--expect-break" ]; then expect_break=1; shift; fi
baseline=$1
library=$2
command -v abidiff >/dev/null || { echo "abidiff not found: install the Debian package abigail-tools"; exit 1; }

report=$(abidiff --harmless "$baseline" "$library" 2>&1)
rc=$?
if [ $((rc & 3)) -ne 0 ]; then
  echo "abidiff failed to run (exit $rc):"; echo "$report"; exit 1
fi
changed=$(( (rc & 12) != 0 ))
if [ "$expect_break" -eq 1 ]; then
  if [ "$changed" -eq 1 ]; then echo "the gate caught the deliberate break (abidiff exit $rc)"; exit 0; fi
  echo "the gate did NOT notice a deliberate ABI break"; echo "$report"; exit 1
fi
if [ "$changed" -eq 1 ]; then
  echo "The plugin ABI changed (abidiff exit $rc) compared with $baseline:"
  echo "$report"
  echo
  echo "If this change is intended (a new minor that only appends fields), update the baseline"
  echo "with scripts/update_abi_baseline.sh and bump CONSOLE_ABI_VERSION_MINOR in console_plugin.h."
  exit 1
fi
echo "ABI unchanged against $baseline"
