/* The clusterer's memory as bytes and back (story_clusterer_save and
 * story_clusterer_load in story/cluster.h): what lets a new holder of the
 * clustering role start where the last one was instead of clustering
 * everything again. Everything that decides where a later article goes is
 * written as it is in memory, down to the bits of every weight, the order of
 * the members, postings and free story slots, and the generations that mark
 * stale postings; the hash tables are rebuilt by adding their entries in
 * their order, which gives the same ids. Numbers are in the machine's byte
 * order; a snapshot from a machine of the other order is refused. A checksum
 * over the body tells a damaged snapshot from a good one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "base/xalloc.h"
#include "story/cluster_int.h"

#define MAGIC "omnibus-story-memory-5\n"
#define ORDER_MARK 0x01020304u

/* A sticky-error writer over a bounded buffer. */
struct wr {
    struct buf *b;
    enum err err;
};

static void put(struct wr *w, const void *p, size_t n)
{
    if (!w->err && n)
        w->err = buf_append(w->b, p, n);
}

#define PUT(w, v)                                                                                  \
    do {                                                                                           \
        __typeof__(v) put_v_ = (v);                                                                \
        put((w), &put_v_, sizeof put_v_);                                                          \
    } while (0)

static void put_str(struct wr *w, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) + 1 : 0; /* 0: NULL */
    PUT(w, n);
    put(w, s, n ? n - 1 : 0);
}

/* A reader that turns bad (and reads zeros) at the first read past the end. */
struct rd {
    const unsigned char *p;
    size_t left;
    bool bad;
};

static void get(struct rd *r, void *out, size_t n)
{
    if (!n)
        return;
    if (r->bad || r->left < n) {
        r->bad = true;
        memset(out, 0, n);
        return;
    }
    memcpy(out, r->p, n);
    r->p += n;
    r->left -= n;
}

#define GET(r, v) get((r), &(v), sizeof(v))

/* Whether n items of at least size bytes each can still be in r: a damaged
 * count must not make a huge allocation. */
static bool room(struct rd *r, uint64_t n, size_t size)
{
    if (r->bad || (size && n > r->left / size))
        r->bad = true;
    return !r->bad;
}

static char *get_str(struct rd *r)
{
    uint32_t n;
    GET(r, n);
    if (!n || !room(r, n - 1, 1))
        return NULL;
    char *s = xstrndup((const char *)r->p, n - 1);
    r->p += n - 1;
    r->left -= n - 1;
    return s;
}

/* The parameters, each as 8 bytes in a fixed order: the snapshot is only
 * continued with the parameters it was made with. */
static void put_params(struct wr *w, const struct story_params *p)
{
    const double d[] = {p->threshold,    p->merge_threshold, p->split_threshold, p->title_weight,
                        p->lead_weight,  p->name_weight,     p->number_weight,   p->entity_weight,
                        p->date_conflict, p->figure_conflict, p->who_conflict, p->split_plain};
    const uint64_t z[] = {p->lead_words, p->facts_lead,   p->max_live,
                          p->dup_capacity, p->max_terms, p->who_words, p->short_terms,
                          p->split_short_terms};
    const int64_t i[] = {p->window, p->horizon};
    put(w, d, sizeof d);
    put(w, z, sizeof z);
    put(w, i, sizeof i);
}

static void put_svec(struct wr *w, const struct sv *e, uint32_t n)
{
    PUT(w, n);
    put(w, e, n * sizeof *e);
}

static void put_facts(struct wr *w, const struct story_fact *f, uint32_t n)
{
    PUT(w, n);
    for (uint32_t i = 0; i < n; i++) {
        PUT(w, f[i].unit);
        PUT(w, f[i].kind);
        PUT(w, f[i].value);
    }
}

static void put_member(struct wr *w, const struct member *m)
{
    const int64_t ints[] = {m->key, m->copy_of, m->time, m->outlet};
    const uint32_t ids[] = {m->newsroom, m->lang, m->country};
    put(w, ints, sizeof ints);
    put(w, ids, sizeof ids);
    put_str(w, m->title);
    put_facts(w, m->facts.f, m->facts.n);
    uint8_t has_vec = m->vec != NULL;
    PUT(w, has_vec);
    if (m->vec)
        put_svec(w, m->vec->e, m->vec->n);
}

static void put_story(struct wr *w, const struct story *s)
{
    PUT(w, s->gen);
    uint8_t live = s->live;
    PUT(w, live);
    if (!s->live)
        return; /* a free slot: only its generation matters */
    const int64_t ints[] = {s->id, s->first, s->last};
    const uint64_t counts[] = {s->last_seq, s->n, s->nvec, s->split_at};
    put(w, ints, sizeof ints);
    put(w, counts, sizeof counts);
    PUT(w, s->norm);
    put_svec(w, s->cent, s->ncent);
    PUT(w, s->nindexed);
    put(w, s->indexed, s->nindexed * sizeof *s->indexed);
    put_facts(w, s->facts, s->nfacts);
    uint64_t nm = s->nm;
    PUT(w, nm);
    for (size_t i = 0; i < s->nm; i++)
        put_member(w, &s->m[i]);
}

static void put_pool(struct wr *w, const struct intern *in)
{
    PUT(w, in->n);
    for (uint32_t id = 1; id <= in->n; id++)
        put_str(w, intern_str(in, id));
}

static void put_body(struct wr *w, const struct story_clusterer *c)
{
    put_params(w, &c->p);
    const uint64_t counts[] = {c->ndocs, c->seq, c->swept, c->vocab_cap, c->live};
    const int64_t ints[] = {c->next_id, c->newest};
    put(w, counts, sizeof counts);
    put(w, ints, sizeof ints);
    PUT(w, c->ln_n);
    put_pool(w, &c->dict);
    for (uint32_t t = 0; t < c->dict.n; t++) {
        const struct term_info *ti = &c->ti[t];
        const uint32_t head[] = {ti->df, ti->name_docs, ti->npost, ti->cappost};
        put(w, head, sizeof head);
        put(w, ti->post, ti->npost * sizeof *ti->post);
    }
    put_pool(w, &c->strings);
    uint64_t nslots = c->nslots, nfree = c->nfree, ndocs = c->docs.n;
    PUT(w, nslots);
    for (size_t s = 0; s < c->nslots; s++)
        put_story(w, &c->stories[s]);
    PUT(w, nfree);
    put(w, c->free_slots, c->nfree * sizeof *c->free_slots);
    PUT(w, ndocs);
    put(w, c->docs.keys, c->docs.n * sizeof *c->docs.keys);
    for (size_t i = 0; i < c->docs.n; i++) {
        PUT(w, c->docs.vals[i].a);
        PUT(w, c->docs.vals[i].b);
    }
    uint64_t ndups = story_dupindex_size(c->dups);
    PUT(w, ndups);
    for (size_t i = 0; i < ndups; i++) {
        int64_t handle;
        struct story_sig sig;
        story_dupindex_entry(c->dups, i, &handle, &sig);
        PUT(w, handle);
        put(w, sig.min, sizeof sig.min);
        PUT(w, sig.shingles);
        PUT(w, sig.exact);
        PUT(w, sig.words);
    }
}

enum err story_clusterer_save(const struct story_clusterer *c, struct buf *out,
                              struct errbuf *eb)
{
    if (c->nchanges || c->ntouched_ids)
        return errf(eb, ERR_INVALID, "the clusterer has changes its caller has not collected");
    struct wr w = {out, ERR_OK};
    put(&w, MAGIC, sizeof MAGIC - 1);
    PUT(&w, (uint32_t)ORDER_MARK);
    size_t at = out->len;
    uint64_t sum = 0; /* filled in below */
    PUT(&w, sum);
    put_body(&w, c);
    if (w.err)
        return errf(eb, w.err, "the clusterer's memory is larger than %zu bytes", out->max);
    sum = XXH3_64bits(out->data + at + sizeof sum, out->len - at - sizeof sum);
    memcpy(out->data + at, &sum, sizeof sum);
    return ERR_OK;
}

/* ---- loading ---- */

static bool same_params(struct rd *r, const struct story_params *p)
{
    struct buf mine;
    buf_init(&mine, 4096);
    struct wr w = {&mine, ERR_OK};
    put_params(&w, p);
    bool same = !w.err && room(r, mine.len, 1) && !memcmp(r->p, mine.data, mine.len);
    if (same) {
        r->p += mine.len;
        r->left -= mine.len;
    }
    buf_clear(&mine);
    return same;
}

/* A vector of n entries whose terms are all below nterms, sorted as saved;
 * NULL (and r bad) when it is not. */
static struct svec *get_svec(struct rd *r, uint32_t nterms)
{
    uint32_t n;
    GET(r, n);
    if (!room(r, n, sizeof(struct sv)))
        return NULL;
    struct svec *v = xmalloc(sizeof *v + n * sizeof v->e[0]);
    v->n = n;
    get(r, v->e, n * sizeof v->e[0]);
    for (uint32_t i = 0; i < n && !r->bad; i++)
        r->bad = v->e[i].term >= nterms;
    return v;
}

static uint32_t get_facts(struct rd *r, struct story_fact *f, uint32_t max)
{
    uint32_t n;
    GET(r, n);
    if (n > max) {
        r->bad = true;
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        GET(r, f[i].unit);
        GET(r, f[i].kind);
        GET(r, f[i].value);
    }
    return n;
}

static void get_member(struct rd *r, const struct story_clusterer *c, struct member *m)
{
    int64_t ints[4];
    uint32_t ids[3];
    GET(r, ints);
    GET(r, ids);
    *m = (struct member){.key = ints[0],
                         .copy_of = ints[1],
                         .time = ints[2],
                         .outlet = ints[3],
                         .newsroom = ids[0],
                         .lang = ids[1],
                         .country = ids[2]};
    for (size_t i = 0; i < 3; i++)
        r->bad |= ids[i] > c->strings.n;
    m->title = get_str(r);
    m->facts.n = (uint8_t)get_facts(r, m->facts.f, STORY_FACTS_MAX);
    uint8_t has_vec;
    GET(r, has_vec);
    if (has_vec)
        m->vec = get_svec(r, c->dict.n);
}

static void get_story(struct rd *r, struct story_clusterer *c, struct story *s)
{
    GET(r, s->gen);
    uint8_t live;
    GET(r, live);
    if (!live)
        return;
    int64_t ints[3];
    uint64_t counts[4];
    GET(r, ints);
    GET(r, counts);
    s->live = true;
    s->id = ints[0];
    s->first = ints[1];
    s->last = ints[2];
    s->last_seq = counts[0];
    s->n = counts[1];
    s->nvec = counts[2];
    s->split_at = counts[3];
    GET(r, s->norm);
    struct svec *cent = get_svec(r, c->dict.n);
    if (cent) {
        s->ncent = cent->n;
        s->cent = xmalloc((cent->n ? cent->n : 1) * sizeof *s->cent);
        memcpy(s->cent, cent->e, cent->n * sizeof *s->cent);
        free(cent);
    }
    GET(r, s->nindexed);
    if (s->nindexed > INDEXED_MAX) {
        r->bad = true;
        s->nindexed = 0;
    }
    get(r, s->indexed, s->nindexed * sizeof *s->indexed);
    for (uint32_t i = 0; i < s->nindexed; i++)
        r->bad |= s->indexed[i] >= c->dict.n;
    s->nfacts = get_facts(r, s->facts, STORY_FACTS_KEPT);
    uint64_t nm;
    GET(r, nm);
    if (nm > MAX_MEMBERS || !room(r, nm, 1))
        r->bad = true;
    for (uint64_t i = 0; i < nm && !r->bad; i++) {
        if (s->nm == s->capm) {
            s->capm = s->capm ? s->capm * 2 : 4;
            s->m = xrealloc(s->m, s->capm * sizeof *s->m);
        }
        get_member(r, c, &s->m[s->nm++]);
    }
}

static void get_pool(struct rd *r, struct intern *in)
{
    uint32_t n;
    GET(r, n);
    if (!room(r, n, sizeof(uint32_t)))
        return;
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        char *s = get_str(r);
        uint32_t id;
        /* Strings are distinct, so each gets the next id, as when first added. */
        r->bad = !s || intern_add(in, s, strlen(s), &id) || id != i + 1;
        free(s);
    }
}

static void get_body(struct rd *r, struct story_clusterer *c)
{
    uint64_t counts[5];
    int64_t ints[2];
    GET(r, counts);
    GET(r, ints);
    c->ndocs = counts[0];
    c->seq = counts[1];
    c->swept = counts[2];
    c->vocab_cap = counts[3];
    uint64_t live = counts[4];
    c->next_id = ints[0];
    c->newest = ints[1];
    GET(r, c->ln_n);
    get_pool(r, &c->dict);
    cl_reserve_terms(c);
    for (uint32_t t = 0; t < c->dict.n && !r->bad; t++) {
        struct term_info *ti = &c->ti[t];
        uint32_t head[4];
        GET(r, head);
        if (head[2] > head[3] || !room(r, head[2], sizeof *ti->post))
            break;
        const char *term = intern_str(&c->dict, t + 1);
        *ti = (struct term_info){.df = head[0],
                                 .name_docs = head[1],
                                 .cappost = head[3],
                                 .hash = story_name_hash(term, strlen(term))};
        ti->post = head[3] ? xmalloc(head[3] * sizeof *ti->post) : NULL;
        ti->npost = head[2];
        get(r, ti->post, ti->npost * sizeof *ti->post);
    }
    get_pool(r, &c->strings);
    uint64_t nslots;
    GET(r, nslots);
    if (!room(r, nslots, sizeof(uint32_t) + 1))
        return;
    cl_reserve_slots(c, nslots);
    c->nslots = nslots;
    memset(c->stories, 0, nslots * sizeof *c->stories);
    for (uint64_t s = 0; s < nslots && !r->bad; s++)
        get_story(r, c, &c->stories[s]);
    for (size_t s = 0; s < c->nslots && !r->bad; s++) {
        struct story *st = &c->stories[s];
        c->live += st->live;
        if (st->live)
            i64map_put(&c->story_slot, st->id, (struct i64val){(int64_t)s, 0});
    }
    r->bad |= c->live != live;
    for (uint32_t t = 0; t < c->dict.n && !r->bad; t++)
        for (uint32_t i = 0; i < c->ti[t].npost; i++)
            r->bad |= c->ti[t].post[i].slot >= c->nslots;
    uint64_t nfree;
    GET(r, nfree);
    if (!room(r, nfree, sizeof *c->free_slots))
        return;
    c->capfree = nfree ? nfree : 1;
    c->free_slots = xrealloc(c->free_slots, c->capfree * sizeof *c->free_slots);
    c->nfree = nfree;
    get(r, c->free_slots, nfree * sizeof *c->free_slots);
    for (size_t i = 0; i < c->nfree; i++)
        r->bad |= c->free_slots[i] >= c->nslots || c->stories[c->free_slots[i]].live;
    uint64_t ndocs;
    GET(r, ndocs);
    if (!room(r, ndocs, sizeof(int64_t) * 2 + sizeof(uint32_t)))
        return;
    int64_t *keys = xmalloc((ndocs ? ndocs : 1) * sizeof *keys);
    get(r, keys, ndocs * sizeof *keys);
    for (uint64_t i = 0; i < ndocs && !r->bad; i++) {
        struct i64val v;
        GET(r, v.a);
        GET(r, v.b);
        i64map_put(&c->docs, keys[i], v);
    }
    free(keys);
    uint64_t ndups;
    GET(r, ndups);
    if (!room(r, ndups, sizeof(struct story_sig)))
        return;
    for (uint64_t i = 0; i < ndups && !r->bad; i++) {
        int64_t handle;
        struct story_sig sig;
        GET(r, handle);
        get(r, sig.min, sizeof sig.min);
        GET(r, sig.shingles);
        GET(r, sig.exact);
        GET(r, sig.words);
        story_dupindex_add(c->dups, handle, &sig);
    }
}

enum err story_clusterer_load(const struct story_params *p, const void *data, size_t len,
                              struct story_clusterer **out, struct errbuf *eb)
{
    *out = NULL;
    struct rd r = {data, len, false};
    char magic[sizeof MAGIC - 1];
    uint32_t order;
    uint64_t sum;
    GET(&r, magic);
    GET(&r, order);
    GET(&r, sum);
    if (r.bad || memcmp(magic, MAGIC, sizeof magic))
        return errf(eb, ERR_PARSE, "not a snapshot of the clusterer's memory in this format");
    if (order != ORDER_MARK)
        return errf(eb, ERR_UNSUPPORTED, "a snapshot from a machine of another byte order");
    if (XXH3_64bits(r.p, r.left) != sum)
        return errf(eb, ERR_PARSE, "the snapshot is damaged (its checksum does not match)");
    struct story_params defaults;
    if (!p) {
        story_params_default(&defaults);
        p = &defaults;
    }
    if (!same_params(&r, p))
        return errf(eb, ERR_INVALID, "the snapshot was taken with other clustering parameters");
    struct story_clusterer *c;
    story_clusterer_new(p, 1, &c);
    get_body(&r, c);
    if (r.bad || r.left) {
        story_clusterer_free(c);
        return errf(eb, ERR_PARSE, "the snapshot's contents do not hold together");
    }
    *out = c;
    return ERR_OK;
}
