#!/usr/bin/env bash
# Many workers over one database (issue 9), on SQLite and, when the test run
# started a server (OMNIBUS_TEST_PG), on PostgreSQL:
# - 4 fetch workers at once against the loopback feed server (with simulated
#   latency): every feed is requested exactly once per round, every article is
#   stored exactly once, and the result equals a single worker's;
# - 2 process workers at once: every article analysed exactly once, and the
#   stories (as sets of articles) equal those of one process on the same input;
# - the clustering role handed over between two --once workers: the stories
#   equal one process's;
# - kill -9 of a fetch worker mid-round: its leases expire and another worker
#   finishes its feeds; nothing is lost or duplicated.
set -euo pipefail
bin=$OMNIBUS_BIN
source "$OMNIBUS_SOURCE_DIR/tests/e2e/e2e_lib.sh"
start_feedserver
# Every parseable feed of the corpus, each behind 300 ms of latency.
write_sources "$tmp/sources.json" 300

stats() { curl -s "http://127.0.0.1:$port/stats"; }
reset() { curl -s "http://127.0.0.1:$port/stats/reset" > /dev/null; }

# Counts per table, as one line, for comparing two databases.
dump_counts() { # DSN
  q "$1" "SELECT (SELECT COUNT(*) FROM article), (SELECT COUNT(DISTINCT url) FROM article), (SELECT COUNT(*) FROM feed_state WHERE last_success_at IS NOT NULL), (SELECT COUNT(*) FROM article_text), (SELECT COUNT(*) FROM work_claim)"
}
# The articles a process worker's log (stdin) says it analysed, per pass.
analysed_by() { sed -n 's/.*process: .* pages extracted, \([0-9]*\) articles analysed.*/\1/p'; }
fetch_worker() { # DSN NAME [extra args]
  local dsn=$1 name=$2; shift 2
  "$bin" --db "$dsn" run --role fetch --once --allow-private --worker "$name" \
    --per-host 16 --host-interval 0 "$@" \
    > "$tmp/$name.out" 2>&1
}

engines=(sqlite)
[ -n "${OMNIBUS_TEST_PG:-}" ] && engines+=(postgres)
for engine in "${engines[@]}"; do
  echo "== $engine: $nfeeds feeds"
  single=$(new_db single)
  track_db single
  "$bin" --db "$single" sources import "$tmp/sources.json" > /dev/null
  "$bin" --db "$single" fetch --allow-private --host-interval 0 --per-host 16 --no-process > /dev/null
  # A few corpus files are not feeds (an Atom entry document...): what one
  # worker fetches successfully is what many must.
  good=$(q "$single" "SELECT COUNT(*) FROM feed_state WHERE last_success_at IS NOT NULL")
  [ "$good" -gt $((nfeeds * 9 / 10)) ] || fail "$engine: only $good of $nfeeds feeds read by one worker"

  multi=$(new_db multi)
  track_db multi
  "$bin" --db "$multi" sources import "$tmp/sources.json" > /dev/null
  reset
  pids=()
  for w in 1 2 3 4; do fetch_worker "$multi" "fetch$w" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || fail "$engine: fetch worker failed: $(cat "$tmp"/fetch*.out)"; done
  stats | python3 -c '
import json, sys
s = json.load(sys.stdin)
n = int(sys.argv[1])
paths = {p: c for p, c in s["requests_by_path"].items()}
assert len(paths) == n, f"{len(paths)} feeds requested, expected {n}"
twice = {p: c for p, c in paths.items() if c != 1}
assert not twice, f"fetched more than once in one round: {twice}"
' "$nfeeds" || fail "$engine: feeds not fetched exactly once"
  busy=$(grep -l "fetch:.*sources" "$tmp"/fetch*.out | wc -l)
  [ "$busy" -ge 2 ] || fail "$engine: only $busy of 4 workers did any fetching"
  [ "$(urls "$single")" = "$(urls "$multi")" ] || fail "$engine: 4 workers stored other articles than 1"
  read -r counts <<<"$(dump_counts "$multi")"
  IFS='|' read -r articles distinct fetched _ _ <<<"$counts"
  [ "$articles" -gt 0 ] && [ "$articles" = "$distinct" ] || fail "$engine: $articles articles, $distinct distinct"
  [ "$fetched" = "$good" ] || fail "$engine: $fetched of $good feeds fetched"

  # Two process workers at once, as daemons, until every article is analysed
  # and clustered and every story of several composed (of those the composer
  # still looks at: within its 30-day horizon of the newest story, as
  # src/pipeline/story_pass.c's COMPOSE_HORIZON_SECONDS): every article analysed
  # once, no claim left. The clustering role stays with one worker, whose
  # clusterer takes the articles in time order as far as they are analysed
  # (the rest on its next pass): the stories equal one process's.
  ppids=()
  for w in p1 p2; do
    "$bin" --db "$multi" run --role process --poll 1 --worker $w > "$tmp/$w.out" 2>&1 &
    ppids+=($!)
  done
  with_body=$(q "$multi" "SELECT COUNT(*) FROM article WHERE body IS NOT NULL")
  for _ in $(seq 600); do
    [ "$(q "$multi" "SELECT (SELECT COUNT(*) FROM article_text) = $with_body
        AND NOT EXISTS (SELECT 1 FROM work_claim)
        AND NOT EXISTS (SELECT 1 FROM article a WHERE NOT EXISTS (SELECT 1 FROM story_member m WHERE m.article_id = a.id))
        AND NOT EXISTS (SELECT 1 FROM story s LEFT JOIN story_composed c ON c.story_id = s.id
                        WHERE s.merged_into IS NULL AND s.articles >= 2 AND (c.story_id IS NULL OR c.updated_at < s.updated_at)
                          AND s.last_seen >= (SELECT MAX(last_seen) FROM story) - 30 * 86400)")" \
      = "$(q "$multi" "SELECT 1 = 1")" ] && break
    sleep 0.1
  done
  for p in "${ppids[@]}"; do kill -s TERM "$p"; done
  for w in 0 1; do wait "${ppids[$w]}" || fail "$engine: process worker p$((w + 1)): $(cat "$tmp/p$((w + 1)).out")"; done
  IFS='|' read -r articles _ _ analysed claims <<<"$(dump_counts "$multi")"
  [ "$analysed" = "$with_body" ] || fail "$engine: $analysed analysed of $with_body articles with a body"
  [ "$claims" = 0 ] || fail "$engine: $claims work claims left behind"
  [ "$(q "$multi" "SELECT COUNT(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM story_member m WHERE m.article_id = a.id)")" = 0 ] \
    || fail "$engine: articles left unclustered"
  n=$(cat "$tmp/p1.out" "$tmp/p2.out" | analysed_by | awk '{ n += $1 } END { print n + 0 }')
  [ "$n" = "$with_body" ] || fail "$engine: the workers analysed $n articles, $with_body have a body"
  "$bin" --db "$single" run --role process --once --worker single > "$tmp/single.out" 2>&1 \
    || fail "$engine: single process worker: $(cat "$tmp/single.out")"
  same_stories "$engine: 2 process workers against 1" "$single" "$multi"
  nstories=$(wc -l < "$tmp/stories.a")

  # A handover of the clustering role: a --once worker clusters all but the
  # newest articles (another worker, "ghost", holds their analysis), its role
  # lease runs out, and a new process takes the role, rebuilds the
  # clusterer's memory from the store and clusters the rest: the stories equal
  # one process's.
  handover=$(new_db handover)
  track_db handover
  "$bin" --db "$handover" sources import "$tmp/sources.json" > /dev/null
  "$bin" --db "$handover" fetch --allow-private --host-interval 0 --per-host 16 --no-process > /dev/null
  q "$handover" "INSERT INTO work_claim (stage, article_id, owner, lease_until)
                 SELECT 'text', id, 'ghost', $(($(date +%s) + 3600)) FROM article WHERE body IS NOT NULL
                 ORDER BY COALESCE(published_at, fetched_at) DESC, id DESC LIMIT 3" > /dev/null
  "$bin" --db "$handover" run --role process --once --worker h1 > "$tmp/h1.out" 2>&1 \
    || fail "$engine: first clustering worker: $(cat "$tmp/h1.out")"
  left=$(q "$handover" "SELECT COUNT(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM story_member m WHERE m.article_id = a.id)")
  [ "$left" -gt 0 ] || fail "$engine: the first worker left nothing for the second to cluster"
  q "$handover" "DELETE FROM work_claim WHERE owner = 'ghost'" > /dev/null
  q "$handover" "UPDATE role_lease SET lease_until = 0 WHERE owner = 'h1'" > /dev/null
  "$bin" --db "$handover" run --role process --once --worker h2 > "$tmp/h2.out" 2>&1 \
    || fail "$engine: second clustering worker: $(cat "$tmp/h2.out")"
  ! grep -q "did not give the stored stories" "$tmp/h2.out" || fail "$engine: the rebuild was not exact: $(cat "$tmp/h2.out")"
  [ "$(q "$handover" "SELECT COUNT(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM story_member m WHERE m.article_id = a.id)")" = 0 ] \
    || fail "$engine: articles left unclustered after the handover"
  same_stories "$engine: a handover of the clustering role ($left articles after it) against 1 worker" "$single" "$handover"

  # kill -9 mid-round: a slow round (1.5 s per feed); the victim holds its
  # feeds for 10 minutes, is killed once it holds some (at most 1.5 s after it
  # took the first, so none is done; a loaded machine may take seconds to start
  # it, so a fixed wait is not enough); a survivor fetches everything
  # else but not the victim's feeds; then the leases expire (their end is
  # moved to the past, as the clock would, so that a busy machine cannot make
  # them run out during the survivor's pass) and a survivor takes them over.
  killed=$(new_db killed)
  track_db killed
  sed 's/delay_ms=300/delay_ms=1500/' "$tmp/sources.json" > "$tmp/slow.json"
  "$bin" --db "$killed" sources import "$tmp/slow.json" > /dev/null
  "$bin" --db "$killed" run --role fetch --once --allow-private --worker victim --lease 600 \
    --per-host 16 --host-interval 0 > "$tmp/victim.out" 2>&1 &
  victim=$!
  for _ in $(seq 600); do
    [ "$(q "$killed" "SELECT COUNT(*) FROM feed_state WHERE lease_owner = 'victim'" 2>/dev/null)" \
      -gt 0 ] 2>/dev/null && break
    sleep 0.1
  done
  kill -9 $victim
  wait $victim 2>/dev/null || true
  held=$(q "$killed" "SELECT COUNT(*) FROM feed_state WHERE lease_owner = 'victim' AND last_success_at IS NULL")
  [ "$held" -gt 0 ] || fail "$engine: the victim held no feeds when killed"
  fetch_worker "$killed" survivor1 --lease 10
  IFS='|' read -r _ _ fetched _ _ <<<"$(dump_counts "$killed")"
  unread=$(q "$killed" "SELECT COUNT(*) FROM feed_state WHERE lease_owner IS NULL AND last_success_at IS NULL")
  [ $((fetched + unread)) = $((nfeeds - held)) ] \
    || fail "$engine: survivor fetched $fetched (+$unread unreadable), expected $((nfeeds - held)) (victim held $held)"
  q "$killed" "UPDATE feed_state SET lease_until = $(($(date +%s) - 1)) WHERE lease_owner = 'victim'" > /dev/null
  fetch_worker "$killed" survivor2 --lease 10
  IFS='|' read -r articles distinct fetched _ _ <<<"$(dump_counts "$killed")"
  [ "$fetched" = "$good" ] || fail "$engine: after takeover $fetched of $good feeds fetched"
  [ "$articles" = "$distinct" ] || fail "$engine: duplicates after takeover"
  [ "$(urls "$single")" = "$(urls "$killed")" ] || fail "$engine: articles lost or added by the kill"
  echo "$engine: ok ($articles articles from $nfeeds feeds; $nstories stories)"
done
echo "workers: all checks passed"
