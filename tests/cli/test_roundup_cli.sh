#!/usr/bin/env bash
# omnibus roundup from the command line: usage errors and an article that does
# not exist (composition itself is tested in tests/unit/test_compose_store.c
# and tests/corpus/test_compose_ecb.c).
set -euo pipefail
bin=${OMNIBUS_BIN:?}
tmp=${OMNIBUS_TEST_TMP:?}/roundup-cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
db="sqlite:$tmp/db"
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" roundup --help | grep -q -- '--articles'
set +e
"$bin" --db "$db" roundup 2>/dev/null; [ $? -eq 2 ] || { echo "no --articles should be a usage error"; exit 1; }
"$bin" --db "$db" roundup --articles 1,x 2>/dev/null; [ $? -eq 2 ] || { echo "bad id list accepted"; exit 1; }
"$bin" --db "$db" roundup --articles 1 --lang de 2>/dev/null; [ $? -eq 2 ] || { echo "--lang de accepted"; exit 1; }
"$bin" --db "$db" roundup --articles 7 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] || { echo "missing article: exit $rc"; exit 1; }
grep -q "no article" "$tmp/err" || { cat "$tmp/err"; exit 1; }
echo ok
