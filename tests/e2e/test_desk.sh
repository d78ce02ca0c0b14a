#!/usr/bin/env bash
# The editor desk end to end (docs/desk.md) on the offline demo run with
# `--publish desk`: every roundup is a draft, and the site, its feeds and the
# API (crawled from the front page) show none of them. People are added with
# `users add` (password on stdin). Over HTTP: the desk sends a visitor to its
# login page; a login form without its CSRF token, a desk form without the
# session's token, an editor doing an admin's action and an expired session
# are refused; five wrong passwords lock the account even against the right
# one, and `users passwd` lifts the lock. In headless Chromium, through the
# desk's forms only (tests/e2e/desk_browser.py): log in, open the queue and a
# story, drop a take, choose another pull quote, write a headline and an
# intro line, publish; then the public page, its feed and the API show exactly
# that, the editors' words marked as theirs, and the page's Updates list
# names the editorial change. The audit trail names who did each action.
# Hiding the story takes it off the site, its feeds and the API again.
set -euo pipefail
bin=$OMNIBUS_BIN
data=$OMNIBUS_SOURCE_DIR/data/demo
mkdir -p "${OMNIBUS_TEST_TMP:-/tmp}"
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/desk.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
db=sqlite:$tmp/d.db
sql() { sqlite3 "$tmp/d.db" "$1"; }
unset OMNIBUS_LANG

"$bin" demo --publish desk --listen 127.0.0.1:0 --db "$db" --data "$data" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 600); do
  grep -q serving "$tmp/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || fail "demo exited: $(tail -5 "$tmp/err")"
  sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out") || fail "no URL printed: $(tail -5 "$tmp/err")"

# Desk mode: every roundup is a draft.
[ "$(sql "SELECT COUNT(DISTINCT story_key || lang) FROM roundup")" = 8 ] || fail "roundups"
[ "$(sql "SELECT COUNT(*) FROM roundup WHERE published_at IS NOT NULL")" = 0 ] \
  || fail "desk mode published a roundup"

# Nothing unpublished on the site, the feeds or the API: no page linked from
# the front page, the feeds and the API, in both languages, links a story or
# shows a draft's paragraph (headlines are member articles' titles, which the
# source pages list anyway), and every story page and story feed is 404.
pages=$(python3 - "$url" "$tmp/d.db" <<'PY'
import html, json, re, sqlite3, sys, urllib.request, urllib.error
base, dbfile = sys.argv[1], sys.argv[2]
todo = [p + l for p in ("/", "/feed.atom", "/feed.json", "/api/stories", "/about", "/search?q=storm")
        for l in ("", "?lang=en" if "?" not in p else "&lang=en")]
seen, bodies = set(), []
while todo:
    path = todo.pop()
    if path in seen or len(seen) > 400:
        continue
    seen.add(path)
    try:
        body = urllib.request.urlopen(base + path, timeout=30).read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        if e.code != 404:
            sys.exit(f"{path}: {e.code}")
        body = ""
    bodies.append((path, html.unescape(body).replace('\\"', '"')))
    for link in re.findall(r'(?:href|src)="(/[^"#]*)"', body):
        link = link.replace("&amp;", "&")
        if not link.startswith(("/static/", "/desk")):
            todo.append(link)
drafts = [json.loads(b) for (b,) in sqlite3.connect(dbfile).execute("SELECT body FROM roundup")]
texts = [p["display"] for d in drafts for p in [d["lead"]] + d["paragraphs"]]
for path, body in bodies:
    assert "/story/" not in body and '"attribution"' not in body, f"{path} shows a story"
    for t in texts:
        assert t not in body, f"{path} shows a draft's paragraph: {t}"
print(len(seen))
PY
) || fail "the public site shows a draft"
[ "$pages" -ge 10 ] || fail "crawled only $pages pages"
for id in $(sql "SELECT DISTINCT substr(story_key, 7) FROM roundup"); do
  for p in "/story/$id" "/story/$id/feed.atom" "/story/$id/feed.json" "/api/stories/$id"; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url$p")" = 404 ] || fail "$p is public in desk mode"
  done
done

# People.
echo "correct horse battery" | "$bin" --db "$db" users add alice --role admin >/dev/null || fail "users add alice"
echo "editor password" | "$bin" --db "$db" users add bob --role editor >/dev/null || fail "users add bob"
echo "x" | "$bin" --db "$db" users add bob --role editor 2>/dev/null && fail "a second bob"
echo "x" | "$bin" --db "$db" users add carol --role boss 2>/dev/null && fail "role boss"
[ "$(sql "SELECT COUNT(*) FROM desk_user WHERE password LIKE 'pbkdf2-sha256\$210000\$%'")" = 2 ] \
  || fail "passwords are not stored as PBKDF2"
grep -q "correct horse" "$tmp/d.db" && fail "a password in clear in the database"
[ "$("$bin" --db "$db" users list | tr '\t' ' ' | tr '\n' ';')" = "alice admin;bob editor;" ] \
  || fail "users list: $("$bin" --db "$db" users list)"

# Over HTTP with curl: cookies in a jar per person.
status() { curl -s -o "$tmp/body" -w '%{http_code}' "$@"; }
[ "$(status "$url/desk")" = 303 ] || fail "the desk without a session is not sent to login"
login() { # JAR NAME PASSWORD -> the status of the login POST
  curl -s -c "$1" -b "$1" -o "$tmp/login.html" "$url/desk/login"
  local csrf
  csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)
  curl -s -c "$1" -b "$1" -o "$tmp/body" -w '%{http_code}' "$url/desk/login" \
    --data-urlencode "csrf=$csrf" --data-urlencode "name=$2" --data-urlencode "password=$3"
}
# A login form without its token (as a forged cross-site form would be).
curl -s -c "$tmp/f" -b "$tmp/f" -o /dev/null "$url/desk/login"
[ "$(status -b "$tmp/f" "$url/desk/login" --data "name=alice&password=correct+horse+battery")" = 403 ] \
  || fail "a login without its CSRF token was taken"
[ "$(login "$tmp/bob" bob "editor password")" = 303 ] || fail "bob's login"
grep -q "omnibus_desk" "$tmp/bob" || fail "no session cookie"
set_cookie=$(curl -s -D - -o "$tmp/login.html" "$url/desk/login" | tr -d '\r' | grep -i '^set-cookie:')
echo "$set_cookie" | grep -q "HttpOnly; SameSite=Strict" || fail "login cookie: $set_cookie"
[ "$(status -b "$tmp/bob" "$url/desk")" = 200 ] && grep -q "Queue" "$tmp/body" || fail "bob's queue"
csrf_bob=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/body" | head -1)
[ -n "$csrf_bob" ] || fail "no CSRF field in the queue's forms"
story=$(sql "SELECT substr(story_key, 7) FROM roundup WHERE lang = 'en' LIMIT 1")
# A forged desk form: no token, and a wrong one.
[ "$(status -b "$tmp/bob" "$url/desk/story/$story?lang=en" --data "action=publish")" = 403 ] \
  || fail "a desk form without the CSRF token was taken"
[ "$(status -b "$tmp/bob" "$url/desk/story/$story?lang=en" --data "action=publish&csrf=x$csrf_bob")" = 403 ] \
  || fail "a desk form with a wrong CSRF token was taken"
# An editor doing an admin's action.
[ "$(status -b "$tmp/bob" "$url/desk/users")" = 403 ] || fail "an editor saw the people page"
[ "$(status -b "$tmp/bob" "$url/desk/users" --data "csrf=$csrf_bob&action=add&name=eve&role=admin&password=p")" = 403 ] \
  || fail "an editor added a person"
[ "$(sql "SELECT COUNT(*) FROM desk_user WHERE name = 'eve'")" = 0 ] || fail "eve was added"
[ "$(sql "SELECT COUNT(*) FROM roundup WHERE published_at IS NOT NULL")" = 0 ] \
  || fail "a refused form published"
# An expired session.
sql "UPDATE desk_session SET expires_at = 1 WHERE user_id = (SELECT id FROM desk_user WHERE name = 'bob')"
[ "$(status -b "$tmp/bob" "$url/desk/story/$story?lang=en" --data "action=publish&csrf=$csrf_bob")" = 401 ] \
  || fail "an expired session's form was taken"
[ "$(status -b "$tmp/bob" "$url/desk")" = 303 ] || fail "an expired session saw the queue"
# Lockout: five wrong passwords, then the right one is refused too.
for _ in 1 2 3 4 5; do
  [ "$(login "$tmp/m" alice wrong)" = 401 ] || fail "a wrong password was not 401"
done
[ "$(login "$tmp/m" alice "correct horse battery")" = 403 ] || fail "a locked account logged in"
grep -q "locked" "$tmp/body" || fail "the lockout is not said"
echo "new horse battery" | "$bin" --db "$db" users passwd alice >/dev/null || fail "users passwd"
[ "$(login "$tmp/alice" alice "new horse battery")" = 303 ] || fail "alice after passwd"
[ "$(status -b "$tmp/alice" "$url/desk/users")" = 200 ] || fail "an admin's people page"
[ "$(sql "SELECT COUNT(*) FROM desk_audit WHERE user_name = 'alice' AND action = 'login failed'")" = 5 ] \
  || fail "failed logins are not audited"

# In the browser, through the desk's forms only: bob (whose session expired
# above) logs in, opens the storm story's English draft from the queue, drops
# a take, chooses the second pull quote, writes a headline (with markup, which
# must come out as text) and an intro line, and publishes.
storm=$(sql "SELECT s.id FROM story s JOIN story_member m ON m.story_id = s.id JOIN article a ON a.id = m.article_id WHERE a.title LIKE '%Ylva%' GROUP BY s.id ORDER BY COUNT(*) DESC LIMIT 1")
sql "SELECT body FROM roundup WHERE story_key = 'story:$storm' AND lang = 'en'" > "$tmp/draft.json"
read -r drop quotes < <(python3 - "$tmp/draft.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lead = d["lead"]["article_id"]
takes = [p["article_id"] for p in d["paragraphs"] if p["article_id"] != lead]
print(takes[-1], len(d["quote_candidates"]))
PY
)
[ "$quotes" -ge 2 ] || fail "the storm draft has $quotes pull-quote candidates, not two or more"
headline='Storm Ylva: <b>the north</b> counts the cost & waits'
intro="Power is back for most homes; the editors' summary of five newsrooms."
mkdir -p "$tmp/chromium"
python3 "$OMNIBUS_SOURCE_DIR/tests/e2e/desk_browser.py" --url "$url" --story "$storm" --lang en \
  --user bob --password "editor password" --drop "$drop" --quote 1 --headline "$headline" \
  --intro "$intro" --profile "$tmp/chromium/p" >"$tmp/browser.json" 2>"$tmp/browser.err" \
  || fail "the browser: $(grep -v dbus "$tmp/browser.err" | tail -3)"

# Published: one version, by bob, with exactly those decisions.
[ "$(sql "SELECT COUNT(*) FROM roundup WHERE published_at IS NOT NULL")" = 1 ] || fail "published versions"
[ "$(sql "SELECT editor FROM roundup WHERE published_at IS NOT NULL")" = bob ] || fail "the publisher"
for action in drop quote headline intro publish; do
  [ "$(sql "SELECT COUNT(*) FROM desk_audit WHERE user_name = 'bob' AND story_key = 'story:$storm' AND action = '$action'")" = 1 ] \
    || fail "no audit of bob's $action"
done
curl -s "$url/story/$storm?lang=en" > "$tmp/page.html"
curl -s "$url/api/stories/$storm?lang=en" > "$tmp/api.json"
curl -s "$url/story/$storm/feed.json?lang=en" > "$tmp/feed.json"
python3 - "$tmp/draft.json" "$tmp/page.html" "$tmp/api.json" "$tmp/feed.json" "$drop" "$headline" "$intro" <<'PY' || fail "the public page is not what the editor made"
import html, json, re, sys
draft, page, api, feed = (open(f).read() for f in sys.argv[1:5])
drop, headline, intro = int(sys.argv[5]), sys.argv[6], sys.argv[7]
d, a, f = json.loads(draft), json.loads(api), json.loads(feed)
# The page: the editors' headline as text, marked theirs; the intro apart,
# headed "The editors"; the second quote; no paragraph of the dropped take;
# every other take in the composer's order; the Updates list names the change.
h1 = re.search(r'<h1 class="editors">(.*?)</h1>', page, re.S)
assert h1 and html.unescape(h1.group(1)) == headline, h1
assert "<b>" not in page, "the headline's markup reached the page"
assert '<p class="editors-by">Headline: the editors</p>' in page
intro_p = re.search(r'<p class="intro editors"><span class="by">The editors:</span> (.*?)</p>', page)
assert intro_p and html.unescape(intro_p.group(1)) == intro, intro_p
body = html.unescape(re.sub(r"<[^>]+>", "", page))
assert html.unescape(intro) not in body.replace(intro, "", 1), "the intro is shown twice"
quote = d["quote_candidates"][1]["display"]
pull = re.search(r'<blockquote class="pull"[^>]*><p>(.*?)</p></blockquote>', page, re.S)
assert pull and html.unescape(re.sub(r"<[^>]+>", "", pull.group(1))) == quote, pull
kept = [p["display"] for p in d["paragraphs"] if p["article_id"] != drop]
gone = [p["display"] for p in d["paragraphs"] if p["article_id"] == drop]
assert gone, "the dropped take was not in the draft"
for t in gone:
    assert t not in body, f"the dropped take is shown: {t}"
pos = [body.find(t) for t in [d["lead"]["display"]] + kept]
assert all(p >= 0 for p in pos) and pos == sorted(pos), pos
# No source sentence holds the editors' words: each is exactly its article's.
for p in [a["lead"]] + a["paragraphs"]:
    for s in p["sentences"]:
        assert headline not in s["text"] and intro not in s["text"]
updates = re.search(r'<section class="history">(.*?)</section>', page, re.S).group(1)
assert "Published" in updates and "The editors: new headline, new intro, new pull quote, a take dropped" in updates, updates
# The API: the same, the editors' words in their own object, provenance kept.
assert a["headline"] == headline and a["editors"]["headline"] == headline, a["editors"]
assert a["editors"]["intro"] == intro and a["editors"]["by"] == "The editors"
assert a["source_headline"] == d["headline"]
assert a["quote"] == d["quote_candidates"][1]
assert [p["display"] for p in a["paragraphs"]] == kept
prov = a["provenance"]
assert prov["source_excerpts_verified"] > 0, prov
assert set(prov["editors_fields"]) == {"headline", "intro", "quote", "takes dropped"}, prov
# The story's feed.
assert f["items"][0]["title"] == headline, f["items"][0]
PY
# The Swedish draft is still a draft: the story's page in Swedish is the English version.
[ "$(sql "SELECT COUNT(*) FROM roundup WHERE story_key = 'story:$storm' AND lang = 'sv' AND published_at IS NOT NULL")" = 0 ] \
  || fail "the Swedish version was published"
# The background box: another entity linked in the story's articles; one that
# is not linked is refused.
[ "$(login "$tmp/alice2" alice "new horse battery")" = 303 ] || fail "alice's second login"
curl -s -b "$tmp/alice2" -o "$tmp/body" "$url/desk/story/$storm?lang=en"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/body" | head -1)
composer_bg=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["background"]["entity_id"])' "$tmp/draft.json")
other=$(sed -n 's/.*name="entity" value="\([0-9]*\)".*/\1/p' "$tmp/body" | grep -vx "0" | grep -vx "$composer_bg" | head -1)
[ -n "$other" ] || fail "the desk offers no other background than the composer's"
unlinked=$(sql "SELECT id FROM kb_entity WHERE id NOT IN (SELECT k.entity_id FROM kb_mention k JOIN story_member m ON m.article_id = k.article_id WHERE m.story_id = $storm AND k.entity_id IS NOT NULL) LIMIT 1")
[ "$(status -b "$tmp/alice2" "$url/desk/story/$storm?lang=en" --data "csrf=$csrf&action=background&entity=$unlinked")" = 400 ] \
  || fail "a background of an entity not linked in the story was taken"
[ "$(status -b "$tmp/alice2" "$url/desk/story/$storm?lang=en" --data "csrf=$csrf&action=background&entity=$other")" = 303 ] \
  || fail "alice could not choose background $other"
[ "$(status -b "$tmp/alice2" "$url/desk/story/$storm?lang=en" --data "csrf=$csrf&action=publish")" = 303 ] \
  || fail "alice could not publish"
bg=$(curl -s "$url/api/stories/$storm?lang=en" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["background"]["entity_id"], d["headline"] == sys.argv[1], "background" in d["provenance"]["editors_fields"])' "$headline")
[ "$bg" = "$other True True" ] || fail "after alice's publish the API says: $bg"
[ "$(sql "SELECT editor FROM roundup WHERE published_at IS NOT NULL ORDER BY version DESC LIMIT 1")" = alice ] \
  || fail "alice's version"
# Hiding takes it off the site again.
[ "$(status -b "$tmp/alice2" "$url/desk/story/$storm?lang=en" --data "csrf=$csrf&action=hide")" = 303 ] \
  || fail "alice could not hide the story"
[ "$(status "$url/story/$storm?lang=en")" = 404 ] || fail "a hidden story is still public"
[ "$(status "$url/api/stories/$storm")" = 404 ] || fail "a hidden story is still in the API"
grep -q "/story/$storm" <(curl -s "$url/feed.atom"; curl -s "$url/api/stories") && fail "a hidden story is in the feeds or API"
# Behind https (--base-url), the cookies are Secure too.
"$bin" --db "$db" serve --listen 127.0.0.1:0 --base-url https://news.example.org \
  >"$tmp/serve.out" 2>"$tmp/serve.err" &
serve_pid=$!
for _ in $(seq 600); do grep -q serving "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
https_site=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out") || fail "serve: $(cat "$tmp/serve.err")"
cookie=$(curl -s -D - -o /dev/null "$https_site/desk/login" | tr -d '\r' | grep -i '^set-cookie:')
kill "$serve_pid"
wait "$serve_pid" || true
echo "$cookie" | grep -q "HttpOnly; SameSite=Strict; Secure" || fail "no Secure cookie behind https: $cookie"
echo "desk: crawled $pages pages, published and hid story $storm"
