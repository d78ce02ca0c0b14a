#include "story/eval.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/timeutil.h"
#include "base/xalloc.h"

#define MAX_LINE (16u << 20)
#define MAX_ENTITIES 256

struct eval_doc {
    uint32_t id;    /* interned document id */
    uint32_t gold;  /* interned event label */
    uint32_t topic; /* interned "topic", 0 when the line has none */
    int64_t story;
};

struct eval_state {
    struct intern ids, golds, topics;
    struct eval_doc *docs;
    size_t n, cap;
    struct i64map merged; /* story -> the story it was merged into */
};

static void warn_line(FILE *warn, const char *path, size_t line, const char *msg)
{
    if (warn)
        fprintf(warn, "%s:%zu: %s (line skipped)\n", path, line, msg);
}

/* The document id as a string ("12" for a number) into out; false if none. */
static bool id_string(json_t *v, char *out, size_t size)
{
    if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) < size) {
        memcpy(out, json_string_value(v), json_string_length(v) + 1);
        return true;
    }
    if (json_is_integer(v)) {
        snprintf(out, size, "%lld", (long long)json_integer_value(v));
        return true;
    }
    return false;
}

/* The body: "text", else the "sentences" joined by newlines. */
static MUST_CHECK enum err body_of(json_t *obj, struct buf *text)
{
    buf_reset(text);
    json_t *t = json_object_get(obj, "text");
    if (json_is_string(t))
        return buf_puts(text, json_string_value(t));
    json_t *sentences = json_object_get(obj, "sentences");
    size_t i;
    json_t *s;
    enum err err = ERR_OK;
    json_array_foreach(sentences, i, s)
    {
        if (!json_is_string(s))
            continue;
        if (text->len && (err = buf_putc(text, '\n')))
            break;
        if ((err = buf_puts(text, json_string_value(s))))
            break;
    }
    return err;
}

static int64_t time_of(json_t *v)
{
    int64_t t = 0;
    if (json_is_integer(v))
        t = json_integer_value(v);
    else if (json_is_string(v) && !date_parse(json_string_value(v), &t))
        t = 0;
    return t;
}

/* Follows the merges from story to the one that holds its articles now. */
static int64_t resolve(const struct eval_state *st, int64_t story)
{
    const struct i64val *v;
    while (story > 0 && (v = i64map_get(&st->merged, story)))
        story = v->a;
    return story;
}

static void apply_changes(struct eval_state *st, struct story_clusterer *c, struct story_eval *r)
{
    const struct story_change *ch;
    size_t n = story_changes(c, &ch);
    for (size_t i = 0; i < n; i++) {
        if (ch[i].kind == STORY_MERGED) {
            i64map_put(&st->merged, ch[i].from, (struct i64val){ch[i].into, 0});
            r->merges++;
            continue;
        }
        r->splits++;
        for (size_t k = 0; k < ch[i].nmoved; k++)
            st->docs[ch[i].moved[k] - 1].story = ch[i].into;
    }
    story_changes_clear(c);
}

static int by_pair(const void *x, const void *y)
{
    const int64_t *a = x, *b = y;
    if (a[0] != b[0])
        return (a[0] > b[0]) - (a[0] < b[0]);
    return (a[1] > b[1]) - (a[1] < b[1]);
}

/* How many documents share each key (column col of pairs, sorted by it first)
 * into counts, per document (in pair order). */
static void run_lengths(int64_t (*pairs)[3], size_t n, int col, bool both, size_t *counts)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && pairs[j][col] == pairs[i][col] && (!both || pairs[j][1] == pairs[i][1]))
            j++;
        for (size_t k = i; k < j; k++)
            counts[pairs[k][2]] = j - i;
        i = j;
    }
}

/* Event-level B-cubed over docs[0..n): for each, the share of its story that
 * is of its event (precision) and of its event that is in its story. */
static void bcubed(const struct eval_doc *docs, size_t n, struct story_eval *r)
{
    int64_t(*pairs)[3] = xmalloc((n ? n : 1) * sizeof *pairs);
    size_t *story_size = xmalloc((n ? n : 1) * sizeof(size_t));
    size_t *event_size = xmalloc((n ? n : 1) * sizeof(size_t));
    size_t *both = xmalloc((n ? n : 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        pairs[i][0] = docs[i].story;
        pairs[i][1] = docs[i].gold;
        pairs[i][2] = (int64_t)i;
    }
    qsort(pairs, n, sizeof *pairs, by_pair);
    run_lengths(pairs, n, 0, false, story_size);
    run_lengths(pairs, n, 0, true, both);
    r->clusters = 0;
    for (size_t i = 0; i < n; i++)
        r->clusters += i == 0 || pairs[i][0] != pairs[i - 1][0];
    for (size_t i = 0; i < n; i++) {
        pairs[i][0] = docs[i].gold;
        pairs[i][1] = 0;
        pairs[i][2] = (int64_t)i;
    }
    qsort(pairs, n, sizeof *pairs, by_pair);
    run_lengths(pairs, n, 0, false, event_size);
    double p = 0, rc = 0;
    for (size_t i = 0; i < n; i++) {
        p += (double)both[i] / story_size[i];
        rc += (double)both[i] / event_size[i];
    }
    r->precision = n ? p / n : 0;
    r->recall = n ? rc / n : 0;
    r->f1 = r->precision + r->recall > 0 ? 2 * r->precision * r->recall / (r->precision + r->recall)
                                         : 0;
    r->events = 0;
    for (size_t i = 0; i < n; i++)
        r->events += i == 0 || pairs[i][0] != pairs[i - 1][0];
    free(pairs);
    free(story_size);
    free(event_size);
    free(both);
}

/* Clusters one parsed line; warns and returns ERR_OK for a line it cannot use. */
static MUST_CHECK enum err eval_line(struct eval_state *st, struct story_clusterer *c, json_t *obj,
                                     struct buf *text, const char *path, size_t lineno, FILE *warn,
                                     struct story_eval *r, struct errbuf *eb)
{
    char id[256], gold[256];
    if (!id_string(json_object_get(obj, "id"), id, sizeof id)) {
        warn_line(warn, path, lineno, "no usable \"id\"");
        r->skipped++;
        return ERR_OK;
    }
    if (!id_string(json_object_get(obj, "event_cluster"), gold, sizeof gold)) {
        warn_line(warn, path, lineno, "no usable \"event_cluster\"");
        r->skipped++;
        return ERR_OK;
    }
    if (intern_find(&st->ids, id, strlen(id))) {
        warn_line(warn, path, lineno, "duplicate id");
        r->skipped++;
        return ERR_OK;
    }
    enum err err = body_of(obj, text);
    if (err)
        return errf(eb, err, "%s:%zu: text over %u bytes", path, lineno, MAX_LINE);
    const char *entities[MAX_ENTITIES];
    size_t nentities = 0, i;
    json_t *e;
    json_array_foreach(json_object_get(obj, "entities"), i, e)
    {
        if (json_is_string(e) && nentities < MAX_ENTITIES)
            entities[nentities++] = json_string_value(e);
    }
    json_t *lang = json_object_get(obj, "lang");
    json_t *outlet = json_object_get(obj, "outlet");
    struct story_doc d = {
        .key = (int64_t)st->n + 1,
        .title = json_string_value(json_object_get(obj, "title")),
        .text = buf_cstr(text),
        .lang = json_is_string(lang) ? json_string_value(lang) : "en",
        .time = time_of(json_object_get(obj, "published")),
        .outlet = json_is_integer(outlet) ? json_integer_value(outlet) : 0,
        .byline = json_string_value(json_object_get(obj, "byline")),
        .entities = entities,
        .nentities = nentities,
    };
    struct story_result res;
    if ((err = story_add(c, &d, &res, eb)))
        return err;
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 256;
        st->docs = xrealloc(st->docs, st->cap * sizeof *st->docs);
    }
    struct eval_doc *doc = &st->docs[st->n++];
    if ((err = intern_add(&st->ids, id, strlen(id), &doc->id)) ||
        (err = intern_add(&st->golds, gold, strlen(gold), &doc->gold)))
        return errf(eb, err, "%s:%zu: too many documents", path, lineno);
    doc->story = res.story ? res.story : -d.key;
    char topic[256];
    doc->topic = 0;
    if (id_string(json_object_get(obj, "topic"), topic, sizeof topic) &&
        (err = intern_add(&st->topics, topic, strlen(topic), &doc->topic)))
        return errf(eb, err, "%s:%zu: too many topics", path, lineno);
    apply_changes(st, c, r);
    return ERR_OK;
}

/* Writes the B-cubed of each topic's documents, in the order topics first appear. */
static MUST_CHECK enum err by_topic(const struct eval_state *st, FILE *topics, struct errbuf *eb)
{
    struct eval_doc *sub = xmalloc((st->n ? st->n : 1) * sizeof *sub);
    for (uint32_t t = 1; t <= st->topics.n; t++) {
        size_t n = 0;
        for (size_t i = 0; i < st->n; i++)
            if (st->docs[i].topic == t)
                sub[n++] = st->docs[i];
        struct story_eval r = {0};
        bcubed(sub, n, &r);
        if (fprintf(topics,
                    "topic %s: documents %zu B3 P %.3f R %.3f F1 %.3f clusters %zu events %zu\n",
                    intern_str(&st->topics, t), n, r.precision, r.recall, r.f1, r.clusters,
                    r.events) < 0) {
            free(sub);
            return errf(eb, ERR_IO, "cannot write the figures by topic");
        }
    }
    free(sub);
    return ERR_OK;
}

enum err story_eval_file(const char *path, const struct story_params *p, FILE *out, FILE *topics,
                         FILE *warn, struct story_eval *r, struct errbuf *eb)
{
    memset(r, 0, sizeof *r);
    FILE *f = fopen(path, "r");
    if (!f)
        return errf(eb, ERR_IO, "cannot read %s", path);
    struct eval_state st = {0};
    intern_init(&st.ids, UINT32_MAX);
    intern_init(&st.golds, UINT32_MAX);
    intern_init(&st.topics, UINT32_MAX);
    i64map_init(&st.merged);
    struct story_clusterer *c;
    story_clusterer_new(p, 1, &c);
    struct buf text;
    buf_init(&text, MAX_LINE);
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    enum err err = ERR_OK;
    while (!err && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if ((size_t)len > MAX_LINE) {
            err = errf(eb, ERR_LIMIT, "%s:%zu: a line over %u bytes", path, lineno, MAX_LINE);
            break;
        }
        if (strspn(line, " \t\r\n") == (size_t)len)
            continue;
        json_error_t jerr;
        json_t *obj = json_loadb(line, (size_t)len, 0, &jerr);
        if (!json_is_object(obj)) {
            warn_line(warn, path, lineno, obj ? "not a JSON object" : jerr.text);
            r->skipped++;
        } else {
            err = eval_line(&st, c, obj, &text, path, lineno, warn, r, eb);
        }
        json_decref(obj);
    }
    if (!err && ferror(f))
        err = errf(eb, ERR_IO, "reading %s failed", path);
    for (size_t i = 0; !err && i < st.n; i++)
        st.docs[i].story = resolve(&st, st.docs[i].story);
    if (!err) {
        r->docs = st.n;
        bcubed(st.docs, st.n, r);
    }
    if (!err && topics)
        err = by_topic(&st, topics, eb);
    for (size_t i = 0; !err && out && i < st.n; i++) {
        json_t *o = json_pack("{s:s, s:I}", "id", intern_str(&st.ids, st.docs[i].id), "story",
                              (json_int_t)st.docs[i].story);
        char *s = json_dumps(o, JSON_COMPACT);
        if (fprintf(out, "%s\n", s) < 0)
            err = errf(eb, ERR_IO, "cannot write the assignments");
        free(s);
        json_decref(o);
    }
    free(line);
    fclose(f);
    buf_clear(&text);
    story_clusterer_free(c);
    intern_clear(&st.ids);
    intern_clear(&st.golds);
    intern_clear(&st.topics);
    i64map_clear(&st.merged);
    free(st.docs);
    return err;
}
