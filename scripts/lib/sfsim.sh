# sfsim.sh -- start and stop the Salesforce simulator from a script.
# Sourced (not run) by scripts/demo.sh and scripts/bench.sh:
#
#   . "$root/scripts/lib/sfsim.sh"
#   sfsim_start "$bin/sfsim" "$work/sfsim.log" "$work/sfsim.log" --org "$org"   # sets sim_pid, sim_url
#   curl "$sim_url/__sim/state"
#   sfsim_register_callback "http://localhost:$(free_port 1717)/OauthRedirect"
#   sfsim_host_ini "$work/host.ini" "[host]" "callback_port = 1717"
#   sfsim_stop
#
# sfsim_start runs sfsim on a free port (--port 0) with the given extra
# arguments, its stdout (the banner) in <log> and its stderr (one line per
# request) in <stderr file> (the same file, or /dev/null), and waits up to
# 10 s for the banner ("sfsim listening at <url>"). When sfsim does not start
# it prints the log and exits the calling script with 1.

sim_pid=""
sim_url=""

sfsim_start() {  # <sfsim binary> <log file> <stderr file> [sfsim arguments...]
  local binary="$1" log="$2" err="$3"
  shift 3
  : >"$log"
  if [ "$err" = "$log" ]; then
    "$binary" --port 0 "$@" >"$log" 2>&1 &
  else
    "$binary" --port 0 "$@" >"$log" 2>"$err" &
  fi
  sim_pid=$!
  sim_url=""
  local _
  for _ in $(seq 1 200); do
    sim_url="$(sed -n '1s/^sfsim listening at //p' "$log")"
    [ -n "$sim_url" ] && return 0
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "sfsim did not start:" >&2
  cat "$log" >&2
  exit 1
}

# Stops the sfsim that sfsim_start started, if it runs; safe to call twice.
sfsim_stop() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
  fi
}

# The first local TCP port from <port> on that nothing listens on.
free_port() {  # <port>
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# Registers <url> as a callback URL of the simulator's app, as an admin does
# in Setup: sfsim matches callback URLs exactly, as Salesforce does.
sfsim_register_callback() {  # <callback url>
  curl -sS -o /dev/null -H 'Content-Type: application/json' -d "{\"url\":\"$1\"}" "$sim_url/__sim/callback_urls"
}

# Writes <file> (mode 600), a host configuration for the simulator's
# Connected App with the development setting that lets a custom domain be
# the loopback simulator; the given lines (other sections) come first.
sfsim_host_ini() {  # <file> [lines...]
  local file="$1"
  shift
  {
    if [ $# -gt 0 ]; then printf '%s\n' "$@"; fi
    cat <<'INI'
[salesforce]
client_id = 3MVG9SIMULATOR0SmartFlowsConsumerKey
client_secret = sim-consumer-secret
allow_loopback_login_host = true
INI
  } >"$file"
  chmod 600 "$file"
}
