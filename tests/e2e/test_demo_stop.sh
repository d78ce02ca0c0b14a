#!/usr/bin/env bash
# `omnibus demo` stops at once on a stop signal while it loads its sample (here
# a sample whose one feed answers after 20 s), with the signal's status and
# without serving; and it refuses a database that already has sources before
# it announces the sample's outlets.
set -euo pipefail
set -m # job control: a background job here keeps SIGINT (else bash ignores it there)
bin=$OMNIBUS_BIN
source "$OMNIBUS_SOURCE_DIR/tests/e2e/e2e_lib.sh"
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; cleanup' EXIT
unset OMNIBUS_LANG
start_feedserver
feed=rss2/rss_2.0_bbc.xml

# A database with a source: refused, and no outlets announced first.
"$bin" --db "sqlite:$tmp/used.db" init >/dev/null
"$bin" --db "sqlite:$tmp/used.db" sources add "http://127.0.0.1:$port/$feed" >/dev/null
rc=0
timeout 60 "$bin" demo --listen 127.0.0.1:0 --db "sqlite:$tmp/used.db" \
  --data "$OMNIBUS_SOURCE_DIR/data/demo" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 1 ] || fail "demo on a used database exited $rc: $(cat "$tmp/err")"
grep -q "needs a fresh one" "$tmp/err" || fail "no refusal: $(cat "$tmp/err")"
grep -q "outlets are at" "$tmp/err" && fail "outlets announced before the refusal: $(cat "$tmp/err")"

# A sample whose one feed is slow: the load is under way for 20 s.
mkdir -p "$tmp/slow/site"
head -1 "$OMNIBUS_SOURCE_DIR/data/demo/kb.ndjson" >"$tmp/slow/kb.ndjson"
echo "[{\"name\": \"Slow\", \"feed_url\": \"http://127.0.0.1:$port/$feed?delay_ms=20000\",
  \"allow_private\": true}]" >"$tmp/slow/sources.json"
for sig in TERM INT; do
  "$bin" demo --listen 127.0.0.1:0 --db "sqlite:$tmp/$sig.db" --data "$tmp/slow" \
    >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  # Up to 60 s: on a loaded machine the start (migrations, the KB) has taken
  # over 10; the slow feed's 20 s only begin once the load is announced.
  for _ in $(seq 600); do grep -q "outlets are at" "$tmp/err" && break; sleep 0.1; done
  grep -q "outlets are at" "$tmp/err" || fail "the demo did not start loading: $(cat "$tmp/err")"
  sleep 0.5 # into the fetch of the slow feed
  stop_at_once "$pid" "$sig" "$tmp/err" "SIG$sig received while loading the sample, stopping at once"
  pid=
  grep -q serving "$tmp/out" && fail "the demo served after SIG$sig"
done
echo "demo stop: all checks passed"
