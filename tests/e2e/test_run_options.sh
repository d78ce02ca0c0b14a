#!/usr/bin/env bash
# `omnibus run` refuses a number option it cannot read whole ("5m", past int,
# negative) and --once with nothing to do, with a message naming the option,
# before doing any work; its --help explains every option.
set -euo pipefail
bin=$OMNIBUS_BIN
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/run-options.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export OMNIBUS_DB="sqlite:$tmp/r.db"
"$bin" init >/dev/null

bad=("--poll 5m" "--poll 300000000" "--poll 99999999999" "--interval -1" "--lease 1e3"
  "--per-host 0" "--host-interval x" "--story-window 0" "--story-window 7d"
  "--db-cache-mb -5" "--db-cache-mb 1x")
for args in "${bad[@]}"; do
  rc=0
  # --once: were the option taken, the round would run and exit 0.
  # shellcheck disable=SC2086
  timeout 60 "$bin" run --once $args >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "run --once $args exited $rc, expected 2: $(cat "$tmp/err")"
  grep -q -- "${args%% *} takes a whole number" "$tmp/err" ||
    fail "run $args: no message naming the option: $(cat "$tmp/err")"
done
timeout 60 "$bin" run --once --poll 5 --interval 60 --lease 60 --per-host 1 --host-interval 0 \
  --story-window 3 --db-cache-mb 16 >/dev/null 2>"$tmp/err" || fail "run --once with good numbers: $(cat "$tmp/err")"
# --once with only the web role would do nothing and say nothing.
rc=0
timeout 60 "$bin" run --once --role web >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] && grep -q -- "--once" "$tmp/err" ||
  fail "run --once --role web exited $rc: $(cat "$tmp/err")"
# --help explains every option its usage lines name (--db is every command's).
"$bin" run --help >"$tmp/help"
for opt in $(grep -o -- '--[a-z-]*' "$tmp/help" | grep -v '^--db$' | sort -u); do
  grep -q -- "^  $opt\|, $opt " "$tmp/help" || fail "run --help names $opt but does not explain it"
done
# --base-url: the daemon's feeds name the public address, not the loopback one.
rc=0
"$bin" run --once --base-url "javascript:alert(1)" >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] && grep -q -- "--base-url takes an http(s) URL" "$tmp/err" ||
  fail "run --base-url javascript: exited $rc: $(cat "$tmp/err")"
"$bin" run --role web --listen 127.0.0.1:0 --base-url https://news.example.org \
  >"$tmp/serving" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 600); do grep -q "serving http" "$tmp/serving" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's|.*serving http://[^:]*:\([0-9]*\)/.*|\1|p' "$tmp/serving")
[ -n "$port" ] || { kill "$pid"; fail "run --role web did not start: $(cat "$tmp/err")"; }
curl -fsS "http://127.0.0.1:$port/feed.atom" >"$tmp/feed.atom" || { kill "$pid"; fail "no feed"; }
kill "$pid"
wait "$pid" || true
grep -q "https://news.example.org/" "$tmp/feed.atom" || fail "the feed names no --base-url: $(head -c 400 "$tmp/feed.atom")"
grep -q "127.0.0.1:$port" "$tmp/feed.atom" && fail "the feed names the loopback address"
echo "run options: all checks passed"
