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
# OPML 2.0 round trip without loss: folders (nested outlines) and category
# attributes become categories, a disabled source stays disabled.
cat >"$tmp/folders.opml" <<'OPML'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:omnibus="https://omnibus.invalid/ns/sources/1">
  <head><title>A reader's export</title></head>
  <body>
    <outline text="News">
      <outline text="Sweden">
        <outline type="rss" text="Riks" xmlUrl="https://riks.example/feed.xml" category="/Public,radio"/>
      </outline>
      <outline type="rss" text="Wire" xmlUrl="https://wire.example/rss"/>
    </outline>
    <outline type="rss" text="Off" xmlUrl="https://off.example/atom.xml" omnibus:enabled="false"/>
  </body>
</opml>
OPML
export OMNIBUS_DB="sqlite:$tmp/c.db"
"$bin" init >/dev/null
"$bin" sources import "$tmp/folders.opml" | grep -q "^imported 3 sources" || fail "import of folders"
cats() { "$bin" sources list --json | python3 -c '
import json, sys
for s in sorted(json.load(sys.stdin)["sources"], key=lambda s: s["feed_url"]):
    print(s["feed_url"], s.get("categories"), s.get("enabled", True))'; }
cats >"$tmp/cats1"
grep -qx "https://riks.example/feed.xml /Public,radio,/News/Sweden True" "$tmp/cats1" ||
  fail "categories of a nested outline: $(cat "$tmp/cats1")"
grep -qx "https://wire.example/rss /News True" "$tmp/cats1" || fail "folder: $(cat "$tmp/cats1")"
grep -qx "https://off.example/atom.xml None False" "$tmp/cats1" || fail "disabled: $(cat "$tmp/cats1")"
"$bin" sources export >"$tmp/folders-out.opml"
grep -q '<outline text="Sweden"' "$tmp/folders-out.opml" || fail "export has no folders"
OMNIBUS_DB="sqlite:$tmp/d.db" "$bin" init >/dev/null
OMNIBUS_DB="sqlite:$tmp/d.db" "$bin" sources import "$tmp/folders-out.opml" >/dev/null
OMNIBUS_DB="sqlite:$tmp/d.db" cats >"$tmp/cats2"
diff "$tmp/cats1" "$tmp/cats2" || fail "the OPML round trip changed categories or enabled"
# edit, disable and enable without touching JSON.
"$bin" sources disable https://wire.example/rss | grep -q "disabled" || fail "disable"
"$bin" sources list | grep "wire.example" | grep -q "(disabled)" || fail "list shows no disabled"
"$bin" sources edit https://wire.example/rss --name "Wire Service" --lang en --enabled 1 \
  | grep -q "Wire Service" || fail "edit"
"$bin" sources list --json | python3 -c '
import json, sys
s = [s for s in json.load(sys.stdin)["sources"] if s["feed_url"] == "https://wire.example/rss"][0]
assert s["name"] == "Wire Service" and s["lang"] == "en" and s.get("enabled", True), s' ||
  fail "edit did not change the fields"
rc=0; "$bin" sources edit 999 --name x 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "editing a missing source exited $rc"
echo "sources CLI: all checks passed"
