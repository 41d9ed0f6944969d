# Starts and stops the server under test (sourced, not run; no side effects
# on sourcing). Used by the real-client scripts and tools/redis-tests.
#
# The caller sets:
#   server_kind   ringkv (default) or redis: Debian's redis-server, which is
#                 how the expected behaviour is confirmed
#   server_dir    an existing temp dir: data in $server_dir/data, output in
#                 $server_dir/server.log
#   redis_appendonly  yes to keep redis-server's data across a restart
# and reads server_pid and server_port after start_server.

server_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server_kind=${server_kind:-ringkv}
redis_appendonly=${redis_appendonly:-no}
server_pid=""
server_port=""

# start_server [PORT]: port 0 (the default) picks a free port; restarting
# with the previous $server_port reuses the port and the data dir.
start_server() {
  mkdir -p "$server_dir/data"
  : >"$server_dir/server.log"
  if [[ "$server_kind" == redis ]]; then
    start_redis_server "${1:-0}"
  else
    start_ringkv_server "${1:-0}"
  fi
}

# ringkv prints "Ready to accept connections on port N" once listening,
# also when it chose N itself.
start_ringkv_server() {
  local binary=${RINGKV_SERVER:-$server_repo/build/src/ringkv-server}
  [[ -x "$binary" ]] || { echo "no server binary at $binary" >&2; exit 1; }
  "$binary" --port "$1" --dir "$server_dir/data" --loglevel warning >"$server_dir/server.log" 2>&1 &
  server_pid=$!
  local tries
  for ((tries = 0; tries < 300; tries++)); do
    server_port=$(grep -o 'on port [0-9]*' "$server_dir/server.log" | awk '{print $3}' || true)
    [[ -n "$server_port" ]] && return
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  server_failed_to_start
}

# Redis cannot report a port it chose, so the kernel picks a free one first.
start_redis_server() {
  server_port=$1
  if [[ "$server_port" == 0 ]]; then
    server_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  fi
  redis-server --port "$server_port" --bind 127.0.0.1 --dir "$server_dir/data" --save '' \
    --appendonly "$redis_appendonly" --daemonize no >"$server_dir/server.log" 2>&1 &
  server_pid=$!
  local tries
  for ((tries = 0; tries < 300; tries++)); do
    redis-cli -p "$server_port" ping 2>/dev/null | grep -q PONG && return
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  server_failed_to_start
}

server_failed_to_start() {
  echo "$server_kind server did not start:" >&2
  cat "$server_dir/server.log" >&2
  exit 1
}

# Whether the server is still running (not crashed).
server_alive() {
  [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null
}

# SIGTERM (a clean shutdown for both servers), then SIGKILL after 10 s.
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  local tries
  for ((tries = 0; tries < 100; tries++)); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
