/* Building the entities the dump readers hand to the importer. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/xalloc.h"
#include "kb/norm.h"
#include "kb/parse.h"

bool kb_want_lang(const struct kb_parse_opts *o, const char *lang)
{
    if (!lang || !*lang)
        return false;
    if (!o->langs)
        return true;
    for (size_t i = 0; i < o->n_langs; i++)
        if (!strcmp(o->langs[i], lang))
            return true;
    return false;
}

struct kb_text *kb_add_text(struct kb_entity *e, const char *lang)
{
    e->texts = xrealloc(e->texts, (e->n_texts + 1) * sizeof *e->texts);
    struct kb_text *t = &e->texts[e->n_texts++];
    memset(t, 0, sizeof *t);
    t->lang = xstrdup(lang);
    return t;
}

static void add_alias_n(struct kb_entity *e, const char *lang, const char *name, size_t len,
                        int origin)
{
    char *norm = kb_norm_key_dup(lang, name, len);
    if (!norm)
        return;
    /* The same key twice in a row (a title that is also the label) is one alias. */
    if (e->n_aliases) {
        struct kb_alias *last = &e->aliases[e->n_aliases - 1];
        if (!strcmp(last->lang, lang) && !strcmp(last->norm, norm)) {
            last->origin |= origin;
            free(norm);
            return;
        }
    }
    e->aliases = xrealloc(e->aliases, (e->n_aliases + 1) * sizeof *e->aliases);
    struct kb_alias *a = &e->aliases[e->n_aliases++];
    a->lang = xstrdup(lang);
    a->name = xstrndup(name, len);
    a->norm = norm;
    a->origin = origin;
    a->links = 0;
}

void kb_add_alias(struct kb_entity *e, const char *lang, const char *name, int origin)
{
    if (name && *name)
        add_alias_n(e, lang, name, strlen(name), origin);
}

/* The length of title without a qualifier: "Mercury (planet)" -> "Mercury";
 * "Austin, Texas" -> "Austin" when what follows the comma is a short proper
 * name (not "Crosby, Stills, Nash & Young"). 0 when there is none. */
static size_t unqualified_len(const char *title)
{
    size_t n = strlen(title);
    const char *paren = strstr(title, " (");
    if (paren && n > 0 && title[n - 1] == ')' && paren > title)
        return (size_t)(paren - title);
    const char *comma = strstr(title, ", ");
    if (!comma || comma == title || strchr(comma + 2, ','))
        return 0;
    int words = 0;
    for (const char *p = comma + 2; *p;) {
        if (!isupper((unsigned char)*p) && !((unsigned char)*p & 0x80))
            return 0;
        words++;
        p = strchr(p, ' ');
        if (!p)
            break;
        p++;
    }
    return words <= 3 ? (size_t)(comma - title) : 0;
}

void kb_add_title_aliases(struct kb_entity *e, const char *lang, const char *title)
{
    if (!title || !*title)
        return;
    add_alias_n(e, lang, title, strlen(title), KB_ORIGIN_TITLE);
    size_t k = unqualified_len(title);
    if (k)
        add_alias_n(e, lang, title, k, KB_ORIGIN_SHORT);
}

static utf8proc_category_t category_at(const char *s, size_t len, size_t i, size_t *next)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    *next = i + (k > 0 ? (size_t)k : 1);
    return k > 0 ? utf8proc_category(c) : UTF8PROC_CATEGORY_CN;
}

char *kb_first_paragraph(const char *text, size_t len)
{
    size_t a = 0;
    while (a < len && isspace((unsigned char)text[a]))
        a++;
    size_t b = a;
    /* Two lower-case letters, a full stop and a capital with no space between
     * is where an abstract ran two paragraphs together. */
    utf8proc_category_t prev2 = UTF8PROC_CATEGORY_CN, prev1 = UTF8PROC_CATEGORY_CN;
    while (b < len && text[b] != '\n') {
        size_t next;
        utf8proc_category_t cat = category_at(text, len, b, &next);
        if ((text[b] == '.' || text[b] == '!' || text[b] == '?') && prev1 == UTF8PROC_CATEGORY_LL &&
            prev2 == UTF8PROC_CATEGORY_LL && next < len) {
            size_t after;
            if (category_at(text, len, next, &after) == UTF8PROC_CATEGORY_LU) {
                b = next;
                break;
            }
        }
        prev2 = prev1;
        prev1 = cat;
        b = next;
    }
    if (b > len)
        b = len;
    while (b > a && isspace((unsigned char)text[b - 1]))
        b--;
    return b > a ? xstrndup(text + a, b - a) : NULL;
}

bool kb_wiki_lang(const char *dbname, char *lang, size_t size)
{
    static const char *const not_languages[] = {
        "commons",   "species",  "meta",      "mediawiki",  "wikidata",      "sources",
        "incubator", "outreach", "wikimania", "foundation", "wikifunctions", "test",
        "test2",     "beta",     "strategy",  "login",      "office",        "affcom",
        "wikitech",  "donate",   "nostalgia", "ten",
    };
    size_t n = strlen(dbname);
    if (n < 6 || strcmp(dbname + n - 4, "wiki"))
        return false;
    n -= 4;
    if (n + 1 > size)
        return false;
    for (size_t i = 0; i < sizeof not_languages / sizeof not_languages[0]; i++)
        if (strlen(not_languages[i]) == n && !strncmp(not_languages[i], dbname, n))
            return false;
    for (size_t i = 0; i < n; i++) {
        char c = dbname[i];
        if (!islower((unsigned char)c) && c != '_')
            return false;
        lang[i] = c == '_' ? '-' : c;
    }
    lang[n] = '\0';
    return true;
}

void kb_wikipedia_licence(int64_t t, const char **id, const char **url)
{
    /* Wikimedia's terms moved new text to CC BY-SA 4.0 on 2023-06-29. */
    if (t >= 1687996800) {
        *id = "CC-BY-SA-4.0";
        *url = "https://creativecommons.org/licenses/by-sa/4.0/";
    } else {
        *id = "CC-BY-SA-3.0";
        *url = "https://creativecommons.org/licenses/by-sa/3.0/";
    }
}
