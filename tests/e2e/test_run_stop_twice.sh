#!/usr/bin/env bash
# `omnibus run` stopped twice: the first SIGTERM or SIGINT waits for the passes
# under way (here a fetch of a feed that answers after 20 s), the second stops
# at once, saying so, with the signal's status (128 + its number). What the
# pass committed before (a fast feed's articles) stays in the database.
set -euo pipefail
set -m # job control: a background job here keeps SIGINT (else bash ignores it there)
bin=$OMNIBUS_BIN
source "$OMNIBUS_SOURCE_DIR/tests/e2e/e2e_lib.sh"
run=
trap '[ -n "$run" ] && kill -9 "$run" 2>/dev/null; cleanup' EXIT
start_feedserver
fast=rss2/rss_2.0_bbc.xml
cat >"$tmp/src.json" <<JSON
[{"name": "Fast", "feed_url": "http://127.0.0.1:$port/$fast", "allow_private": true},
 {"name": "Slow", "feed_url": "http://127.0.0.1:$port/$fast?delay_ms=20000", "allow_private": true}]
JSON

for sig in TERM INT; do
  export OMNIBUS_DB="sqlite:$tmp/$sig.db"
  "$bin" init >/dev/null
  "$bin" sources import "$tmp/src.json" >/dev/null
  "$bin" run --role fetch --host-interval 0 >"$tmp/out" 2>"$tmp/err" &
  run=$!
  # Until the fast feed's articles are in: the slow fetch is then under way.
  for _ in $(seq 100); do
    [ "$(q "$OMNIBUS_DB" "SELECT COUNT(*) FROM article" 2>/dev/null || echo 0)" -gt 0 ] && break
    sleep 0.1
  done
  articles=$(q "$OMNIBUS_DB" "SELECT COUNT(*) FROM article")
  [ "$articles" -gt 0 ] || fail "SIG$sig: the fast feed was not stored: $(cat "$tmp/err")"
  kill -s "$sig" "$run"
  sleep 1
  kill -0 "$run" 2>/dev/null || fail "the first SIG$sig did not wait for the pass: $(cat "$tmp/err")"
  # The slow feed answers 20 s after its request.
  stop_at_once "$run" "$sig" "$tmp/err" "SIG$sig received again, stopping at once"
  run=
  [ "$(q "$OMNIBUS_DB" "SELECT COUNT(*) FROM article")" -eq "$articles" ] ||
    fail "SIG$sig: articles stored before the stop were lost"
  [ "$(q "$OMNIBUS_DB" "PRAGMA integrity_check")" = ok ] || fail "SIG$sig: database damaged"
done
echo "run stop twice: all checks passed"
