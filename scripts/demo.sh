#!/usr/bin/env bash
# demo.sh -- the main job, end to end, against the Salesforce simulator.
#
# Installs what is missing, builds, starts sfsim (a loopback Salesforce org)
# on a free port, and runs `console-host connector create` for a project with
# the Custom Domain pointing at the simulator and Install/Update on Account.
# The browser part is played by host_stub/tools/sim-browser.sh (set as
# $BROWSER): it signs in on the simulator's login page and presses Allow,
# as an admin would. Then it shows the connector from `connector list` and
# the Account page layouts as the simulator now holds them. Everything runs
# in a temporary folder (store, key, host config) and nothing is left running.
#
# scripts/demo.sh --web starts sfsim and `console-host serve` instead and
# prints the console's address: open it in a browser, create a connector on
# the Project Console's screens, and sign in on the simulator's login page
# (admin@simorg.example / sim-password). Ctrl-C stops both.
set -euo pipefail

web=false
case "${1:-}" in
  --web) web=true ;;
  "") ;;
  *) echo "usage: scripts/demo.sh [--web]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/default"

"$root/scripts/install_deps.sh"

echo "### Building console-host, sfsim and the Salesforce plugin in build/default"
echo "(the first build takes about 4 minutes on 2 cores, longer on a busy machine; later ones seconds)"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# One in ten of Ninja's "[done/total]" lines, so a long first build is seen
# to progress; anything else it prints (compiler errors) as it is.
cmake --build "$build" --target console-host sfsim salesforce_connector -j2 |
  awk '/^\[[0-9]+\/[0-9]+\]/ { split(substr($1, 2), n, "/"); if (n[1] % 10 == 0 || n[1] == n[2]) print "  built " n[1] " of " n[2] " steps"; next }
       /^ninja: no work to do/ { next } { print }'

bin="$build/stage/bin"
work="$(mktemp -d)"
. "$root/scripts/lib/sfsim.sh"
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  sfsim_stop
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

section() { printf '\n\033[1m### %s\033[0m\n' "$1"; }
[ -n "${NO_COLOR:-}" ] || [ ! -t 1 ] && section() { printf '\n### %s\n' "$1"; }

section "Starting the Salesforce simulator"
sfsim_start "$bin/sfsim" "$work/sfsim.log" "$work/sfsim.log"
echo "sfsim listening at $sim_url"

if $web; then
  # The console listens on 8080 (or the next free port); its OAuth callback
  # is <public_url>/oauth/callback, registered on the simulator's app as an
  # admin registers it in Salesforce.
  port="$(free_port 8080)"
  sfsim_host_ini "$work/host.ini" "[serve]" "listen = 127.0.0.1:$port"
  sfsim_register_callback "http://127.0.0.1:$port/oauth/callback"
  section "console-host serve"
  CONSOLE_HOST_STORE="$work/console.db" CONSOLE_HOST_CONFIG="$work/host.ini" "$bin/console-host" serve &
  serve_pid=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/status" && break
    sleep 0.1
  done
  cat <<TXT

Open http://127.0.0.1:$port/projects in a browser, open project "Sales Ops",
and press +Create. In the Environment step choose Custom Domain and enter
  $sim_url
Sign in on the simulator's page as admin@simorg.example / sim-password.
(Other users, e.g. no-modifyalldata@simorg.example, show missing permissions.)
Press Ctrl-C to stop.
TXT
  wait "$serve_pid"
  exit 0
fi

# The callback URL: the host's default, http://localhost:1717/OauthRedirect,
# or the next free port when 1717 is taken (the Salesforce CLI uses it too).
# Like a real org, the simulator matches callback URLs exactly, so the demo
# registers the one it uses on the simulator's app, as an admin would in Setup.
callback_port="$(free_port 1717)"
sfsim_register_callback "http://localhost:$callback_port/OauthRedirect"

# The host configuration: the simulator's Connected App, and the development
# setting that lets a custom domain be the loopback simulator.
sfsim_host_ini "$work/host.ini" "[host]" "callback_port = $callback_port" "timeout = 60"

export CONSOLE_HOST_STORE="$work/console.db"
export CONSOLE_HOST_CONFIG="$work/host.ini"
export BROWSER="$root/host_stub/tools/sim-browser.sh"
export SFSIM_URL="$sim_url"
export SIM_USERNAME="admin@simorg.example"

section "console-host plugins list"
"$bin/console-host" plugins list

section "console-host connector create --project \"Sales Ops\" (Custom Domain, Install/Update on Account)"
"$bin/console-host" connector create --project "Sales Ops" --name "Salesforce" \
  --description "Sales org" --type salesforce --non-interactive \
  --set environment.environment=custom --set "environment.custom_domain=$sim_url" \
  --set environment.buttons=install --set environment.object=Account

section "console-host connector list"
"$bin/console-host" connector list

section "The Account page layouts and the Smart Flows button, as the simulator now holds them"
curl -sS "$sim_url/__sim/state" >"$work/state.json"
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const wl = s.weblinks["Account.Smart_Flows"];
console.log("WebLink Account.Smart_Flows:", wl ? `${wl.masterLabel} (${wl.displayType}) -> ${wl.url}` : "(missing)");
for (const [name, l] of Object.entries(s.layouts)) {
  if (!name.startsWith("Account-")) continue;
  const actions = ((l.platformActionList || {}).platformActionListItems || []).map(a => a.actionName);
  console.log(`Layout ${decodeURIComponent(name)}:`);
  console.log(`  custom buttons: ${(l.customButtons || []).join(", ") || "(none)"}`);
  if (actions.length) console.log(`  Lightning actions: ${actions.join(", ")}`);
}
' "$work/state.json"

section "Done"
echo "The simulator is stopped and the temporary store is removed on exit."
