#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need.
# Idempotent: runs apt-get (and its update) only when something is missing,
# and prints nothing when everything is already there.
set -euo pipefail

packages=(
  cmake g++ clang clang-format clang-tidy ninja-build pkg-config
  libboost-dev libboost-program-options-dev libboost-regex-dev
  libcurl4-openssl-dev rapidjson-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libssl-dev
  abigail-tools
  nodejs npm
  chromium
  openssl curl ca-certificates procps
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from another source; accept a working binary.
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node 22 and the Salesforce CLI for its conformance test, from npm into
# build/tools (quiet when present).
"$(dirname "${BASH_SOURCE[0]}")/install_sf_cli.sh"

