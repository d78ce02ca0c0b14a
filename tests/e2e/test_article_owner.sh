#!/usr/bin/env bash
# An article belongs to its source (issue 17): a second feed whose items carry
# another outlet's article URLs (the demo's Daily Meridian feed, titles and
# GUIDs changed) neither rewrites those articles' source nor their titles; the
# second source is recorded as also carrying them. On SQLite and, when the
# test run started a server (OMNIBUS_TEST_PG), on PostgreSQL.
set -euo pipefail
bin=$OMNIBUS_BIN
source "$OMNIBUS_SOURCE_DIR/tests/e2e/e2e_lib.sh"
mkdir -p "$tmp/site"
cp "$OMNIBUS_SOURCE_DIR/data/demo/site/dm/feed.xml" "$tmp/site/owner.xml"
python3 - "$tmp/site/owner.xml" "$tmp/site/thief.xml" <<'PY'
import re, sys
feed = open(sys.argv[1], encoding="utf-8").read()
def steal(m):
    item = re.sub(r"<title>[^<]*</title>", "<title>Taken over</title>", m.group(0))
    return re.sub(r"(<guid[^>]*>)([^<]*)", r"\1thief-\2", item)
open(sys.argv[2], "w", encoding="utf-8").write(re.sub(r"<item>.*?</item>", steal, feed, flags=re.S))
PY
feeds=$tmp/site
start_feedserver
source_json() { # NAME FILE
  printf '[{"name": "%s", "feed_url": "http://127.0.0.1:%s/%s", "allow_private": true}]\n' "$1" "$port" "$2"
}
source_json Owner owner.xml > "$tmp/owner.json"
source_json Thief thief.xml > "$tmp/thief.json"

engines=(sqlite)
[ -n "${OMNIBUS_TEST_PG:-}" ] && engines+=(postgres)
for engine in "${engines[@]}"; do
  db=$(new_db owner)
  track_db owner
  fetch() { "$bin" --db "$db" run --role fetch --once --allow-private > "$tmp/run.out" 2>&1 \
              || fail "$engine: run: $(tail -5 "$tmp/run.out")"; }
  "$bin" --db "$db" sources import "$tmp/owner.json" > /dev/null
  fetch
  n=$(q "$db" "SELECT COUNT(*) FROM article")
  [ "$n" = 3 ] || fail "$engine: the owner's feed gave $n articles, not 3"
  "$bin" --db "$db" sources import "$tmp/thief.json" > /dev/null
  fetch
  [ "$(q "$db" "SELECT COUNT(*) FROM feed_state WHERE last_success_at IS NOT NULL")" = 2 ] \
    || fail "$engine: both feeds were not read: $(tail -3 "$tmp/run.out")"
  owner=$(q "$db" "SELECT id FROM source WHERE name = 'Owner'")
  thief=$(q "$db" "SELECT id FROM source WHERE name = 'Thief'")
  [ "$(q "$db" "SELECT COUNT(*) FROM article")" = 3 ] || fail "$engine: the thief's items became articles"
  [ "$(q "$db" "SELECT COUNT(*) FROM article WHERE source_id = $owner")" = 3 ] \
    || fail "$engine: an article changed source: $(q "$db" "SELECT url, source_id FROM article")"
  [ "$(q "$db" "SELECT COUNT(*) FROM article WHERE title = 'Taken over'")" = 0 ] \
    || fail "$engine: a title was overwritten"
  [ "$(q "$db" "SELECT COUNT(*) FROM article_duplicate d JOIN article a ON a.id = d.article_id
               WHERE d.source_id = $thief AND a.source_id = $owner")" = 3 ] \
    || fail "$engine: the thief's copies are not recorded: $(q "$db" "SELECT * FROM article_duplicate")"
  echo "$engine: ok"
done
echo "article owner: all checks passed"
