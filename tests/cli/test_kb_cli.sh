#!/usr/bin/env bash
# omnibus kb import|lookup|link from the command line: exit statuses, the
# import report, lookups (one and batch), JSON mentions, and a run that fails
# leaving the KB empty.
set -euo pipefail
bin=${OMNIBUS_BIN:?}
corpora=${OMNIBUS_CORPORA:?}
dir="${OMNIBUS_TEST_TMP:-/tmp}/kb-cli-$$"
mkdir -p "$dir"
db="sqlite:$dir/kb.db"
fail() { echo "FAIL: $*"; exit 1; }
"$bin" --db "$db" init >/dev/null

# A failed run imports nothing, and says so.
if "$bin" --db "$db" kb import "$corpora/wikimedia-enterprise-sample/articles.ndjson" \
    "$dir/missing.ndjson" > "$dir/out" 2> "$dir/err"; then
  fail "import of a missing file succeeded"
fi
grep -q "nothing was imported" "$dir/err" || fail "no word that nothing was imported: $(cat "$dir/err")"
"$bin" --db "$db" kb lookup Sciuridae > "$dir/out"
grep -q "no entity is called" "$dir/out" || fail "the failed run left entities: $(cat "$dir/out")"

# A broken line is skipped and reported with its line; the rest is imported.
{ head -1 "$corpora/wikimedia-enterprise-sample/articles.ndjson"
  echo '{"name": "Broken'
  sed -n 2p "$corpora/wikimedia-enterprise-sample/articles.ndjson"; } > "$dir/broken.ndjson"
"$bin" --db "$db" kb import --json "$dir/broken.ndjson" \
  "$corpora/wikipedia-xml-sample/enwiki-table-markup.xml.bz2" > "$dir/report.json" 2> /dev/null
python3 - "$dir/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["entities"] == 2 + 5, r
assert r["skipped"] == 1, r
assert r["skips"][0].startswith("broken.ndjson:2 (byte "), r["skips"]
PY

# Lookups: one name, and a batch from standard input.
"$bin" --db "$db" kb lookup --json Sciuridae > "$dir/lookup.json"
python3 - "$dir/lookup.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m[0]["qid"] == "Q9482" and m[0]["title"] == "Squirrel", m
assert m[0]["extract"].startswith("Squirrels are members"), m
assert m[0]["url"] == "https://en.wikipedia.org/wiki/Squirrel", m
PY
printf 'Squirrels\nEconomy of Estonia\nNo such thing\n' |
  "$bin" --db "$db" kb lookup - > "$dir/batch.tsv"
[ "$(cut -f2 "$dir/batch.tsv" | tr '\n' ' ')" = "Q9482 - - " ] ||
  fail "batch lookup: $(cat "$dir/batch.tsv")"
grep -q "Economy of Estonia" "$dir/batch.tsv" || fail "batch lookup lost a title"

# Linking a file: JSON mentions with byte offsets and IDs.
printf 'Die Sciuridae – Squirrels of the Economy of Estonia.\n' > "$dir/text.txt"
"$bin" --db "$db" kb link "$dir/text.txt" > "$dir/links.json"
python3 - "$dir/links.json" "$dir/text.txt" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
text = open(sys.argv[2], "rb").read()
got = [(x["surface"], x["qid"]) for x in m]
assert got == [("Sciuridae", "Q9482"), ("Squirrels", "Q9482"), ("Economy of Estonia", None)], got
for x in m:
    assert text[x["start"]:x["end"]].decode() == x["surface"], x
assert m[2]["title"] == "Economy of Estonia" and m[2]["entity"], m
PY

"$bin" kb --help | grep -q "kb import" || fail "no help"
if "$bin" --db "$db" kb frobnicate 2> /dev/null; then fail "unknown subcommand accepted"; fi
rm -rf "$dir"
echo "ok"
