"""python3-feedparser on the same files as bench_feed, in process, the same way:
the files named on stdin read into memory, then feedparser.parse() on every one,
round after round until MIN_SECONDS of CPU time have passed. Prints
"files bytes rounds cpu-seconds mean-files/s best-files/s". Usage: feedparser_bench.py MIN_SECONDS < list"""
import sys
import time

import feedparser


def main():
    min_seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    docs = []
    for line in sys.stdin:
        path = line.strip()
        if path:
            with open(path, 'rb') as f:
                docs.append(f.read())
    size = sum(len(d) for d in docs)
    start = now = time.process_time()
    rounds = failures = 0
    best = 0.0
    while True:
        round_start = now
        for d in docs:
            try:
                feedparser.parse(d, response_headers={'content-location': 'http://example.com/feed/'})
            except Exception:  # a few of feedparser's own test files make it raise
                failures += 1
        rounds += 1
        now = time.process_time()
        if now > round_start:
            best = max(best, len(docs) / (now - round_start))
        elapsed = now - start
        if elapsed >= min_seconds:
            break
    print('%d %d %d %.3f %.1f %.1f' % (len(docs), size, rounds, elapsed,
                                       len(docs) * rounds / elapsed, best))
    print('feedparser raised on %d of %d files' % (failures // rounds, len(docs)), file=sys.stderr)


if __name__ == '__main__':
    main()
