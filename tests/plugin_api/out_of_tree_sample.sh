#!/usr/bin/env bash
# Builds examples/hello_connector outside this project, twice: against the
# build-tree package and against an installed package, and loads each result
# the way the host does; then both samples (C++ and C) with the packages they
# must not need made unfindable.
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

# Neither layer of the plugin API needs Boost: the C++ sample builds with
# Boost made unfindable, and the C sample with Boost and RapidJSON both
# unfindable (and no C++ compiler asked for).
echo "== the C++ sample, with Boost unfindable"
cmake -S "$src/examples/hello_connector" -B "$work/cxx-no-boost" "${gen[@]}" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_DISABLE_FIND_PACKAGE_Boost=TRUE >/dev/null
cmake --build "$work/cxx-no-boost" >/dev/null
"$check" "$work/cxx-no-boost" hello

echo "== the C sample, with Boost and RapidJSON unfindable"
cmake -S "$src/examples/hello_c" -B "$work/c-only" "${gen[@]}" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_DISABLE_FIND_PACKAGE_Boost=TRUE \
  -DCMAKE_DISABLE_FIND_PACKAGE_RapidJSON=TRUE >/dev/null
cmake --build "$work/c-only" >/dev/null
"$check" "$work/c-only" hello-c
