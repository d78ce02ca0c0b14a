#!/usr/bin/env python3
"""The hostile clients of issue 17's probe, against a running `omnibus serve`
over loopback (used by test_web_probes.sh and the soak). Each attack must be
refused with an answer, or be harmless, and a normal request from another
client must still be answered while it runs.

  web_probes.py PORT LIMITS_JSON        run every probe once; exit 1 on a failure
  web_probes.py PORT LIMITS_JSON --loop SECONDS
                                        keep the attacks up (the soak); prints counts

LIMITS_JSON holds the server's --limits as numbers: connections, per_client,
request_seconds, rate, burst. Clients are told apart by source address:
the attacker is 127.0.0.1, the reader 127.0.0.2 (loopback takes any 127/8).
"""
import json
import os
import select
import socket
import sys
import threading
import time
import urllib.parse

PORT = int(sys.argv[1])
LIMITS = json.loads(sys.argv[2])
ATTACKER = os.environ.get("ATTACKER", "127.0.0.1")
READER = "127.0.0.2"
failures = []


def connect(source, timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", PORT))
    return s


def status_of(data):
    """The status code of the first response in data, or 0 for none."""
    if not data.startswith(b"HTTP/1.1 "):
        return 0
    return int(data[9:12])


def read_answer(s, limit=65536):
    data = b""
    try:
        while len(data) < limit:
            chunk = s.recv(8192)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                head, _, body = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                if len(body) >= length:
                    break
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def request(path, source=READER, timeout=10, extra=b""):
    """One GET on a fresh connection: (status, headers+body bytes, seconds)."""
    start = time.monotonic()
    try:
        s = connect(source, timeout)
        s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: probe\r\n" + extra +
                  b"Connection: close\r\n\r\n")
        data = read_answer(s)
        s.close()
    except OSError as e:
        return 0, repr(e).encode(), time.monotonic() - start
    return status_of(data), data, time.monotonic() - start


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)
    else:
        print("ok:", what, flush=True)


def half_open(n, source=ATTACKER):
    """n connections, each with a request begun and never finished."""
    socks = []
    for _ in range(n):
        try:
            s = connect(source, 15)
            s.sendall(b"GET / HTTP/1.1\r\nHost: probe\r\nX-Slow: ")
            socks.append(s)
        except OSError:
            break
    return socks


def probe_exhaustion():
    """1: more half-sent requests than the caps allow; a reader is still answered,
    the attacker's connections past its cap are answered 503 or closed, and
    every held one ends with a 408 by the deadline."""
    n = LIMITS["per_client"] * 3
    socks = half_open(n)
    status, _, took = request("/")
    check(status == 200, f"a reader is answered while {len(socks)} half-sent requests are held "
                         f"(status {status}, {took:.2f} s)")
    status, data, _ = request("/", source=ATTACKER)
    check(status in (503, 0), f"the attacker's next request past its cap is refused (status {status})")
    if status == 503:
        check(b"Retry-After:" in data, "the 503 says Retry-After")
    deadline = LIMITS["request_seconds"] + 5
    ended, answered = 0, 0
    start = time.monotonic()
    for s in socks:
        s.settimeout(max(0.1, deadline - (time.monotonic() - start)))
        data = read_answer(s)
        ended += 1 if time.monotonic() - start < deadline else 0
        answered += status_of(data) in (408, 503)
        s.close()
    check(ended == len(socks), f"every half-sent request ended within {deadline} s ({ended} of {len(socks)})")
    check(answered >= LIMITS["per_client"],
          f"the held requests were answered 408 (or 503), not dropped ({answered} of {len(socks)})")


def probe_slowloris():
    """2: a header line every second keeps no connection past the deadline."""
    s = connect(ATTACKER, LIMITS["request_seconds"] + 10)
    s.sendall(b"GET / HTTP/1.1\r\nHost: probe\r\n")
    start = time.monotonic()
    try:
        for i in range(LIMITS["request_seconds"] + 8):
            # Stop dripping once the server has spoken: writing on after its
            # close would reset the connection and lose the answer unread.
            if select.select([s], [], [], 1.0)[0]:
                break
            s.sendall(b"X-Drip-%d: 1\r\n" % i)
    except OSError:
        pass
    data = read_answer(s)
    took = time.monotonic() - start
    s.close()
    check(took < LIMITS["request_seconds"] + 3 and status_of(data) == 408,
          f"a dripping request is cut at the deadline with a 408 ({took:.1f} s, status {status_of(data)})")


def probe_big_requests():
    """6: long request lines and many parameters are answered, not held."""
    for label, path, want in (
            ("a 16 KB request line", "/" + "a" * 16000, (414, 431)),
            # Past the 32 KB a connection may hold: still an answer, not a reset.
            ("a 64 KB request line", "/" + "a" * 65000, (414, 431)),
            ("a 5 KB request line", "/search?q=" + "a" * 5000, (414,)),
            ("1,000 query parameters", "/?" + "&".join("p%d=1" % i for i in range(1000)), (400, 414)),
            ("100 query parameters", "/?" + "&".join("p%d=1" % i for i in range(100)), (400,))):
        status, _, took = request(path, timeout=5)
        check(status in want and took < 3, f"{label}: answered {status} in {took:.2f} s")
    status, _, took = request("/", extra=b"".join(b"X-H%d: 1\r\n" % i for i in range(2000)), timeout=5)
    check(status == 431 and took < 3, f"2,000 header lines: answered {status} in {took:.2f} s")


def probe_search():
    """3: a long query costs what a short one does; more than 8 different words
    are refused; the rate is limited per client with Retry-After."""
    q = urllib.parse.quote_plus(" ".join(["the"] * 1000))
    status, _, took = request("/api/search?q=" + q)
    check(status in (200, 400) and took < 2, f"1,000 repeats of one word: {status} in {took:.2f} s")
    many = urllib.parse.quote_plus(" ".join("word%d" % i for i in range(40)))
    status, _, _ = request("/api/search?q=" + many)
    check(status == 400, f"40 different words are refused ({status})")
    # The attacker empties its bucket; the reader's stays full.
    statuses = [request("/api/search?q=bridge&offset=%d" % i, source=ATTACKER)[0]
                for i in range(LIMITS["burst"] + 10)]
    limited = statuses.count(429)
    check(limited >= 5, f"{LIMITS['burst'] + 10} searches at once: {limited} answered 429")
    status, data, _ = request("/api/search?q=bridge&offset=999", source=ATTACKER)
    check(status != 429 or b"Retry-After:" in data, "a 429 says Retry-After")
    status, _, _ = request("/api/search?q=bridge")
    check(status == 200, f"another client's search is answered ({status})")


def run_all():
    probe_big_requests()
    probe_search()
    probe_slowloris()
    probe_exhaustion()
    status, _, took = request("/")
    check(status == 200, f"after the attacks a reader is answered ({status}, {took:.2f} s)")
    return 1 if failures else 0


def loop(seconds):
    """The soak's hostile client: every attack above, in threads, until seconds pass."""
    stop = time.monotonic() + seconds
    counts = {"sent": 0, "answered": 0, "silent": 0}
    lock = threading.Lock()

    def count(status):
        with lock:
            counts["sent"] += 1
            counts["answered" if status else "silent"] += 1

    def flood():
        while time.monotonic() < stop:
            socks = half_open(LIMITS["per_client"] * 2)
            if not socks:  # the server is down (the soak restarts it)
                time.sleep(1)
            for s in socks:
                s.settimeout(LIMITS["request_seconds"] + 5)
                count(status_of(read_answer(s)))
                s.close()

    def drip():
        while time.monotonic() < stop:
            try:
                s = connect(ATTACKER, LIMITS["request_seconds"] + 10)
            except OSError:
                time.sleep(1)
                continue
            try:
                s.sendall(b"GET / HTTP/1.1\r\nHost: probe\r\n")
                for i in range(LIMITS["request_seconds"] + 5):
                    if select.select([s], [], [], 1.0)[0]:
                        break
                    s.sendall(b"X-D%d: 1\r\n" % i)
            except OSError:
                pass
            count(status_of(read_answer(s)))
            s.close()

    def heavy():
        q = urllib.parse.quote_plus(" ".join(["the"] * 1000))
        paths = ["/api/search?q=" + q, "/" + "a" * 16000,
                 "/?" + "&".join("p%d=1" % i for i in range(1000)),
                 "/api/search?q=the&limit=%d", "/search?q=storm+wind+bridge"]
        i = 0
        while time.monotonic() < stop:
            p = paths[i % len(paths)]
            if "%d" in p:
                p = p % (1 + i % 100)
            status = request(p, source=ATTACKER, timeout=15)[0]
            count(status)
            if not status:
                time.sleep(1)
            i += 1

    threads = [threading.Thread(target=f) for f in (flood, drip, heavy, heavy)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(counts), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[3] == "--loop":
        sys.exit(loop(float(sys.argv[4])))
    sys.exit(run_all())
