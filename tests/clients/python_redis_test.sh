#!/usr/bin/env bash
# Debian's python3-redis (redis-py 4.3) against the server: connection pool
# shared by threads, pipelines with and without MULTI/EXEC, a few types.
# The checks are in python_redis_test.py.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Debian's interpreter: the `python3` on PATH may not see python3-redis.
python=/usr/bin/python3
"$python" -c 'import redis' || { echo "python3-redis is not installed (tools/install-deps)" >&2; exit 1; }

start_server
RINGKV_PORT=$server_port timeout 300 "$python" "$(dirname "$0")/python_redis_test.py"
