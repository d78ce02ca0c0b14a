#!/usr/bin/env bash
# The offline demo end to end: `omnibus demo` serves data/demo from its
# loopback fixture, ingests it through the real pipeline and serves the site.
# The site answers; the store holds the sample's articles with their
# extracted bylines and photo credits, the quotes with their speakers, the
# wire copy found as run by two outlets, the sample's four stories each with
# its Swedish and English articles, and a roundup per story in Swedish and
# English; the storm's background entity has a topic page listing it. The
# fixture serves nothing outside its directory. A second
# demo on the same database refuses; SIGTERM stops the demo with status 0.
# In a headless Chromium, the front page and a story page show the headline,
# the photo credit, attributed paragraphs linking to the source articles, the
# background box and the balance; screenshots at 390 and 1280 px are kept.
set -euo pipefail
bin=$OMNIBUS_BIN
data=$OMNIBUS_SOURCE_DIR/data/demo
mkdir -p "${OMNIBUS_TEST_TMP:-/tmp}"
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/demo.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sql() { sqlite3 "$tmp/d.db" "$1"; }
unset OMNIBUS_LANG

"$bin" demo --listen 127.0.0.1:0 --db "sqlite:$tmp/d.db" --data "$data" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 600); do
  grep -q serving "$tmp/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || fail "demo exited: $(tail -5 "$tmp/err")"
  sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out") || fail "no URL printed: $(tail -5 "$tmp/err")"
fixture=$(sed -n 's|^demo: the sample outlets are at \(http://127.0.0.1:[0-9]*\)/$|\1|p' "$tmp/err")
[ -n "$fixture" ] || fail "no fixture address on stderr"

# The site.
code() { curl -s -o "$tmp/body" -w '%{http_code}' "$@"; }
[ "$(code "$url/")" = 200 ] || fail "front page"
[ "$(code "$url/source/1")" = 200 ] || fail "source page"
grep -q "Norrlands Tidning" "$tmp/body" || fail "source 1 is not Norrlands Tidning"
[ "$(code "$url/about")" = 200 ] && grep -q "Kvällsposten Nord" "$tmp/body" || fail "about lists the outlets"

# The fixture: placeholders replaced, nothing outside its directory.
[ "$(code "$fixture/nt/feed.xml")" = 200 ] || fail "fixture feed"
grep -q "demo.invalid" "$tmp/body" && fail "the fixture left the placeholder host in a feed"
grep -q "$fixture/nt/2025/03/10/nt-bridge.html" "$tmp/body" || fail "the feed's links are not the fixture's"
[ "$(code "$fixture/img/storm.png")" = 200 ] || fail "fixture image"
# The site's CSP lets its pages show the fixture's photos, and nothing else over http.
csp=$(curl -s -D - -o /dev/null "$url/" | tr -d '\r' | sed -n 's/^Content-Security-Policy: //Ip')
[ "$csp" = "default-src 'none'; style-src 'self'; img-src https: data: $fixture; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" ] \
  || fail "CSP: $csp"
for bad in "/../sources.json" "/%2e%2e/sources.json" "/nt/../../stories.json" "/.hidden.html" \
           "/nt/feed.xml%00.png" "/nt/"; do
  [ "$(code --path-as-is "$fixture$bad")" = 404 ] || fail "the fixture served $bad"
done
[ "$(code -X POST "$fixture/nt/feed.xml")" = 404 ] || fail "the fixture took a POST"

# The store.
[ "$(sql "SELECT COUNT(*) FROM source")" = 6 ] || fail "sources"
[ "$(sql "SELECT COUNT(*) FROM article")" = 15 ] || fail "articles"
[ "$(sql "SELECT COUNT(*) FROM article_extract WHERE status = 'ok'")" = 15 ] || fail "extractions"
credit=$(sql "SELECT e.image_credit FROM article_extract e JOIN article a ON a.id = e.article_id
              WHERE a.url LIKE '%/dm-storm.html'")
[ "$credit" = "Anna Berg / Nordpress" ] || fail "photo credit: '$credit'"
[ "$(sql "SELECT COUNT(*) FROM article_extract WHERE image_credit LIKE '% / %'")" = 15 ] \
  || fail "every page's photo credit"
byline=$(sql "SELECT e.byline FROM article_extract e JOIN article a ON a.id = e.article_id
              WHERE a.url LIKE '%/nl-wind.html'")
[ "$byline" = '["Daniel Kerr"]' ] || fail "byline: $byline"
for speaker in "Johan Ek" "Karin Lund" "Maja Forsberg" "Ingrid Falk" "Eva Nilsson" "Helen Strand"; do
  [ "$(sql "SELECT COUNT(*) FROM article_quote WHERE speaker = '$speaker'")" -ge 1 ] \
    || fail "no quote of $speaker"
done
[ "$(sql "SELECT COUNT(DISTINCT qid) FROM kb_entity WHERE qid LIKE 'Q999%'")" -ge 5 ] \
  || fail "the demo's knowledge base was not imported"
linked=$(sql "SELECT COUNT(DISTINCT m.article_id) FROM kb_mention m JOIN kb_entity e ON e.id = m.entity_id WHERE e.qid LIKE 'Q999%'")
[ "$linked" -ge 5 ] || fail "only $linked articles have mentions linked to the demo's entities"
# The clusterer made the stories (no story is given to it): exactly the four
# the sample was written as, each holding its Swedish and English articles
# (pages are named OUTLET-STORY.html), the languages met through shared names,
# numbers and linked entities. Each has its roundup in both languages.
stories=$(sql "SELECT COUNT(*) FROM story WHERE articles > 0 AND merged_into IS NULL")
[ "$stories" = 4 ] || fail "$stories stories: $(sql "SELECT s.id, a.url FROM story s JOIN story_member m ON m.story_id = s.id JOIN article a ON a.id = m.article_id WHERE s.merged_into IS NULL ORDER BY s.id")"
for want in "storm: dm kp np nt sar" "bridge: nl nt sar" "wind: dm kp nl np" "herring: dm nt sar"; do
  key=${want%%:*}
  id=$(sql "SELECT DISTINCT m.story_id FROM story_member m JOIN article a ON a.id = m.article_id
            WHERE a.url LIKE '%-$key.html'")
  [ "$(echo "$id" | wc -w)" = 1 ] || fail "the $key articles are in stories $(echo $id)"
  got=$(sql "SELECT a.url FROM story_member m JOIN article a ON a.id = m.article_id
             WHERE m.story_id = $id" | sed 's|^http://[^/]*/\([a-z]*\)/.*-\([a-z]*\)\.html$|\1-\2|' | sort | tr '\n' ' ')
  expect=$(for o in ${want#*:}; do echo "$o-$key"; done | tr '\n' ' ')
  [ "$got" = "$expect" ] || fail "story $key holds $got, not $expect"
  langs=$(sql "SELECT GROUP_CONCAT(lang, ' ') FROM (SELECT DISTINCT a.lang FROM story_member m
               JOIN article a ON a.id = m.article_id WHERE m.story_id = $id ORDER BY a.lang)")
  [ "$langs" = "en sv" ] || fail "story $key is in $langs"
done
[ "$(sql "SELECT COUNT(DISTINCT story_key || lang) FROM roundup")" = 8 ] \
  || fail "roundups: $(sql "SELECT story_key, lang FROM roundup")"
storm_id=$(sql "SELECT s.id FROM story s JOIN story_member m ON m.story_id = s.id JOIN article a ON a.id = m.article_id WHERE a.title LIKE '%Ylva%' GROUP BY s.id ORDER BY COUNT(*) DESC LIMIT 1")
storm=$(sql "SELECT body FROM roundup WHERE story_key = 'story:$storm_id' AND lang = 'en' ORDER BY version DESC LIMIT 1")
python3 - "$storm" <<'PY' || fail "the storm roundup"
import json, sys
r = json.loads(sys.argv[1])
assert len(r["members"]) == 5, r["members"]
wire = [p for p in [r["lead"]] + r["paragraphs"] if p["outlet"] == "Nordpress"]
assert wire and sorted(wire[0]["also_run_by"]) == ["Kvällsposten Nord", "Norrlands Tidning"], wire
more = {m["outlet"]: m for m in r["read_more"]}
original = more["Nordpress"]["article_id"]
assert more["Norrlands Tidning"]["copy_of"] == original, more
assert more["Kvällsposten Nord"]["copy_of"] == original, more
assert r["image"]["credit"].endswith(" / SAR") or r["image"]["credit"].endswith(" / Nordpress"), r["image"]
assert r["quote"]["speaker"]["text"] in ("Johan Ek", "Eva Nilsson", "Sofia Wikström"), r["quote"]
# The background box: the entity the members' linked mentions make salient.
assert "Ylva" in r["background"]["title"] and r["background"]["source"] == "Wikipedia (en)", r["background"]
PY
# It names its entity, whose topic page lists the story; the story's box links there.
topic=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["background"]["entity_id"])' "$storm")
[ "$(sql "SELECT COUNT(*) FROM kb_text WHERE entity_id = $topic AND title LIKE '%Ylva%'")" -ge 1 ] \
  || fail "the background names entity $topic"
[ "$(code "$url/topic/$topic?lang=en")" = 200 ] || fail "topic page $topic"
grep -q "href=\"/story/$storm_id[-\"]" "$tmp/body" || fail "topic $topic does not list story $storm_id"
[ "$(code "$url/story/$storm_id?lang=en")" = 200 ] && grep -q "href=\"/topic/$topic\"" "$tmp/body" \
  || fail "story $storm_id's background box does not link to topic $topic"

# In a browser (Debian's chromium, headless), the rendered DOM of the front
# page and the storm story's page: the headline, the image with its credit,
# paragraphs whose every link is to one of the story's source articles with
# the writer and outlet named, the background box and the balance.
# Screenshots at 390 and 1280 px go to BUILD/test-artifacts/demo/.
artifacts=${OMNIBUS_TEST_TMP:-/tmp}/../test-artifacts/demo
mkdir -p "$artifacts"
chromium_run() { # chromium's arguments after the common ones
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars "--user-data-dir=$tmp/chromium" "$@" 2>>"$tmp/chromium.err"
}
members=$(sql "SELECT a.url FROM story_member m JOIN article a ON a.id = m.article_id WHERE m.story_id = $storm_id")
chromium_run --dump-dom "$url/?lang=en" > "$tmp/home.html" || fail "chromium --dump-dom of the front page (is Debian's chromium installed? scripts/deps)"
chromium_run --dump-dom "$url/story/$storm_id?lang=en" > "$tmp/story.html" || fail "chromium --dump-dom of the story page"
python3 - "$storm" "$storm_id" "$tmp/home.html" "$tmp/story.html" "$members" <<'PY' || fail "the demo's pages in the browser"
import html, json, re, sys
r = json.loads(sys.argv[1])
sid, home, story = sys.argv[2], open(sys.argv[3]).read(), open(sys.argv[4]).read()
members = set(sys.argv[5].split())
headline, credit = html.escape(r["headline"], quote=False), html.escape(r["image"]["credit"], quote=False)

# The front page: the storm's card with its headline, credited photo and balance.
cards = [c for c in re.findall(r'<article class="card".*?</article>', home, re.S)
         if re.search(r'<a href="/story/%s[-"]' % sid, c)]
assert len(cards) == 1, "no card of story %s on the front page" % sid
card = cards[0]
assert headline in card, ("card headline", card)
assert '<figcaption class="credit">%s</figcaption>' % credit in card, ("card credit", card)
assert re.search(r'<img src="http://127\.0\.0\.1:\d+/img/\w+\.png"', card), ("card image", card)
assert '<p class="meta coverage">5 articles · 5 outlets' in card, ("card balance", card)
assert '<span class="bbar"' in card, ("card balance bar", card)

# The story page.
m = re.search(r'<article class="story".*?</article>', story, re.S)
assert m, "no story article in the page"
page = m.group(0)
assert "<h1>%s</h1>" % headline in page, ("h1", page[:800])
hero = re.search(r'<figure class="hero"><img src="(http://127\.0\.0\.1:\d+/img/\w+\.png)"[^>]*>'
                 r'<figcaption>[^<]*\(%s\)</figcaption></figure>' % re.escape(credit), page)
assert hero, ("hero image with its credit", page[:800])
body = re.search(r'<div class="story-body">(.*?)</div>', page, re.S).group(1)
paras = re.findall(r'<p( class="lead")?>(.*?)</p>', body, re.S)
assert len(paras) >= 3 and paras[0][0], ("paragraphs, the first the lead", body)
outlets = {"Nordpress", "Norrlands Tidning", "Kvällsposten Nord", "SAR Nyheter", "Daily Meridian"}
for _, p in paras:
    links = re.findall(r'<a href="([^"]*)"', p)
    assert links and set(links) <= members, ("a paragraph's links are not the story's articles", p)
    # Attributed: "..., writes X for Outlet", "according to Outlet", "X
    # reports for Outlet" or "Outlet reports" after a sentence that names its
    # own source, "Surname writes" in a take's second paragraph, or the pull
    # quote's "says X (Outlet)".
    names = "|".join(outlets)
    assert re.search(r"(writes|according to|reports)[^<]* (for )?(%s)|(%s) reports|says [^<]* \((%s)\)|</a>, [A-Z][^<,]* (writes|reports)\.( \(in \w+\))?\s*$" % (names, names, names), p), ("unattributed", p)
bg = re.search(r'<aside class="background">\s*<p class="kicker">Background</p>\s*<h2>([^<]*)</h2>', page)
assert bg and "Ylva" in bg.group(1), ("background box", page)
bal = re.search(r'<section class="balance">.*?</section>', page, re.S)
assert bal and "5 articles · 5 outlets" in bal.group(0) and '<span class="bbar"' in bal.group(0), ("balance", page)
PY
for width in 390 1280; do
  for page in home story; do
    path=/?lang=en; height=1600
    [ $page = story ] && path="/story/$storm_id?lang=en" && height=3200
    png=$artifacts/$page-$width.png
    rm -f "$png"
    chromium_run "--screenshot=$png" "--window-size=$width,$height" "$url$path" > /dev/null \
      || fail "chromium --screenshot of $path"
    # A PNG of the asked width: the IHDR chunk's width is bytes 16..19.
    python3 - "$png" "$width" <<'PY' || fail "no screenshot in $png"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert len(data) > 5000 and data[:4] == b"\x89PNG", len(data)
assert struct.unpack(">I", data[16:20])[0] == int(sys.argv[2])
PY
    echo "screenshot $png"
  done
done

# The demo wants a fresh database.
"$bin" demo --listen 127.0.0.1:0 --db "sqlite:$tmp/d.db" --data "$data" >/dev/null 2>"$tmp/err2" \
  && fail "a second demo on the same database ran"
grep -q "needs a fresh one" "$tmp/err2" || fail "second demo: $(cat "$tmp/err2")"

kill -s TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=
[ "$rc" -eq 0 ] || fail "demo exited $rc after SIGTERM: $(tail -5 "$tmp/err")"
grep -q "SIGTERM received, stopping" "$tmp/err" || fail "no stop message"
echo "demo: all checks passed"
