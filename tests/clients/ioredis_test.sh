#!/usr/bin/env bash
# ioredis from the npm registry (locked in ioredis/package-lock.json) against
# the server: pipelines, MULTI/EXEC, and reconnection after a restart on the
# same port and data dir. The checks are in ioredis/test.js.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
redis_appendonly=yes  # redis-server only: keep data across the restart

client_dir="$(cd "$(dirname "$0")" && pwd)/ioredis"
command -v node >/dev/null || { echo "node is not installed (tools/install-deps)" >&2; exit 1; }
# npm ci reinstalls from scratch; skip it when the locked tree is in place.
if [[ ! -f "$client_dir/node_modules/.package-lock.json" ||
      "$client_dir/package-lock.json" -nt "$client_dir/node_modules/.package-lock.json" ]]; then
  (cd "$client_dir" && timeout 300 npm ci --no-audit --no-fund --loglevel=error)
fi

start_server

# test.js asks for the restart with SIGUSR1; `wait` returns early when the
# trap runs, so it is called again until node has really exited.
restart_requested=0
trap 'restart_requested=1' USR1
RINGKV_PORT=$server_port RINGKV_CONTROL_PID=$$ timeout 300 node "$client_dir/test.js" &
node_pid=$!
restarts=0
while :; do
  status=0
  wait "$node_pid" || status=$?
  if ((restart_requested)); then
    restart_requested=0
    restarts=$((restarts + 1))
    ((restarts <= 3)) || { echo "test.js asked for too many restarts" >&2; exit 1; }
    port=$server_port
    stop_server
    start_server "$port"
    continue
  fi
  break
done
exit "$status"
