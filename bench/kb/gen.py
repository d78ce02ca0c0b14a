#!/usr/bin/env python3
"""Writes a synthetic Wikimedia Enterprise snapshot (NDJSON) to stdout, one
record per line, streamed: N entities, each with 3 redirects (4N aliases).
Deterministic, so every run imports the same dump. With --names, writes
lookup names instead: existing titles and redirects, and 1 in 10 unknown.

usage: gen.py N            > dump.ndjson
       gen.py --names N M  > names.txt   (M names drawn from a dump of N)
"""
import json
import random
import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "an", "el", "or", "is",
             "gu", "be", "dra", "sko", "len", "mar", "tis", "vik", "ham", "berg",
             "stad", "ton", "ville", "ia", "ö", "é", "ça", "ü"]
WORDS = ("the of and a in is was for on as with by at from his an were are which "
         "city river party club team company born president known located during "
         "province war album film member county island station league art").split()


def word(n):
    out = []
    n += 7
    while n:
        n, r = divmod(n, len(SYLLABLES))
        out.append(SYLLABLES[r])
    w = "".join(out)
    return w[0].upper() + w[1:]


def name(i):
    return "%s %s" % (word(i), word(i * 7919 % 1000003 + 11))


def record(i, rnd):
    n = name(i)
    abstract = " ".join(rnd.choice(WORDS) for _ in range(30))
    return {
        "name": n,
        "identifier": i + 1,
        "abstract": "%s is a %s. %s." % (n, rnd.choice(WORDS), abstract.capitalize()),
        "date_modified": "2024-03-%02dT12:00:00Z" % (1 + i % 28),
        "version": {"identifier": 1000000 + i},
        "url": "https://en.wikipedia.org/wiki/" + n.replace(" ", "_"),
        "namespace": {"identifier": 0},
        "in_language": {"identifier": "en"},
        "main_entity": {"identifier": "Q%d" % (i + 1)},
        "is_part_of": {"identifier": "enwiki"},
        "license": [{"identifier": "CC-BY-SA-4.0",
                     "url": "https://creativecommons.org/licenses/by-sa/4.0/"}],
        "redirects": [{"name": "%s %s" % (n, s)} for s in ("Alpha", "Beta", "Gamma")],
    }


def main():
    out = sys.stdout
    if sys.argv[1] == "--names":
        n, m = int(sys.argv[2]), int(sys.argv[3])
        rnd = random.Random(2)
        for _ in range(m):
            i = rnd.randrange(n)
            k = rnd.randrange(10)
            if k == 0:
                out.write("Nowhere %d\n" % i)
            elif k < 4:
                out.write("%s %s\n" % (name(i), ("Alpha", "Beta", "Gamma")[k - 1]))
            else:
                out.write(name(i) + "\n")
        return
    n = int(sys.argv[1])
    rnd = random.Random(1)
    for i in range(n):
        out.write(json.dumps(record(i, rnd), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        pass
