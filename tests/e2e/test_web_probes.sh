#!/usr/bin/env bash
# Issue 17's probe of the site, over real loopback HTTP against `omnibus
# serve` with small limits (tests/e2e/web_probes.py): connection exhaustion,
# slowloris, long request lines, many parameters and header lines, costly and
# rapid searches. Each attack is refused with an answer (408, 414, 431, 400,
# 429, 503) or is harmless, and a reader on another address is answered while
# it runs. How fast the answers are is the soak's and the bench's to measure.
set -euo pipefail
bin=$OMNIBUS_BIN
source "$OMNIBUS_SOURCE_DIR/tests/e2e/e2e_lib.sh"
export OMNIBUS_DB="sqlite:$tmp/probe.db"
"$bin" init > /dev/null
# --limits refuses what it cannot read.
for bad in "connections=0" "rate=x" "speed=3" "per-client"; do
  "$bin" serve --limits "$bad" 2>"$tmp/err" && fail "--limits $bad was taken"
  grep -q "limits\|per-client\|connections\|rate" "$tmp/err" || fail "--limits $bad: $(cat "$tmp/err")"
done
limits='connections=64,per-client=8,request-seconds=2,rate=5,burst=10'
json='{"connections": 64, "per_client": 8, "request_seconds": 2, "rate": 5, "burst": 10}'
"$bin" serve --listen 127.0.0.1:0 --threads 2 --limits "$limits" > "$tmp/serve.out" 2>"$tmp/serve.err" &
serve=$!
trap 'kill $serve 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 600); do grep -q "http://127.0.0.1:" "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/serve.out" | head -1)
[ -n "$port" ] || fail "serve did not start: $(cat "$tmp/serve.err")"
python3 "$OMNIBUS_SOURCE_DIR/tests/e2e/web_probes.py" "$port" "$json" || fail "a probe failed"
kill -0 $serve || fail "the server died under the probes: $(tail -5 "$tmp/serve.err")"
kill -TERM $serve
wait $serve || fail "serve did not stop cleanly: $(tail -5 "$tmp/serve.err")"
echo "web probes: all checks passed"
