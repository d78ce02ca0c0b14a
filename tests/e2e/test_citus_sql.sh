#!/usr/bin/env bash
# scripts/citus-sql, which prints the commands that distribute the tables from
# src/store/schema/citus.tsv: docs/scale-out.md shows exactly what it prints,
# and, with PostgreSQL (OMNIBUS_TEST_PG), everything in it but the Citus
# functions runs on a database that `omnibus init` made: it drops what the map
# drops and puts every other foreign key back as it was.
set -euo pipefail
bin=${OMNIBUS_BIN:?}
src=${OMNIBUS_SOURCE_DIR:?}
tmp=${OMNIBUS_TEST_TMP:?}/citus-sql.$$
rm -rf "$tmp" && mkdir -p "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$src/scripts/citus-sql" >"$tmp/sql"
grep -q "create_distributed_table('article', 'id')" "$tmp/sql" || fail "no article in: $(cat "$tmp/sql")"
sed -n '/<!-- citus-sql: begin/,/<!-- citus-sql: end/p' "$src/docs/scale-out.md" |
  sed '1d;$d' | grep -v '^```' >"$tmp/doc" || true
diff -u "$tmp/doc" "$tmp/sql" >"$tmp/diff" ||
  fail "docs/scale-out.md shows other commands than scripts/citus-sql prints: $(cat "$tmp/diff")"
echo "line 3 of nothing" | "$src/scripts/citus-sql" /dev/stdin >/dev/null 2>"$tmp/err" &&
  fail "a map line it cannot read was accepted"
grep -q "line 1: cannot read" "$tmp/err" || fail "bad map line: $(cat "$tmp/err")"

if [ -z "${OMNIBUS_TEST_PG:-}" ]; then
  echo "PostgreSQL parts skipped: OMNIBUS_TEST_PG is not set"
  exit 0
fi
case $OMNIBUS_TEST_PG in *\?*) sep='&' ;; *) sep='?' ;; esac
db=citus_sql_$$
dsn="$OMNIBUS_TEST_PG${sep}dbname=$db"
psql -qX "$OMNIBUS_TEST_PG" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
"$bin" --db "$dsn" init >/dev/null
keys="SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE contype = 'f' ORDER BY 1"
triggers="SELECT tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
psql -qXAt "$dsn" -c "$keys" >"$tmp/keys.before"
psql -qXAt "$dsn" -c "$triggers" >"$tmp/triggers.before"
grep -Ev "^SELECT (create_reference_table|create_distributed_table|truncate_local_data_after_distributing_table)\(|^SET citus\." \
  "$tmp/sql" | psql -qX -v ON_ERROR_STOP=1 "$dsn" >/dev/null || fail "the commands failed"
psql -qXAt "$dsn" -c "$keys" >"$tmp/keys.after"
psql -qXAt "$dsn" -c "$triggers" >"$tmp/triggers.after"

# What the map drops is gone; everything else is back as it was.
dropped_keys=$(awk '$1 == "drop-fk" { print $2 " " $3 " " }' "$src/src/store/schema/citus.tsv")
dropped_triggers=$(awk '$1 == "drop-trigger" { print $2 " " $3 }' "$src/src/store/schema/citus.tsv")
[ -n "$dropped_keys" ] && [ -n "$dropped_triggers" ] || fail "the map drops nothing"
grep -vF "$dropped_keys" "$tmp/keys.before" >"$tmp/keys.kept"
[ "$(wc -l <"$tmp/keys.kept")" -lt "$(wc -l <"$tmp/keys.before")" ] || fail "no key dropped"
diff -u "$tmp/keys.kept" "$tmp/keys.after" || fail "foreign keys differ after the commands"
grep -vxF "$dropped_triggers" "$tmp/triggers.before" >"$tmp/triggers.kept"
diff -u "$tmp/triggers.kept" "$tmp/triggers.after" || fail "triggers differ after the commands"
psql -qX "$OMNIBUS_TEST_PG" -c "DROP DATABASE $db"
rm -rf "$tmp"
echo "citus-sql: ok"
