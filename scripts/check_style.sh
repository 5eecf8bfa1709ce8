#!/usr/bin/env bash
# The committed style, checked: every C and C++ file git tracks must be as
# clang-format writes it (.clang-format), and the project's sources must pass
# clang-tidy's bugprone-* and performance-* checks (.clang-tidy). CI runs it
# after the tests; run it before you push.
#
#   scripts/check_style.sh            # both checks
#   scripts/check_style.sh format     # only the formatting (a second or two)
#   scripts/check_style.sh tidy       # only clang-tidy (several minutes)
#
# clang-tidy reads the compile commands of a configured build
# (CONSOLE_BUILD_DIR, default build/default; scripts/test.sh makes it). Tests
# are left out of tidy: its checks are about the code we ship, and the test
# sources double its time.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
build="${CONSOLE_BUILD_DIR:-build/default}"
status=0

if [ "$what" = all ] || [ "$what" = format ]; then
  mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp' '*.cpp.in')
  if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/check_style_format.$$; then
    grep -oE '^[^ :]+:[0-9]+:[0-9]+: (error|warning)' /tmp/check_style_format.$$ | cut -d: -f1 | sort -u | sed 's/^/  not formatted: /'
    echo "clang-format: the files above differ from .clang-format; run: clang-format -i FILE"
    status=1
  else
    echo "clang-format: ${#files[@]} files as .clang-format writes them"
  fi
  rm -f /tmp/check_style_format.$$
fi

if [ "$what" = all ] || [ "$what" = tidy ]; then
  if [ ! -f "$build/compile_commands.json" ]; then
    echo "clang-tidy: no $build/compile_commands.json; configure a build first (scripts/test.sh does)" >&2
    exit 2
  fi
  # Sources of the shipped parts only; generated files live under build/.
  sources='^'"$PWD"'/(plugin_api|plugins|host_stub|examples)/.*\.(c|cpp)$'
  if run-clang-tidy -quiet -p "$build" -j "${CONSOLE_JOBS:-$(nproc)}" "$sources" >/tmp/check_style_tidy.$$ 2>&1; then
    echo "clang-tidy: no findings (bugprone-*, performance-*)"
  else
    sed 's/\x1b\[[0-9;]*m//g' /tmp/check_style_tidy.$$ | grep -E '^/.*(warning|error):' | sed "s|^$PWD/||" | sort -u
    echo "clang-tidy: the findings above must be fixed (or the check turned off in .clang-tidy with a reason)"
    status=1
  fi
  rm -f /tmp/check_style_tidy.$$
fi
exit "$status"
