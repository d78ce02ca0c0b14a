#!/usr/bin/env bash
# `omnibus sources add SITE_URL` over loopback: a page that links one feed
# adds that feed (named by the feed's title, the page as its site); a page
# that links several lists them and adds none; a page that links none finds
# the feed at a common path; a feed's own URL is added as it is.
set -euo pipefail
source "$OMNIBUS_SOURCE_DIR/tests/e2e/e2e_lib.sh"
bin=$OMNIBUS_BIN
rss=$OMNIBUS_CORPORA/feed-rs-fixtures/fixture/rss2/rss_2.0_bbc.xml
atom=$OMNIBUS_CORPORA/feed-rs-fixtures/fixture/atom/atom_content_src.xml
site=$tmp/site
mkdir -p "$site/one" "$site/two" "$site/none"
cp "$rss" "$site/one/news.xml"
cp "$atom" "$site/two/atom.xml"
cp "$rss" "$site/two/rss.xml"
cp "$rss" "$site/rss.xml" # the common path /rss.xml, for the page that links nothing
cat >"$site/one/index.html" <<'HTML'
<!doctype html><html><head><title>One</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Top stories" href="news.xml">
</head><body><p>A site.</p></body></html>
HTML
cat >"$site/two/index.html" <<'HTML'
<!doctype html><html><head><title>Two</title>
<link rel="alternate" type="application/atom+xml" title="Atom" href="/two/atom.xml">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/two/rss.xml">
</head><body></body></html>
HTML
echo '<!doctype html><html><head><title>None</title></head><body>no feeds</body></html>' \
  >"$site/none/index.html"
feeds=$site
start_feedserver
base=http://127.0.0.1:$port
export OMNIBUS_DB="sqlite:$tmp/d.db"
"$bin" init >/dev/null

"$bin" sources add "$base/one/index.html" --allow-private >"$tmp/out" 2>"$tmp/err" ||
  fail "add a site with one feed: $(cat "$tmp/err")"
grep -q "its feed is $base/one/news.xml" "$tmp/err" || fail "no word of the feed found: $(cat "$tmp/err")"
"$bin" sources list --json | python3 -c '
import json, sys
s = json.load(sys.stdin)["sources"][0]
assert s["feed_url"].endswith("/one/news.xml"), s
assert s["site_url"].endswith("/one/index.html"), s
assert s["name"] == "In Our Time", s' || fail "the discovered source: $("$bin" sources list --json)"

rc=0
"$bin" sources add "$base/two/index.html" --allow-private >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 1 ] || fail "a page with two feeds exited $rc"
grep -q "links 2 feeds" "$tmp/err" && grep -q "$base/two/atom.xml" "$tmp/err" &&
  grep -q "$base/two/rss.xml" "$tmp/err" || fail "the two feeds are not listed: $(cat "$tmp/err")"

"$bin" sources add "$base/none/index.html" --allow-private --name None >/dev/null 2>"$tmp/err" ||
  fail "a page with no feed link: $(cat "$tmp/err")"
grep -q "its feed is $base/rss.xml" "$tmp/err" || fail "the common path: $(cat "$tmp/err")"

"$bin" sources add "$base/two/atom.xml" --allow-private >/dev/null 2>"$tmp/err" ||
  fail "a feed's own URL: $(cat "$tmp/err")"
[ "$("$bin" sources list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["sources"]))')" = 3 ] ||
  fail "expected 3 sources"
echo "sources discover: all checks passed"
