#!/bin/sh
# sim-browser.sh URL -- plays the admin's browser against the Salesforce
# simulator (sfsim), for the demo and the end-to-end tests, as $BROWSER.
#
# It does what a person would: signs in on the simulator's login page and
# answers its Allow/Deny page (through the simulator's control API, which
# plays exactly those two pages), then follows the redirect back to
# console-host's loopback listener. It never prints the redirect (it carries
# the authorization code).
#
# Environment:
#   SFSIM_URL       the simulator, e.g. http://127.0.0.1:40123 (required)
#   SIM_USERNAME    default admin@simorg.example
#   SIM_PASSWORD    default sim-password
#   SIM_DECISION    allow (default) | deny | ignore (never come back)
#   SIM_DECISIONS   a file with one decision per line, used (and consumed) in
#                   order; overrides SIM_DECISION while it has lines
#   SIM_URL_LOG     a file each authorize URL is appended to
set -u
url="$1"
[ -n "${SIM_URL_LOG:-}" ] && printf '%s\n' "$url" >>"$SIM_URL_LOG"

decision="${SIM_DECISION:-allow}"
if [ -n "${SIM_DECISIONS:-}" ] && [ -s "$SIM_DECISIONS" ]; then
  decision=$(head -n 1 "$SIM_DECISIONS")
  sed -i '1d' "$SIM_DECISIONS"
fi
[ "$decision" = ignore ] && exit 0

: "${SFSIM_URL:?SFSIM_URL must point at the simulator}"
json_escape() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }
body=$(printf '{"authorize_url":"%s","username":"%s","password":"%s","decision":"%s"}' \
  "$(json_escape "$url")" "$(json_escape "${SIM_USERNAME:-admin@simorg.example}")" \
  "$(json_escape "${SIM_PASSWORD:-sim-password}")" "$decision")
answer=$(curl -sS --max-time 20 -H 'Content-Type: application/json' -d "$body" "$SFSIM_URL/__sim/browser/authorize") || {
  echo "sim-browser: the simulator did not answer" >&2
  exit 1
}
redirect=$(printf '%s' "$answer" | sed -n 's/.*"redirect" *: *"\([^"]*\)".*/\1/p' | sed -e 's#\\/#/#g' -e 's/\\u0026/\&/g')
if [ -z "$redirect" ]; then
  echo "sim-browser: the simulator gave no redirect" >&2
  exit 1
fi
curl -sS --max-time 20 -o /dev/null "$redirect" || echo "sim-browser: console-host's listener did not answer" >&2
