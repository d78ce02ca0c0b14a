#!/usr/bin/env bash
# omnibus cluster --eval: its B-cubed figures on ECB+ agree with the shared
# scorer (../shared/eval/bcubed.py) run on its --out assignments, and bad
# labelled input gets clear per-line warnings, not a crash.
set -euo pipefail
bin=${OMNIBUS_BIN:?}
corpora=${OMNIBUS_CORPORA:?}
gold="$corpora/ecbplus-story-clusters/ecbplus_docs.jsonl"
scorer="$corpora/../eval/bcubed.py"
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/cluster_eval.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3

"$bin" cluster --eval "$gold" --out "$tmp/out.jsonl" > "$tmp/ours.txt"
ours=$(tail -n 1 "$tmp/ours.txt")
theirs=$("$python" "$scorer" "$gold" "$tmp/out.jsonl")
echo "omnibus: $ours"
echo "scorer:  $theirs"
[ "$(wc -l < "$tmp/out.jsonl")" -eq 535 ] || { echo "expected 535 assignments"; exit 1; }
# --by-topic: one line per ECB+ topic (the 23 of this copy), then the same summary.
"$bin" cluster --eval "$gold" --by-topic > "$tmp/topics.txt"
[ "$(grep -c '^topic [0-9]*: documents [0-9]* B3 P ' "$tmp/topics.txt")" -eq 23 ] ||
  { echo "expected 23 topic lines"; exit 1; }
[ "$(tail -n 1 "$tmp/topics.txt")" = "$ours" ] || { echo "--by-topic changed the figures"; exit 1; }
# Same P, R, F1 and cluster count.
[ "$(echo "$ours" | awk '{print $3, $5, $7, $9}')" = "$(echo "$theirs" | awk '{print $3, $5, $7, $9}')" ] ||
  { echo "the figures differ"; exit 1; }

# Bad input: not JSON, no id, a duplicate id, no label, empty and one-word texts.
cat > "$tmp/bad.jsonl" <<'EOF'
{"id": "a", "event_cluster": "x", "text": "Volcano erupts on the Reykjanes peninsula in Iceland"}
not json at all
{"event_cluster": "x", "text": "no id here"}
{"id": "a", "event_cluster": "x", "text": "the same id again"}
{"id": "b", "text": "no label"}
{"id": "c", "event_cluster": "y", "text": ""}
{"id": "d", "event_cluster": "y", "sentences": ["Breaking"]}
{"id": 7, "event_cluster": "x", "title": "Iceland volcano erupts again", "published": "2024-01-14T08:00:00Z"}

EOF
"$bin" cluster --eval "$tmp/bad.jsonl" --out "$tmp/bad_out.jsonl" > "$tmp/bad.txt" 2> "$tmp/bad.err"
cat "$tmp/bad.err"
grep -q "bad.jsonl:2: " "$tmp/bad.err"
grep -q "bad.jsonl:3: no usable \"id\"" "$tmp/bad.err"
grep -q "bad.jsonl:4: duplicate id" "$tmp/bad.err"
grep -q "bad.jsonl:5: no usable \"event_cluster\"" "$tmp/bad.err"
grep -q "documents 4 skipped 4" "$tmp/bad.txt"
[ "$(wc -l < "$tmp/bad_out.jsonl")" -eq 4 ]
# The two too short to cluster are stories of their own (negative ids).
[ "$(grep -c '"story":-' "$tmp/bad_out.jsonl")" -eq 2 ]

# A file that is not there is an error with a message, not a crash.
if "$bin" cluster --eval "$tmp/nothing.jsonl" 2> "$tmp/none.err"; then exit 1; fi
grep -q "cannot read" "$tmp/none.err"
echo "ok"
