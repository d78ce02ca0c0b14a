#!/usr/bin/env bash
# The command line as a new user meets it: global options before or after the
# command, a typo'd command or option named in one line, a missing database
# refused rather than created, a failed fetch that says why, logs with time,
# level and component (or JSON), and backup.
set -euo pipefail
bin=$OMNIBUS_BIN
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/cli-global.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp"
unset OMNIBUS_DB
expect_rc() { # expected-status command...: runs it, output in $tmp/out and $tmp/err
  local want=$1 rc=0
  shift
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq "$want" ] || fail "$*: exited $rc, expected $want: $(cat "$tmp/err")"
}

# --db after the command is the same as before it; init creates what it names.
expect_rc 0 "$bin" init --db other.db
[ -f other.db ] || fail "init --db other.db did not create other.db"
[ ! -e omnibus.db ] || fail "init --db other.db made ./omnibus.db"
grep -q "database other.db" "$tmp/out" || fail "init names another database: $(cat "$tmp/out")"
expect_rc 0 "$bin" stories --db other.db
expect_rc 0 "$bin" --db=other.db stories --json
expect_rc 0 "$bin" sources list --db sqlite:other.db
# Only init creates: a typo'd database is refused, by every command, and not made.
for c in "stories" "sources list" "fetch" "migrate --from sqlite:typo.db --to sqlite:copy.db"; do
  # shellcheck disable=SC2086
  expect_rc 1 "$bin" --db typo.db $c
  grep -q "no database at typo.db" "$tmp/err" || fail "$c on a missing database: $(cat "$tmp/err")"
done
[ ! -e typo.db ] && [ ! -e copy.db ] || fail "a command created a database it was only to open"
expect_rc 2 "$bin" --db '' init
grep -q -- "--db needs a value" "$tmp/err" || fail "--db '': $(cat "$tmp/err")"
[ ! -e omnibus.db ] || fail "--db '' made ./omnibus.db"

# A typo'd command is one line with a suggestion; help COMMAND is that command's help.
expect_rc 2 "$bin" sorces
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "a typo'd command printed $(wc -l <"$tmp/err") lines"
grep -q "did you mean 'sources'" "$tmp/err" || fail "no suggestion: $(cat "$tmp/err")"
expect_rc 0 "$bin" help sources
grep -q "usage: omnibus sources add" "$tmp/out" || fail "help sources: $(head -3 "$tmp/out")"
expect_rc 0 "$bin" --help
grep -q -- "--version" "$tmp/out" || fail "--version is in no help"
# A bad option or value names itself, then the usage lines only (no paragraphs).
expect_rc 2 "$bin" --db other.db fetch --parallel abc
grep -q -- "--parallel takes a whole number from 1 to 1024, not \"abc\"" "$tmp/err" ||
  fail "fetch --parallel abc: $(cat "$tmp/err")"
expect_rc 2 "$bin" --db other.db fetch --bogus
grep -q "unrecognized option '--bogus'" "$tmp/err" || fail "fetch --bogus: $(cat "$tmp/err")"
grep -q "Fetches every source" "$tmp/err" && fail "fetch --bogus printed the whole help"
expect_rc 2 "$bin" --db other.db stories --since yesterday
grep -q "RFC 3339" "$tmp/err" || fail "--since yesterday names no accepted form: $(cat "$tmp/err")"
expect_rc 2 "$bin" migrate --from x
grep -q "both --from DSN and --to DSN" "$tmp/err" || fail "migrate --from x: $(cat "$tmp/err")"

# A fetch where every source fails names the reasons, grouped, and fails.
"$bin" --db other.db sources add http://127.0.0.1:1/feed.xml --name "Dead Port" \
  --allow-private >/dev/null
"$bin" --db other.db sources add http://10.0.0.1/feed.xml --name "Private Net" >/dev/null
expect_rc 1 "$bin" --db other.db fetch --timeout 5
grep -q "failed (connection refused): 1 source: Dead Port" "$tmp/err" ||
  fail "no refused group: $(cat "$tmp/err")"
grep -q "failed (address guard): 1 source: Private Net" "$tmp/err" ||
  fail "no address guard group: $(cat "$tmp/err")"
grep -q "every due source failed" "$tmp/err" || fail "no closing error: $(cat "$tmp/err")"

# The front page says why it is empty, in words.
"$bin" --db other.db serve --listen 127.0.0.1:0 >"$tmp/serving" 2>/dev/null &
pid=$!
for _ in $(seq 1 600); do grep -q "serving http" "$tmp/serving" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's|.*serving http://[^:]*:\([0-9]*\)/.*|\1|p' "$tmp/serving")
page=$(curl -fsS "http://127.0.0.1:$port/?lang=en" || true)
kill "$pid"
wait "$pid" || true
grep -q "the last fetch failed for every source" <<<"$page" ||
  fail "the front page does not say every fetch failed: $(grep -o '<p class="lead">[^<]*' <<<"$page")"

# Logs: time, level, component; --log-format json gives one object a line.
expect_rc 1 "$bin" --db other.db --verbose fetch --all --timeout 5
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z (debug|info|warn|error) [a-z]+: ' "$tmp/err" ||
  fail "no timestamped log line: $(head -3 "$tmp/err")"
expect_rc 1 "$bin" fetch --all --timeout 5 --log-format json --db other.db --verbose
grep '^{' "$tmp/err" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
assert lines, "no JSON log lines"
for o in lines:
    assert set(o) == {"time", "level", "component", "message"}, o
' || fail "JSON log lines: $(grep '^{' "$tmp/err" | head -3)"
expect_rc 2 "$bin" --log-format xml stories

# backup: a consistent copy that opens as a database; never over a file.
expect_rc 0 "$bin" --db other.db backup copy.db
[ "$(sqlite3 copy.db "SELECT COUNT(*) FROM source")" = 2 ] || fail "the backup lacks the sources"
expect_rc 0 "$bin" --db copy.db sources list
expect_rc 1 "$bin" --db other.db backup copy.db
grep -q "exists" "$tmp/err" || fail "backup over a file: $(cat "$tmp/err")"
echo "cli global options: all checks passed"
