#!/usr/bin/env bash
# kill -9 of `omnibus run` in the middle of ingestion (issue 8), on SQLite and,
# when the test run started a server (OMNIBUS_TEST_PG), on PostgreSQL. The
# daemon (fetch and process roles) reads the feed-rs corpus from the loopback
# feed server and is held (OMNIBUS_TEST_PAUSE, src/base/pause.h) where the kill
# lands: once some feeds are read, and once some articles are analysed, but
# not all. Then:
# - the database is consistent (SQLite: integrity_check and foreign_key_check;
#   both: no row pointing nowhere, story counts match their members);
# - restarted under its default worker name (host and roles, the same after a
#   restart: no --worker is given), the daemon takes over its dead
#   predecessor's leases and finishes: every article, analysis and story
#   membership committed before the kill is still there, nothing is
#   duplicated (urls unique, one analysis per article, one story per article);
# - the end state equals an uninterrupted run's on the same feeds: the same
#   article URLs, the same stories as sets of article URLs.
set -euo pipefail
bin=$OMNIBUS_BIN
source "$OMNIBUS_SOURCE_DIR/tests/e2e/e2e_lib.sh"
start_feedserver
write_sources "$tmp/fast.json" 0

# One line: feeds read, articles, articles with a body, analyses, articles
# the clusterer has not seen, work claims.
progress() { # DSN
  q "$1" "SELECT (SELECT COUNT(*) FROM feed_state WHERE last_success_at IS NOT NULL),
                 (SELECT COUNT(*) FROM article), (SELECT COUNT(*) FROM article WHERE body IS NOT NULL),
                 (SELECT COUNT(*) FROM article_text),
                 (SELECT COUNT(*) FROM article a WHERE NOT EXISTS
                    (SELECT 1 FROM story_member m WHERE m.article_id = a.id)),
                 (SELECT COUNT(*) FROM work_claim)"
}
# Rows that point nowhere, and live stories whose count is not their members'.
dangling() { # DSN
  q "$1" "SELECT (SELECT COUNT(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.id = a.source_id))
               + (SELECT COUNT(*) FROM article_text t WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = t.article_id))
               + (SELECT COUNT(*) FROM story_member m WHERE m.story_id IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM story s WHERE s.id = m.story_id AND s.merged_into IS NULL))
               + (SELECT COUNT(*) FROM story s WHERE s.merged_into IS NULL
                    AND s.articles <> (SELECT COUNT(*) FROM story_member m WHERE m.story_id = s.id))"
}
consistent() { # WHAT DSN
  if [ "$engine" = sqlite ]; then
    local f=${2#sqlite:}
    [ "$(sqlite3 "$f" "PRAGMA integrity_check")" = ok ] || fail "$1: integrity_check: $(sqlite3 "$f" "PRAGMA integrity_check" | head -5)"
    [ -z "$(sqlite3 "$f" "PRAGMA foreign_key_check")" ] || fail "$1: foreign_key_check: $(sqlite3 "$f" "PRAGMA foreign_key_check" | head -5)"
  fi
  [ "$(dangling "$2")" = 0 ] || fail "$1: $(dangling "$2") rows point nowhere or miscount"
}
# What a run commits that must survive: articles, analyses, story memberships.
committed() { # DSN DIR
  mkdir -p "$2"
  q "$1" "SELECT id, url FROM article" | sort > "$2/articles"
  q "$1" "SELECT article_id, content_hash FROM article_text" | sort > "$2/analyses"
  q "$1" "SELECT article_id FROM story_member" | sort > "$2/members"
}
daemon() { # DSN LOG [extra args]: starts `omnibus run` in the background, sets pid
  local dsn=$1 log=$2; shift 2
  "$bin" --db "$dsn" run --role fetch --role process --poll 1 --allow-private \
    --host-interval 0 "$@" > "$log" 2>&1 &
  pid=$!
}

engines=(sqlite)
[ -n "${OMNIBUS_TEST_PG:-}" ] && engines+=(postgres)
for engine in "${engines[@]}"; do
  # The uninterrupted run on the same feeds (without the latency).
  ref=$(new_db ref)
  track_db ref
  "$bin" --db "$ref" sources import "$tmp/fast.json" > /dev/null
  "$bin" --db "$ref" run --role fetch --role process --once --allow-private --worker ref \
    --per-host 16 --host-interval 0 > "$tmp/ref.out" 2>&1 || fail "$engine: reference run: $(tail -5 "$tmp/ref.out")"
  IFS='|' read -r good total with_body _ _ _ <<<"$(progress "$ref")"
  [ "$good" -gt $((nfeeds * 9 / 10)) ] && [ "$total" -gt 50 ] || fail "$engine: the reference read $good feeds, $total articles"

  # `omnibus run --once` (fetch everything, then process it), one feed at a
  # time, held once it has stored 20 articles and killed there.
  db=$(new_db killed)
  track_db killed
  "$bin" --db "$db" sources import "$tmp/fast.json" > /dev/null
  once() { # PAUSE LOG [extra args]: the run, held at PAUSE (POINT:N)
    local pause=$1 log=$2; shift 2
    rm -f "$tmp/paused"
    OMNIBUS_TEST_PAUSE="$pause:$tmp/paused" "$bin" --db "$db" run --role fetch --role process \
      --once --allow-private --host-interval 0 "$@" > "$log" 2>&1 &
    pid=$!
  }
  kill_held() { # WHAT LOG: kill -9 once the run says it is held
    # Bounded generously: a loaded 2-core machine may take long to get there.
    for _ in $(seq 3000); do
      [ -s "$tmp/paused" ] && break
      kill -0 $pid 2>/dev/null || fail "$engine: the run exited before $1: $(tail -5 "$2")"
      sleep 0.1
    done
    [ -s "$tmp/paused" ] || fail "$engine: 300 s and still not held $1: $(tail -3 "$2")"
    kill -9 $pid
    wait $pid 2>/dev/null || true
    IFS='|' read -r fetched articles _ analysed unclustered _ <<<"$(progress "$db")"
    echo "$engine: killed $1 (held at $(cat "$tmp/paused")): $fetched of $good feeds read, $articles of $total articles stored, $analysed of $with_body analysed, $((articles - unclustered)) clustered"
    consistent "$engine: after kill -9 $1" "$db"
    committed "$db" "$tmp/before-$1"
  }
  once fetch:20 "$tmp/first.out" --per-host 1
  kill_held fetching "$tmp/first.out"
  [ "$articles" -ge 20 ] && [ "$articles" -lt "$total" ] && [ "$fetched" -lt "$good" ] \
    || fail "$engine: the kill did not land while fetching ($fetched of $good feeds, $articles of $total stored)"

  # Again, under the same default name (which takes back the dead run's feed
  # leases): it fetches the rest, then is held and killed while analysing.
  once analyse:12 "$tmp/second.out" --per-host 16
  kill_held analysing "$tmp/second.out"
  [ "$articles" = "$total" ] && [ "$analysed" -ge 12 ] && [ "$analysed" -lt "$with_body" ] \
    || fail "$engine: the kill did not land while analysing ($articles of $total stored, $analysed of $with_body analysed)"

  # The daemon, under the same name, finishes the work.
  daemon "$db" "$tmp/third.out" --per-host 16
  done=
  for _ in $(seq 450); do
    kill -0 $pid 2>/dev/null || fail "$engine: the restarted daemon exited: $(tail -5 "$tmp/third.out")"
    IFS='|' read -r fetched articles bodies analysed unclustered claims <<<"$(progress "$db")"
    if [ "$fetched" = "$good" ] && [ "$articles" = "$total" ] && [ "$analysed" = "$bodies" ] \
       && [ "$unclustered" = 0 ] && [ "$claims" = 0 ]; then
      done=1
      break
    fi
    sleep 0.1
  done
  [ -n "$done" ] || fail "$engine: the restart did not finish: $fetched of $good feeds, $articles of $total articles, $analysed of $bodies analysed, $unclustered not clustered, $claims claims"
  kill -s TERM $pid
  rc=0
  wait $pid || rc=$?
  [ "$rc" = 0 ] || fail "$engine: the restarted daemon exited $rc: $(tail -5 "$tmp/third.out")"
  consistent "$engine: after the restart" "$db"

  committed "$db" "$tmp/after"
  for when in fetching analysing; do
    for what in articles analyses members; do
      lost=$(comm -23 "$tmp/before-$when/$what" "$tmp/after/$what" | wc -l)
      [ "$lost" = 0 ] || fail "$engine: $lost $what committed before the kill while $when are gone: $(comm -23 "$tmp/before-$when/$what" "$tmp/after/$what" | head -3)"
    done
  done
  [ "$(q "$db" "SELECT COUNT(DISTINCT url) FROM article")" = "$total" ] || fail "$engine: duplicate article URLs"
  [ "$(q "$db" "SELECT COUNT(DISTINCT article_id) FROM article_text")" = "$analysed" ] || fail "$engine: an article analysed twice"
  [ "$(q "$db" "SELECT COUNT(*) FROM (SELECT article_id FROM story_member GROUP BY article_id HAVING COUNT(DISTINCT story_id) > 1) x")" = 0 ] \
    || fail "$engine: an article in two stories"
  [ "$(urls "$ref")" = "$(urls "$db")" ] || fail "$engine: other articles than the uninterrupted run's"
  same_stories "$engine: killed and restarted against uninterrupted" "$ref" "$db"
  echo "$engine: ok ($total articles, $(wc -l < "$tmp/stories.a") stories)"
done
echo "run kill: all checks passed"
