#!/usr/bin/env bash
# Every command refuses an argument past those it takes with status 2 and a
# message naming it ("unexpected argument 'extra'"), not the bare usage, and
# does none of its work (run --once would fetch and exit 0).
set -euo pipefail
bin=$OMNIBUS_BIN
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/unexpected-args.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export OMNIBUS_DB="sqlite:$tmp/u.db"
"$bin" init >/dev/null
: >"$tmp/empty"

commands=("run" "run --once" "demo" "fetch" "cluster" "stories" "token create"
  "sources add http://127.0.0.1:1/feed" "sources list" "sources list --json" "sources export"
  "sources remove 1" "sources import $tmp/empty" "text $tmp/empty" "feed parse $tmp/empty"
  "kb lookup Name" "kb link $tmp/empty" "kb link --article 1" "roundup 1"
  "roundup --articles 1,2" "story 1" "story 1 --json" "serve")
for c in "${commands[@]}"; do
  rc=0
  # shellcheck disable=SC2086
  timeout 60 "$bin" $c extra >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "$c extra: exited $rc, expected 2: $(cat "$tmp/err")"
  grep -q "unexpected argument 'extra'" "$tmp/err" ||
    fail "$c extra: no message naming the argument: $(cat "$tmp/err")"
done
# The source was not added, the database not touched by the refused commands.
[ "$(sqlite3 "$tmp/u.db" "SELECT COUNT(*) FROM source")" = 0 ] || fail "sources add extra added it"
echo "unexpected arguments: all checks passed"
