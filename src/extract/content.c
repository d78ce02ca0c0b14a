/* The article itself: the container the paragraphs' scores point to and the
 * siblings that read like it; then its byline, date and lead image, and its
 * text. When too little is found, the page is read again with less removed
 * up front. docs/extract.md explains the method. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "extract/extract_internal.h"

/* Paragraph score reaches this many ancestors. */
#define SCORE_LEVELS 5

/* ---- choosing the article ---- */

static float base_score(enum tag t)
{
    switch (t) {
    case T_DIV:
        return 5;
    case T_PRE:
    case T_TD:
    case T_BLOCKQUOTE:
        return 3;
    case T_ADDRESS:
    case T_OL:
    case T_UL:
    case T_DL:
    case T_DD:
    case T_DT:
    case T_LI:
    case T_FORM:
        return -3;
    case T_H1:
    case T_H2:
    case T_H3:
    case T_H4:
    case T_H5:
    case T_H6:
    case T_TH:
        return -5;
    default:
        return 0;
    }
}

/* Gives each paragraph's score to its ancestors: all of it to the nearest,
 * half to the next, then less and less. */
static void distribute(struct walk *w)
{
    for (size_t u = 0; u < w->n_units; u++) {
        uint32_t a = w->units[u].first;
        for (int level = 0; a != NONE && level < SCORE_LEVELS;) {
            struct node *n = &w->nodes[a];
            if (n->parent == NONE)
                break;
            if (!(n->flags & N_PASS)) {
                if (!(n->flags & N_CANDIDATE)) {
                    n->flags |= N_CANDIDATE;
                    enum tag t = n->tag == T_P ? T_DIV : (enum tag)n->tag;
                    n->score = base_score(t) + n->weight;
                }
                n->score += w->units[u].score / (float)(level == 0   ? 1
                                                        : level == 1 ? 2
                                                                     : level * 3);
                level++;
            }
            a = n->parent;
        }
    }
    /* Link-heavy containers are menus and lists of other articles. */
    for (size_t i = 0; i < w->n; i++) {
        struct node *n = &w->nodes[i];
        if ((n->flags & N_CANDIDATE) && n->text > 0)
            n->score *= 1.0f - fminf(n->link / (float)n->text, 1.0f);
    }
}

static bool contains(const struct walk *w, uint32_t a, uint32_t d)
{
    return d > a && d < w->nodes[a].end;
}

static uint32_t find_tag(const struct walk *w, enum tag t)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->nodes[i].tag == t)
            return (uint32_t)i;
    return w->n ? 0 : NONE;
}

static bool is_body(const struct walk *w, uint32_t i)
{
    return i == NONE || w->nodes[i].tag == T_BODY || w->nodes[i].parent == NONE;
}

/* The container of the article: the best-scored candidate, moved up to the
 * ancestor it shares with other near-best candidates, or while its ancestors
 * score higher. */
static uint32_t choose_top(struct walk *w)
{
    enum { TOP = 5 };
    uint32_t best[TOP];
    size_t nb = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (!(w->nodes[i].flags & N_CANDIDATE))
            continue;
        float s = w->nodes[i].score;
        size_t k = nb < TOP ? nb++ : TOP;
        while (k > 0 && w->nodes[best[k - 1]].score < s) {
            if (k < TOP)
                best[k] = best[k - 1];
            k--;
        }
        if (k < TOP)
            best[k] = (uint32_t)i;
    }
    if (nb == 0 || is_body(w, best[0]))
        return find_tag(w, T_BODY);
    uint32_t top = best[0];
    float top_score = w->nodes[top].score;
    uint32_t alt[TOP];
    size_t nalt = 0;
    for (size_t k = 1; k < nb; k++)
        if (top_score > 0 && w->nodes[best[k]].score / top_score >= 0.75f)
            alt[nalt++] = best[k];
    if (nalt >= 3) {
        for (uint32_t a = w->nodes[top].parent; !is_body(w, a); a = w->nodes[a].parent) {
            size_t shared = 0;
            for (size_t k = 0; k < nalt; k++)
                shared += contains(w, a, alt[k]);
            if (shared >= 3) {
                top = a;
                break;
            }
        }
    }
    float last = w->nodes[top].score;
    float threshold = last / 3;
    for (uint32_t a = w->nodes[top].parent; !is_body(w, a); a = w->nodes[a].parent) {
        if (!(w->nodes[a].flags & N_CANDIDATE))
            continue;
        float s = w->nodes[a].score;
        if (s < threshold)
            break;
        if (s > last) {
            top = a;
            break;
        }
        last = s;
    }
    while (!is_body(w, w->nodes[top].parent) && w->nodes[w->nodes[top].parent].kids == 1)
        top = w->nodes[top].parent;
    return top;
}

static bool sentence_end(xmlNode *x)
{
    char *s = ext_node_text(x, 256);
    bool yes = false;
    if (s) {
        size_t n = strlen(s);
        yes = strstr(s, ". ") || (n && s[n - 1] == '.');
    }
    free(s);
    return yes;
}

/* The article: the top container and those of its siblings that score near it
 * or read as paragraphs. Returns how many roots were stored. */
static size_t choose_roots(struct walk *w, uint32_t top, uint32_t **roots)
{
    struct node *tn = &w->nodes[top];
    uint32_t parent = tn->parent;
    if (is_body(w, top) || parent == NONE) {
        *roots = xmalloc(sizeof **roots);
        (*roots)[0] = top;
        return 1;
    }
    const char *top_class = ext_attr_value(tn->xml, "class");
    float threshold = fmaxf(10.0f, tn->score * 0.2f);
    size_t n = 0;
    *roots = xmalloc(w->nodes[parent].kids * sizeof **roots + sizeof **roots);
    for (xmlNode *c = w->nodes[parent].xml->children; c; c = c->next) {
        uint32_t i = ext_node_index(c);
        if (c->type != XML_ELEMENT_NODE || i == NONE || (w->nodes[i].flags & N_DROP))
            continue;
        struct node *s = &w->nodes[i];
        bool take = i == top;
        if (!take) {
            const char *cls = ext_attr_value(c, "class");
            float bonus =
                top_class && *top_class && cls && !strcmp(cls, top_class) ? tn->score * 0.2f : 0;
            if ((s->flags & N_CANDIDATE) && s->score + bonus >= threshold) {
                take = true;
            } else if (s->flags & N_PARA) {
                float ld = s->text ? s->link / (float)s->text : 0;
                if (s->text > 80 && ld < 0.25f)
                    take = true;
                else if (s->text < 80 && s->text > 0 && ld == 0 && sentence_end(c))
                    take = true;
            }
        }
        if (take && n < w->nodes[parent].kids + 1)
            (*roots)[n++] = i;
    }
    return n;
}

/* ---- what the article's surroundings say ---- */

/* Headings that repeat the title are the title, which is kept apart. */
static void drop_title_headings(struct walk *w, const char *title)
{
    for (size_t i = 0; title && i < w->n_heads; i++) {
        uint32_t k = ext_node_index(w->heads[i].node);
        if (k != NONE && ext_text_similarity(title, w->heads[i].text) > 0.75)
            w->nodes[k].flags |= N_CLEAN;
    }
}

/* Where the article's own header begins: the heading that carries the title,
 * else the first root. Bylines and dates between it and the body count. */
static uint32_t header_start(const struct walk *w, const char *title, uint32_t first_root)
{
    for (size_t i = 0; title && i < w->n_heads; i++) {
        uint32_t k = ext_node_index(w->heads[i].node);
        if (k != NONE && k < first_root && ext_text_similarity(title, w->heads[i].text) > 0.75)
            return k;
    }
    return first_root;
}

static bool in_roots(const struct walk *w, const uint32_t *roots, size_t n, uint32_t i)
{
    for (size_t k = 0; k < n; k++)
        if (i >= roots[k] && i < w->nodes[roots[k]].end)
            return true;
    return false;
}

/* The byline from the page's author box: its itemprop=name if it has one. */
static char *author_box_text(xmlNode *box)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, box);
    for (xmlNode *x; (x = ext_tree_next_element(&it)) != NULL;) {
        const char *ip = ext_attr_value(x, "itemprop");
        if (ip && strstr(ip, "name"))
            return ext_node_lines(x, 400);
    }
    return ext_node_lines(box, 400);
}

/* Whether node i is a picture's text: in a figure, or named (or held by an
 * element named) as a caption or photo credit. A credit reads like a byline
 * ("By U.S. CUSTOMS AND BORDER PROTECTION") but names no author. */
static bool picture_text(const struct walk *w, uint32_t i)
{
    if (w->nodes[i].flags & N_IN_FIGURE)
        return true;
    for (int level = 0; i != NONE && level < 2; level++, i = w->nodes[i].parent)
        if (ext_picture_text_named(w->nodes[i].xml))
            return true;
    return false;
}

/* Elements looked at inside a box dropped for its name for a byline line or
 * a dateline. */
#define STRIPPED_SCAN 64

/* A byline line inside a box dropped for its name (a header named
 * "news-header" with the byline under the headline): its elements are no
 * nodes of the walk, so they are read here; a figure's and a caption's are
 * not. A new string or NULL. */
static char *stripped_byline(xmlNode *box)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, box);
    size_t seen = 0;
    bool descend = true;
    xmlNode *x;
    for (enum tree_event ev;
         seen < STRIPPED_SCAN && (ev = ext_tree_next(&it, descend, &x)) != TREE_END;) {
        descend = true;
        if (ev != TREE_OPEN || x == box)
            continue;
        seen++;
        enum tag t = ext_tag_of(x->name);
        if (t == T_FIGURE || t == T_FIGCAPTION || ext_picture_text_named(x)) {
            descend = false;
            continue;
        }
        if (!(ext_tag_info(t)->flags & TF_BLOCK || t == T_SPAN) || ext_in_teaser(x))
            continue;
        char *s = ext_node_text(x, 400);
        if (ext_byline_text_like(s))
            return s;
        free(s);
    }
    return NULL;
}

/* A byline written as text at the head of the article ("By X", "Av X, TT"):
 * short blocks between the title and the first characters of the body, and
 * in boxes dropped for their names there, not a picture's caption or
 * credit. */
static uint32_t text_byline(struct walk *w, uint32_t from, uint32_t first_root, char **text)
{
    uint32_t limit = w->nodes[first_root].pos + 600;
    for (uint32_t i = from; i < w->n && w->nodes[i].pos <= limit; i++) {
        struct node *n = &w->nodes[i];
        if ((n->flags & N_STRIPPED) && (*text = stripped_byline(n->xml)) != NULL)
            return i;
        if ((n->flags & (N_DROP | N_CLEAN)) || n->text < 4 || n->text > 100 ||
            !(ext_tag_info((enum tag)n->tag)->flags & TF_BLOCK || n->tag == T_SPAN) ||
            picture_text(w, i) || ext_in_teaser(n->xml))
            continue;
        char *s = ext_node_text(n->xml, 400);
        if (ext_byline_text_like(s)) {
            *text = s;
            return i;
        }
        free(s);
    }
    return NONE;
}

/* Whether node i and its ancestors up to the root are kept in the text. */
static bool kept(const struct walk *w, uint32_t i, uint32_t root)
{
    for (; i != NONE && i >= root; i = w->nodes[i].parent) {
        if (w->nodes[i].flags & (N_DROP | N_CLEAN))
            return false;
        if (i == root)
            break;
    }
    return true;
}

/* Whether an element from i up to its ancestor j is named as a picture's
 * caption. */
static bool caption_named_up(const struct walk *w, uint32_t i, uint32_t j)
{
    for (;; i = w->nodes[i].parent) {
        if (ext_caption_named(w->nodes[i].xml))
            return true;
        if (i == j)
            return false;
    }
}

/* The last pieces of text of the article (at most max, last first): for
 * each, the largest element around it of 100 characters or fewer. A
 * figure's caption is the picture's, and ends the search, as does an
 * element named as a picture's caption outside a figure ("Name, photo:
 * Agency" under an inline picture is not the lead picture's credit). */
static size_t last_blocks(const struct walk *w, uint32_t root, uint32_t *out, size_t max)
{
    size_t k = 0;
    for (uint32_t i = w->nodes[root].end; i-- > root + 1 && k < max;) {
        if (w->nodes[i].text == 0 || !kept(w, i, root))
            continue;
        if (w->nodes[i].flags & N_IN_FIGURE)
            break;
        uint32_t j = i;
        while (w->nodes[j].text <= 100 && w->nodes[j].parent != root &&
               w->nodes[w->nodes[j].parent].text <= 100)
            j = w->nodes[j].parent;
        if (caption_named_up(w, i, j))
            break;
        out[k++] = j;
        i = j;
    }
    return k;
}

/* A byline written at the article's foot: its last block reads as one ("Von
 * Götz Warnke"), or is a short name after a block that is only a byline's
 * label ("Autoren:" then "Tilman Weber"). Returns how many blocks it takes
 * (0 when none), stored in at; *text is the byline (a new string). */
static size_t foot_byline(struct walk *w, uint32_t root, uint32_t at[2], char **text)
{
    size_t k = last_blocks(w, root, at, 2);
    if (!k || w->nodes[at[0]].text > 100)
        return 0;
    char *last = ext_node_text(w->nodes[at[0]].xml, 400);
    if (ext_byline_text_like(last)) {
        *text = last;
        return 1;
    }
    char *label =
        k == 2 && w->nodes[at[1]].text < 20 ? ext_node_text(w->nodes[at[1]].xml, 64) : NULL;
    bool labelled = label && ext_byline_label_only(label) && ext_text_words(last) <= 5;
    free(label);
    if (labelled) {
        *text = last;
        return 2;
    }
    free(last);
    return 0;
}

/* Pieces of text at the article's foot searched for a picture credit (a
 * notice or an ad label may follow it). */
#define FOOT_PIECES 4

/* A credit for the lead picture on one of the article's last pieces of
 * text ("erb/ots<br>Foto: Name / Pixabay"), for a picture nothing else
 * credits. */
static void foot_credit(const struct walk *w, uint32_t root, struct extract_image *img)
{
    uint32_t at[FOOT_PIECES];
    size_t k = img->url && !img->credit ? last_blocks(w, root, at, FOOT_PIECES) : 0;
    for (size_t i = 0; i < k && !img->credit; i++) {
        if (w->nodes[at[i]].text > 200)
            continue;
        char *text = ext_node_text(w->nodes[at[i]].xml, 400);
        img->credit = ext_foot_credit(text);
        free(text);
    }
    img->credited = img->credit != NULL;
}

/* The names a byline string gives, as a new array of new strings (NULL
 * when none, *n = 0). */
static char **split_byline(struct meta *m, const char *text, size_t *n)
{
    char *names[16];
    *n = text ? ext_byline_split(text, ext_meta_site_name(m), names, 16) : 0;
    if (!*n)
        return NULL;
    char **out = xcalloc(*n, sizeof *out);
    memcpy(out, names, *n * sizeof *names);
    return out;
}

static void set_byline(struct extract_result *r, struct meta *m, const char *text)
{
    r->byline = split_byline(m, text, &r->n_byline);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Whether every name of a is one of b's. */
static bool names_within(char *const *a, size_t na, char *const *b, size_t nb)
{
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t k = 0; k < nb && !found; k++)
            found = !strcasecmp(a[i], b[k]);
        if (!found)
            return false;
    }
    return true;
}

/* Whether the page's visible text (the body's, scripts and styles left
 * out) holds name, in one text node. */
static bool page_shows(xmlNode *root, const char *name)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, root);
    xmlNode *x;
    enum tree_event ev;
    bool descend = true;
    while ((ev = ext_tree_next(&it, descend, &x)) != TREE_END) {
        descend = true;
        if (ev == TREE_OPEN) {
            enum tag t = ext_tag_of(x->name);
            descend = x == root || !(t == T_HEAD || (ext_tag_info(t)->flags & TF_SKIP));
        } else if (ev == TREE_LEAF && x->type == XML_TEXT_NODE && x->content &&
                   strcasestr((const char *)x->content, name)) {
            return true;
        }
    }
    return false;
}

/* The byline: metadata, else the page's author box, else a byline line. The
 * box and the line are taken out of the text. */
static void find_byline(struct walk *w, struct meta *m, uint32_t header, uint32_t first_root,
                        uint32_t last_root, struct extract_result *r)
{
    /* A byline at the foot is no part of the text, whoever else names the
     * author. */
    uint32_t at[2];
    char *foot = NULL;
    size_t nfoot = foot_byline(w, last_root, at, &foot);
    for (size_t k = 0; k < nfoot; k++)
        w->nodes[at[k]].flags |= N_CLEAN;
    r->byline = ext_meta_byline(m, true, &r->n_byline);
    char **box = NULL;
    size_t nbox = 0;
    if (w->byline != NONE) {
        w->nodes[w->byline].flags |= N_CLEAN;
        char *s = author_box_text(w->nodes[w->byline].xml);
        box = split_byline(m, s, &nbox);
        free(s);
    }
    /* JSON-LD's authors as the site's user accounts are the byline only
     * where the page shows them: the account that posted may be a web
     * editor's while the author box names the reporters, or one the page
     * never names. Metadata that names accounts is not trusted over the
     * author box then; without one, the meta tags may still name authors. */
    if (r->n_byline && ext_meta_byline_accounts(m) &&
        !names_within(r->byline, r->n_byline, box, nbox)) {
        xmlNode *root = xmlDocGetRootElement(w->nodes[0].xml->doc);
        bool hidden = true;
        for (size_t i = 0; i < r->n_byline && hidden; i++)
            hidden = !page_shows(root, r->byline[i]);
        if (hidden) {
            free_names(r->byline, r->n_byline);
            r->byline = NULL;
            r->n_byline = 0;
            if (!nbox)
                r->byline = ext_meta_byline(m, false, &r->n_byline);
        }
    }
    if (!r->n_byline) {
        free_names(r->byline, r->n_byline);
        r->byline = box;
        r->n_byline = nbox;
        box = NULL;
        nbox = 0;
    }
    free_names(box, nbox);
    if (!r->n_byline) {
        char *s = NULL;
        uint32_t i = text_byline(w, header, first_root, &s);
        if (i != NONE) {
            w->nodes[i].flags |= N_CLEAN;
            set_byline(r, m, s);
            free(s);
        }
    }
    if (!r->n_byline && foot)
        set_byline(r, m, foot);
    free(foot);
}

/* Characters of text within which a box dropped for its name counts as the
 * article's header for its <time>. */
#define HEADER_REACH 200

/* The publication date from <time>: one marked as such, else the first in
 * the article's header or body or right before it (a header box above the
 * article's container, when no heading matched the title to tell where the
 * header begins), else one in a box dropped for its name that sits where the
 * article begins (a header named "header" or "meta"). */
static int64_t time_date(const struct walk *w, const uint32_t *roots, size_t n, uint32_t header)
{
    int64_t fallback = 0, dropped = 0;
    uint32_t start = w->nodes[roots[0]].pos;
    for (size_t k = 0; k < w->n_times; k++) {
        xmlNode *x = w->times[k].node;
        int64_t ms;
        if (!ext_date_parse_ms(ext_attr_value(x, "datetime"), &ms))
            continue;
        const char *ip = ext_attr_value(x, "itemprop");
        if (ext_attr_value(x, "pubdate") || (ip && strstr(ip, "datePublished")))
            return ms;
        uint32_t i = w->times[k].at;
        if (w->times[k].dropped) {
            uint32_t pos = w->nodes[i].pos;
            if (!dropped && pos + HEADER_REACH >= start && pos <= start + HEADER_REACH)
                dropped = ms;
        } else if (!fallback && (in_roots(w, roots, n, i) || (i >= header && i < roots[0]) ||
                                 (i < roots[0] && w->nodes[i].pos + HEADER_REACH >= start))) {
            fallback = ms;
        }
    }
    return fallback ? fallback : dropped;
}

/* Characters and words of a dateline written as text ("Published On May 10,
 * 2022 01:52 PM"). */
#define DATELINE_CHARS 60
#define DATELINE_WORDS 10

/* Whether s is a publication date and nothing else: a day with its year (a
 * four-digit year 1995-2099), words only before it, not an update stamp. */
static bool dateline(const char *s, int64_t *ms)
{
    static const char *const updates[] = {"updat",      "aktualisiert", "modif",      "actualiz",
                                          "mis à jour", "geändert",     "uppdaterad", "bijgewerkt",
                                          "aggiornat",  "edited"};
    if (!s || ext_text_chars(s) > DATELINE_CHARS || ext_text_words(s) > DATELINE_WORDS)
        return false;
    for (size_t i = 0; i < sizeof updates / sizeof updates[0]; i++)
        if (strcasestr(s, updates[i]))
            return false;
    bool year = false;
    for (const char *p = s; *p && !year; p++) {
        size_t n = strspn(p, "0123456789");
        year = n == 4 && (p == s || !isdigit((unsigned char)p[-1])) &&
               ((p[0] == '1' && p[1] == '9' && p[2] == '9' && p[3] >= '5') ||
                (p[0] == '2' && p[1] == '0'));
        p += n ? n - 1 : 0;
    }
    return year && ext_date_parse_ms(s, ms);
}

/* The dateline of element x, or of an element in it (a box dropped for its
 * name: its inner elements are no nodes of the walk). 0 when none. */
static int64_t element_dateline(xmlNode *x)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, x);
    size_t seen = 0;
    for (xmlNode *e; seen++ < STRIPPED_SCAN && (e = ext_tree_next_element(&it)) != NULL;) {
        char *s = ext_node_text(e, 4 * DATELINE_CHARS);
        int64_t ms;
        bool found = dateline(s, &ms);
        free(s);
        if (found)
            return ms;
    }
    return 0;
}

/* The publication date a reader sees as text between the title's heading
 * and the article's first characters, for a page that dates it nowhere
 * else: the first element there that is a date and nothing else, not a
 * picture's caption. */
static int64_t text_date(const struct walk *w, uint32_t header, uint32_t first_root)
{
    uint32_t limit = w->nodes[first_root].pos + HEADER_REACH;
    for (uint32_t i = header; i < w->n && w->nodes[i].pos <= limit;) {
        const struct node *n = &w->nodes[i];
        if (n->flags & N_DROP) {
            int64_t ms = n->flags & N_STRIPPED ? element_dateline(n->xml) : 0;
            if (ms)
                return ms;
            i = n->end;
            continue;
        }
        if (!(n->flags & N_BLOCK_DESC) && n->text <= DATELINE_CHARS && !picture_text(w, i)) {
            char *s = ext_node_text(n->xml, 4 * DATELINE_CHARS);
            int64_t ms;
            bool found = dateline(s, &ms);
            free(s);
            if (found)
                return ms;
        }
        i++;
    }
    return 0;
}

/* ---- all of it ---- */

/* The figures and images of the page, for the lead image: those of the
 * article and of its header, and the others, which count only when they show
 * the picture the metadata names (a lead figure the template puts above the
 * article's container, or beside a text a paywall left out). Those before
 * the first characters of the text are early. */
/* Where the article's second paragraph of prose begins (a lead picture
 * often follows a standfirst); 0 when it has none. */
static uint32_t second_paragraph(const struct walk *w, const uint32_t *roots, size_t n)
{
    size_t seen = 0;
    for (size_t k = 0; k < n; k++)
        for (uint32_t i = roots[k]; i < w->nodes[roots[k]].end; i++) {
            const struct node *x = &w->nodes[i];
            if ((x->flags & N_PARA) && !(x->flags & (N_DROP | N_CLEAN)) && x->text >= 80 &&
                ++seen == 2)
                return x->pos;
        }
    return 0;
}

static size_t image_candidates(const struct walk *w, const uint32_t *roots, size_t n,
                               uint32_t header, struct image_candidate *c)
{
    size_t k = 0;
    uint32_t text_start = w->nodes[roots[0]].pos + 200, second = second_paragraph(w, roots, n);
    if (second > text_start)
        text_start = second;
    for (size_t f = 0; f < w->n_figures; f++) {
        uint32_t i = w->figures[f];
        bool noscript = w->nodes[i].tag == T_NOSCRIPT;
        /* A <noscript> is dropped as such; its picture is not. */
        if ((w->nodes[i].flags & N_DROP) && !noscript)
            continue;
        bool inside = in_roots(w, roots, n, i) || (i >= header && i < roots[0]);
        xmlNode *x = noscript ? ext_noscript_img(w->nodes[i].xml) : w->nodes[i].xml;
        c[k++] = (struct image_candidate){x, w->nodes[i].pos <= text_start, !inside};
    }
    for (size_t f = 0; f < w->n_dropped_figures && k < MAX_FIGURES; f++)
        c[k++] = (struct image_candidate){w->dropped_figures[f], false, true};
    return k;
}

/* Levels between the article's container and the box it shares with the
 * title's heading, within which the text between them is the article's. */
#define LEAD_REACH 4
/* Characters of a standfirst: shorter blocks there are datelines, bylines
 * and labels. */
#define LEAD_MIN 80
/* Blocks of prose looked at there (each a walk up the tree). */
#define LEAD_BLOCKS 16

/* Whether block i between the title and the article's container is prose:
 * a paragraph, a heading or a list (the article's key points) of some
 * length, not links, not a caption. */
static bool lead_block(const struct walk *w, uint32_t i)
{
    const struct node *n = &w->nodes[i];
    enum tag t = (enum tag)n->tag;
    if (!((n->flags & N_PARA) || (t >= T_H2 && t <= T_H6) || t == T_UL || t == T_OL) ||
        n->text < LEAD_MIN)
        return false;
    return !(n->flags & (N_IN_FIGURE | N_BYLINE_HINT)) && n->link / (float)n->text < 0.25f;
}

/* The title's heading before the first root, else the box dropped for its
 * name that holds one (a header named "entry-header"); NONE when neither. */
static uint32_t title_box(const struct walk *w, const char *title, uint32_t first_root)
{
    uint32_t k = header_start(w, title, first_root);
    if (k != first_root)
        return k;
    for (size_t i = 0; title && i < w->n_heads; i++) {
        xmlNode *x = w->heads[i].node;
        while (x && ext_node_index(x) == NONE)
            x = x->parent;
        k = ext_node_index(x);
        if (k < first_root && ext_text_similarity(title, w->heads[i].text) > 0.75)
            return k;
    }
    return NONE;
}

/* Whether block i hangs from the box that holds the title's heading and
 * the body's container, rather than from a header box of the headline's own
 * (a deck there is the page's header, as Readability reads it). */
static bool beside_body(const struct walk *w, uint32_t i, uint32_t heading, uint32_t first)
{
    uint32_t a = w->nodes[i].parent;
    while (a != NONE && !contains(w, a, heading))
        a = w->nodes[a].parent;
    return a != NONE && contains(w, a, first);
}

/* The article with its standfirst: the prose blocks between the title's
 * heading and the first root (a deck or lead the template puts beside the
 * body's container), when the two share a box near the container. At most
 * LEAD_BLOCKS blocks are looked at. *out is a new array of the roots in
 * page order. */
static size_t with_lead(const struct walk *w, uint32_t heading, const uint32_t *roots, size_t n,
                        uint32_t **out)
{
    uint32_t first = roots[0], box = NONE;
    if (heading != NONE) {
        uint32_t a = w->nodes[first].parent;
        for (int level = 0; a != NONE && level < LEAD_REACH && !is_body(w, a);
             level++, a = w->nodes[a].parent)
            if (contains(w, a, heading)) {
                box = a;
                break;
            }
    }
    size_t k = 0, seen = 0;
    *out = xmalloc((n + LEAD_BLOCKS) * sizeof **out);
    for (uint32_t i = box == NONE ? first : w->nodes[heading].end;
         i < first && seen < LEAD_BLOCKS;) {
        const struct node *x = &w->nodes[i];
        if (x->flags & (N_DROP | N_CLEAN)) {
            i = x->end;
            continue;
        }
        if (!lead_block(w, i)) {
            i++;
            continue;
        }
        seen++;
        /* The walk skipped what was removed, but not above the heading. */
        if (kept(w, i, box) && beside_body(w, i, heading, first))
            (*out)[k++] = i;
        i = x->end;
    }
    memcpy(*out + k, roots, n * sizeof *roots);
    return k + n;
}

/* One reading of the page with the walk's flags: the article's text and HTML,
 * byline, date and image into r. */
static enum err read_article(struct walk *w, struct meta *m, const char *title, const char *base,
                             const struct extract_options *opts, struct extract_result *r)
{
    distribute(w);
    uint32_t top = choose_top(w);
    if (top == NONE)
        return ERR_OK;
    uint32_t *roots;
    size_t n = choose_roots(w, top, &roots);
    drop_title_headings(w, title);
    uint32_t header = header_start(w, title, roots[0]);
    /* The headline's box when a box dropped for its name holds it: the
     * byline and date under the headline are there. */
    uint32_t heading = title_box(w, title, roots[0]);
    uint32_t head = heading == NONE ? header : heading;
    find_byline(w, m, head, roots[0], roots[n - 1], r);
    int64_t published = ext_meta_published(m);
    r->date_ms = published ? published : time_date(w, roots, n, header);
    /* Many sites file their articles by day and say when nowhere else. */
    if (!r->date_ms)
        r->date_ms = ext_url_date(ext_meta_canonical(m) ? ext_meta_canonical(m) : base);
    if (!r->date_ms)
        r->date_ms = text_date(w, head, roots[0]);
    r->modified_ms = ext_meta_modified(m);
    struct image_candidate cands[MAX_FIGURES];
    ext_lead_image(m, base, cands, image_candidates(w, roots, n, header, cands), &r->image);
    foot_credit(w, roots[n - 1], &r->image);
    uint32_t *all;
    size_t n_all = with_lead(w, heading, roots, n, &all);
    enum err err = ext_write_article(w, all, n_all, base, opts->max_output, &r->text, &r->html);
    free(all);
    free(roots);
    return err;
}

enum err ext_content_extract(xmlDoc *doc, const char *url, struct meta *m,
                             const struct extract_options *opts, struct extract_result *out,
                             struct errbuf *eb)
{
    /* Each retry removes less up front, for pages whose article is named like
     * boilerplate or is mostly links; the last reads what <noscript> keeps
     * for readers without scripts, for pages whose text a script writes. */
    static const struct {
        bool strip, weight, clean, noscript;
    } tries[] = {{true, true, true, false},
                 {false, true, true, false},
                 {false, false, true, false},
                 {false, false, false, false},
                 {true, true, true, true}};
    struct extract_result best = {0};
    size_t best_chars = 0;
    char *title = NULL, *base = NULL;
    enum err err = ERR_OK;
    /* What the flags that a reading turns off changed in the last reading
     * done: a reading that turns off only what changed nothing would read
     * the page as the last one did, and is not done. */
    uint32_t stripped = 0, weighted = 0, cleaned = 0;
    bool noscript = false;
    for (size_t k = 0; k < sizeof tries / sizeof tries[0]; k++) {
        if ((k == 1 && !stripped) || (k == 2 && !weighted) || (k == 3 && !cleaned) ||
            (k == 4 && !noscript))
            continue;
        struct walk w = {.meta = k == 0 ? m : NULL,
                         .strip_unlikely = tries[k].strip,
                         .weight_classes = tries[k].weight,
                         .clean_conditionally = tries[k].clean,
                         .read_noscript = tries[k].noscript,
                         .byline = NONE};
        ext_walk_document(&w, doc);
        if (k == 0) {
            title = ext_meta_title(m, w.heads, w.n_heads);
            base = ext_meta_base_url(m, url);
        }
        struct extract_result r = {0};
        err = read_article(&w, m, title, base, opts, &r);
        size_t chars = r.text ? ext_text_chars(r.text) : 0;
        if (k == 0) {
            stripped = w.n_stripped;
            noscript = !err && chars < MIN_ARTICLE && ext_walk_noscript_article(&w);
        }
        weighted = w.n_weighted;
        cleaned = w.n_cleaned;
        ext_walk_clear(&w);
        if (err || chars > best_chars || k == 0) {
            extract_result_clear(&best);
            best = r;
            best_chars = chars;
        } else {
            extract_result_clear(&r);
        }
        if (err || best_chars >= MIN_ARTICLE)
            break;
    }
    if (err) {
        extract_result_clear(&best);
        free(title);
        free(base);
        return errf(eb, err, "the article is longer than %zu bytes", opts->max_output);
    }
    *out = best;
    out->title = title;
    const char *canonical = ext_meta_canonical(m);
    out->url = canonical ? ext_safe_url(base, canonical, false) : NULL;
    if (!out->url && url)
        out->url = xstrdup(url);
    free(base);
    if (!best_chars)
        return errf(eb, ERR_NOT_FOUND, "no article text found");
    return ERR_OK;
}
