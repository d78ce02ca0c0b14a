#!/usr/bin/env bash
# `omnibus run --once` stops on SIGTERM and SIGINT in the middle of its round
# (here, a feed whose server never answers) instead of finishing the round and
# exiting 0 as if nothing had been asked.
set -euo pipefail
set -m # job control: a background job here keeps SIGINT (else bash ignores it there)
bin=$OMNIBUS_BIN
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/run-once-stop.XXXXXX" 2>/dev/null || mktemp -d)
server=
run=
cleanup() {
  if [ -n "$run" ]; then kill "$run" 2>/dev/null || true; fi
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 -c '
import http.server, sys, time
class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(120)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
print(s.server_address[1], flush=True)
s.serve_forever()
' >"$tmp/port" &
server=$!
for _ in $(seq 600); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")
[ -n "$port" ] || fail "the slow feed server did not start"
echo "[{\"name\": \"Slow\", \"feed_url\": \"http://127.0.0.1:$port/feed\"}]" >"$tmp/src.json"

for sig in TERM INT; do
  # A database of its own: the first run's lease on the feed outlives it.
  export OMNIBUS_DB="sqlite:$tmp/$sig.db"
  "$bin" init >/dev/null
  "$bin" sources import "$tmp/src.json" >/dev/null
  "$bin" run --once --role fetch --allow-private --worker "once-$sig" >"$tmp/out" 2>&1 &
  run=$!
  sleep 1 # inside the fetch of the slow feed
  kill -s "$sig" "$run" || fail "run --once ended before SIG$sig: $(cat "$tmp/out")"
  rc=0
  wait "$run" || rc=$?
  run=
  # Killed by the signal (128 + its number), not a round finished with 0.
  want=$((128 + $(kill -l "$sig")))
  [ "$rc" -eq "$want" ] || fail "run --once after SIG$sig exited $rc, expected $want: $(cat "$tmp/out")"
done
echo "run --once stop: all checks passed"
