#!/usr/bin/env bash
# omnibus migrate from the command line: usage errors, an empty copy, and with
# PostgreSQL (OMNIBUS_TEST_PG) a round trip PostgreSQL -> SQLite -> PostgreSQL
# whose tables must come back byte for byte, and a refusal to copy into a
# database that holds rows.
set -euo pipefail
bin=${OMNIBUS_BIN:?}
tmp=${OMNIBUS_TEST_TMP:?}/migrate-sh.$$
rm -rf "$tmp" && mkdir -p "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }

set +e
"$bin" migrate --from "sqlite:$tmp/x.db" >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --to is not a usage error"
"$bin" migrate --from "sqlite:$tmp/x.db" --to "sqlite:$tmp/x.db" >/dev/null 2>&1
[ $? -eq 2 ] || fail "the same database twice is not a usage error"
set -e

# Only an existing database is copied from: a typo'd --from is refused, not made.
"$bin" migrate --from "sqlite:$tmp/typo.db" --to "sqlite:$tmp/t2.db" >/dev/null 2>"$tmp/err" &&
  fail "a missing --from was copied"
grep -q "no database at $tmp/typo.db" "$tmp/err" || fail "missing --from: $(cat "$tmp/err")"
[ ! -e "$tmp/typo.db" ] && [ ! -e "$tmp/t2.db" ] || fail "migrate created a database"
"$bin" --db "sqlite:$tmp/empty.db" init >/dev/null
out=$("$bin" migrate --from "sqlite:$tmp/empty.db" --to "sqlite:$tmp/empty2.db")
grep -Eq '^  article +0 rows$' <<<"$out" || fail "empty copy: $out"
grep -Eq '^  source +0 rows$' <<<"$out" || fail "empty copy: $out"

if [ -z "${OMNIBUS_TEST_PG:-}" ]; then
  echo "PostgreSQL parts skipped: OMNIBUS_TEST_PG is not set"
  exit 0
fi
case $OMNIBUS_TEST_PG in *\?*) sep='&' ;; *) sep='?' ;; esac
pgdb() { echo "$OMNIBUS_TEST_PG${sep}dbname=$1"; }
a=mig_a_$$ c=mig_c_$$
for db in $a $c; do
  psql -qX "$OMNIBUS_TEST_PG" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
done
"$bin" --db "$(pgdb $a)" init >/dev/null
psql -qX -v ON_ERROR_STOP=1 "$(pgdb $a)" <<'SQL'
INSERT INTO source (name, feed_url, lang, country, stance, created_at)
VALUES ('Dagens Nyheter', 'https://www.dn.se/rss/', 'sv', 'SE', 'oberoende liberal', 1711180800),
       ('Sky News', 'https://feeds.skynews.com/feeds/rss/world.xml', 'en', 'GB', NULL, 1711180801);
INSERT INTO feed_state (source_id, etag, next_fetch_at) SELECT id, '"abc"', 1711184400 FROM source;
INSERT INTO article (source_id, url, title, authors, fetched_at, content)
VALUES (1, 'https://www.dn.se/a/1', 'Regeringen föreslår ''nya'' regler', '["Ann Ö"]', 1711184400,
        E'Första stycket.\nAndra stycket med tab\t och "citat".'),
       (2, 'https://news.sky.com/story/1', 'Why IS-K is behind the attack', NULL, 1711184401, NULL);
INSERT INTO article_url (url, article_id) SELECT url, id FROM article;
SQL
"$bin" migrate --from "$(pgdb $a)" --to "sqlite:$tmp/b.db" >"$tmp/out1"
grep -Eq '^  article +2 rows$' "$tmp/out1" || fail "postgres -> sqlite: $(cat "$tmp/out1")"
"$bin" migrate --from "sqlite:$tmp/b.db" --to "$(pgdb $c)" >"$tmp/out2"
grep -q '^copied 9 rows$' "$tmp/out2" || fail "sqlite -> postgres: $(cat "$tmp/out2")"
# 2 sources, 2 fetch states, 2 articles with their URLs and the admin token
# that init created.
for t in source feed_state article article_url admin_token; do
  q="COPY (SELECT * FROM $t ORDER BY 1) TO STDOUT"
  cmp <(psql -qX "$(pgdb $a)" -c "$q") <(psql -qX "$(pgdb $c)" -c "$q") || fail "table $t differs"
done
set +e
"$bin" migrate --from "sqlite:$tmp/b.db" --to "$(pgdb $a)" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "copying into a database with rows did not fail"
set -e
grep -q "not empty" "$tmp/err" || fail "refusal says: $(cat "$tmp/err")"
psql -qX "$OMNIBUS_TEST_PG" -c "DROP DATABASE $a" -c "DROP DATABASE $c"
rm -rf "$tmp"
echo "migrate: ok"
