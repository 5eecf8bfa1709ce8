#!/usr/bin/env bash
# A staged plugin carries no DWARF of its own, links to a .debug file beside it
# that does, and its manifest's checksum is that of the stripped file.
# usage: split_debug_info_test.sh <readelf> <library> <manifest>
set -euo pipefail
readelf=$1 lib=$2 manifest=$3
fail() { echo "FAIL: $*"; exit 1; }

"$readelf" --section-headers --wide "$lib" | grep -q '\.debug_info' && fail "$lib still holds .debug_info"
link=$("$readelf" --string-dump=.gnu_debuglink "$lib" | sed -n 's/^ *\[ *0\] *//p')
[ "$link" = "$(basename "$lib").debug" ] || fail "debuglink is '$link', expected $(basename "$lib").debug"
[ -f "$lib.debug" ] || fail "$lib.debug is missing"
"$readelf" --section-headers --wide "$lib.debug" | grep -q '\.debug_info' || fail "$lib.debug holds no .debug_info"
sum=$(sha256sum "$lib" | cut -d' ' -f1)
grep -q "\"$sum\"" "$manifest" || fail "$manifest does not hold the stripped library's SHA-256 $sum"
echo "ok: $(basename "$lib") $(stat -c %s "$lib") bytes, debug info $(stat -c %s "$lib.debug") bytes beside it"
