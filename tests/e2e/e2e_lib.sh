# Helpers the end-to-end scripts share (sourced, not a test of its own):
# a scratch directory, the loopback feed server over the feed-rs corpus,
# databases on SQLite or PostgreSQL (OMNIBUS_TEST_PG), and the queries that
# compare two databases' articles and stories.
# The sourcing script sets `engine` (sqlite or postgres) before new_db.
mkdir -p "${OMNIBUS_TEST_TMP:-/tmp}"
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/$(basename "$0" .sh).XXXXXX")
server_pid=
pg_dbs=()
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "${KEEP:-}" ] && { echo "kept $tmp"; return; }
  for db in "${pg_dbs[@]}"; do psql -qX "$OMNIBUS_TEST_PG" -c "DROP DATABASE IF EXISTS $db" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Starts tests/fixtures/feedserver.py over the feed-rs corpus; sets port.
feeds=$OMNIBUS_CORPORA/feed-rs-fixtures/fixture
start_feedserver() {
  python3 "$OMNIBUS_SOURCE_DIR/tests/fixtures/feedserver.py" --root "$feeds" --port 0 \
    --port-file "$tmp/port" &
  server_pid=$!
  for _ in $(seq 600); do [ -s "$tmp/port" ] && break; sleep 0.1; done
  port=$(cat "$tmp/port") || fail "feed server did not start"
}

# Writes FILE: every parseable feed of the corpus as a source, each answered
# after DELAY ms; sets nfeeds.
write_sources() { # FILE DELAY
  local files first=1
  files=$(cd "$feeds" && ls rss0/*.xml rss1/*.xml rss2/*.xml atom/*.xml jsonfeed/*.json | sort)
  nfeeds=$(echo "$files" | wc -l)
  {
    echo '['
    for f in $files; do
      [ $first -eq 1 ] || echo ','
      first=0
      printf '{"name": "%s", "feed_url": "http://127.0.0.1:%s/%s?delay_ms=%s", "allow_private": true}' \
        "$f" "$port" "$f" "$2"
    done
    echo ']'
  } > "$1"
}

# Sends SIG to the background job PID and fails unless it ends within 5 s (long
# enough to exit, far shorter than the slow work it would otherwise finish)
# with status 128 + SIG and MESSAGE in its stderr (ERRFILE).
stop_at_once() { # PID SIG ERRFILE MESSAGE
  local rc=0
  kill -s "$2" "$1"
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$1" 2>/dev/null && fail "SIG$2 did not stop it at once: $(cat "$3")"
  wait "$1" || rc=$?
  [ "$rc" -eq $((128 + $(kill -l "$2"))) ] || fail "exited $rc after SIG$2: $(cat "$3")"
  grep -q "$4" "$3" || fail "did not say \"$4\" after SIG$2: $(cat "$3")"
}

q() { # DSN SQL -> its rows, columns separated by |
  case $1 in
    sqlite:*) sqlite3 "${1#sqlite:}" "$2" ;;
    *) psql -qXAt -F'|' "$1" -c "$2" ;;
  esac
}

new_db() { # NAME -> DSN of an empty database of the current engine
  if [ "$engine" = sqlite ]; then
    # Only init creates a SQLite file; every other command refuses a missing one.
    "$OMNIBUS_BIN" --db "sqlite:$tmp/$1.db" init >/dev/null || fail "init $1"
    echo "sqlite:$tmp/$1.db"
  else
    local db="e2e_$1_$$"
    psql -qX "$OMNIBUS_TEST_PG" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1
    case $OMNIBUS_TEST_PG in *\?*) echo "$OMNIBUS_TEST_PG&dbname=$db" ;; *) echo "$OMNIBUS_TEST_PG?dbname=$db" ;; esac
  fi
}
# new_db runs in a subshell: the caller records PostgreSQL databases to drop.
track_db() { [ "$engine" = postgres ] && pg_dbs+=("e2e_$1_$$"); return 0; }

urls() { q "$1" "SELECT url FROM article ORDER BY url"; }

# The stories of a database as sets of article URLs: one line per story (its
# URLs sorted, space-separated), lines sorted; ids play no part.
stories() { # DSN
  q "$1" "SELECT m.story_id, a.url FROM story_member m JOIN article a ON a.id = m.article_id
          WHERE m.story_id IS NOT NULL" | python3 -c '
import sys
groups = {}
for line in sys.stdin:
    sid, url = line.rstrip("\n").split("|", 1)
    groups.setdefault(sid, []).append(url)
for s in sorted(" ".join(sorted(u)) for u in groups.values()):
    print(s)
'
}

# Fails unless the stories of two databases are the same sets of articles.
same_stories() { # WHAT DSN_A DSN_B
  stories "$2" > "$tmp/stories.a"
  stories "$3" > "$tmp/stories.b"
  [ -s "$tmp/stories.a" ] || fail "$1: no stories at all"
  cmp -s "$tmp/stories.a" "$tmp/stories.b" ||
    fail "$1: stories differ ($(wc -l < "$tmp/stories.a") vs $(wc -l < "$tmp/stories.b")):
$(diff "$tmp/stories.a" "$tmp/stories.b" | head -20)"
}
