#!/usr/bin/env python3
"""The peer omnibus's KB is measured beside: Python's json and sqlite3 running
the same SQL as omnibus (src/store/kb_store.c) in the plainest way, so that
the ratio is about the implementation, not about different work.
`peer.py import DB < dump.ndjson` loads an Enterprise NDJSON dump into tables
shaped like omnibus's (entity, text per language, alias index) in one
transaction with the same upserts and page check; `peer.py lookup DB < names`
looks each name up in omnibus's own database with the same query (aliases,
entities and their English text). Each prints one number: items per second."""
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
        CREATE TABLE entity (id INTEGER PRIMARY KEY, qid TEXT UNIQUE,
                             kind INTEGER NOT NULL DEFAULT 0, popularity INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE text (entity_id INTEGER, lang TEXT, title TEXT, page TEXT, extract TEXT,
                           url TEXT, licence TEXT, revision INTEGER, PRIMARY KEY (entity_id, lang));
        CREATE UNIQUE INDEX text_page ON text(lang, page);
        CREATE TABLE alias (lang TEXT, norm TEXT, entity_id INTEGER, name TEXT, origin INTEGER,
                            PRIMARY KEY (lang, norm, entity_id)) WITHOUT ROWID;
        CREATE INDEX alias_entity ON alias(entity_id);""")
    start = time.time()
    con.execute("BEGIN")
    n = 0
    for line in sys.stdin:
        r = json.loads(line)
        lang = r["in_language"]["identifier"]
        eid = con.execute(
            "INSERT INTO entity (qid, kind, popularity) VALUES (?, 0, 0) ON CONFLICT (qid) "
            "DO UPDATE SET kind = excluded.kind RETURNING id",
            (r["main_entity"]["identifier"],)).fetchone()[0]
        con.execute("SELECT t.entity_id, e.qid IS NOT NULL FROM text t JOIN entity e "
                    "ON e.id = t.entity_id WHERE t.lang = ? AND t.page = ?",
                    (lang, r["name"])).fetchall()
        con.execute("INSERT INTO text VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity_id, lang) "
                    "DO UPDATE SET title = excluded.title, extract = excluded.extract",
                    (eid, lang, r["name"], r["name"], r["abstract"].split("\n")[0], r["url"],
                     r["license"][0]["identifier"], r["version"]["identifier"]))
        names = [(r["name"], 1)] + [(x["name"], 2) for x in r.get("redirects", [])]
        con.executemany("INSERT INTO alias VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                        "(lang, norm, entity_id) DO UPDATE SET origin = origin | excluded.origin",
                        [(lang, key(x), eid, x, o) for x, o in names])
        n += 1
    con.execute("COMMIT")
    print("%.0f" % (n / (time.time() - start)))


def do_lookup(db):
    con = sqlite3.connect(db)
    names = [line.rstrip("\n") for line in sys.stdin]
    start = time.time()
    for name in names:
        con.execute("SELECT a.entity_id, e.qid, e.kind, e.popularity, a.origin, a.links, "
                    "a.name, t.lang, t.title, t.page, t.description, t.extract, t.url "
                    "FROM kb_alias a JOIN kb_entity e ON e.id = a.entity_id "
                    "LEFT JOIN kb_text t ON t.entity_id = a.entity_id AND t.lang = 'en' "
                    "WHERE a.lang = 'en' AND a.norm = ? "
                    "ORDER BY a.links DESC, e.popularity DESC, a.entity_id LIMIT 64",
                    (key(name),)).fetchall()
    print("%.0f" % (len(names) / (time.time() - start)))


if __name__ == "__main__":
    {"import": do_import, "lookup": do_lookup}[sys.argv[1]](sys.argv[2])
