#!/usr/bin/env bash
# omnibus text and omnibus search from the command line: the JSON that
# shared/eval/sentence_f1.py reads (byte offsets), bad input, and search over an
# empty database.
set -euo pipefail
bin=${OMNIBUS_BIN:?}
tmp=${OMNIBUS_TEST_TMP:?}/text-cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

printf '%s' '”Det här är en katastrof för Sverige”, säger Magdalena Andersson. Mötet börjar kl. 10 i morgon.' >"$tmp/sv.txt"
"$bin" text "$tmp/sv.txt" --json --tokens >"$tmp/sv.json"
python3 - "$tmp/sv.txt" "$tmp/sv.json" <<'PY'
import json, sys
text = open(sys.argv[1], "rb").read(); j = json.load(open(sys.argv[2]))
assert j["language"] == "sv", j["language"]
sents = [text[s["begin"]:s["end"]].decode() for s in j["sentences"]]
assert sents == ["”Det här är en katastrof för Sverige”, säger Magdalena Andersson.",
                 "Mötet börjar kl. 10 i morgon."], sents
assert all(text[s["begin"]:s["end"]].decode() == s["text"] for s in j["sentences"])
q = j["quotes"][0]
assert q["speaker"]["text"] == "Magdalena Andersson" and q["cue"]["text"] == "säger", q
assert any(t["text"] == "katastrof" and t["stem"] == "katastrof" for t in j["tokens"])
assert any(n["text"] == "Magdalena Andersson" for n in j["names"])
PY

# Invalid UTF-8 and control characters: a warning, valid JSON, offsets into the bytes.
printf 'Hej\xff d\xe4r.\x01 Det g\xc3\xa4ller.' >"$tmp/bad.txt"
"$bin" text "$tmp/bad.txt" --lang sv --json >"$tmp/bad.json" 2>"$tmp/bad.err"
grep -q "invalid UTF-8" "$tmp/bad.err"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["invalid_utf8"] == 2 and len(j["sentences"]) == 2, j' "$tmp/bad.json"

# Usage errors are exit status 2.
"$bin" --db "sqlite:$tmp/db" init >/dev/null
set +e
"$bin" text "$tmp/sv.txt" --lang xx >/dev/null 2>&1; [ $? -eq 2 ] || exit 1
"$bin" text >/dev/null 2>&1; [ $? -eq 2 ] || exit 1
"$bin" text "$tmp/missing.txt" >/dev/null 2>&1; [ $? -eq 1 ] || exit 1
"$bin" --db "sqlite:$tmp/db" search '...' >/dev/null 2>&1; [ $? -eq 2 ] || exit 1
set -e
"$bin" --db "sqlite:$tmp/db" search --json regeringen >"$tmp/hits.json"
[ "$(cat "$tmp/hits.json")" = "[]" ]
echo ok
