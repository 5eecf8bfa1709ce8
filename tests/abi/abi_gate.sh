#!/usr/bin/env bash
# The ABI gate: compares a freshly built ABI probe library with the committed
# baseline using libabigail's abidiff, and the values of the header's macros
# (status codes, log levels, error code strings, versions) with theirs.
#   abi_gate.sh <baseline.xml> <library.so> [<constants.txt> <constants-program> [<header.h>]]
#       passes when nothing changed
#   abi_gate.sh --expect-break <baseline.xml> <library.so> [...]
#       passes when the gate sees a change (its self-test)
# abidiff's exit code is a bit set: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible change. With a table of function pointers a layout change
# often shows only as bit 4, so any of 4 or 8 fails the gate. libabigail never
# sees a macro: <constants-program> (plugin_api/abi/abi_constants.c) prints
# every one as NAME=value and its output must equal <constants.txt>; with
# <header.h>, every CONSOLE_OK/ERROR/MISUSE/ERR_*/LOG_* macro the header
# defines must be in that output (a new one cannot be left out of the gate).
set -u
expect_break=0
if [ "${1:-}" = "--expect-break" ]; then expect_break=1; shift; fi
baseline=$1
library=$2
constants_baseline=${3:-}
constants_program=${4:-}
header=${5:-}
command -v abidiff >/dev/null || { echo "abidiff not found: install the Debian package abigail-tools"; exit 1; }

report=$(abidiff --harmless "$baseline" "$library" 2>&1)
rc=$?
if [ $((rc & 3)) -ne 0 ]; then
  echo "abidiff failed to run (exit $rc):"; echo "$report"; exit 1
fi
layout_changed=$(( (rc & 12) != 0 ))

constants_changed=0
constants_report=
if [ -n "$constants_baseline" ]; then
  values=$("$constants_program") || { echo "$constants_program failed to run"; exit 1; }
  if ! constants_report=$(diff -u --label "$constants_baseline" --label "$constants_program" \
                            "$constants_baseline" <(printf '%s\n' "$values")); then
    constants_changed=1
  fi
  if [ -n "$header" ]; then
    for name in $(sed -nE 's/^#define (CONSOLE_(OK|ERROR|MISUSE|ERR_[A-Z_]+|LOG_[A-Z_]+))[[:space:]].*/\1/p' "$header"); do
      if ! printf '%s\n' "$values" | grep -q "^$name="; then
        echo "$name is defined in $header but not checked by the gate: add it to $constants_program's source"
        exit 1
      fi
    done
  fi
fi

if [ "$expect_break" -eq 1 ]; then
  if [ "$layout_changed" -eq 1 ]; then echo "the gate caught the deliberate layout break (abidiff exit $rc)"; exit 0; fi
  if [ "$constants_changed" -eq 1 ]; then
    echo "the gate caught the deliberate change of a macro value:"; echo "$constants_report"; exit 0
  fi
  echo "the gate did NOT notice a deliberate ABI break"; echo "$report"; exit 1
fi
if [ "$layout_changed" -eq 1 ]; then
  echo "The plugin ABI changed (abidiff exit $rc) compared with $baseline:"
  echo "$report"
fi
if [ "$constants_changed" -eq 1 ]; then
  echo "A value defined by console_plugin.h changed compared with $constants_baseline:"
  echo "$constants_report"
fi
if [ "$layout_changed" -eq 1 ] || [ "$constants_changed" -eq 1 ]; then
  echo
  echo "If this change is intended (a new minor that only appends fields or values), update the baselines"
  echo "with scripts/update_abi_baseline.sh and bump CONSOLE_ABI_VERSION_MINOR in console_plugin.h."
  echo "A changed value (a status, a log level, an error code string) is never compatible."
  exit 1
fi
echo "ABI unchanged against $baseline${constants_baseline:+ and $constants_baseline}"
