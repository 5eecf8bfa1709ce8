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
# Bounded, as everything here: a registry that never answers fails the run.
if [ ! -f "$work/node_modules/playwright-core/package.json" ]; then
  (cd "$work" && { [ -f package.json ] || printf '{"name":"console-browser-tests","private":true}\n' > package.json; } &&
   timeout -k 10 180 npm install --no-audit --no-fund --loglevel=error playwright-core@1)
fi
export CONSOLE_HOST_BIN="$host" SFSIM_BIN="$sfsim" PLAYWRIGHT_MODULES="$work/node_modules" \
  SCREENSHOT_DIR="$work/screenshots" CHROMIUM_BIN="$chromium"
# Playwright must never try to download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ $# -eq 0 ]; then set -- "$tests"/*.test.js; fi
# A test that runs over --test-timeout fails (and the next one runs); a file
# that runs over BROWSER_TEST_FILE_TIMEOUT_MS is ended by harness.js's
# watchdog, which first prints what it was waiting for. Both stay below the
# CTest TIMEOUT (tests/browser/CMakeLists.txt).
export BROWSER_TEST_FILE_TIMEOUT_MS="${BROWSER_TEST_FILE_TIMEOUT_MS:-300000}"
exec node --test --test-concurrency=1 --test-timeout="${BROWSER_TEST_TIMEOUT_MS:-150000}" "$@"
