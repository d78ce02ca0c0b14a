/* Composing a roundup from members already read: copies, term vectors and
 * centrality, sentence quality, headline, lead, newsroom paragraphs chosen
 * with MMR, pull quote, read more, image and balance. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "compose/compose_internal.h"
#include "compose/phrase.h"

#define NONE ((size_t)-1)

/* A sentence that may be shown. */
struct cand {
    size_t member;
    size_t begin, end; /* after trimming a leading dateline */
    size_t index;      /* its sentence number in the article */
    struct tvec v;
    double central;
    bool ok;      /* passes the quality filters */
    bool pronoun; /* opens with a pronoun that needs the sentence before */
    bool shown;
};

struct newsroom {
    char *key;
    size_t *members;
    size_t n;
    double relevance;
    size_t best; /* its most central eligible candidate, NONE if none */
};

struct state {
    const struct compose_member *m;
    size_t n;
    const struct compose_input *in;
    const struct phrase_table *t;
    size_t *copy_of; /* per member: the original's index, or NONE */
    struct vocab vocab;
    struct cand *cands;
    size_t n_cands;
    size_t *first_cand; /* per member: its first candidate; n_cands past the end */
    double *centroid;
    double *article_score;
    struct newsroom *rooms;
    size_t n_rooms;
    size_t *room_of; /* per member */
    size_t *shown;   /* candidate indices shown so far */
    size_t n_shown;
};

/* ---- copies ---- */

static uint64_t span_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static bool earlier(const struct compose_member *a, const struct compose_member *b)
{
    if (a->published_at != b->published_at && a->published_at && b->published_at)
        return a->published_at < b->published_at;
    return a->article_id < b->article_id;
}

static size_t member_index(const struct state *s, int64_t id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->m[i].article_id == id)
            return i;
    return NONE;
}

/* The fallback rule of compose.h: a copy shares >= 60% (and >= 2) of its
 * sentences verbatim with an earlier member. */
static void find_copies(struct state *s)
{
    uint64_t **h = xcalloc(s->n, sizeof *h);
    for (size_t i = 0; i < s->n; i++) {
        h[i] = xmalloc((s->m[i].n_sentences + 1) * sizeof **h);
        for (size_t k = 0; k < s->m[i].n_sentences; k++) {
            const struct text_range *r = &s->m[i].sentences[k];
            h[i][k] = span_hash(s->m[i].body + r->start, (size_t)(r->end - r->start));
        }
        qsort(h[i], s->m[i].n_sentences, sizeof **h, cmp_u64);
    }
    for (size_t i = 0; i < s->n; i++) {
        size_t ni = s->m[i].n_sentences, best = NONE;
        if (ni < 2)
            continue;
        for (size_t j = 0; j < s->n; j++) {
            if (j == i || s->copy_of[j] != NONE || !earlier(&s->m[j], &s->m[i]))
                continue;
            size_t a = 0, b = 0, shared = 0, nj = s->m[j].n_sentences;
            while (a < ni && b < nj) {
                if (h[i][a] < h[j][b])
                    a++;
                else if (h[i][a] > h[j][b])
                    b++;
                else
                    shared++, a++, b++;
            }
            if (shared >= 2 && shared * 10 >= ni * 6 &&
                (best == NONE || earlier(&s->m[j], &s->m[best])))
                best = j;
        }
        s->copy_of[i] = best;
    }
    for (size_t i = 0; i < s->n; i++)
        free(h[i]);
    free(h);
}

static void apply_copy_groups(struct state *s)
{
    for (size_t g = 0; g < s->in->n_copy_groups; g++) {
        const struct compose_copy_group *cg = &s->in->copy_groups[g];
        size_t o = member_index(s, cg->original);
        for (size_t k = 0; o != NONE && k < cg->n; k++) {
            size_t c = member_index(s, cg->copies[k]);
            if (c != NONE && c != o)
                s->copy_of[c] = o;
        }
    }
}

/* ---- sentence quality ---- */

static bool word_is(const char *w, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && !strncasecmp(w, list[i], n))
            return true;
    return false;
}

/* The first word of s[0..len): letters, apostrophes and hyphens. */
static size_t first_word(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 ||
                       s[i] == '\'' || s[i] == '-'))
        i++;
    return i;
}

static bool starts_with_pronoun(const char *s, size_t len)
{
    static const char *const pronouns[] = {
        "he",    "she", "they", "it",   "this",  "that",  "these", "those", "his",     "her",
        "their", "its", "him",  "them", "there", "i",     "we",    "my",    "our",     "you",
        "jag",   "vi",  "min",  "vår",  "then",  "but",   "and",   "also",  "however", "meanwhile",
        "han",   "hon", "de",   "den",  "det",   "detta", "denna", "dessa", "hans",    "hennes",
        "deras", "dem", "där",  "då",   "men",   "och",   "även",  "också", "sedan",   NULL};
    size_t n = first_word(s, len);
    return n && word_is(s, n, pronouns);
}

static const char *const MONTHS[] = {
    "january", "february",  "march",   "april",    "may",      "june", "july",
    "august",  "september", "october", "november", "december", "jan",  "feb",
    "mar",     "apr",       "jun",     "jul",      "aug",      "sep",  "sept",
    "oct",     "nov",       "dec",     "januari",  "februari", "mars", "maj",
    "juni",    "juli",      "augusti", "oktober",  NULL};

/* The length of a dateline opening s ("May 03, 2013 ", "3 maj 2024 ",
 * "WASHINGTON (AP) — ", "STOCKHOLM (TT) "), 0 if none. */
static size_t dateline(const char *s, size_t len)
{
    size_t i = first_word(s, len);
    if (i && word_is(s, i, MONTHS)) {
        size_t j = i, digits = 0;
        while (j < len &&
               (isdigit((unsigned char)s[j]) || s[j] == ',' || s[j] == ' ' || s[j] == '.'))
            digits += isdigit((unsigned char)s[j++]) != 0;
        if (digits >= 5) /* a day and a year */
            return j;
    }
    size_t j = 0;
    while (j < len && (isupper((unsigned char)s[j]) || s[j] == ' ' || s[j] == ',' || s[j] == '.'))
        j++;
    if (j >= 3 && j + 1 < len && s[j] == '(') {
        const char *close = memchr(s + j, ')', len - j);
        if (close && close - (s + j) <= 24) {
            size_t k = (size_t)(close - s) + 1;
            while (k < len && (s[k] == ' ' || s[k] == '-' || s[k] == ':' ||
                               (unsigned char)s[k] == 0xe2 || (unsigned char)s[k] == 0x80 ||
                               (unsigned char)s[k] == 0x93 || (unsigned char)s[k] == 0x94))
                k++;
            return k < len ? k : 0;
        }
    }
    return 0;
}

static bool contains(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!strncasecmp(s + i, needle, n))
            return true;
    return false;
}

/* A clock time ("7: 35 am", "4:59 PM EDT") or an ISO-like date ("2013 - 09 - 26"):
 * the marks of a dateline or update stamp run into the text. */
static bool has_stamp(const char *s, size_t len)
{
    static const char *const zones[] = {"am",  "pm",  "a.",  "p.",  "edt", "est",
                                        "gmt", "cet", "ist", "utc", NULL};
    for (size_t i = 1; i + 3 < len; i++) {
        if (!isdigit((unsigned char)s[i - 1]))
            continue;
        size_t j = i;
        if (s[j] == ':') {
            j += s[j + 1] == ' ' ? 2 : 1;
            if (j + 2 > len || !isdigit((unsigned char)s[j]) || !isdigit((unsigned char)s[j + 1]))
                continue;
            j += 2;
            while (j < len && s[j] == ' ')
                j++;
            size_t w = 0;
            while (j + w < len && (isalpha((unsigned char)s[j + w]) || s[j + w] == '.'))
                w++;
            for (size_t z = 0; zones[z] && w; z++)
                if (!strncasecmp(s + j, zones[z], strlen(zones[z])))
                    return true;
        } else if (i >= 4 && !strncmp(s + i, " - ", 3) && isdigit((unsigned char)s[i - 4]) &&
                   i + 4 < len && isdigit((unsigned char)s[i + 3]) &&
                   isdigit((unsigned char)s[i + 4])) {
            return true;
        }
    }
    return false;
}

/* Quotation marks that do not pair: a piece of a quotation. */
static bool quotes_balanced(const char *s, size_t len)
{
    size_t ascii = 0, open = 0, close = 0;
    for (size_t i = 0; i < len; i++) {
        ascii += s[i] == '"';
        if (i + 2 < len && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80) {
            open += (unsigned char)s[i + 2] == 0x9c;
            close += (unsigned char)s[i + 2] == 0x9d;
        }
    }
    return ascii % 2 == 0 && (open == close || (open == 0 && close % 2 == 0));
}

/* A headline run into the text: most of the first six words capitalised. */
static bool headline_like(const char *s, size_t len)
{
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < len && words < 6; i++) {
        if (i == 0 || s[i - 1] == ' ') {
            if (s[i] == ' ')
                continue;
            words++;
            caps += isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]);
        }
    }
    return words == 6 && caps >= 5;
}

/* Fragments, headings, bylines, captions and boilerplate never show. */
static bool good_sentence(const char *s, size_t len)
{
    static const char *const junk[] = {"http",
                                       "www.",
                                       "@",
                                       "click here",
                                       "read more",
                                       "subscribe",
                                       "photo:",
                                       "foto:",
                                       "image:",
                                       "bild:",
                                       "getty images",
                                       "(ap photo",
                                       "/ ap)",
                                       "/ tt)",
                                       "photograph:",
                                       "copyright",
                                       "all rights reserved",
                                       "läs mer",
                                       "related:",
                                       "advertisement",
                                       "``",
                                       "''",
                                       "published",
                                       "updated",
                                       NULL};
    if (len < COMPOSE_SENTENCE_MIN || len > COMPOSE_SENTENCE_MAX)
        return false;
    unsigned char c0 = (unsigned char)s[0];
    if (!(isupper(c0) || isdigit(c0) || c0 >= 0x80 || c0 == '"'))
        return false;
    /* It ends as a sentence: . ! ? maybe inside closing quotes or brackets. */
    size_t e = len;
    while (e > 0 && (s[e - 1] == '"' || s[e - 1] == ')' || s[e - 1] == '\'' ||
                     (unsigned char)s[e - 1] >= 0x80))
        e--;
    if (e == 0 || !strchr(".!?", s[e - 1]))
        return false;
    size_t words = 0, upper = 0, letters = 0;
    for (size_t i = 0; i < len; i++) {
        if (isalpha((unsigned char)s[i])) {
            letters++;
            upper += isupper((unsigned char)s[i]) != 0;
        }
        if (s[i] == ' ' && i + 1 < len && s[i + 1] != ' ')
            words++;
    }
    if (words + 1 < 6 || upper * 2 > letters) /* short, or a shouted heading */
        return false;
    if (has_stamp(s, len) || !quotes_balanced(s, len) || headline_like(s, len))
        return false;
    /* A bare quotation would read as the outlet's own words. */
    if ((c0 == '"' || (c0 == 0xe2 && len > 3 && (unsigned char)s[1] == 0x80)) && e < len)
        return false;
    size_t w = first_word(s, len);
    static const char *const by[] = {"by", "av", "text", "written", NULL};
    if (w && word_is(s, w, by) && len < 80)
        return false;
    for (size_t i = 0; junk[i]; i++)
        if (contains(s, len, junk[i]))
            return false;
    return true;
}

/* ---- vectors and centrality ---- */

static enum err build_vectors(struct lang_ctx *ctx, struct state *s, struct errbuf *eb)
{
    size_t total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += s->m[i].n_sentences;
    s->cands = xcalloc(total ? total : 1, sizeof *s->cands);
    s->first_cand = xcalloc(s->n + 1, sizeof *s->first_cand);
    enum err err = ERR_OK;
    size_t texts = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct compose_member *m = &s->m[i];
        s->first_cand[i] = s->n_cands;
        if (s->copy_of[i] != NONE)
            continue;
        for (size_t k = 0; k < m->n_sentences; k++) {
            const struct text_range *r = &m->sentences[k];
            if (r->start < 0 || r->end > (int64_t)m->body_len || r->start >= r->end)
                continue;
            struct cand *c = &s->cands[s->n_cands++];
            c->member = i;
            c->index = k;
            c->begin = (size_t)r->start;
            c->end = (size_t)r->end;
            c->begin += dateline(m->body + c->begin, c->end - c->begin);
            const char *p = m->body + c->begin;
            size_t len = c->end - c->begin;
            c->ok = good_sentence(p, len);
            c->pronoun = starts_with_pronoun(p, len);
            if ((err = tvec_of(ctx, &s->vocab, p, len, m->lang, &c->v, eb)))
                return err;
            texts++;
        }
    }
    s->first_cand[s->n] = s->n_cands;
    s->centroid = xcalloc(s->vocab.n ? s->vocab.n : 1, sizeof *s->centroid);
    for (size_t k = 0; k < s->n_cands; k++) {
        struct tvec *v = &s->cands[k].v;
        tvec_weigh(v, &s->vocab, texts);
        for (size_t j = 0; j < v->n; j++)
            s->centroid[v->ids[j]] += v->w[j];
    }
    double norm = 0;
    for (size_t j = 0; j < s->vocab.n; j++)
        norm += s->centroid[j] * s->centroid[j];
    norm = sqrt(norm);
    s->article_score = xcalloc(s->n, sizeof *s->article_score);
    for (size_t k = 0; k < s->n_cands; k++) {
        struct cand *c = &s->cands[k];
        /* Early sentences carry the news: a small bonus for the first few. */
        double pos = 1.0 + 0.15 / (1.0 + (double)c->index);
        c->central = norm > 0 ? tvec_dot_dense(&c->v, s->centroid) / norm * pos : 0;
        if (c->ok && c->central > s->article_score[c->member])
            s->article_score[c->member] = c->central;
    }
    return ERR_OK;
}

/* ---- headline and label ---- */

static bool in_reader_lang(const struct state *s, const struct compose_member *m)
{
    if (m->lang != LANG_UNKNOWN)
        return m->lang == s->in->reader;
    return m->outlet_lang && lang_parse(m->outlet_lang) == s->in->reader;
}

static enum err choose_headline(struct lang_ctx *ctx, struct state *s, struct roundup *r,
                                struct errbuf *eb)
{
    struct vocab v = {0};
    struct tvec *t = xcalloc(s->n, sizeof *t);
    double *centroid = NULL;
    size_t texts = 0;
    bool any_reader = false;
    enum err err = ERR_OK;
    for (size_t i = 0; i < s->n; i++) {
        const char *title = s->m[i].title;
        if (!title || !*title)
            continue;
        if ((err = tvec_of(ctx, &v, title, strlen(title), s->m[i].lang, &t[i], eb)))
            goto out;
        texts++;
        any_reader |= in_reader_lang(s, &s->m[i]);
    }
    centroid = xcalloc(v.n ? v.n : 1, sizeof *centroid);
    for (size_t i = 0; i < s->n; i++) {
        tvec_weigh(&t[i], &v, texts);
        for (size_t j = 0; j < t[i].n; j++)
            centroid[t[i].ids[j]] += t[i].w[j];
    }
    double best = -1;
    for (size_t i = 0; i < s->n; i++) {
        const char *title = s->m[i].title;
        if (!title || !*title || (any_reader && !in_reader_lang(s, &s->m[i])))
            continue;
        /* Ties go to the article most central by its sentences. */
        double score = tvec_dot_dense(&t[i], centroid) + 1e-3 * s->article_score[i];
        if (score > best) {
            best = score;
            r->headline_article = s->m[i].article_id;
            free(r->headline);
            r->headline = xstrdup(title);
        }
    }
    size_t analysis = 0, opinion = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *k = s->m[i].kind;
        analysis += k && !strcmp(k, "analysis");
        opinion += k && !strcmp(k, "opinion");
    }
    if ((analysis + opinion) * 2 > s->n)
        r->label = xstrdup(analysis >= opinion ? s->t->label_analysis : s->t->label_opinion);
out:
    for (size_t i = 0; i < s->n; i++)
        tvec_clear(&t[i]);
    free(t);
    free(centroid);
    vocab_clear(&v);
    return err;
}

/* ---- newsrooms ---- */

static char *room_key(const struct compose_member *m)
{
    if (m->owner && *m->owner)
        return xasprintf("owner:%s", m->owner);
    return xasprintf("source:%lld", (long long)m->source_id);
}

static void group_rooms(struct state *s)
{
    s->rooms = xcalloc(s->n, sizeof *s->rooms);
    s->room_of = xcalloc(s->n, sizeof *s->room_of);
    for (size_t i = 0; i < s->n; i++) {
        char *key = room_key(&s->m[i]);
        size_t r = 0;
        while (r < s->n_rooms && strcmp(s->rooms[r].key, key))
            r++;
        if (r == s->n_rooms) {
            s->rooms[r].key = key;
            s->rooms[r].members = xcalloc(s->n, sizeof(size_t));
            s->rooms[r].best = NONE;
            s->n_rooms++;
        } else {
            free(key);
        }
        s->room_of[i] = r;
        if (s->copy_of[i] == NONE)
            s->rooms[r].members[s->rooms[r].n++] = i;
    }
    for (size_t k = 0; k < s->n_cands; k++) {
        struct cand *c = &s->cands[k];
        struct newsroom *room = &s->rooms[s->room_of[c->member]];
        if (c->ok && !c->pronoun &&
            (room->best == NONE || c->central > s->cands[room->best].central)) {
            room->best = k;
            room->relevance = c->central;
        }
    }
}

static double max_sim_shown(const struct state *s, const struct cand *c)
{
    double best = 0;
    for (size_t i = 0; i < s->n_shown; i++) {
        double d = tvec_dot(&c->v, &s->cands[s->shown[i]].v);
        if (d > best)
            best = d;
    }
    return best;
}

static bool same_str(const char *a, const char *b)
{
    return a && b && *a && !strcmp(a, b);
}

/* How much a newsroom repeats the country, kind and stance of those placed. */
static double sameness(const struct state *s, size_t room, const size_t *placed, size_t n)
{
    const struct compose_member *a = &s->m[s->rooms[room].members[0]];
    double same = 0;
    for (size_t i = 0; i < n; i++) {
        const struct compose_member *b = &s->m[s->rooms[placed[i]].members[0]];
        same += (same_str(a->country, b->country) + same_str(a->kind, b->kind) +
                 same_str(a->stance, b->stance)) /
                3.0;
    }
    return n ? same / (double)n : 0;
}

/* ---- output pieces ---- */

static void excerpt_set(struct roundup_excerpt *e, const struct state *s, size_t member,
                        size_t begin, size_t end)
{
    const struct compose_member *m = &s->m[member];
    e->article_id = m->article_id;
    e->begin = begin;
    e->end = end;
    e->text = xstrndup(m->body + begin, end - begin);
    e->url = xstrdup(m->url ? m->url : "");
    e->lang = m->lang;
    e->foreign = m->lang != LANG_UNKNOWN && m->lang != s->in->reader;
}

/* Whitespace runs (line breaks inside a sentence) read as one space. */
static void cat_squeezed(struct buf *b, const char *s)
{
    for (bool space = false; *s; s++) {
        if (isspace((unsigned char)*s)) {
            space = true;
            continue;
        }
        if (space && b->len)
            cat(b, " ");
        space = false;
        cat_n(b, s, 1);
    }
}

static void paragraph_display(const struct state *s, struct roundup_paragraph *p)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    for (size_t i = 0; i < p->n; i++) {
        struct buf one;
        buf_init(&one, BUF_UNLIMITED);
        cat_squeezed(&one, p->sentences[i].text);
        if (i)
            cat(&b, " ");
        if (i + 1 < p->n) {
            cat(&b, buf_cstr(&one));
        } else {
            /* A sentence that says who spoke gets "according to" its writer,
             * not a second verb of saying. */
            char *reported =
                phrase_reports_speech(s->t, buf_cstr(&one), one.len)
                    ? phrase_attribution_reported(s->t, (const char *const *)p->credit.authors,
                                                  p->credit.n_authors, p->credit.outlet)
                    : NULL;
            char *a =
                phrase_attach(s->t, buf_cstr(&one), one.len, reported ? reported : p->attribution);
            cat(&b, a);
            free(a);
            free(reported);
        }
        buf_clear(&one);
    }
    const struct roundup_excerpt *e = &p->sentences[0];
    if (e->foreign && s->t->lang_names[e->lang])
        catf(&b, " (%s)", s->t->lang_names[e->lang]);
    if (p->n_also) {
        catf(&b, " (%s ", s->t->also_run_by);
        for (size_t i = 0; i < p->n_also; i++)
            catf(&b, "%s%s", i ? ", " : "", p->also_run_by[i]);
        cat(&b, ")");
    }
    p->display = buf_steal(&b);
}

static void make_paragraph(struct state *s, struct roundup_paragraph *p, const size_t *picks,
                           size_t n)
{
    const struct compose_member *m = &s->m[s->cands[picks[0]].member];
    size_t member = s->cands[picks[0]].member;
    p->n = n;
    for (size_t i = 0; i < n; i++) {
        struct cand *c = &s->cands[picks[i]];
        excerpt_set(&p->sentences[i], s, c->member, c->begin, c->end);
        c->shown = true;
        s->shown[s->n_shown++] = picks[i];
    }
    p->credit.article_id = m->article_id;
    p->credit.outlet = xstrdup(m->outlet ? m->outlet : "");
    p->credit.n_authors = m->n_authors;
    p->credit.authors = xcalloc(m->n_authors + 1, sizeof *p->credit.authors);
    for (size_t i = 0; i < m->n_authors; i++)
        p->credit.authors[i] = xstrdup(m->authors[i]);
    p->attribution = phrase_attribution(s->t, (const char *const *)p->credit.authors,
                                        p->credit.n_authors, p->credit.outlet);
    p->also_run_by = xcalloc(s->n, sizeof *p->also_run_by);
    for (size_t i = 0; i < s->n; i++) {
        const char *o = s->m[i].outlet;
        if (s->copy_of[i] != member || !o || !*o || !strcmp(o, p->credit.outlet))
            continue;
        bool seen = false;
        for (size_t k = 0; k < p->n_also; k++)
            seen |= !strcmp(p->also_run_by[k], o);
        if (!seen)
            p->also_run_by[p->n_also++] = xstrdup(o);
    }
    paragraph_display(s, p);
}

/* Whether a shown sentence in another language than lang names the speaker.
 * Such a quote is most often the same words in translation, which the
 * redundancy test between term vectors cannot see across languages. */
static bool speaker_shown_translated(const struct state *s, enum lang lang, const char *speaker,
                                     size_t len)
{
    for (size_t i = 0; i < s->n_shown; i++) {
        const struct cand *c = &s->cands[s->shown[i]];
        const struct compose_member *m = &s->m[c->member];
        if (m->lang != lang && memmem(m->body + c->begin, c->end - c->begin, speaker, len))
            return true;
    }
    return false;
}

/* Whether candidate c holds a quotation whose speaker a shown sentence in
 * another language names: the same words in translation, most often. */
static bool quote_shown_translated(const struct state *s, const struct cand *c)
{
    const struct compose_member *m = &s->m[c->member];
    for (size_t k = 0; k < m->n_quotes; k++) {
        const struct stored_quote *q = &m->quotes[k];
        if (q->speaker.start < 0 || q->speaker.start >= q->speaker.end ||
            q->speaker.end > (int64_t)m->body_len || q->quote.end <= (int64_t)c->begin ||
            q->quote.start >= (int64_t)c->end)
            continue;
        if (speaker_shown_translated(s, m->lang, m->body + q->speaker.start,
                                     (size_t)(q->speaker.end - q->speaker.start)))
            return true;
    }
    return false;
}

/* Keeps candidate k in *best when its MMR score beats the best so far and it
 * is not redundant with what is shown. */
static void mmr_consider(const struct state *s, size_t k, size_t *best, double *best_score)
{
    const struct cand *c = &s->cands[k];
    double sim = max_sim_shown(s, c);
    if (sim > COMPOSE_REDUNDANCY || quote_shown_translated(s, c))
        return;
    double score = COMPOSE_MMR_LAMBDA * c->central - (1 - COMPOSE_MMR_LAMBDA) * sim;
    if (*best == NONE || score > *best_score) {
        *best = k;
        *best_score = score;
    }
}

/* The second sentence of a paragraph: from the same article, central enough,
 * new; a pronoun opening only right after the first sentence. */
static size_t second_pick(const struct state *s, size_t first)
{
    const struct cand *f = &s->cands[first];
    size_t best = NONE;
    double best_score = 0;
    for (size_t k = s->first_cand[f->member]; k < s->first_cand[f->member + 1]; k++) {
        const struct cand *c = &s->cands[k];
        if (k == first || !c->ok || c->shown || c->central < 0.5 * f->central ||
            (c->pronoun && c->index != f->index + 1))
            continue;
        mmr_consider(s, k, &best, &best_score);
    }
    return best;
}

static size_t first_pick(const struct state *s, const struct newsroom *room)
{
    size_t best = NONE;
    double best_score = 0;
    for (size_t i = 0; i < room->n; i++) {
        size_t mi = room->members[i];
        for (size_t k = s->first_cand[mi]; k < s->first_cand[mi + 1]; k++) {
            const struct cand *c = &s->cands[k];
            if (c->ok && !c->pronoun && !c->shown)
                mmr_consider(s, k, &best, &best_score);
        }
    }
    return best;
}

static void choose_paragraphs(struct state *s, struct roundup *r)
{
    s->shown = xcalloc(2 * s->n_rooms + 2, sizeof *s->shown);
    r->paragraphs = xcalloc(s->n_rooms ? s->n_rooms : 1, sizeof *r->paragraphs);
    size_t *placed = xcalloc(s->n_rooms + 1, sizeof *placed);
    bool *done = xcalloc(s->n_rooms + 1, sizeof *done);
    size_t n_placed = 0;
    /* The lead: the most central sentence opens the first paragraph. Like the
     * headline, it comes from an article in the reader's language when the
     * story has one, so that the page opens in words its reader reads. */
    size_t lead_room = NONE;
    bool lead_native = false;
    for (size_t i = 0; i < s->n_rooms; i++) {
        if (s->rooms[i].best == NONE)
            continue;
        bool native = in_reader_lang(s, &s->m[s->cands[s->rooms[i].best].member]);
        if (lead_room == NONE || (native && !lead_native) ||
            (native == lead_native && s->rooms[i].relevance > s->rooms[lead_room].relevance)) {
            lead_room = i;
            lead_native = native;
        }
    }
    while (r->n_paragraphs < COMPOSE_MAX_PARAGRAPHS) {
        size_t room = lead_room;
        if (n_placed) {
            room = NONE;
            double best = 0;
            for (size_t i = 0; i < s->n_rooms; i++) {
                if (done[i] || s->rooms[i].best == NONE)
                    continue;
                double score =
                    s->rooms[i].relevance * (1.0 - 0.3 * sameness(s, i, placed, n_placed));
                if (room == NONE || score > best) {
                    room = i;
                    best = score;
                }
            }
        }
        if (room == NONE)
            break;
        done[room] = true;
        size_t first = n_placed ? first_pick(s, &s->rooms[room]) : s->rooms[room].best;
        if (first == NONE)
            continue;
        size_t picks[2] = {first, NONE};
        s->cands[first].shown = true;
        s->shown[s->n_shown++] = first;
        size_t second = second_pick(s, first);
        s->n_shown--;
        s->cands[first].shown = false;
        size_t n = 1;
        if (second != NONE) {
            /* In the order the article tells them. */
            if (s->cands[second].index < s->cands[first].index && !s->cands[first].pronoun) {
                picks[0] = second;
                picks[1] = first;
            } else {
                picks[1] = second;
            }
            n = 2;
        }
        make_paragraph(s, &r->paragraphs[r->n_paragraphs++], picks, n);
        placed[n_placed++] = room;
    }
    for (size_t i = 0; i < s->n_shown; i++)
        for (size_t k = i + 1; k < s->n_shown; k++) {
            double d = tvec_dot(&s->cands[s->shown[i]].v, &s->cands[s->shown[k]].v);
            if (d > r->max_similarity)
                r->max_similarity = d;
        }
    free(placed);
    free(done);
}

/* ---- quote ---- */

static bool speaker_named(const char *s, size_t len)
{
    static const char *const pronouns[] = {"he",  "she", "they", "it",  "we", "i",   "you", "han",
                                           "hon", "de",  "vi",   "jag", "du", "den", "det", NULL};
    return len >= 2 && isupper((unsigned char)s[0]) ? !word_is(s, len, pronouns)
                                                    : len >= 2 && (unsigned char)s[0] >= 0x80;
}

/* A whole quotation, not a quoted phrase taken up mid-sentence. */
static bool good_quote_start(const char *p)
{
    unsigned char c = (unsigned char)p[0];
    return isupper(c) || c >= 0x80;
}

static enum err choose_quote(struct lang_ctx *ctx, struct state *s, struct roundup *r,
                             struct errbuf *eb)
{
    double best = 0;
    bool best_native = false;
    size_t best_m = NONE;
    const struct stored_quote *bq = NULL;
    enum err err = ERR_OK;
    for (size_t i = 0; i < s->n && !err; i++) {
        const struct compose_member *m = &s->m[i];
        if (s->copy_of[i] != NONE)
            continue;
        for (size_t k = 0; k < m->n_quotes; k++) {
            const struct stored_quote *q = &m->quotes[k];
            int64_t qlen = q->quote.end - q->quote.start;
            int64_t slen = q->speaker.end - q->speaker.start;
            if (q->quote.start < 0 || q->quote.end > (int64_t)m->body_len || qlen < 30 ||
                qlen > 300 || q->speaker.start < 0 || q->speaker.end > (int64_t)m->body_len ||
                !speaker_named(m->body + q->speaker.start, (size_t)slen) ||
                speaker_shown_translated(s, m->lang, m->body + q->speaker.start, (size_t)slen))
                continue;
            const char *p = m->body + q->quote.start;
            if (memchr(p, '\n', (size_t)qlen) || !good_quote_start(p))
                continue;
            struct tvec v;
            if ((err = tvec_of(ctx, &s->vocab, p, (size_t)qlen, m->lang, &v, eb)))
                break;
            tvec_weigh(&v, &s->vocab, s->n_cands + 1);
            double score = tvec_dot_dense(&v, s->centroid);
            struct cand probe = {.v = v};
            if (max_sim_shown(s, &probe) > COMPOSE_REDUNDANCY)
                score = -1;
            tvec_clear(&v);
            /* Any quote in the reader's language before one in another. */
            bool native = in_reader_lang(s, m);
            if (score > 0 && (best_m == NONE || (native && !best_native) ||
                              (native == best_native && score > best))) {
                best = score;
                best_native = native;
                best_m = i;
                bq = q;
            }
        }
    }
    if (err || best_m == NONE)
        return err;
    const struct compose_member *m = &s->m[best_m];
    r->has_quote = true;
    excerpt_set(&r->quote, s, best_m, (size_t)bq->quote.start, (size_t)bq->quote.end);
    excerpt_set(&r->speaker, s, best_m, (size_t)bq->speaker.start, (size_t)bq->speaker.end);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    const char *open = s->t->lang == LANG_SV ? "\xe2\x80\x9d" : "\xe2\x80\x9c";
    const char *close = "\xe2\x80\x9d";
    struct buf q;
    buf_init(&q, BUF_UNLIMITED);
    cat_squeezed(&q, r->quote.text);
    size_t ql = q.len;
    char last = ql ? buf_cstr(&q)[ql - 1] : 0;
    bool strip = last == '.' || last == ',';
    catf(&b, "%s%.*s", open, (int)(strip ? ql - 1 : ql), buf_cstr(&q));
    if (last == '?' || last == '!')
        catf(&b, "%s %s", close, s->t->says);
    else if (s->t->lang == LANG_EN)
        catf(&b, ",%s %s", close, s->t->says);
    else
        catf(&b, "%s, %s", close, s->t->says);
    catf(&b, " %s", r->speaker.text);
    if (m->outlet && *m->outlet)
        catf(&b, " (%s)", m->outlet);
    cat(&b, ".");
    if (r->quote.foreign && s->t->lang_names[r->quote.lang])
        catf(&b, " (%s)", s->t->lang_names[r->quote.lang]);
    buf_clear(&q);
    r->quote_display = buf_steal(&b);
    return ERR_OK;
}

/* ---- read more, background, image, balance ---- */

static int cmp_more(const void *a, const void *b)
{
    const struct roundup_more *x = a, *y = b;
    if (x->published_at != y->published_at)
        return x->published_at > y->published_at ? -1 : 1;
    return (x->article_id > y->article_id) - (x->article_id < y->article_id);
}

static void fill_more(const struct state *s, struct roundup *r)
{
    r->more = xcalloc(s->n, sizeof *r->more);
    struct roundup_more *originals = xcalloc(s->n, sizeof *originals);
    size_t n_orig = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->copy_of[i] != NONE)
            continue;
        originals[n_orig++] = (struct roundup_more){.article_id = s->m[i].article_id,
                                                    .published_at = s->m[i].published_at};
    }
    qsort(originals, n_orig, sizeof *originals, cmp_more);
    /* Newest first; each original followed by its copies. */
    for (size_t o = 0; o < n_orig; o++) {
        size_t oi = member_index(s, originals[o].article_id);
        for (size_t i = 0; i < s->n; i++) {
            if (i != oi && s->copy_of[i] != oi)
                continue;
            const struct compose_member *m = &s->m[i];
            struct roundup_more *e = &r->more[r->n_more++];
            e->article_id = m->article_id;
            e->outlet = xstrdup(m->outlet ? m->outlet : "");
            e->title = xstrdup(m->title ? m->title : "");
            e->url = xstrdup(m->url ? m->url : "");
            e->published_at = m->published_at;
            e->copy_of = i == oi ? 0 : s->m[oi].article_id;
        }
    }
    free(originals);
}

static void fill_background(const struct compose_input *in, struct roundup *r)
{
    const struct compose_background *bg = in->background;
    if (!bg || !bg->title || !bg->extract)
        return;
    r->has_background = true;
    r->background.entity_id = bg->entity_id;
    r->background.title = xstrdup(bg->title);
    r->background.extract = xstrdup(bg->extract);
    r->background.source = xasprintf("Wikipedia (%s)", bg->wiki_lang ? bg->wiki_lang : "en");
    r->background.url = xstrdup(bg->url ? bg->url : "");
    r->background.licence = xstrdup(bg->licence ? bg->licence : "");
    r->background.dump_date = xstrdup(bg->dump_date ? bg->dump_date : "");
}

/* The photo of the most central article with a credited one; one from an
 * article in the reader's language first, since its caption is read too. */
static void fill_image(const struct state *s, struct roundup *r)
{
    size_t best = NONE;
    bool best_native = false;
    for (size_t i = 0; i < s->n; i++) {
        const struct compose_member *m = &s->m[i];
        if (!m->image_url || !*m->image_url || !m->image_credit || !*m->image_credit)
            continue;
        bool native = in_reader_lang(s, m);
        if (best == NONE || (native && !best_native) ||
            (native == best_native && s->article_score[i] > s->article_score[best])) {
            best = i;
            best_native = native;
        }
    }
    if (best == NONE)
        return;
    const struct compose_member *m = &s->m[best];
    r->has_image = true;
    r->image.article_id = m->article_id;
    r->image.url = xstrdup(m->image_url);
    r->image.caption = xstrdup(m->image_caption ? m->image_caption : "");
    r->image.credit = xstrdup(m->image_credit);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    cat_squeezed(&b, r->image.caption);
    if (b.len && !strchr(".!?", buf_cstr(&b)[b.len - 1]))
        cat(&b, ".");
    catf(&b, "%s(%s)", b.len ? " " : "", r->image.credit);
    r->image.display = buf_steal(&b);
}

static void count(struct roundup_counts *c, const char *key, size_t cap)
{
    const char *k = key && *key ? key : "unknown";
    for (size_t i = 0; i < c->len; i++)
        if (!strcmp(c->items[i].key, k)) {
            c->items[i].n++;
            return;
        }
    if (!c->items)
        c->items = xcalloc(cap, sizeof *c->items);
    c->items[c->len++] = (struct roundup_count){xstrdup(k), 1};
}

static void fill_balance(const struct state *s, struct roundup *r)
{
    struct roundup_balance *b = &r->balance;
    b->articles = s->n;
    int64_t *sources = xcalloc(s->n, sizeof *sources);
    bool swedish = false;
    for (size_t i = 0; i < s->n; i++) {
        const struct compose_member *m = &s->m[i];
        bool seen = false;
        for (size_t k = 0; k < b->outlets; k++)
            seen |= sources[k] == m->source_id;
        if (!seen) {
            sources[b->outlets++] = m->source_id;
            count(&b->by_country, m->country, s->n);
            count(&b->by_kind, m->kind, s->n);
            count(&b->by_stance, m->stance, s->n);
            count(&b->by_owner, m->owner && *m->owner ? m->owner : m->outlet, s->n);
        }
        /* Language by article: one outlet may publish in several. */
        count(&b->by_lang, m->lang != LANG_UNKNOWN ? lang_code(m->lang) : m->outlet_lang, s->n);
        swedish |= (m->country && !strcasecmp(m->country, "SE")) || m->lang == LANG_SV;
    }
    for (size_t i = 0; i < s->n_rooms; i++)
        b->newsrooms += s->rooms[i].n > 0; /* an outlet that only ran copies is none */
    size_t countries = 0;
    for (size_t i = 0; i < b->by_country.len; i++)
        countries += strcmp(b->by_country.items[i].key, "unknown") != 0;
    if (!swedish)
        b->gap_note = xstrdup(s->t->gap_no_swedish);
    else if (countries == 1 && b->by_country.len == 1 && b->outlets > 1)
        b->gap_note = xstrdup(s->t->gap_one_country);
    free(sources);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* ---- the whole ---- */

enum err compose_build(struct lang_ctx *ctx, const struct compose_member *members, size_t n,
                       const struct compose_input *in, struct roundup *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return errf(eb, ERR_INVALID, "a roundup needs at least one article");
    if (n > COMPOSE_MAX_MEMBERS)
        return errf(eb, ERR_LIMIT, "%zu articles: a roundup takes at most %d", n,
                    COMPOSE_MAX_MEMBERS);
    const struct phrase_table *t = phrase_table_for(in->reader);
    if (!t)
        return errf(eb, ERR_INVALID, "no phrase table for reader language %s",
                    lang_code(in->reader));
    struct state s = {.m = members, .n = n, .in = in, .t = t};
    s.copy_of = xmalloc(n * sizeof *s.copy_of);
    for (size_t i = 0; i < n; i++)
        s.copy_of[i] = NONE;
    if (in->copy_groups)
        apply_copy_groups(&s);
    else
        find_copies(&s);
    out->reader = in->reader;
    out->members = xmalloc(n * sizeof *out->members);
    for (size_t i = 0; i < n; i++)
        out->members[i] = members[i].article_id;
    out->n_members = n;
    qsort(out->members, n, sizeof *out->members, cmp_i64);
    enum err err = build_vectors(ctx, &s, eb);
    if (!err)
        err = choose_headline(ctx, &s, out, eb);
    if (!err) {
        group_rooms(&s);
        choose_paragraphs(&s, out);
        err = choose_quote(ctx, &s, out, eb);
    }
    if (!err) {
        fill_more(&s, out);
        fill_background(in, out);
        fill_image(&s, out);
        fill_balance(&s, out);
    }
    for (size_t k = 0; k < s.n_cands; k++)
        tvec_clear(&s.cands[k].v);
    for (size_t i = 0; i < s.n_rooms; i++) {
        free(s.rooms[i].key);
        free(s.rooms[i].members);
    }
    free(s.rooms);
    free(s.room_of);
    free(s.cands);
    free(s.first_cand);
    free(s.centroid);
    free(s.article_score);
    free(s.shown);
    free(s.copy_of);
    vocab_clear(&s.vocab);
    return err;
}

static void excerpt_clear(struct roundup_excerpt *e)
{
    free(e->text);
    free(e->url);
}

static void counts_clear(struct roundup_counts *c)
{
    for (size_t i = 0; i < c->len; i++)
        free(c->items[i].key);
    free(c->items);
}

void roundup_clear(struct roundup *r)
{
    if (!r)
        return;
    free(r->label);
    free(r->headline);
    for (size_t i = 0; i < r->n_paragraphs; i++) {
        struct roundup_paragraph *p = &r->paragraphs[i];
        for (size_t k = 0; k < p->n; k++)
            excerpt_clear(&p->sentences[k]);
        for (size_t k = 0; k < p->credit.n_authors; k++)
            free(p->credit.authors[k]);
        free(p->credit.authors);
        free(p->credit.outlet);
        free(p->attribution);
        for (size_t k = 0; k < p->n_also; k++)
            free(p->also_run_by[k]);
        free(p->also_run_by);
        free(p->display);
    }
    free(r->paragraphs);
    excerpt_clear(&r->quote);
    excerpt_clear(&r->speaker);
    free(r->quote_display);
    for (size_t i = 0; i < r->n_more; i++) {
        free(r->more[i].outlet);
        free(r->more[i].title);
        free(r->more[i].url);
    }
    free(r->more);
    free(r->background.title);
    free(r->background.extract);
    free(r->background.source);
    free(r->background.url);
    free(r->background.licence);
    free(r->background.dump_date);
    free(r->image.url);
    free(r->image.caption);
    free(r->image.credit);
    free(r->image.display);
    counts_clear(&r->balance.by_country);
    counts_clear(&r->balance.by_lang);
    counts_clear(&r->balance.by_kind);
    counts_clear(&r->balance.by_stance);
    counts_clear(&r->balance.by_owner);
    free(r->balance.gap_note);
    free(r->members);
    memset(r, 0, sizeof *r);
}
