#!/usr/bin/env bash
# End to end: `omnibus sources import` + `omnibus fetch` against a real HTTP
# server on 127.0.0.1 (tests/fixtures/feedserver.py) that serves the feed-rs
# corpus feeds and misbehaves on purpose. Articles are stored once, 304s are
# cheap, every failure is recorded on its source in words a person reads,
# caps hold, the address guard refuses loopback unless the source allows it.
set -euo pipefail
bin=$OMNIBUS_BIN
feeds=$OMNIBUS_CORPORA/feed-rs-fixtures/fixture
mkdir -p "${OMNIBUS_TEST_TMP:-/tmp}"
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/ingest.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "${KEEP:-}" ] && { echo "kept $tmp"; return; }
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sql() { sqlite3 "$tmp/o.db" "$1"; }

python3 "$OMNIBUS_SOURCE_DIR/tests/fixtures/feedserver.py" --root "$feeds" --port 0 \
  --port-file "$tmp/port" &
server_pid=$!
for _ in $(seq 600); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port") || fail "feed server did not start"
base="http://127.0.0.1:$port"
other="http://localhost:$port" # a second host name, so per-host limits do not serialise all

good=(rss2/rss_2.0_bbc.xml rss2/rss_2.0_cloudflare.xml rss1/rss_1.0_debian.xml
      atom/atom_example_reddit.xml rss0/rss_0.92_spec_1.xml jsonfeed/jsonfeed_example_1.json)
{
  echo '{"sources": ['
  i=0
  for f in "${good[@]}"; do
    host=$base; [ $((i % 2)) -eq 1 ] && host=$other
    echo "{\"name\": \"good $i\", \"feed_url\": \"$host/$f\", \"lang\": \"en\", \"allow_private\": true},"
    i=$((i + 1))
  done
  cat <<JSON
  {"name": "redirected", "feed_url": "$other/redirect/3?to=/rss2/rss_2.0_example_1.xml", "allow_private": true},
  {"name": "guarded", "feed_url": "$base/rss2/rss_2.0_example_2.xml"},
  {"name": "stall", "feed_url": "$base/stall?seconds=30", "allow_private": true},
  {"name": "error500", "feed_url": "$other/status/500", "allow_private": true},
  {"name": "busy429", "feed_url": "$base/status/429", "allow_private": true},
  {"name": "loop", "feed_url": "$other/loop", "allow_private": true},
  {"name": "big", "feed_url": "$base/big?mib=50", "allow_private": true},
  {"name": "bomb", "feed_url": "$other/bomb", "allow_private": true},
  {"name": "not a feed", "feed_url": "$base/status/200", "allow_private": true}
]}
JSON
} > "$tmp/sources.json"

export OMNIBUS_DB="sqlite:$tmp/o.db"
"$bin" init >/dev/null
out=$("$bin" sources import "$tmp/sources.json" 2>&1) || fail "import: $out"
echo "$out" | grep -q "^imported 15 sources" || fail "import: $out"

out=$("$bin" fetch --timeout 8 --host-interval 0 --json)
echo "first pass: $out"
python3 - "$out" <<'PY' || fail "first pass summary: $out"
import json, sys
s = json.loads(sys.argv[1])
assert s["sources"] == 15, s
assert s["fetched"] == 7, s            # six good feeds and the redirected one
assert s["failed"] == 8, s
assert s["new_articles"] > 0, s
PY

articles=$(sql "SELECT COUNT(*) FROM article")
distinct=$(sql "SELECT COUNT(DISTINCT url) FROM article")
[ "$articles" -gt 0 ] && [ "$articles" = "$distinct" ] || fail "articles $articles, distinct $distinct"
[ "$(sql "SELECT COUNT(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'guarded'")" = 0 ] \
  || fail "the guarded source's feed was stored"

error_of() { sql "SELECT f.last_error FROM feed_state f JOIN source s ON s.id = f.source_id WHERE s.name = '$1'"; }
expect_error() {
  local e; e=$(error_of "$1")
  echo "$e" | grep -Eqi "$2" || fail "source $1: expected /$2/, got: $e"
}
expect_error guarded "refused: 127\.0\.0\.1 is a loopback address"
expect_error stall "timed out|stalled"
expect_error error500 "500"
expect_error busy429 "429"
expect_error loop "too many redirects"
expect_error big "larger than 8 MiB"
expect_error bomb "larger than 8 MiB.*decoded|decoded.*larger"
expect_error "not a feed" "not a feed"
for name in "good 0" redirected; do
  [ -z "$(error_of "$name")" ] || fail "source $name has an error: $(error_of "$name")"
done
# Retry-After: 120 pushes the next attempt at least two minutes out; failures back off.
sql "SELECT s.name, f.consecutive_failures, f.next_fetch_at - f.last_fetch_at FROM feed_state f
     JOIN source s ON s.id = f.source_id WHERE s.name IN ('busy429', 'error500')" > "$tmp/backoff"
grep -Eq '^busy429\|1\|(1[2-9][0-9]|[2-9][0-9][0-9]+)$' "$tmp/backoff" || fail "429 backoff: $(cat "$tmp/backoff")"

# Second pass over everything: the good feeds answer 304, nothing is stored twice.
out=$("$bin" fetch --all --timeout 8 --host-interval 0 --json)
echo "second pass: $out"
python3 - "$out" <<'PY' || fail "second pass summary: $out"
import json, sys
s = json.loads(sys.argv[1])
assert s["not_modified"] >= 6, s
assert s["new_articles"] == 0, s
PY
[ "$(sql "SELECT COUNT(*) FROM article")" = "$articles" ] || fail "second pass changed the article count"
[ "$(sql "SELECT consecutive_failures FROM feed_state f JOIN source s ON s.id = f.source_id WHERE s.name = 'loop'")" = 2 ] \
  || fail "failures in a row not counted"

# With --allow-private the guarded source is fetched.
"$bin" fetch --all --allow-private --timeout 8 --host-interval 0 > /dev/null
[ -z "$(error_of guarded)" ] || fail "guarded source still failing with --allow-private: $(error_of guarded)"
echo "ingest end to end: all checks passed"
