#!/usr/bin/env bash
# The stages' work queues end to end, on SQLite and (with OMNIBUS_TEST_PG) on
# PostgreSQL, over the feed-rs corpus served on loopback: `fetch --no-process`
# queues every new article for analysis and clustering in the transaction that
# stores it; `omnibus stats` shows the queues and their oldest work; a
# processing pass empties them (links wait while there is no knowledge base);
# and a database from before the queues (its queue dropped, migration 0017
# undone) is back-filled with exactly what the old anti-joins would find.
set -euo pipefail
source "$(dirname "$0")/e2e_lib.sh"
bin=$OMNIBUS_BIN
start_feedserver
write_sources "$tmp/sources.json" 0

# queued DSN STAGE -> the stage's queue length as `omnibus stats --json` says
queued() {
  "$bin" --db "$1" stats --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(next(q["queued"] for q in s["queues"] if q["stage"] == sys.argv[1]))' "$2"
}

check_engine() {
  local dsn articles texts
  dsn=$(new_db "queue_$engine")
  track_db "queue_$engine"
  "$bin" --db "$dsn" sources import "$tmp/sources.json" >/dev/null
  "$bin" --db "$dsn" fetch --no-process --host-interval 0 --json > "$tmp/fetch.json"
  articles=$(q "$dsn" "SELECT COUNT(*) FROM article")
  ((articles > 50)) || fail "$engine: only $articles articles stored"
  # Every new article waits for clustering, those with a body for analysis.
  [ "$(queued "$dsn" story)" = "$articles" ] || fail "$engine: story queue $(queued "$dsn" story) of $articles"
  [ "$(queued "$dsn" text)" = "$(q "$dsn" "SELECT COUNT(*) FROM article WHERE body IS NOT NULL")" ] ||
    fail "$engine: text queue"
  [ "$(queued "$dsn" extract)" = 0 ] || fail "$engine: no source is full-text"
  "$bin" --db "$dsn" stats > "$tmp/stats.txt"
  grep -q "^story  *$articles  *0  *[0-9]" "$tmp/stats.txt" || fail "$engine: stats text: $(cat "$tmp/stats.txt")"
  grep -q "^article  *$articles " "$tmp/stats.txt" || fail "$engine: article rows in stats"

  # A processing pass does the work and empties the queues; the links wait
  # for a knowledge base, one per analysis.
  "$bin" --db "$dsn" fetch --host-interval 0 > /dev/null
  [ "$(queued "$dsn" story)" = 0 ] || fail "$engine: story queue left $(queued "$dsn" story)"
  [ "$(queued "$dsn" text)" = 0 ] || fail "$engine: text queue left"
  texts=$(q "$dsn" "SELECT COUNT(*) FROM article_text")
  ((texts > 50)) || fail "$engine: only $texts analysed"
  [ "$(queued "$dsn" link)" = "$texts" ] || fail "$engine: link queue $(queued "$dsn" link) of $texts"
  [ "$(q "$dsn" "SELECT COUNT(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM story_member m WHERE m.article_id = a.id)")" = 0 ] ||
    fail "$engine: articles left unclustered"

  # Back to a database from before the queues, with work undone: a third of
  # the articles out of their stories and without analysis.
  q "$dsn" "DELETE FROM story_member WHERE article_id % 3 = 0" > /dev/null
  q "$dsn" "DELETE FROM article_text WHERE article_id % 3 = 0" > /dev/null
  q "$dsn" "DROP TABLE work_queue" > /dev/null
  q "$dsn" "DROP TABLE article_excerpt" > /dev/null
  q "$dsn" "DELETE FROM schema_migrations WHERE version = 17" > /dev/null
  local unclustered unanalysed
  unclustered=$(q "$dsn" "SELECT COUNT(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM story_member m WHERE m.article_id = a.id)")
  unanalysed=$(q "$dsn" "SELECT COUNT(*) FROM article a WHERE body IS NOT NULL AND NOT EXISTS (SELECT 1 FROM article_text t WHERE t.article_id = a.id)")
  ((unclustered > 20 && unanalysed > 20)) || fail "$engine: too little undone ($unclustered, $unanalysed)"
  [ "$(queued "$dsn" story)" = "$unclustered" ] || fail "$engine: back-filled story queue $(queued "$dsn" story) of $unclustered"
  [ "$(queued "$dsn" text)" = "$unanalysed" ] || fail "$engine: back-filled text queue"
  [ "$(q "$dsn" "SELECT COUNT(*) FROM schema_migrations WHERE version = 17")" = 1 ] ||
    fail "$engine: migration not applied again"
  # And the stages find the back-filled work (the clustering role the last
  # pass held would pass on when its lease ran out: now).
  q "$dsn" "DELETE FROM role_lease" > /dev/null
  "$bin" --db "$dsn" fetch --host-interval 0 > /dev/null
  [ "$(queued "$dsn" story)" = 0 ] || fail "$engine: back-filled story work not done"
  [ "$(queued "$dsn" text)" = 0 ] || fail "$engine: back-filled text work not done"
  [ "$(q "$dsn" "SELECT COUNT(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM story_member m WHERE m.article_id = a.id)")" = 0 ] ||
    fail "$engine: back-filled articles left unclustered"
  # Retention keeps what was fetched within the days given (all of it here);
  # the command wants the days.
  "$bin" --db "$dsn" prune --keep-bodies 1 | grep -q "^bodies of 0 articles dropped" ||
    fail "$engine: prune dropped fresh bodies"
  rc=0; "$bin" --db "$dsn" prune 2> /dev/null || rc=$?
  [ "$rc" = 2 ] || fail "$engine: prune without --keep-bodies exited $rc"
  echo "$engine: $articles articles queued and done; back-fill of $unclustered unclustered, $unanalysed unanalysed"
}

engine=sqlite check_engine
if [ -n "${OMNIBUS_TEST_PG:-}" ]; then engine=postgres check_engine; fi
echo "PASS"
