/* The schema's shape for Citus (docs/scale-out.md, "Citus"): after `init` on
 * PostgreSQL, the catalog is checked against the table map
 * src/store/schema/citus.tsv, from which scripts/citus-sql prints the
 * commands that distribute the tables. Every table must be in the map; every
 * primary key and unique index of a distributed table must hold its
 * distribution column; every foreign key must be one Citus accepts, or be
 * listed as dropped; so must every trigger on a distributed table. Citus
 * itself cannot be installed here: its rules are checked, not its commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/db.h"
#include "store/store.h"
#include "testlib.h"

#define MAP_MAX 128
#define NAME_MAX_LEN 64

enum role { ROLE_NONE, ROLE_LOCAL, ROLE_REFERENCE, ROLE_DISTRIBUTED };

struct table_entry {
    char name[NAME_MAX_LEN];
    enum role role;
    char column[NAME_MAX_LEN]; /* distributed: the distribution column */
    char with[NAME_MAX_LEN];   /* distributed: co-located with this table, or "" */
    bool seen;                 /* in the catalog */
};

struct drop_entry {
    char table[NAME_MAX_LEN];
    char name[NAME_MAX_LEN];
    bool trigger;
    bool seen;
};

struct map {
    struct table_entry tables[MAP_MAX];
    size_t n_tables;
    struct drop_entry drops[MAP_MAX];
    size_t n_drops;
};

/* What the catalog breaks, gathered so that one run names every problem. */
struct problems {
    char text[16384];
    size_t len;
    int count;
};

static void problem(struct problems *p, const char *fmt, const char *a, const char *b,
                    const char *c)
{
    p->count++;
    if (p->len < sizeof p->text - 1) {
        int n = snprintf(p->text + p->len, sizeof p->text - p->len, "\n  ");
        p->len += (size_t)n;
        n = snprintf(p->text + p->len, sizeof p->text - p->len, fmt, a, b, c);
        p->len = n < 0 ? p->len : p->len + (size_t)n;
        if (p->len > sizeof p->text - 1)
            p->len = sizeof p->text - 1;
    }
}

static void map_read(struct map *m)
{
    memset(m, 0, sizeof *m);
    const char *src = getenv("OMNIBUS_SOURCE_DIR");
    char *path = xasprintf("%s/src/store/schema/citus.tsv", src ? src : ".");
    char *text = read_file(path, NULL);
    if (!text)
        fail_msg("cannot read %s", path);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char kind[16] = "", a[NAME_MAX_LEN] = "", b[NAME_MAX_LEN] = "", c[NAME_MAX_LEN] = "",
             d[NAME_MAX_LEN] = "";
        int n = sscanf(line, "%15s %63s %63s %63s %63s", kind, a, b, c, d);
        if (n < 1 || kind[0] == '#')
            continue;
        assert_true(m->n_tables < MAP_MAX && m->n_drops < MAP_MAX);
        if (!strcmp(kind, "table") && n >= 3) {
            struct table_entry *t = &m->tables[m->n_tables++];
            snprintf(t->name, sizeof t->name, "%s", a);
            t->role = !strcmp(b, "local")         ? ROLE_LOCAL
                      : !strcmp(b, "reference")   ? ROLE_REFERENCE
                      : !strcmp(b, "distributed") ? ROLE_DISTRIBUTED
                                                  : ROLE_NONE;
            if (t->role == ROLE_NONE || (t->role == ROLE_DISTRIBUTED) != (n >= 4))
                fail_msg("%s: cannot read \"%s\"", path, line);
            snprintf(t->column, sizeof t->column, "%s", c);
            snprintf(t->with, sizeof t->with, "%s", d);
        } else if ((!strcmp(kind, "drop-fk") || !strcmp(kind, "drop-trigger")) && n == 3) {
            struct drop_entry *e = &m->drops[m->n_drops++];
            snprintf(e->table, sizeof e->table, "%s", a);
            snprintf(e->name, sizeof e->name, "%s", b);
            e->trigger = !strcmp(kind, "drop-trigger");
        } else {
            fail_msg("%s: cannot read \"%s\"", path, line);
        }
    }
    free(text);
    free(path);
    assert_true(m->n_tables > 0);
}

static struct table_entry *map_table(struct map *m, const char *name)
{
    for (size_t i = 0; i < m->n_tables; i++)
        if (!strcmp(m->tables[i].name, name))
            return &m->tables[i];
    return NULL;
}

static struct drop_entry *map_drop(struct map *m, const char *table, const char *name, bool trigger)
{
    for (size_t i = 0; i < m->n_drops; i++)
        if (m->drops[i].trigger == trigger && !strcmp(m->drops[i].table, table) &&
            !strcmp(m->drops[i].name, name))
            return &m->drops[i];
    return NULL;
}

/* The table whose co-location group t is in (Citus' colocate_with). */
static const char *group_of(const struct table_entry *t)
{
    return t->with[0] ? t->with : t->name;
}

/* Whether the comma-separated list has name at some position; *pos is it. */
static bool list_has(const char *list, const char *name, int *pos)
{
    size_t len = strlen(name);
    int i = 0;
    for (const char *p = list; p && *p; i++) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && !strncmp(p, name, n)) {
            if (pos)
                *pos = i;
            return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* The name at position pos of the comma-separated list, in out. */
static void list_at(const char *list, int pos, char *out, size_t size)
{
    const char *p = list;
    for (int i = 0; i < pos && p; i++) {
        p = strchr(p, ',');
        p = p ? p + 1 : NULL;
    }
    size_t n = p ? strcspn(p, ",") : 0;
    snprintf(out, size, "%.*s", (int)n, p ? p : "");
}

static struct db_stmt *prepare(struct db *d, const char *sql)
{
    struct db_stmt *q;
    if (db_prepare(d, sql, &q))
        fail_msg("preparing %s", sql);
    return q;
}

static bool step(struct db_stmt *q)
{
    bool row;
    struct errbuf eb = {{0}};
    if (db_step(q, &row, &eb))
        fail_msg("%s", eb.msg);
    return row;
}

#define PUBLIC " = CAST('public' AS regnamespace)"

static void check_tables(struct db *d, struct map *m, struct problems *p)
{
    struct db_stmt *q = prepare(
        d, "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace" PUBLIC);
    while (step(q)) {
        const char *name = db_col_text(q, 0);
        struct table_entry *t = map_table(m, name);
        if (t)
            t->seen = true;
        else
            problem(p, "table %s is not in citus.tsv: classify it%s%s", name, "", "");
    }
    db_reset(q);
    for (size_t i = 0; i < m->n_tables; i++)
        if (!m->tables[i].seen)
            problem(p, "citus.tsv names table %s, which the schema lacks%s%s", m->tables[i].name,
                    "", "");
}

/* The distribution column exists, is NOT NULL, and has the type of its
 * group's: Citus co-locates by hash of equal types only. */
static void check_columns(struct db *d, struct map *m, struct problems *p)
{
    struct db_stmt *q =
        prepare(d, "SELECT format_type(a.atttypid, a.atttypmod), a.attnotnull::int "
                   "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                   "WHERE c.relname = CAST(? AS TEXT) AND a.attname = CAST(? AS TEXT) "
                   "AND NOT a.attisdropped AND c.relnamespace" PUBLIC);
    for (size_t i = 0; i < m->n_tables; i++) {
        struct table_entry *t = &m->tables[i];
        if (t->role != ROLE_DISTRIBUTED || !t->seen)
            continue;
        char type[NAME_MAX_LEN] = "", group_type[NAME_MAX_LEN] = "";
        for (int k = 0; k < 2; k++) {
            const struct table_entry *g = k ? map_table(m, group_of(t)) : t;
            if (!g || g->role != ROLE_DISTRIBUTED || (k && g->with[0])) {
                problem(p, "%s is co-located with %s, which is no distributed table of its own%s",
                        t->name, group_of(t), "");
                break;
            }
            db_bind_text(q, 1, g->name);
            db_bind_text(q, 2, g->column);
            if (step(q)) {
                snprintf(k ? group_type : type, NAME_MAX_LEN, "%s", db_col_text(q, 0));
                if (!db_col_int(q, 1))
                    problem(p, "distribution column %s.%s may be NULL%s", g->name, g->column, "");
            } else {
                problem(p, "table %s has no distribution column %s%s", g->name, g->column, "");
            }
            db_reset(q);
        }
        if (type[0] && group_type[0] && strcmp(type, group_type))
            problem(p, "%s.%s has another type than its group's (%s)", t->name, t->column,
                    group_type);
    }
    db_reset(q);
}

static void check_unique(struct db *d, struct map *m, struct problems *p)
{
    struct db_stmt *q = prepare(
        d, "SELECT t.relname, i.relname, string_agg(a.attname, ',' ORDER BY a.attnum) "
           "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
           "JOIN pg_class i ON i.oid = x.indexrelid "
           "LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey) "
           "WHERE x.indisunique AND t.relnamespace" PUBLIC " GROUP BY t.relname, i.relname");
    while (step(q)) {
        const struct table_entry *t = map_table(m, db_col_text(q, 0));
        if (t && t->role == ROLE_DISTRIBUTED && !list_has(db_col_text(q, 2), t->column, NULL))
            problem(p, "unique index %s on %s lacks the distribution column %s", db_col_text(q, 1),
                    t->name, t->column);
    }
    db_reset(q);
}

/* Citus keeps a foreign key from a distributed table to a reference table,
 * between reference tables, from a local table to a local or reference one,
 * and between co-located distributed tables when the key pairs the two
 * distribution columns; no other. */
static void check_foreign_keys(struct db *d, struct map *m, struct problems *p)
{
    struct db_stmt *q =
        prepare(d, "SELECT c.conrelid::regclass::text, c.conname, c.confrelid::regclass::text, "
                   "(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) "
                   "WITH ORDINALITY AS k(n, i) JOIN pg_attribute a "
                   "ON a.attrelid = c.conrelid AND a.attnum = k.n), "
                   "(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.confkey) "
                   "WITH ORDINALITY AS k(n, i) JOIN pg_attribute a "
                   "ON a.attrelid = c.confrelid AND a.attnum = k.n) "
                   "FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace" PUBLIC);
    while (step(q)) {
        const char *from = db_col_text(q, 0), *name = db_col_text(q, 1), *to = db_col_text(q, 2);
        const char *cols = db_col_text(q, 3), *ref_cols = db_col_text(q, 4);
        struct drop_entry *drop = map_drop(m, from, name, false);
        const struct table_entry *f = map_table(m, from), *t = map_table(m, to);
        if (drop) {
            drop->seen = true;
            continue;
        }
        if (!f || !t)
            continue; /* reported by check_tables */
        bool ok;
        if (f->role == ROLE_DISTRIBUTED && t->role == ROLE_DISTRIBUTED) {
            int pos;
            char paired[NAME_MAX_LEN];
            ok = !strcmp(group_of(f), group_of(t)) && list_has(cols, f->column, &pos);
            if (ok) {
                list_at(ref_cols, pos, paired, sizeof paired);
                ok = !strcmp(paired, t->column);
            }
        } else if (f->role == ROLE_DISTRIBUTED || f->role == ROLE_REFERENCE) {
            ok = t->role == ROLE_REFERENCE;
        } else {
            ok = t->role != ROLE_DISTRIBUTED;
        }
        if (!ok)
            problem(p, "foreign key %s from %s to %s is one Citus refuses: list it as drop-fk",
                    name, from, to);
    }
    db_reset(q);
}

/* Citus distributes no table with triggers unless told to, and a trigger on
 * a shard runs on the worker that holds it: every trigger of a distributed
 * table must be listed as dropped. */
static void check_triggers(struct db *d, struct map *m, struct problems *p)
{
    struct db_stmt *q =
        prepare(d, "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = "
                   "t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace" PUBLIC);
    while (step(q)) {
        const char *table = db_col_text(q, 0), *name = db_col_text(q, 1);
        struct drop_entry *drop = map_drop(m, table, name, true);
        const struct table_entry *t = map_table(m, table);
        if (drop)
            drop->seen = true;
        else if (t && t->role == ROLE_DISTRIBUTED)
            problem(p, "trigger %s on distributed table %s: list it as drop-trigger%s", name, table,
                    "");
    }
    db_reset(q);
}

static void test_catalog_matches_map(void **state)
{
    (void)state;
    char *dsn = test_pg_dsn("citus");
    if (!dsn)
        skip(); /* no PostgreSQL in this run */
    struct store *st = test_store_open(dsn);
    store_close(st);
    struct db *d;
    struct errbuf eb = {{0}};
    if (db_open(dsn, &d, &eb))
        fail_msg("%s", eb.msg);
    struct map *m = xcalloc(1, sizeof *m);
    map_read(m);
    struct problems *p = xcalloc(1, sizeof *p);
    check_tables(d, m, p);
    check_columns(d, m, p);
    check_unique(d, m, p);
    check_foreign_keys(d, m, p);
    check_triggers(d, m, p);
    for (size_t i = 0; i < m->n_drops; i++)
        if (!m->drops[i].seen)
            problem(p, "citus.tsv drops %s on %s, which the schema lacks%s", m->drops[i].name,
                    m->drops[i].table, "");
    db_close(d);
    free(dsn);
    free(m);
    if (p->count) {
        print_error("%d problem(s) for Citus:%s\n", p->count, p->text);
        free(p);
        fail();
    }
    free(p);
}

/* Under Citus the foreign key that removes a URL with its article is gone
 * (citus.tsv drops it), so article_url may name an article that is no more:
 * the store must then take the URL for the new article. */
static void test_url_of_removed_article(void **state)
{
    (void)state;
    char *dsn = test_pg_dsn("citus_url");
    if (!dsn)
        skip();
    struct store *st = test_store_open(dsn);
    struct db *d;
    struct errbuf eb = {{0}};
    if (db_open(dsn, &d, &eb))
        fail_msg("%s", eb.msg);
    assert_int_equal(
        db_exec(d, "ALTER TABLE article_url DROP CONSTRAINT article_url_article_id_fkey"), ERR_OK);
    struct source s = {
        .name = "Reuters", .feed_url = "https://reuters.example/feed", .enabled = true};
    int64_t src = test_add_source(st, &s);
    struct article a = {.source_id = src,
                        .url = "https://reuters.example/world/1",
                        .title = "Talks resume",
                        .fetched_at = 1700000000};
    int64_t first, again;
    bool inserted;
    assert_int_equal(store_article_put(st, &a, &first, &inserted, &eb), ERR_OK);
    assert_true(inserted);
    assert_int_equal(store_source_remove(st, src, &eb), ERR_OK);

    s.feed_url = "https://reuters.example/feed2";
    a.source_id = test_add_source(st, &s);
    assert_int_equal(store_article_put(st, &a, &again, &inserted, &eb), ERR_OK);
    assert_true(inserted);
    assert_true(again != first);
    assert_int_equal(store_article_put(st, &a, &first, &inserted, &eb), ERR_OK);
    assert_false(inserted);
    assert_int_equal(first, again);
    db_close(d);
    store_close(st);
    free(dsn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_matches_map),
        cmocka_unit_test(test_url_of_removed_article),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
