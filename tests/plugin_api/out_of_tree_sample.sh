#!/usr/bin/env bash
# Builds examples/hello_connector outside this project, twice: against the
# build-tree package and against an installed package, and loads each result
# the way the host does.
#   out_of_tree_sample.sh <source dir> <build dir> <plugin_root_check> <work dir>
set -euo pipefail
src=$1 build=$2 check=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)

echo "== against the build tree"
cmake -S "$src/examples/hello_connector" -B "$work/from-build" "${gen[@]}" \
  -DConsolePlugin_DIR="$build/plugin_api" >/dev/null
cmake --build "$work/from-build" >/dev/null
"$check" "$work/from-build" hello

echo "== against an install tree"
cmake --install "$build" --prefix "$work/prefix" --component Unspecified >/dev/null
cmake -S "$src/examples/hello_connector" -B "$work/from-install" "${gen[@]}" \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/from-install" >/dev/null
"$check" "$work/from-install" hello
