#!/usr/bin/env python3
"""The soak's lone reader (bench/soak/run): a person on another address
(127.0.0.4) who opens a page every half second on a new connection while
wrk and the hostile client load the site. Its latency is the "normal
request" of issue 17; wrk's 256 connections measure throughput.

  reader.py PORT SECONDS LOG
Writes "unix_time<TAB>path<TAB>status<TAB>ms" per request to LOG (status 0:
no answer, e.g. while the daemon restarts after a kill -9)."""
import http.client
import sys
import time

port, seconds, log_path = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
PATHS = ["/", "/about", "/feed.atom", "/source/1", "/?lang=en"]
end = time.time() + seconds
with open(log_path, "a", buffering=1) as log:
    i = 0
    while time.time() < end:
        path = PATHS[i % len(PATHS)]
        i += 1
        t0 = time.monotonic()
        status = 0
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                              source_address=("127.0.0.4", 0))
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            status = resp.status
            conn.close()
        except OSError:
            pass
        took = (time.monotonic() - t0) * 1000
        log.write("%.3f\t%s\t%d\t%.2f\n" % (time.time(), path, status, took))
        time.sleep(max(0.0, 0.5 - took / 1000))
