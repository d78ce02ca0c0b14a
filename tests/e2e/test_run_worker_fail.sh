#!/usr/bin/env bash
# `omnibus run` whose worker thread fails at its start stops at once with the
# worker's error and a non-zero status, rather than wait for a stop signal
# with a role missing. The failure: a PostgreSQL database that takes one
# connection (of a role that is not a superuser, whom no limit binds), so the
# main thread's own open (migrating) succeeds and then the fetch and process
# threads' two connections cannot both be made. PostgreSQL only (the test run's
# server, OMNIBUS_TEST_PG); SQLite has no such limit.
set -euo pipefail
bin=$OMNIBUS_BIN
if [ -z "${OMNIBUS_TEST_PG:-}" ]; then
  echo "run worker fail: no PostgreSQL server (OMNIBUS_TEST_PG), nothing to check"
  exit 0
fi
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/run-worker-fail.XXXXXX" 2>/dev/null || mktemp -d)
name=e2e_onecon_$$
run=
cleanup() {
  if [ -n "$run" ]; then kill -9 "$run" 2>/dev/null || true; fi
  psql -qX "$OMNIBUS_TEST_PG" -c "DROP DATABASE IF EXISTS $name" -c "DROP ROLE IF EXISTS $name" \
    >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

psql -qX "$OMNIBUS_TEST_PG" -c "CREATE ROLE $name LOGIN" \
  -c "CREATE DATABASE $name OWNER $name CONNECTION LIMIT 1" >/dev/null
case $OMNIBUS_TEST_PG in
  *\?*) dsn="$OMNIBUS_TEST_PG&dbname=$name&user=$name" ;;
  *) dsn="$OMNIBUS_TEST_PG?dbname=$name&user=$name" ;;
esac
"$bin" --db "$dsn" init >/dev/null || fail "init on the one-connection database"

"$bin" --db "$dsn" run --role fetch --role process --poll 1 >"$tmp/out" 2>"$tmp/err" &
run=$!
# Without the fix it waits for a signal forever; 20 s is far past a failed
# connection's time.
for _ in $(seq 200); do kill -0 "$run" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$run" 2>/dev/null; then
  fail "run still waits 20 s after a worker failed to start: $(cat "$tmp/err")"
fi
rc=0
wait "$run" || rc=$?
run=
[ "$rc" -eq 1 ] || fail "run exited $rc, expected 1: $(cat "$tmp/err")"
grep -Eq "omnibus run: (fetch|process): .*too many connections" "$tmp/err" ||
  fail "no message naming the failed worker and why: $(cat "$tmp/err")"
echo "run worker fail: all checks passed"
