#!/usr/bin/python3
"""The peer: ICU's sentence BreakIterator (python3-icu) over the same files,
timed like bench_text.c (best of ROUNDS, CPU time). Prints MB/s."""
import sys, time, icu
rounds = int(sys.argv[1]); files = sys.argv[2:]
texts = []
for p in files:
    lang = p.rsplit(".", 2)[-2]
    loc = icu.Locale(lang + "@ss=standard") if lang in ("en", "de", "fr", "es") else icu.Locale(lang)
    texts.append((icu.BreakIterator.createSentenceInstance(loc), open(p, encoding="utf-8").read()))
size = sum(len(t.encode()) for _, t in texts)
best = None
for _ in range(rounds):
    t0 = time.process_time(); n = 0
    for bi, t in texts:
        bi.setText(icu.UnicodeString(t))
        for _b in bi: n += 1
    dt = time.process_time() - t0
    best = dt if best is None or dt < best else best
print(f"icu sentences: {size / best / 1e6:.1f} MB/s ({n} sentences, {size} bytes)")
