#!/usr/bin/env python3
"""The peer omnibus's KB is measured beside: Python's json and sqlite3 doing
the same work in the plainest way. `peer.py import DB < dump.ndjson` loads an
Enterprise NDJSON dump into tables shaped like omnibus's (entity, text per
language, alias keyed by lower-cased name) in one transaction, without
Unicode normalisation; `peer.py lookup DB < names` looks each name up in
omnibus's own alias index by key. Each prints one number: items per second."""
import json
import sqlite3
import sys
import time
import unicodedata


def key(name):
    return " ".join(unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
                    .decode().casefold().split())


def do_import(db):
    con = sqlite3.connect(db, isolation_level=None)
    con.executescript("""
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;
        CREATE TABLE entity (id INTEGER PRIMARY KEY, qid TEXT UNIQUE);
        CREATE TABLE text (entity_id INTEGER, lang TEXT, title TEXT, extract TEXT, url TEXT,
                           PRIMARY KEY (entity_id, lang));
        CREATE TABLE alias (lang TEXT, norm TEXT, entity_id INTEGER, name TEXT,
                            PRIMARY KEY (lang, norm, entity_id)) WITHOUT ROWID;
        CREATE INDEX alias_entity ON alias(entity_id);""")
    start = time.time()
    con.execute("BEGIN")
    n = 0
    for line in sys.stdin:
        r = json.loads(line)
        lang = r["in_language"]["identifier"]
        eid = con.execute("INSERT INTO entity (qid) VALUES (?) RETURNING id",
                          (r["main_entity"]["identifier"],)).fetchone()[0]
        con.execute("INSERT INTO text VALUES (?, ?, ?, ?, ?)",
                    (eid, lang, r["name"], r["abstract"].split("\n")[0], r["url"]))
        names = [r["name"]] + [x["name"] for x in r.get("redirects", [])]
        con.executemany("INSERT OR IGNORE INTO alias VALUES (?, ?, ?, ?)",
                        [(lang, key(x), eid, x) for x in names])
        n += 1
    con.execute("COMMIT")
    print("%.0f" % (n / (time.time() - start)))


def do_lookup(db):
    con = sqlite3.connect(db)
    names = [line.rstrip("\n") for line in sys.stdin]
    start = time.time()
    for name in names:
        con.execute("SELECT a.entity_id, e.qid FROM kb_alias a JOIN kb_entity e ON e.id = "
                    "a.entity_id WHERE a.lang = 'en' AND a.norm = ? ORDER BY a.links DESC",
                    (key(name),)).fetchall()
    print("%.0f" % (len(names) / (time.time() - start)))


if __name__ == "__main__":
    {"import": do_import, "lookup": do_lookup}[sys.argv[1]](sys.argv[2])
