#!/usr/bin/env bash
# omnibus extract on real pages: one JSON object for one file, one line per
# file (with "file") for several, a clear error for a missing file and for a
# page over the size cap, and a failing exit status when any page fails.
set -euo pipefail
bin=${OMNIBUS_BIN:?}
pages=${OMNIBUS_CORPORA:?}/readability-pages
tmp=${OMNIBUS_TEST_TMP:-/tmp}/extract-cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" extract --url http://fakehost/test/page.html "$pages/bbc-1/source.html" >"$tmp/one.json"
python3 - "$tmp/one.json" <<'PY' || fail "single page output"
import json, sys
d = json.load(open(sys.argv[1]))
assert d['title'] == "Obama admits US gun laws are his 'biggest frustration'", d['title']
# "BBC News" is the outlet (its site name), no person: the byline is empty.
assert d['byline'] == [], d['byline']
assert d['date'] == '2015-07-24T04:36:09Z', d['date']
assert d['site_name'] == 'BBC News' and d['lang'] == 'en'
assert 'greatest frustration of his presidency' in d['text']
assert '\n\n' in d['text'] and '<p>' in d['html']
assert d['image']['url'].startswith('http') and 'credited' in d['image']
assert 'file' not in d
PY

"$bin" extract "$pages/nytimes-1/source.html" "$pages/lemonde-1/source.html" >"$tmp/two.jsonl"
python3 - "$tmp/two.jsonl" <<'PY' || fail "several pages output"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 2, len(lines)
a, b = (json.loads(l) for l in lines)
assert a['file'].endswith('nytimes-1/source.html') and b['file'].endswith('lemonde-1/source.html')
assert a['title'] == 'United States to Lift Sudan Sanctions', a['title']
assert 'renseignement' in b['title']
PY

if "$bin" extract "$tmp/missing.html" 2>"$tmp/err"; then fail "a missing file succeeded"; fi
grep -q "cannot open" "$tmp/err" || fail "no error for a missing file: $(cat "$tmp/err")"

head -c $((30 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$tmp/huge.html"
if "$bin" extract "$tmp/huge.html" "$pages/bbc-1/source.html" >"$tmp/out" 2>"$tmp/err"; then
    fail "a 30 MiB page succeeded"
fi
grep -q "larger than 8388608 bytes" "$tmp/err" || fail "no size error: $(cat "$tmp/err")"
# The page after the refused one is still extracted.
grep -q '"file"' "$tmp/out" || fail "the second page was not extracted"

"$bin" extract --help | grep -q "usage: omnibus extract" || fail "no help"
echo "ok"
