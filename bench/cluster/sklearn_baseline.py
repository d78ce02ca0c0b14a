#!/usr/bin/env python3
"""The peer of bench/cluster: single-pass TF-IDF clustering with scikit-learn,
the classic baseline. TfidfVectorizer (sublinear tf, English stopwords) is
fitted on all the documents first (an advantage: it sees the whole corpus's
idf), then each document in file order joins the most similar cluster centroid
by cosine when it reaches the threshold, or starts a new cluster.

Every document is compared with every centroid, efficiently: the normalised
centroids are a sparse column-major snapshot (so a document reads only the
columns of its own terms), rebuilt every 64 documents, plus the few centroids
changed since, compared one by one.

usage: sklearn_baseline.py FILE.jsonl THRESHOLD [--out FILE]
FILE.jsonl as for `omnibus cluster --eval` (id, event_cluster, sentences or
text). Prints documents, seconds, docs/s and B-cubed P, R, F1 (the last line
like omnibus: "B3 P .. R .. F1 .. clusters .. events ..")."""
import json
import sys
import time
from collections import defaultdict

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

SNAPSHOT = 64


def load(path):
    ids, golds, texts = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            ids.append(str(d["id"]))
            golds.append(str(d["event_cluster"]))
            texts.append(d["text"] if "text" in d else "\n".join(d.get("sentences", [])))
    return ids, golds, texts


def cluster(texts, threshold):
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    X = vec.fit_transform(texts).tocsr()
    sums = []      # per cluster: the sum of its members' vectors (sparse row)
    normed = []    # per cluster: that sum normalised
    snap = None    # CSC snapshot of normed[0..snap_n)
    snap_n = 0
    dirty = set()  # clusters changed or created since the snapshot
    labels = np.empty(X.shape[0], dtype=np.int64)
    for i in range(X.shape[0]):
        x = X[i]
        best, best_sim = -1, -1.0
        if snap_n and x.nnz:
            sims = snap[:, x.indices] @ x.data
            j = int(np.argmax(sims))
            if j not in dirty:
                best, best_sim = j, float(sims[j])
            else:
                # The snapshot is stale for j: take the best clean one.
                clean = sims.copy()
                for d in dirty:
                    if d < snap_n:
                        clean[d] = -1.0
                j = int(np.argmax(clean))
                best, best_sim = j, float(clean[j])
        for d in dirty:
            s = float(normed[d].multiply(x).sum())
            if s > best_sim:
                best, best_sim = d, s
        if best >= 0 and best_sim >= threshold:
            sums[best] = sums[best] + x
            n = sp.linalg.norm(sums[best])
            normed[best] = sums[best] / n if n else sums[best]
            dirty.add(best)
            labels[i] = best
        else:
            sums.append(x)
            normed.append(x)
            dirty.add(len(sums) - 1)
            labels[i] = len(sums) - 1
        if (i + 1) % SNAPSHOT == 0:
            snap = sp.vstack(normed).tocsc()
            snap_n = len(normed)
            dirty.clear()
    return labels


def bcubed(labels, golds):
    P, G = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(labels, golds)):
        P[p].add(i)
        G[g].add(i)
    p = r = 0.0
    for i, (pl, gl) in enumerate(zip(labels, golds)):
        both = len(P[pl] & G[gl])
        p += both / len(P[pl])
        r += both / len(G[gl])
    n = len(golds)
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, len(P), len(G)


def main():
    path, threshold = sys.argv[1], float(sys.argv[2])
    ids, golds, texts = load(path)
    start = time.perf_counter()
    labels = cluster(texts, threshold)
    seconds = time.perf_counter() - start
    if "--out" in sys.argv:
        with open(sys.argv[sys.argv.index("--out") + 1], "w") as out:
            for i, l in zip(ids, labels):
                out.write(json.dumps({"id": i, "story": int(l)}) + "\n")
    p, r, f1, nc, ne = bcubed(labels, golds)
    print(f"documents {len(texts)} seconds {seconds:.2f} docs/s {len(texts) / seconds:.0f}")
    print(f"B3 P {p:.3f} R {r:.3f} F1 {f1:.3f} clusters {nc} events {ne}")


if __name__ == "__main__":
    main()
