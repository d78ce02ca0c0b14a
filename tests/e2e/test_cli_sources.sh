#!/usr/bin/env bash
# The sources commands as a person types them: import the default file, add,
# refuse bad input with a readable message, export OPML and import it elsewhere.
set -euo pipefail
bin=$OMNIBUS_BIN
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/cli-sources.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMNIBUS_DB="sqlite:$tmp/a.db"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" init | grep -q "schema version" || fail "init"
out=$("$bin" sources import "$OMNIBUS_SOURCE_DIR/data/sources.json")
echo "$out" | grep -Eq "^imported [0-9]+ sources" || fail "import: $out"
n=$("$bin" sources list | grep -cE '^ +[0-9]+ ')
[ "$n" -ge 30 ] || fail "expected >= 30 sources, got $n"
# Importing again adds nothing.
"$bin" sources import "$OMNIBUS_SOURCE_DIR/data/sources.json" | grep -q "^imported 0 sources" \
  || fail "second import added sources"

"$bin" sources add --no-check https://example.org/feed.xml --lang SV --country se --stance "obunden" \
  | grep -q "added source" || fail "add"
"$bin" sources list --json | python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin)["sources"] if x["feed_url"] == "https://example.org/feed.xml"][0]
assert s["lang"] == "sv" and s["country"] == "SE" and s["name"] == "example.org", s
' || fail "add stored wrong fields"

# Bad input: a readable error and exit status 1, nothing stored.
if err=$("$bin" sources add --no-check https://example.org/x --kind blog 2>&1); then fail "bad kind accepted"; fi
echo "$err" | grep -q 'unknown kind "blog"' || fail "bad kind message: $err"
if err=$("$bin" sources add "javascript:alert(1)" 2>&1); then fail "javascript: accepted"; fi
echo "$err" | grep -q "not an http(s) URL" || fail "bad URL message: $err"
if err=$("$bin" sources add --no-check https://example.org/feed.xml 2>&1); then fail "duplicate accepted"; fi
echo "$err" | grep -q "exists already" || fail "duplicate message: $err"

# OPML out, OPML in: the same sources with the same metadata.
"$bin" sources export > "$tmp/out.opml"
OMNIBUS_DB="sqlite:$tmp/b.db" "$bin" init >/dev/null
OMNIBUS_DB="sqlite:$tmp/b.db" "$bin" sources import "$tmp/out.opml" | grep -q "^imported" \
  || fail "import of exported OPML"
diff <("$bin" sources list --json | python3 -c 'import json,sys; [print(s["feed_url"], s.get("lang"), s.get("country"), s.get("kind"), s.get("stance")) for s in json.load(sys.stdin)["sources"]]') \
     <(OMNIBUS_DB="sqlite:$tmp/b.db" "$bin" sources list --json | python3 -c 'import json,sys; [print(s["feed_url"], s.get("lang"), s.get("country"), s.get("kind"), s.get("stance")) for s in json.load(sys.stdin)["sources"]]') \
  || fail "OPML round trip changed the sources"

"$bin" sources remove https://example.org/feed.xml | grep -q "removed" || fail "remove by URL"
if "$bin" sources remove 99999 2>/dev/null; then fail "removing a missing source succeeded"; fi
echo "sources CLI: all checks passed"
