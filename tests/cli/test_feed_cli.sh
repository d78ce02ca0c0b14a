#!/usr/bin/env bash
# omnibus feed parse: JSON for a real feed, links resolved with --url, the
# HTTP charset honoured with --content-type, a clear failure for what is not a feed.
set -euo pipefail
bin=${OMNIBUS_BIN:?}
corpora=${OMNIBUS_CORPORA:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$bin" feed parse "$corpora/feed-rs-fixtures/fixture/rss2/rss_2.0_bbc.xml")
python3 -c 'import json, sys
f = json.loads(sys.argv[1])
assert f["format"] == "rss20", f["format"]
assert f["title"] == "In Our Time"
assert f["items"][0]["published"] == "2021-02-25T10:15:00Z"
assert f["ill_formed"] is False' "$out"

printf '<rss version="2.0"><channel><item><link>a/b</link><title>caf\xe9</title></item></channel></rss>' > "$tmp/rel.xml"
out=$("$bin" feed parse "$tmp/rel.xml" --url https://example.com/news/ --content-type 'text/xml; charset=iso-8859-1')
python3 -c 'import json, sys
f = json.loads(sys.argv[1])
assert f["items"][0]["link"] == "https://example.com/news/a/b", f["items"][0]["link"]
assert f["items"][0]["title"] == "caf\u00e9"
assert f["encoding"] == "iso-8859-1"' "$out"

echo '<html><body>hello</body></html>' > "$tmp/page.html"
if "$bin" feed parse "$tmp/page.html" 2> "$tmp/err"; then
  echo "an HTML page parsed as a feed"; exit 1
fi
grep -q "not a feed" "$tmp/err"
set +e
"$bin" feed parse > /dev/null 2>&1
[ $? -eq 2 ] || { echo "no FILE: want usage exit 2"; exit 1; }
echo ok
