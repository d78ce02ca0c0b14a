#!/usr/bin/env bash
# End to end for a full-text source: its feed links to real news pages (copies
# of Mozilla Readability's test pages made at test time) served over loopback;
# `omnibus fetch` stores the items, fetches each page, extracts it, makes the
# page's text the article's body and analyses it. A missing page is recorded
# with its reason and the article keeps the feed's text.
set -euo pipefail
bin=$OMNIBUS_BIN
pages=$OMNIBUS_CORPORA/readability-pages
mkdir -p "${OMNIBUS_TEST_TMP:-/tmp}"
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/fulltext.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "${KEEP:-}" ] && { echo "kept $tmp"; return; }
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sql() { sqlite3 "$tmp/o.db" "$1"; }

mkdir -p "$tmp/site/pages"
names=(bbc-1 guardian-1 nytimes-1 wapo-1 cnn)
for n in "${names[@]}"; do
  [ -f "$pages/$n/source.html" ] || fail "corpus page $n missing"
  cp "$pages/$n/source.html" "$tmp/site/pages/$n.html"
done
python3 "$OMNIBUS_SOURCE_DIR/tests/fixtures/feedserver.py" --root "$tmp/site" --port 0 \
  --port-file "$tmp/port" &
server_pid=$!
for _ in $(seq 600); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port") || fail "feed server did not start"
base="http://127.0.0.1:$port"

{
  echo '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test outlet</title>'
  echo "<link>$base/</link>"
  for n in "${names[@]}" missing; do
    echo "<item><title>Story $n</title><link>$base/pages/$n.html</link><guid>$n</guid>"
    echo "<description>Teaser for $n, from the feed.</description></item>"
  done
  echo '</channel></rss>'
} > "$tmp/site/feed.xml"

export OMNIBUS_DB="sqlite:$tmp/o.db"
"$bin" init >/dev/null
"$bin" sources add "$base/feed.xml" --name "Test outlet" --lang en --full-text --allow-private >/dev/null
out=$("$bin" fetch --host-interval 0 --per-host 4 --json)
echo "$out"
python3 - "$out" <<'PY' || fail "summary: $out"
import json, sys
s = json.loads(sys.argv[1])
assert s["new_articles"] == 6, s
assert s["extracted"] == 5, s
assert s["analysed"] == 6, s
PY
[ "$(sql "SELECT COUNT(*) FROM article_extract WHERE status = 'ok'")" = 5 ] || fail "extractions stored"
err=$(sql "SELECT e.error FROM article_extract e JOIN article a ON a.id = e.article_id WHERE a.guid = 'missing'")
echo "$err" | grep -q "404" || fail "missing page: $err"
[ "$(sql "SELECT body FROM article WHERE guid = 'missing'")" = "Teaser for missing, from the feed." ] \
  || fail "the missing page's article lost the feed's text"
# Each extracted body is the page's text, not the teaser, and was analysed.
for n in "${names[@]}"; do
  len=$(sql "SELECT LENGTH(body) FROM article WHERE guid = '$n'")
  [ "$len" -gt 1000 ] || fail "$n: body of $len bytes"
  same=$(sql "SELECT a.body = e.text FROM article a JOIN article_extract e ON e.article_id = a.id WHERE a.guid = '$n'")
  [ "$same" = 1 ] || fail "$n: body is not the extracted text"
  sentences=$(sql "SELECT COUNT(*) FROM article_sentence s JOIN article a ON a.id = s.article_id WHERE a.guid = '$n'")
  [ "$sentences" -gt 5 ] || fail "$n: $sentences sentences analysed"
done
# The expected text of one page is in its body (a phrase from Readability's own output).
phrase=$(python3 - "$pages/bbc-1/expected.html" <<'PY'
import html, re, sys
text = re.sub(r"<[^>]+>", " ", open(sys.argv[1], encoding="utf-8").read())
words = html.unescape(text).split()
print(" ".join(words[40:48]))
PY
)
sql "SELECT body FROM article WHERE guid = 'bbc-1'" | tr -s ' \n' '  ' | grep -qF "$phrase" \
  || fail "bbc-1 body lacks \"$phrase\""
# Nothing is pending afterwards; a second fetch extracts nothing again.
out=$("$bin" fetch --all --host-interval 0 --json)
python3 -c 'import json,sys; s=json.loads(sys.argv[1]); assert s["extracted"] == 0 and s["analysed"] == 0, s' "$out" \
  || fail "second pass: $out"
[ "$(sql "SELECT COUNT(*) FROM work_claim")" = 0 ] || fail "claims left behind"
echo "full-text ingest: all checks passed"
