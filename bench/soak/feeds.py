#!/usr/bin/env python3
"""The soak's 200 feeds (bench/soak/run), served on loopback, changing every
minute: each feed gains an item a minute (the text of an ECB+ document, so
that feeds share events and the clusterer finds stories), every fifth feed
edits its previous item, and some misbehave: feeds 3, 23, 43 ... answer 500
for four minutes in eight (and recover), feeds 7, 32, 57 ... answer after
20 s, feeds 11, 61, 111 ... send 12 MiB (past the fetcher's 8 MiB cap).

  feeds.py CORPORA PORT_FILE LOG
With SOAK_DAYS_PER_MINUTE=D (default 0) the items' publication dates run D
days a minute, ending at the run's end (SOAK_MINUTES) and never ahead of the
clock: an hour's run then spans days of news, so stories leave the
clusterer's window (7 days) as they would in weeks of running.
Every item served in a 200 answer is logged once to LOG as
"url<TAB>guid<TAB>appeared_at": the unix time its minute began, or for an
item of a broken feed's minute, the time the feed answered again."""
import http.server
import json
import os
import socketserver
import sys
import threading
import time
from xml.sax.saxutils import escape

FEEDS, KEEP = 200, 20
corpora, port_file, log_path = sys.argv[1], sys.argv[2], sys.argv[3]
docs = [json.loads(l) for l in open(os.path.join(corpora, "ecbplus-story-clusters", "ecbplus_docs.jsonl"))]
clusters = {}
for d in docs:
    clusters.setdefault(d["event_cluster"], []).append(d)
events = sorted((c for c in clusters.values() if len(c) >= 3), key=lambda c: c[0]["id"])
START = int(time.time()) // 60 * 60
DAYS_PER_MINUTE = float(os.environ.get("SOAK_DAYS_PER_MINUTE", "0"))
MINUTES = int(os.environ.get("SOAK_MINUTES", "60"))
logged, lock = set(), threading.Lock()
log = open(log_path, "a", buffering=1)


def item(port, f, m, now_m):
    """Feed f's item of minute m, as it reads at minute now_m."""
    group = events[(m + f // 20) % len(events)]
    d = group[(m * 7 + f) % len(group)]
    title = d["sentences"][0][:200]
    if f % 5 == 0 and m == now_m - 1:
        title += " (updated)"
    url = "http://127.0.0.1:%d/a/f%d/m%d.html" % (port, f, m)
    appeared = START + m * 60
    published = appeared - int((MINUTES - m) * DAYS_PER_MINUTE * 86400)
    return url, "f%d-m%d" % (f, m), title, " ".join(d["sentences"][:12]), appeared, published


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        now_m = (int(time.time()) - START) // 60
        try:
            f = int(self.path.split("/feed/")[1].split(".")[0])
        except (IndexError, ValueError):
            return self.answer(404, b"no such feed", "text/plain")
        if f % 20 == 3 and (now_m // 4) % 2 == 1:
            return self.answer(500, b"broken for now", "text/plain")
        if f % 25 == 7:
            time.sleep(20)
        port = self.server.server_address[1]
        items = [item(port, f, m, now_m) for m in range(now_m, max(-1, now_m - KEEP), -1)]
        parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                 "<title>Soak feed %d</title><link>http://127.0.0.1:%d/f%d/</link>"
                 "<description>soak</description><language>en</language>" % (f, port, f)]
        for url, guid, title, text, _, published in items:
            parts.append("<item><title>%s</title><link>%s</link><guid isPermaLink=\"false\">%s</guid>"
                         "<pubDate>%s</pubDate><description>%s</description></item>" %
                         (escape(title), url, guid,
                          time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(published)),
                          escape(text)))
        if f % 50 == 11:
            parts.append("<!-- %s -->" % ("x" * (12 << 20)))
        parts.append("</channel></rss>\n")
        body = "".join(parts).encode()
        # An item of a broken minute appears when its feed answers again.
        healthy_since = START + now_m // 4 * 240 if f % 20 == 3 else START
        if self.answer(200, body, "application/rss+xml") and f % 50 != 11:
            with lock:
                for url, guid, _, _, at, _ in items:
                    if url not in logged:
                        logged.add(url)
                        log.write("%s\t%s\t%d\n" % (url, guid, max(at, healthy_since)))

    def answer(self, status, body, ctype):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return True
        except OSError:
            return False


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as pf:
    pf.write(str(srv.server_address[1]))
os.rename(port_file + ".tmp", port_file)
srv.serve_forever()
