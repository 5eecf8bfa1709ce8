#!/bin/sh
# Installs jsforce@3 into a build-local folder (once) and runs the
# conformance script against a fresh sfsim.
# Usage: run_conformance.sh <sfsim binary> <work dir> <script>
set -eu
sfsim="$1"
work="$2"
script="$3"
command -v node >/dev/null 2>&1 || { echo "node is not installed (scripts/install_deps.sh installs it)"; exit 1; }
mkdir -p "$work"
if [ ! -f "$work/node_modules/jsforce/package.json" ]; then
  (cd "$work" && [ -f package.json ] || printf '{"name":"sfsim-conformance","private":true}\n' > "$work/package.json"
   cd "$work" && npm install --no-audit --no-fund --loglevel=error jsforce@3)
fi
exec node "$script" "$sfsim" "$work/node_modules"
