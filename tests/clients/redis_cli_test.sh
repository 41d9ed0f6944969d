#!/usr/bin/env bash
# redis-cli and redis-benchmark (Debian's redis-tools 7.0) against the server:
# reply formatting in raw, --no-raw and --csv modes and in RESP3 (-3),
# commands from stdin, --pipe mass insertion of 1 000 000 SETs, --scan, and a
# short benchmark.
# Every expected output below is what the same redis-cli prints against
# redis-server 7.0 (CLIENT_TEST_SERVER=redis runs this file against it).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start_server
cli() { redis-cli -p "$server_port" "$@" 2>&1; }

check_formatting() {
  check "PING" "PONG" "$(cli ping)"
  check "SET raw" "OK" "$(cli set greeting hello)"
  check "GET raw" "hello" "$(cli get greeting)"
  check "GET missing raw (empty line)" "" "$(cli get missing)"
  check "GET --no-raw" '"hello"' "$(cli --no-raw get greeting)"
  check "GET missing --no-raw" "(nil)" "$(cli --no-raw get missing)"
  check "INCR --no-raw" "(integer) 1" "$(cli --no-raw incr counter)"
  check "INCR raw" "2" "$(cli incr counter)"
  check "INCR wrong value --no-raw" "(error) ERR value is not an integer or out of range" \
    "$(cli --no-raw incr greeting)"
  check "INCR wrong value raw" "ERR value is not an integer or out of range" "$(cli incr greeting)"
  local status=0
  cli -e incr greeting >/dev/null || status=$?
  check "-e exits 1 on an error reply" "1" "$status"
  check "unknown command" "(error) ERR unknown command 'nosuchcommand', with args beginning with: 'a' " \
    "$(cli --no-raw nosuchcommand a)"
  check "wrong arity" "(error) ERR wrong number of arguments for 'get' command" "$(cli --no-raw get)"
  check "MGET --no-raw" $'1) "hello"\n2) (nil)' "$(cli --no-raw mget greeting missing)"
  check "EXISTS" "(integer) 1" "$(cli --no-raw exists greeting missing)"
  check "SET EX" "OK" "$(cli set session token ex 100)"
  check_match "TTL" '^(100|99)$' "$(cli ttl session)"
  check "empty array" "(empty array)" "$(cli --no-raw keys 'nomatch*')"
  check "-x reads the last argument from stdin" "OK" "$(printf 'two\nlines' | cli -x set multiline)"
  check "escaped bulk --no-raw" '"two\nlines"' "$(cli --no-raw get multiline)"
  check "raw bulk keeps the newline" $'two\nlines' "$(cli get multiline)"
  check "-r repeats" $'1\n2\n3' "$(cli -r 3 incr repeated)"
  check "commands on stdin" $'OK\n11\n11' "$(printf 'set fromstdin 10\nincr fromstdin\nget fromstdin\n' | cli)"
  local big
  big=$(head -c 100000 /dev/zero | tr '\0' x)
  check "100 kB value" "OK" "$(cli set big "$big")"
  check "STRLEN of it" "100000" "$(cli strlen big)"
  check "GETRANGE of it" "xxxxx" "$(cli getrange big 99995 -1)"
  check "GETRANGE --csv" '"lo"' "$(cli --csv getrange greeting 3 4)"
  check "DEL several" "(integer) 4" "$(cli --no-raw del greeting counter multiline big missing)"
  check_match "INFO server section" $'^# Server\r?\nredis_version:7\\.' "$(cli info server)"
}

# Mass insertion as documented for Redis: the protocol for 1 000 000 SETs
# piped through `redis-cli --pipe`, which reports errors and replies.
check_mass_insertion() {
  cli flushall >/dev/null
  local protocol="$server_dir/mass.protocol" output status=0
  awk 'BEGIN {
    for (i = 0; i < 1000000; i++) {
      key = "key:" i; value = "value:" i
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(key), key, length(value), value
    }
  }' >"$protocol"
  output=$(timeout 300 redis-cli -p "$server_port" --pipe --pipe-timeout 60 <"$protocol" 2>&1) ||
    status=$?
  rm -f "$protocol"
  check "--pipe exit status" "0" "$status"
  check_match "--pipe summary" "errors: 0, replies: 1000000" "$output"
  check "DBSIZE after --pipe" "1000000" "$(cli dbsize)"
  check "a value from --pipe" "value:765432" "$(cli get key:765432)"
  # key:1, key:10..19, key:100..199, ... key:100000..199999
  check "--scan --pattern count" "111111" "$(cli --scan --pattern 'key:1*' | wc -l)"
  check "--scan returns each key once" "111111" \
    "$(cli --scan --pattern 'key:1*' | sort -u | wc -l)"
}

check_benchmark() {
  local output status=0
  output=$(timeout 300 redis-benchmark -p "$server_port" -q -n 10000 -t set,get,incr,mset 2>&1) ||
    status=$?
  check "redis-benchmark exit status" "0" "$status"
  local test
  for test in SET GET INCR "MSET (10 keys)"; do
    check_match "redis-benchmark $test" "(^|[[:space:]])$(printf '%s' "$test" | sed 's/[()]/\\&/g'): [0-9.]+ requests per second" "$output"
  done
  if grep -qiE 'error|ERR ' <<<"$output"; then
    check "redis-benchmark reports no errors" "" "$(grep -iE 'error|ERR ' <<<"$output")"
  fi
  check "benchmark counter" "10000" "$(cli get counter:__rand_int__)"
}

# RESP3 (redis-cli -3 says HELLO 3 first): maps, sets, doubles and nulls
# have their own reply types and redis-cli prints each its own way.
check_resp3() {
  cli del h z s >/dev/null
  cli hset h a 1 b 2 >/dev/null
  cli zadd z 1.5 m >/dev/null
  cli sadd s x >/dev/null
  check "RESP3 map" $'1# "a" => "1"\n2# "b" => "2"' "$(cli -3 --no-raw hgetall h)"
  check "RESP3 double" "(double) 1.5" "$(cli -3 --no-raw zscore z m)"
  check "RESP3 null" "(nil)" "$(cli -3 --no-raw get missing)"
  check "RESP3 set" '1~ "x"' "$(cli -3 --no-raw smembers s)"
  check "RESP3 pairs WITHSCORES" $'1) 1) "m"\n   2) (double) 1.5' \
    "$(cli -3 --no-raw zrange z 0 -1 withscores)"
  check_match "RESP3 HELLO" $'^1# "server" => "redis"\n2# "version" => "7\\.[0-9.]+"\n3# "proto" => \\(integer\\) 3\n' \
    "$(cli -3 --no-raw hello 3)"
}

check_formatting
check_resp3
check_mass_insertion
check_benchmark
finish_checks
