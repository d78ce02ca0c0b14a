#!/usr/bin/env bash
# The web commands as a person types them: init prints the admin token once,
# `token create` makes another, both work against the API of a running
# `omnibus serve`; serve refuses a bad or busy address with a readable error
# and stops cleanly (exit 0) on SIGINT and on SIGTERM.
set -euo pipefail
bin=$OMNIBUS_BIN
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/web-cli.XXXXXX" 2>/dev/null || mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export OMNIBUS_DB="sqlite:$tmp/w.db"
unset OMNIBUS_LANG
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$bin" init)
token=$(echo "$out" | sed -n 's/^admin token "init" (shown once, stored hashed): //p')
[ ${#token} -eq 51 ] || fail "init printed no token: $out"
"$bin" init | grep -q "admin token" && fail "a second init printed another token"
second=$("$bin" token create --name ci | sed -n 's/^admin token "ci" (shown once, stored hashed): //p')
[ ${#second} -eq 51 ] && [ "$second" != "$token" ] || fail "token create"
"$bin" token frobnicate 2>/dev/null && fail "token accepted an unknown subcommand"
# The database holds no token in clear.
if command -v sqlite3 >/dev/null; then
  sqlite3 "$tmp/w.db" .dump | grep -q "$token" && fail "a token is stored in clear"
fi

"$bin" serve --listen nonsense 2>"$tmp/err" && fail "serve took a bad address"
grep -q "expected HOST:PORT" "$tmp/err" || fail "bad address message: $(cat "$tmp/err")"
"$bin" serve --lang fr 2>"$tmp/err" && fail "serve took an unknown language"
grep -q 'unknown language "fr"' "$tmp/err" || fail "bad language message"
# An address of no interface here (TEST-NET-1): one message naming it and the
# OS's reason, not libmicrohttpd's "Failed to bind to port 0".
"$bin" serve --listen 192.0.2.1:8080 2>"$tmp/err" && fail "serve took an address not of this host"
grep -q "cannot listen on 192.0.2.1:8080: Cannot assign requested address" "$tmp/err" ||
  fail "foreign address message: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "foreign address: more than one message: $(cat "$tmp/err")"
# Number options are read whole and bounded; were one taken, serve would run
# until the timeout.
for args in "--threads 0" "--threads 257" "--threads 2x" "--cache-mb -1" "--cache-mb 0" \
  "--cache-mb 99999999999999999999" "--db-cache-mb -1" "--db-cache-mb 65537"; do
  rc=0
  # shellcheck disable=SC2086
  timeout 10 "$bin" serve --listen 127.0.0.1:0 $args >/dev/null 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "serve $args exited $rc, expected 2: $(cat "$tmp/err")"
  grep -q -- "${args%% *} takes a whole number" "$tmp/err" ||
    fail "serve $args: no message naming the option: $(cat "$tmp/err")"
done

start() {
  "$bin" serve --listen 127.0.0.1:0 --threads 2 >"$tmp/out" 2>"$tmp/serve.err" &
  pid=$!
  for _ in $(seq 600); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out") || fail "serve did not start: $(cat "$tmp/serve.err")"
}
stop() { # stop SIGNAL: the server must exit 0
  kill -s "$1" "$pid"
  local rc=0
  wait "$pid" || rc=$?
  pid=
  [ "$rc" -eq 0 ] || fail "serve exited $rc after SIG$1: $(tail -5 "$tmp/serve.err")"
}

start
# A busy port is a readable error.
port=${url##*:}
"$bin" serve --listen "127.0.0.1:$port" 2>"$tmp/err" && fail "serve took a busy port"
grep -q "cannot listen on 127.0.0.1:$port: Address already in use" "$tmp/err" ||
  fail "busy port message: $(cat "$tmp/err")"
grep -q "Failed to bind" "$tmp/err" && fail "libmicrohttpd's message shown: $(cat "$tmp/err")"

body='{"name": "CLI Source", "feed_url": "https://cli.example/rss", "kind": "wire"}'
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d "$body" "$url/api/sources")
[ "$code" = 401 ] || fail "POST without a token: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $second" -d "$body" "$url/api/sources")
[ "$code" = 201 ] || fail "POST with the token from token create: $code"
id=$(curl -s "$url/api/sources" | python3 -c 'import json,sys; print([s["id"] for s in json.load(sys.stdin)["sources"] if s["name"] == "CLI Source"][0])')
curl -s "$url/about" | grep -q "CLI Source" || fail "the new source is not on /about"
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $token" "$url/api/sources/$id")
[ "$code" = 200 ] || fail "DELETE with the init token: $code"
stop INT

start
curl -sf "$url/healthz" | grep -q '^ok$' || fail "healthz"
stop TERM
grep -q "SIGTERM received, stopping" "$tmp/serve.err" || fail "no stop message"
echo "web CLI: all checks passed"
