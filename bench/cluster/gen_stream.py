#!/usr/bin/env python3
"""Writes a labelled article stream for bench/cluster, generated from the shared
corpora at run time (nothing is stored in the repo): the ECB+ documents,
Reuters-128, RSS-500 and the German News-100, replicated as many times as
needed. Each replica is a new batch of events: it comes 8 hours after the one
before (dates shifted), its names get a replica mark (another protagonist for
the same kind of event), its numbers change, and a tenth of its other words are
swapped for other corpus words, so that no replica is a copy of another.

usage: gen_stream.py CORPORA COUNT OUT.jsonl
Each line: {"id", "event_cluster", "text", "published", "lang"}; an ECB+
document's event is its gold event within the replica, every other document is
an event of its own."""
import json
import random
import re
import sys

T0 = 1_700_000_000
REPLICA_SECONDS = 8 * 3600
WORD = re.compile(r"\w+|\W+")


def base_docs(corpora):
    docs = []
    with open(f"{corpora}/ecbplus-story-clusters/ecbplus_docs.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs.append((d["id"], d["event_cluster"], "\n".join(d["sentences"]), "en"))
    for name, lang in (("Reuters-128", "en"), ("RSS-500", "en"), ("News-100", "de")):
        with open(f"{corpora}/n3-entity-linking/{name}.jsonl", encoding="utf-8") as f:
            for i, line in enumerate(f):
                d = json.loads(line)
                docs.append((f"{name}-{i}", f"{name}-{i}", d["text"], lang))
    return docs


def mark(k):
    """A short replica mark: 0 -> '', 1 -> 'b', ... (letters, so names stay words)."""
    s = ""
    while k:
        k, r = divmod(k, 26)
        s = chr(ord("a") + r) + s
    return s


def perturb(text, k, rng, vocab):
    if k == 0:
        return text
    m = mark(k)
    out = []
    for tok in WORD.findall(text):
        if tok[0].isalpha() and tok[0].isupper():
            out.append(tok + m)
        elif tok.isdigit():
            out.append(str(int(tok) + k))
        elif tok[0].isalpha() and rng.random() < 0.1:
            out.append(rng.choice(vocab))
        else:
            out.append(tok)
    return "".join(out)


def main():
    corpora, count, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    docs = base_docs(corpora)
    vocab = sorted({w.lower() for _, _, t, _ in docs for w in re.findall(r"[^\W\d_]{3,}", t)})
    rng = random.Random(20240501)
    step = REPLICA_SECONDS // len(docs)
    with open(out_path, "w", encoding="utf-8") as out:
        n = 0
        k = 0
        while n < count:
            for i, (doc_id, event, text, lang) in enumerate(docs):
                if n == count:
                    break
                out.write(json.dumps({
                    "id": f"{doc_id}#{k}",
                    "event_cluster": f"{event}#{k}",
                    "text": perturb(text, k, rng, vocab),
                    "published": T0 + k * REPLICA_SECONDS + i * step,
                    "lang": lang,
                }, ensure_ascii=False) + "\n")
                n += 1
            k += 1


if __name__ == "__main__":
    main()
