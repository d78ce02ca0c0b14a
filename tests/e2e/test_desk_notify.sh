#!/usr/bin/env bash
# Notify (docs/desk.md): the demo run with `--notify newsrooms=4` flags the
# stories of four or more independent newsrooms, once each, on the desk (its
# queue says "flagged") and queues a webhook for each; the others are not
# flagged. `run --role process --webhook URL` delivers them to a loopback
# receiver (tests/fixtures/webhook_receiver.py) that answers the first POST
# with 500: that one is retried after the backoff and delivered, every POST
# is JSON with a valid HMAC-SHA256 signature of its timestamp and body under
# OMNIBUS_WEBHOOK_SECRET, and each flagged story arrives exactly once with
# a 200. --webhook without a secret is refused. On the desk, a story merged
# into another is composed into it and hidden, and an article split out of
# it leaves its next roundup.
set -euo pipefail
bin=$OMNIBUS_BIN
data=$OMNIBUS_SOURCE_DIR/data/demo
mkdir -p "${OMNIBUS_TEST_TMP:-/tmp}"
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/desk_notify.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
db=sqlite:$tmp/d.db
sql() { sqlite3 "$tmp/d.db" "$1"; }
unset OMNIBUS_LANG

"$bin" demo --notify newsrooms=4,growth=0 --listen 127.0.0.1:0 --db "$db" --data "$data" \
  >"$tmp/out" 2>"$tmp/err" &
pids+=($!)
for _ in $(seq 600); do
  grep -q serving "$tmp/out" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || fail "demo exited: $(tail -5 "$tmp/err")"
  sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out") || fail "no URL printed: $(tail -5 "$tmp/err")"

# Flagged: exactly the stories of four or more newsrooms, each once, queued.
want=$(sql "SELECT 'story:' || id FROM story WHERE newsrooms >= 4 AND merged_into IS NULL ORDER BY id" | tr '\n' ' ')
got=$(sql "SELECT story_key FROM desk_story WHERE flagged_at > 0 ORDER BY story_key" | tr '\n' ' ')
[ -n "$want" ] || fail "no story of four newsrooms in the demo"
[ "$got" = "$want" ] || fail "flagged $got, not $want"
[ "$(sql "SELECT COUNT(*) FROM story WHERE newsrooms < 4 AND merged_into IS NULL")" -ge 1 ] \
  || fail "every story has four newsrooms: the threshold is not tested"
[ "$(sql "SELECT story_key FROM desk_webhook ORDER BY story_key" | tr '\n' ' ')" = "$want" ] \
  || fail "webhooks queued: $(sql "SELECT story_key FROM desk_webhook")"
grep -q "flagged" "$tmp/err" || fail "the flags are not logged"

# On the desk's queue.
echo "desk pass" | "$bin" --db "$db" users add eve --role editor >/dev/null
curl -s -c "$tmp/jar" -b "$tmp/jar" -o "$tmp/login.html" "$url/desk/login"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)
curl -s -c "$tmp/jar" -b "$tmp/jar" -o /dev/null "$url/desk/login" \
  --data-urlencode "csrf=$csrf" --data-urlencode "name=eve" --data-urlencode "password=desk pass"
curl -s -b "$tmp/jar" -o "$tmp/queue.html" "$url/desk"
flags=$(grep -c 'class="flag"' "$tmp/queue.html" || true)
n_want=$(echo $want | wc -w)
# Each flagged story is in the queue once per language.
[ "$flags" = $((2 * n_want)) ] || fail "the queue shows $flags flags, not $((2 * n_want))"

# --webhook needs its secret.
OMNIBUS_WEBHOOK_SECRET= "$bin" --db "$db" run --role process --webhook http://127.0.0.1:9/ \
  >/dev/null 2>"$tmp/nosecret" && fail "--webhook ran without a secret"
grep -q OMNIBUS_WEBHOOK_SECRET "$tmp/nosecret" || fail "no word of the secret: $(cat "$tmp/nosecret")"

# Delivery: the first POST gets a 500 and is retried.
secret="s3cret-$$"
python3 "$OMNIBUS_SOURCE_DIR/tests/fixtures/webhook_receiver.py" --secret "$secret" --fail 1 \
  --log "$tmp/hooks.jsonl" --port-file "$tmp/hookport" &
pids+=($!)
for _ in $(seq 600); do [ -s "$tmp/hookport" ] && break; sleep 0.1; done
hook="http://127.0.0.1:$(cat "$tmp/hookport")/hook"
# Under the demo's worker name, so that it holds the clustering role at once
# (the demo's loader, done, still holds its lease).
OMNIBUS_WEBHOOK_SECRET=$secret "$bin" --db "$db" run --role process --poll 1 \
  --worker "$(hostname):${pids[0]}" --webhook "$hook" >"$tmp/run.out" 2>"$tmp/run.err" &
pids+=($!)
for _ in $(seq 300); do
  [ "$(sql "SELECT COUNT(*) FROM desk_webhook WHERE delivered_at = 0")" = 0 ] && break
  sleep 0.2
done
[ "$(sql "SELECT COUNT(*) FROM desk_webhook WHERE delivered_at = 0")" = 0 ] \
  || fail "not delivered: $(sql "SELECT story_key, attempts, last_error FROM desk_webhook"; tail -5 "$tmp/run.err")"
[ "$(sql "SELECT SUM(attempts) FROM desk_webhook")" = $((n_want + 1)) ] \
  || fail "attempts: $(sql "SELECT story_key, attempts FROM desk_webhook")"
retried=$(sql "SELECT story_key FROM desk_webhook WHERE attempts = 2")
[ -n "$retried" ] && grep -q "HTTP 500" <(sql "SELECT last_error FROM desk_webhook WHERE attempts = 2"; cat "$tmp/run.err") \
  || fail "the retried delivery does not name the 500"
python3 - "$tmp/hooks.jsonl" "$want" "$retried" <<'PY' || fail "the webhook's requests"
import json, sys
hooks = [json.loads(l) for l in open(sys.argv[1])]
want, retried = sys.argv[2].split(), sys.argv[3]
assert all(h["signature_valid"] for h in hooks), [h for h in hooks if not h["signature_valid"]]
assert all(h["content_type"] == "application/json" and h["event"] == "story.flagged" for h in hooks)
assert hooks[0]["status"] == 500 and hooks[0]["body"]["story_key"] == retried, hooks[0]
ok = sorted(h["body"]["story_key"] for h in hooks if h["status"] == 200)
assert ok == sorted(want), (ok, want)
for h in hooks:
    b = h["body"]
    assert b["event"] == "story.flagged" and b["newsrooms"] >= 4 and b["headline"], b
    assert "newsrooms" in b["reason"], b
# The retry came after the backoff (2 s), not at once.
first = [h for h in hooks if h["body"]["story_key"] == retried]
assert len(first) == 2 and int(first[1]["timestamp"]) - int(first[0]["timestamp"]) >= 2, first
PY

# Merge and split on the desk (the process worker above composes them): eve
# merges the smallest other story into the flagged one, whose next roundup
# then holds both stories' articles while the merged one is hidden; then she
# splits one of the merged articles out again. The site is in auto mode, so
# each goes out at once with the editors' decisions (editor "auto").
a=$(echo $want | cut -d' ' -f1 | cut -d: -f2)
b=$(sql "SELECT id FROM story WHERE id <> $a AND merged_into IS NULL ORDER BY articles, id LIMIT 1")
b_articles=$(sql "SELECT article_id FROM story_member WHERE story_id = $b ORDER BY article_id" | tr '\n' ' ')
curl -s -b "$tmp/jar" -o "$tmp/story.html" "$url/desk/story/$a?lang=en"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/story.html" | head -1)
post() { curl -s -b "$tmp/jar" -o /dev/null -w '%{http_code}' "$url/desk/story/$a?lang=en" --data "csrf=$csrf&$1"; }
[ "$(post "action=merge&story=$a")" = 400 ] || fail "a story merged into itself"
[ "$(post "action=merge&story=999999")" = 400 ] || fail "a story that does not exist was merged"
[ "$(post "action=merge&story=$b")" = 303 ] || fail "the merge was refused"
members_of() { # the members of the newest English version of story $a by editor $1
  sql "SELECT members FROM roundup WHERE story_key = 'story:$a' AND lang = 'en' AND editor = '$1' ORDER BY version DESC LIMIT 1"
}
holds() { python3 -c 'import json, sys; m = set(json.loads(sys.argv[1] or "[]")); print(all(int(x) in m for x in sys.argv[2].split()))' "$1" "$2"; }
for _ in $(seq 150); do [ "$(holds "$(members_of auto)" "$b_articles")" = True ] && break; sleep 0.2; done
[ "$(holds "$(members_of auto)" "$b_articles")" = True ] \
  || fail "story $a was not composed with story $b's articles: $(members_of auto); $(tail -3 "$tmp/run.err")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/story/$b?lang=en")" = 404 ] || fail "the merged story $b is still public"
curl -s "$url/api/stories/$a?lang=en" | python3 -c 'import json, sys; d = json.load(sys.stdin); m = set(d["members"]); assert all(int(x) in m for x in sys.argv[1].split()), d["members"]' "$b_articles" \
  || fail "the public story $a does not hold story $b's articles"
[ "$(sql "SELECT action FROM desk_audit WHERE story_key = 'story:$b'")" = merged ] || fail "the merged story's history"
out=$(echo $b_articles | cut -d' ' -f1)
[ "$(post "action=split&article=999999")" = 400 ] || fail "a split of an article that is not a member"
[ "$(post "action=split&article=$out")" = 303 ] || fail "the split was refused"
for _ in $(seq 150); do [ "$(holds "$(members_of auto)" "$out")" = False ] && break; sleep 0.2; done
[ "$(holds "$(members_of auto)" "$out")" = False ] || fail "article $out is still in story $a"
echo "notify: $n_want stories flagged and delivered, one after a 500; story $b merged into $a, article $out split out"
