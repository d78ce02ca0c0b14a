#!/usr/bin/env python3
"""The soak's report (bench/soak/run): requests served and errors, p99 per
cycle (ten minutes by default), the lone reader's latency per ten minutes,
RSS and descriptors per cycle, the hostile
client's counts, articles expected against stored, and the time from an
item's appearance in its feed to the first roundup that includes it.

  report.py OUT_DIR MINUTES"""
import collections
import glob
import json
import os
import re
import sqlite3
import sys

out, minutes = sys.argv[1], sys.argv[2]


def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] if xs else None


print("soak: %s minutes asked" % minutes)
total_req = total_non2xx = total_sock = 0
for path in sorted(glob.glob(os.path.join(out, "wrk.*")), key=lambda p: int(p.rsplit(".", 1)[1])):
    text = open(path).read()
    c = path.rsplit(".", 1)[1]
    req = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", text)
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    n = int(req.group(1)) if req else 0
    bad = int(non2xx.group(1)) if non2xx else 0
    serr = sum(map(int, sock.groups())) if sock else 0
    total_req += n
    total_non2xx += bad
    total_sock += serr
    print("cycle %s: %d requests in %s%s, p50 %.1f ms, p99 %.1f ms, non-2xx %d, socket errors %s" % (
        c, n, req.group(2) if req else "?", req.group(3) if req else "",
        ms(*p50.groups()) if p50 else -1, ms(*p99.groups()) if p99 else -1, bad,
        "%d (connect %s, read %s, write %s, timeout %s)" % ((serr,) + sock.groups()) if sock else 0))
    statuses = re.findall(r"^status (\d+): (\d+)$", text, re.M)
    if statuses:
        print("  answers by status: %s" % ", ".join("%s %s" % st for st in sorted(statuses)))
print("requests served: %d; non-2xx: %d; socket errors: %d" % (total_req, total_non2xx, total_sock))

# When the daemon was down: from each kill -9 to the next answer of /healthz.
start = int(open(os.path.join(out, "start")).read())
log = open(os.path.join(out, "run.log"), errors="replace").read()
kills = [int(k) for k in re.findall(r"kill -9 at (\d+) s", log)]
ups = [int(u) for u in re.findall(r"up at (\d+) s", log)]
down = [(0, ups[0] if ups else 0)] + [(k, next((u for u in ups if u >= k), 10 ** 9)) for k in kills]


def is_down(t):
    return any(a <= t - start <= b + 1 for a, b in down)


reader_path = os.path.join(out, "reader.tsv")
if os.path.exists(reader_path):
    windows = collections.defaultdict(list)
    failed_up = failed_down = 0
    for line in open(reader_path):
        t, path, status, took = line.rstrip("\n").split("\t")
        t, status, took = float(t), int(status), float(took)
        if is_down(t):
            failed_down += status != 200
            continue
        windows[int(t - start) // 600].append(took)
        failed_up += status != 200
    for w in sorted(windows):
        xs = windows[w]
        print("reader, minutes %d-%d: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (
            w * 10, w * 10 + 10, len(xs), pct(xs, 50), pct(xs, 99), max(xs)))
    print("reader: %d requests not answered 200 while the daemon was up, %d while it restarted"
          % (failed_up, failed_down))

res = collections.defaultdict(list)
if os.path.exists(os.path.join(out, "resources.tsv")):
    for line in open(os.path.join(out, "resources.tsv")):
        c, t, rss, fds, heap, pages, used, held, anon = (line.rstrip("\n").split("\t") + [""] * 5)[:9]
        if rss.strip():
            res[int(c)].append((int(t), int(rss), int(fds),
                                int(heap) if heap.strip() and pages.strip() else None,
                                int(pages) if heap.strip() and pages.strip() else None,
                                int(used) if used.strip() and held.strip() else None,
                                int(held) if used.strip() and held.strip() else None,
                                int(anon) if anon.strip() else None))
for c in sorted(res):
    rows = res[c]
    print("cycle %d: RSS %d..%d MiB (last %d), fds %d..%d (last %d), %d samples" % (
        c, min(r[1] for r in rows) // 1024, max(r[1] for r in rows) // 1024, rows[-1][1] // 1024,
        min(r[2] for r in rows), max(r[2] for r in rows), rows[-1][2], len(rows)))
    # The caches, each capped (SQLite's 64 MiB a connection, the page cache's
    # 64 MiB), fill as the store grows; RSS less them is what would show a leak.
    known = [r for r in rows if r[3] is not None]
    if known:
        print("  SQLite's memory %d..%d MiB, page cache %d..%d MiB; RSS less both %d..%d MiB (last %d)" % (
            min(r[3] for r in known) >> 20, max(r[3] for r in known) >> 20,
            min(r[4] for r in known) >> 20, max(r[4] for r in known) >> 20,
            min(r[1] - (r[3] + r[4]) // 1024 for r in known) // 1024,
            max(r[1] - (r[3] + r[4]) // 1024 for r in known) // 1024,
            (known[-1][1] - (known[-1][3] + known[-1][4]) // 1024) // 1024))
    # The heap in use (SQLite's caches and the page cache included) is what a
    # leak would grow; freed-but-held memory is RSS the allocator keeps.
    heap = [r for r in rows if r[5] is not None]
    if heap:
        print("  heap in use %d..%d MiB (last %d), freed and held %d..%d MiB" % (
            min(r[5] for r in heap) >> 20, max(r[5] for r in heap) >> 20, heap[-1][5] >> 20,
            min(r[6] for r in heap) >> 20, max(r[6] for r in heap) >> 20))
    # The anonymous part of RSS is the heap as the kernel counts it (the
    # binary's and libraries' mapped pages left out): freed memory the
    # allocator gave back is out of it even where mallinfo still counts it.
    anon = [r for r in rows if r[7] is not None]
    if anon:
        print("  RSS anonymous %d..%d MiB (last %d)" % (
            min(r[7] for r in anon) // 1024, max(r[7] for r in anon) // 1024, anon[-1][7] // 1024))
# Flat or not, in one line: each cycle's peaks (a cycle is a new process, so
# each starts from nothing and the peaks are what it grew to).
if res:
    def peaks(i, shift):
        return ", ".join(str(max(r[i] for r in res[c] if r[i] is not None) >> shift)
                         if any(r[i] is not None for r in res[c]) else "-" for c in sorted(res))
    print("peaks per cycle: RSS %s MiB; RSS anonymous %s MiB; heap in use %s MiB; SQLite's %s MiB; fds %s" % (
        peaks(1, 10), peaks(7, 10), peaks(5, 20), peaks(3, 20), peaks(2, 0)))

hostile = open(os.path.join(out, "hostile.out")).read().strip().splitlines()
print("hostile client: %s" % (hostile[-1] if hostile else "(nothing)"))

served = {}
for line in open(os.path.join(out, "served.tsv")):
    url, guid, at = line.rstrip("\n").split("\t")
    served[url] = int(at)
db = sqlite3.connect(os.path.join(out, "soak.db"))
stored = collections.Counter(u for (u,) in db.execute("SELECT url FROM article"))
guids = db.execute("SELECT COUNT(*) - COUNT(DISTINCT source_id || ' ' || guid) FROM article").fetchone()[0]
lost = [u for u in served if u not in stored]
dup = sum(n - 1 for n in stored.values())
print("articles: %d served in a 200 answer, %d stored; lost %d, duplicated %d (by URL), %d (by source and GUID)"
      % (len(served), len(stored), len(lost), dup, guids))
for u in lost[:5]:
    print("  lost: %s (appeared %d)" % (u, served[u]))

first = {}
for aid, url in db.execute("SELECT id, url FROM article"):
    first[aid] = url
roundup_at = {}
for members, at in db.execute("SELECT members, composed_at FROM roundup WHERE lang = 'en'"):
    for aid in json.loads(members):
        url = first.get(aid)
        if url and (url not in roundup_at or at < roundup_at[url]):
            roundup_at[url] = at
lat = [roundup_at[u] - served[u] for u in served if u in roundup_at]
print("item to roundup: %d of %d served items in a roundup; p50 %s s, p99 %s s, max %s s" % (
    len(lat), len(served), pct(lat, 50), pct(lat, 99), max(lat) if lat else None))
# Items whose way to a roundup crossed a restart, told apart from the rest.
crossed = {u for u in served if u in roundup_at and any(
    served[u] - start <= b and roundup_at[u] - start >= a for a, b in down)}
calm = [roundup_at[u] - served[u] for u in served if u in roundup_at and u not in crossed]
print("  of them, %d did not cross a restart: p50 %s s, p99 %s s, max %s s" % (
    len(calm), pct(calm, 50), pct(calm, 99), max(calm) if calm else None))
# The feeds that answer 500 for four minutes in eight (feeds.py: 3, 23, 43
# ...) are in the fetcher's backoff when they recover (an interval for the
# first three failures, then twice that), and their items count from the
# recovery: told apart, as that wait is the backoff's, not a stage's.
def down_feed(url):
    m = re.search(r"/a/f(\d+)/", url)
    return m is not None and int(m.group(1)) % 20 == 3
for name, keep in (("feeds that were down", down_feed), ("the other feeds", lambda u: not down_feed(u))):
    xs = [roundup_at[u] - served[u] for u in served if u in roundup_at and keep(u)]
    print("  of them, %d of %s: p50 %s s, p99 %s s, max %s s" % (
        len(xs), name, pct(xs, 50), pct(xs, 99), max(xs) if xs else None))
# Where the time went, per step, for items in a roundup and not edited since
# (p50 / p99 s):
# feed to fetch, fetch to analysis, analysis to story, story to roundup.
steps = collections.defaultdict(list)
for url, fetched, analysed, assigned, aid in db.execute(
        "SELECT a.url, a.fetched_at, t.analysed_at, m.assigned_at, a.id FROM article a "
        "JOIN article_text t ON t.article_id = a.id JOIN story_member m ON m.article_id = a.id"):
    # An edited item is fetched again later: its row holds the last fetch and
    # analysis, not the first ones that led to its roundup.
    if url in served and url in roundup_at and fetched <= roundup_at[url]:
        steps["appeared to fetched"].append(fetched - served[url])
        steps["fetched to analysed"].append(analysed - fetched)
        steps["analysed to clustered"].append(assigned - analysed)
        steps["clustered to roundup"].append(roundup_at[url] - assigned)
print("  per step (p50 / p99 s): %s" % "; ".join(
    "%s %s / %s" % (k, pct(v, 50), pct(v, 99)) for k, v in steps.items()))
