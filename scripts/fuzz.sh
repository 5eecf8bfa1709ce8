#!/usr/bin/env bash
# Runs every libFuzzer target in turn for SECONDS each (default 60) and
# prints, per target, the executions per second, the final coverage (cov:
# edges, ft: features) and the number of crashes, leaks, timeouts and
# out-of-memory inputs found.
#
#   scripts/fuzz.sh           # 60 s a target
#   scripts/fuzz.sh 600       # 10 minutes a target, the release check
#   scripts/fuzz.sh 30 sim_   # only the targets whose name contains "sim_"
#   FUZZ_PARALLEL=2 scripts/fuzz.sh 600   # two targets at a time (one core each)
#
# Builds the `fuzz` preset (clang, ASan + UBSan, every library instrumented
# for coverage) when needed. Each target starts from its committed seeds
# (tests/fuzz/corpus/<name>) but writes what it learns to a scratch corpus,
# so the committed seeds change only by hand. Findings are kept in
# build/fuzz/findings/<target>/; copy one into the target's corpus folder to
# make it a regression seed that every build replays (label `unit`).
set -euo pipefail

seconds="${1:-60}"
filter="${2:-}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"
cd "$root"

if [ ! -f "$build/build.ninja" ]; then
  echo "Configuring the fuzz preset in build/fuzz ..."
  cmake --preset fuzz >/dev/null
fi
echo "Building the fuzz targets ..."
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target fuzz_all

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# Oversized allocations fail (and are handled) instead of aborting the run.
export ASAN_OPTIONS="${ASAN_OPTIONS:-allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

# One target's run: writes its result row to $scratch/<name>.row.
run_target() {
  local name="$1" seeds="tests/fuzz/corpus/$1/" target="$build/tests/fuzz/fuzz_$1"
  local findings="$build/findings/fuzz_$name"
  mkdir -p "$findings" "$scratch/$name"
  local log="$findings/last_run.log"
  : >"$findings/.started"  # findings newer than this are this run's
  "$target" -max_total_time="$seconds" -max_len=1048576 -rss_limit_mb=4096 -timeout=25 \
    -print_final_stats=1 -artifact_prefix="$findings/" "$scratch/$name" "$seeds" >"$log" 2>&1 || true
  # The last status line: "#N  DONE  cov: C ft: F corp: ... exec/s: E rss: ..."
  local status cov ft execs crashes
  status="$(grep -E '^#[0-9]+' "$log" | tail -n 1)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")"
  execs="$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\)/\1/p' "$log" | tail -n 1)"
  [ -n "$execs" ] || execs="$(sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p' <<<"$status")"
  crashes="$(find "$findings" -maxdepth 1 -newer "$findings/.started" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null | wc -l)"
  printf '%-24s %10s %10s %10s %8s\n' "fuzz_$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes" >"$scratch/$name.row"
}

targets=()
for seeds in tests/fuzz/corpus/*/; do
  name="$(basename "$seeds")"
  [ -x "$build/tests/fuzz/fuzz_$name" ] || continue
  case "fuzz_$name" in *"$filter"*) targets+=("$name") ;; esac
done

# FUZZ_PARALLEL targets run at once (default 1: one core each); the table
# is printed in name order once all have finished.
parallel="${FUZZ_PARALLEL:-1}"
echo "Running ${#targets[@]} targets, $seconds s each, $parallel at a time ..."
running=0
for name in "${targets[@]}"; do
  run_target "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

printf '%-24s %10s %10s %10s %8s\n' "target" "exec/s" "cov" "ft" "crashes"
total_crashes=0
for name in "${targets[@]}"; do
  cat "$scratch/$name.row"
  total_crashes=$((total_crashes + $(awk '{print $5}' "$scratch/$name.row")))
done
if [ "$total_crashes" -gt 0 ]; then
  echo "Findings are in $build/findings/ (see each target's last_run.log)."
  exit 1
fi
