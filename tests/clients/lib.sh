# Shared by the real-client scripts (sourced, not run): one server under test
# on an ephemeral port with a temp data dir, and counted checks.
#
# CLIENT_TEST_SERVER=redis runs a script against Debian's redis-server
# instead of ringkv-server: that is how its expected values were confirmed.

server_kind=${CLIENT_TEST_SERVER:-ringkv}
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
server_dir=$(mktemp -d /tmp/ringkv-clients.XXXXXX)
checks_passed=0
checks_failed=0

clients_cleanup() {
  stop_server
  rm -rf "$server_dir"
}
trap clients_cleanup EXIT

# check NAME EXPECTED ACTUAL
check() {
  if [[ "$2" == "$3" ]]; then
    checks_passed=$((checks_passed + 1))
  else
    checks_failed=$((checks_failed + 1))
    printf 'FAIL %s\n  expected: %q\n  actual:   %q\n' "$1" "$2" "${3:0:400}"
  fi
}

# check_match NAME EXTENDED-REGEX ACTUAL
check_match() {
  if [[ "$3" =~ $2 ]]; then
    checks_passed=$((checks_passed + 1))
  else
    checks_failed=$((checks_failed + 1))
    printf 'FAIL %s\n  expected to match: %s\n  actual: %q\n' "$1" "$2" "${3:0:400}"
  fi
}

# Prints the closing count and exits non-zero when any check failed.
finish_checks() {
  echo "$checks_passed passed, $checks_failed failed"
  ((checks_failed == 0))
}
