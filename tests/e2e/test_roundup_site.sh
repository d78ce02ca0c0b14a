#!/usr/bin/env bash
# The whole pipeline on dev data: a loopback site of ECB+ topics (one feed per
# outlet, pages with every kind of byline and dateline markup; see
# tests/fixtures/ecb_site.py) through `sources add --full-text`, `fetch`,
# `stories` and `roundup`, then the floors of tests/roundup_score.py: every
# credit a person, an agency or the outlet (and the one the page gave), one
# attribution a paragraph, novelty, named pull-quote speakers, no empty
# roundup. Also: `roundup ID` stores nothing, `--save` does; no headline is a
# dateline; the coverage line only for readers with a home.
set -euo pipefail
bin=$OMNIBUS_BIN
src=$OMNIBUS_SOURCE_DIR
mkdir -p "${OMNIBUS_TEST_TMP:-/tmp}"
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/roundup-site.XXXXXX")
trap '[ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

OMNIBUS_CORPORA=${OMNIBUS_CORPORA:-$src/../shared/corpora} \
  bash "$src/tests/fixtures/ecb_pipeline.sh" "$bin" "$tmp/run" 1-6
run=$tmp/run
export OMNIBUS_DB="sqlite:$run/o.db"
python3 "$src/tests/roundup_score.py" --gold "$run/gold.jsonl" --floors --examples 10 \
  "$run/roundups.jsonl" || fail "roundups below the floors"

python3 - "$run" <<'PY' || fail "headlines or coverage lines"
import json, re, sys
run = sys.argv[1]
roundups = [json.loads(l) for l in open(f"{run}/roundups.jsonl")]
assert len(roundups) >= 10, len(roundups)
stamp = re.compile(r"^[\W\d]*(\w+day,?\s*)?\w+\s+\d{1,2},?\s+\d{4}\W*$|updated at|^\d{1,2} \w+ \d{4}", re.I)
for r in roundups:
    assert r["headline"] and not stamp.search(r["headline"]), r["headline"]
    for m in r["read_more"]:
        assert not stamp.search(m["title"]), m["title"]
    gap = r["balance"].get("gap_note")
    # No outlet here is Swedish: the Swedish reader is told so, the English one not.
    assert (gap == "Inget svenskt medium har bevakat detta ännu.") == (r["lang"] == "sv"), (r["lang"], gap)
stories = {s["id"]: s["headline"] for s in json.load(open(f"{run}/stories.json"))}
for s, h in stories.items():
    assert h is None or not stamp.search(h), h
# One headline per story: the English roundup's is the story's (every outlet is English).
for r in roundups:
    if r["lang"] == "en":
        assert r["headline"] == stories[r["story"]], (r["headline"], stories[r["story"]])
PY

# Showing stores nothing; --save stores a version, unchanged it is not stored again.
story=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["story"])' "$run/roundups.jsonl")
count() { sqlite3 "$run/o.db" "SELECT COUNT(*) FROM roundup WHERE story_key = 'story:$story'"; }
before=$(count)
"$bin" roundup "$story" --lang en > /dev/null
[ "$(count)" = "$before" ] || fail "roundup ID stored a version"
"$bin" roundup "$story" --lang en --takes 2 --save > /dev/null 2>&1
after=$(count)
[ "$after" = $((before + 1)) ] || fail "--save stored $((after - before)) versions"
"$bin" roundup "$story" --lang en --takes 2 --json --save="story:$story" > "$tmp/two.json" 2>/dev/null
[ "$(count)" = "$after" ] || fail "an unchanged roundup was stored again"
python3 - "$tmp/two.json" <<'PY' || fail "--takes 2"
import json, sys
r = json.load(open(sys.argv[1]))
arts = {p["article_id"] for p in [r["lead"]] + r["paragraphs"]}
assert 1 <= len(arts) <= 2, arts
PY
echo "roundup site: all checks passed"
