/* Quote extraction on real news sentences: tests/data/quotes.tsv names
 * sentences of RSS-500 and ECB+ (by id, never by text: their licences do not
 * let us copy them) with the byte ranges of their quotes and speakers. Prints
 * quote-span accuracy and speaker precision and recall; asserts floors just
 * under the measured figures. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "testlib.h"
#include "text/quote.h"

struct gold {
    char corpus[16], doc[64];
    int sentence;
    long qb, qe, sb, se; /* speaker -1: none named; -2: not scored */
};

/* The text of a sentence from the corpus files, or NULL. Borrowed from docs. */
static const char *sentence_text(json_t *rss, json_t *ecb, const struct gold *g)
{
    if (!strcmp(g->corpus, "rss500"))
        return json_string_value(json_object_get(rss, g->doc));
    json_t *sents = json_object_get(ecb, g->doc);
    return json_string_value(json_array_get(sents, (size_t)g->sentence));
}

/* Loads a JSON Lines corpus into an object keyed by id, value: text (RSS-500,
 * keyed by the sentence number in its id) or the sentence array (ECB+). */
static json_t *load_jsonl(const char *rel, bool rss)
{
    char *path = corpus_path(rel);
    size_t len;
    char *data = read_file(path, &len);
    if (!data)
        fail_msg("cannot read %s", path);
    json_t *out = json_object();
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        json_t *d = json_loads(line, 0, NULL);
        assert_non_null(d);
        const char *id = json_string_value(json_object_get(d, "id"));
        if (rss) {
            /* "http://aksw.org/N3/RSS-500/17#char=0,181" -> "17" */
            const char *slash = strrchr(id, '/');
            char key[32];
            snprintf(key, sizeof key, "%.*s", (int)strcspn(slash + 1, "#"), slash + 1);
            json_object_set(out, key, json_object_get(d, "text"));
        } else {
            json_object_set(out, id, json_object_get(d, "sentences"));
        }
        json_decref(d);
    }
    free(data);
    free(path);
    return out;
}

static void quotes_and_speakers(void **state)
{
    (void)state;
    json_t *rss = load_jsonl("n3-entity-linking/RSS-500.jsonl", true);
    json_t *ecb = load_jsonl("ecbplus-story-clusters/ecbplus_docs.jsonl", false);
    char *path = xasprintf("%s/tests/data/quotes.tsv", getenv("OMNIBUS_SOURCE_DIR"));
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot read %s", path);
    char line[512];
    size_t quotes = 0, found = 0, exact = 0, gold_speakers = 0, said = 0, right = 0;
    while (fgets(line, sizeof line, f)) {
        struct gold g;
        if (line[0] == '#')
            continue;
        if (sscanf(line, "%15s %63s %d %ld %ld %ld %ld", g.corpus, g.doc, &g.sentence, &g.qb, &g.qe,
                   &g.sb, &g.se) != 7)
            fail_msg("bad line in %s: %s", path, line);
        const char *s = sentence_text(rss, ecb, &g);
        if (!s)
            fail_msg("%s %s %d is not in the corpus", g.corpus, g.doc, g.sentence);
        struct text_quote_list l = {0};
        text_quotes(s, strlen(s), LANG_EN, &l);
        const struct text_quote *hit = NULL;
        for (size_t i = 0; i < l.len && !hit; i++)
            if ((long)l.items[i].quote.begin < g.qe && (long)l.items[i].quote.end > g.qb)
                hit = &l.items[i];
        if (g.sb != -2) {
            quotes++;
            found += hit != NULL;
            exact += hit && (long)hit->quote.begin == g.qb && (long)hit->quote.end == g.qe;
            gold_speakers += g.sb >= 0;
            bool named = hit && hit->speaker.end > hit->speaker.begin;
            said += named;
            bool ok = named && (long)hit->speaker.begin == g.sb && (long)hit->speaker.end == g.se;
            right += ok;
            if (getenv("QUOTES_VERBOSE") && !ok && (named || g.sb >= 0))
                printf("  %s %s %d: expected %.*s, got %.*s\n", g.corpus, g.doc, g.sentence,
                       g.sb >= 0 ? (int)(g.se - g.sb) : 4, g.sb >= 0 ? s + g.sb : "none",
                       named ? (int)(hit->speaker.end - hit->speaker.begin) : 4,
                       named ? s + hit->speaker.begin : "none");
        }
        text_quote_list_clear(&l);
    }
    fclose(f);
    free(path);
    json_decref(rss);
    json_decref(ecb);
    double found_rate = (double)found / quotes, span = (double)exact / quotes;
    double p = said ? (double)right / said : 0, r = (double)right / gold_speakers;
    printf("quotes: %zu scored, found %.3f, exact span %.3f\n", quotes, found_rate, span);
    printf("speakers: precision %.3f (%zu/%zu), recall %.3f (%zu/%zu)\n", p, right, said, r, right,
           gold_speakers);
    assert_true(quotes >= 140);
    /* Measured: found 1.000, exact span 1.000, precision 0.984, recall 0.947. */
    assert_true(found_rate >= 0.99 && span >= 0.99);
    assert_true(p >= 0.97 && r >= 0.93);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(quotes_and_speakers)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
