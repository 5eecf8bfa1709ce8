#!/bin/sh
# Installs playwright-core into a build-local folder (once) and runs the
# browser tests with node's test runner against Debian's chromium.
# Usage: run_browser_tests.sh <console-host> <sfsim> <work dir> <test dir> [test files...]
set -eu
host="$1"; sfsim="$2"; work="$3"; tests="$4"; shift 4
command -v node >/dev/null 2>&1 || { echo "node is not installed (scripts/install_deps.sh installs it)"; exit 1; }
chromium=${CHROMIUM_BIN:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "chromium is not installed (scripts/install_deps.sh installs it)"; exit 1; }
mkdir -p "$work"
if [ ! -f "$work/node_modules/playwright-core/package.json" ]; then
  (cd "$work" && { [ -f package.json ] || printf '{"name":"console-browser-tests","private":true}\n' > package.json; } &&
   npm install --no-audit --no-fund --loglevel=error playwright-core@1)
fi
rm -rf "$work/screenshots"
export CONSOLE_HOST_BIN="$host" SFSIM_BIN="$sfsim" PLAYWRIGHT_MODULES="$work/node_modules" \
  SCREENSHOT_DIR="$work/screenshots" CHROMIUM_BIN="$chromium"
# Playwright must never try to download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ $# -eq 0 ]; then set -- "$tests"/*.test.js; fi
exec node --test --test-concurrency=1 "$@"
