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

