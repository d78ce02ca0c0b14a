/* What the extractor's files share: input preparation (charset, shape limits),
 * the tag table and class/id hints, page metadata, caption credits, and the
 * content walk. Private to src/extract/; every function shared between its
 * files carries the ext_ prefix, so none is mistaken for base's or another
 * stage's (ext_date_parse_ms beside base's date_parse). */
#ifndef OMNIBUS_EXTRACT_INTERNAL_H
#define OMNIBUS_EXTRACT_INTERNAL_H

#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "extract/extract.h"

/* ---- input.c: what libxml2 is given ---- */

/* Decodes data (len bytes) to UTF-8, choosing the charset from a byte order
 * mark, else content_type's charset, else a <meta> declaration, and checking the
 * choice against the bytes (a page declared UTF-8 that is not, or declared
 * Latin-1 that is valid UTF-8, is read as what it is). Invalid sequences become
 * U+FFFD, control characters spaces. *out is a new buffer (free() it) or NULL
 * when data is already clean UTF-8; enc receives the charset's name. ERR_LIMIT
 * when the decoded text would exceed max_out bytes. */
MUST_CHECK enum err ext_input_to_utf8(const char *data, size_t len, const char *content_type,
                                      size_t max_out, char **out, size_t *out_len, char enc[48],
                                      struct errbuf *eb);

/* Refuses (ERR_LIMIT) a document whose shape would make libxml2's HTML parser
 * quadratic: a start tag with thousands of attributes (each is compared with
 * every earlier one), or end tags that each search a very deep stack of open
 * elements. Linear in len. */
MUST_CHECK enum err ext_input_check_shape(const char *data, size_t len, struct errbuf *eb);

/* ---- tags.c: what each element is ---- */

/* The elements the extractor tells apart, in the alphabetical order of their
 * names (ext_tag_of's look-up relies on it); T_OTHER for any other. */
enum tag {
    T_OTHER = 0,
    T_A,
    T_ABBR,
    T_ADDRESS,
    T_AREA,
    T_ARTICLE,
    T_ASIDE,
    T_AUDIO,
    T_B,
    T_BASE,
    T_BDI,
    T_BDO,
    T_BLOCKQUOTE,
    T_BODY,
    T_BR,
    T_BUTTON,
    T_CANVAS,
    T_CAPTION,
    T_CENTER,
    T_CITE,
    T_CODE,
    T_COL,
    T_COLGROUP,
    T_DD,
    T_DEL,
    T_DETAILS,
    T_DFN,
    T_DIALOG,
    T_DIV,
    T_DL,
    T_DT,
    T_EM,
    T_EMBED,
    T_FIELDSET,
    T_FIGCAPTION,
    T_FIGURE,
    T_FONT,
    T_FOOTER,
    T_FORM,
    T_FRAME,
    T_FRAMESET,
    T_H1,
    T_H2,
    T_H3,
    T_H4,
    T_H5,
    T_H6,
    T_HEAD,
    T_HEADER,
    T_HGROUP,
    T_HR,
    T_HTML,
    T_I,
    T_IFRAME,
    T_IMG,
    T_INPUT,
    T_INS,
    T_KBD,
    T_LABEL,
    T_LEGEND,
    T_LI,
    T_LINK,
    T_MAIN,
    T_MAP,
    T_MARK,
    T_MATH,
    T_MENU,
    T_META,
    T_NAV,
    T_NOSCRIPT,
    T_OBJECT,
    T_OL,
    T_OPTGROUP,
    T_OPTION,
    T_OUTPUT,
    T_P,
    T_PARAM,
    T_PICTURE,
    T_PRE,
    T_PROGRESS,
    T_Q,
    T_RP,
    T_RT,
    T_RUBY,
    T_S,
    T_SAMP,
    T_SCRIPT,
    T_SECTION,
    T_SELECT,
    T_SMALL,
    T_SOURCE,
    T_SPAN,
    T_STRIKE,
    T_STRONG,
    T_STYLE,
    T_SUB,
    T_SUMMARY,
    T_SUP,
    T_SVG,
    T_TABLE,
    T_TBODY,
    T_TD,
    T_TEMPLATE,
    T_TEXTAREA,
    T_TFOOT,
    T_TH,
    T_THEAD,
    T_TIME,
    T_TITLE,
    T_TR,
    T_TRACK,
    T_TT,
    T_U,
    T_UL,
    T_VAR,
    T_VIDEO,
    T_WBR,
    T_COUNT
};

enum tag_flag {
    TF_BLOCK = 1 << 0,   /* breaks the flow of text (a paragraph boundary) */
    TF_DIVP = 1 << 1,    /* a child that keeps a <div> from being a paragraph itself */
    TF_SKIP = 1 << 2,    /* not part of the page's text at all (scripts, styles) */
    TF_VOID = 1 << 3,    /* has no content */
    TF_HEADING = 1 << 4, /* h1..h6 */
    TF_NOOUT = 1 << 5,   /* text that counts but is never article content: form
                          * controls, media players, graphics */
};

struct ext_tag_info {
    const char *name;
    uint8_t flags;
    /* The name written in the sanitized HTML, "" to drop the tag but keep its
     * content, NULL to keep neither. */
    const char *out;
};

/* The tag of an element name as libxml2 gives it (lower case). */
enum tag ext_tag_of(const xmlChar *name);
const struct ext_tag_info *ext_tag_info(enum tag t);

enum hint {
    HINT_UNLIKELY = 1 << 0, /* boilerplate by name (navigation, comments, ads...)
                             * and by no name that also marks content */
    HINT_SHARE = 1 << 1,    /* share bars */
    HINT_BYLINE = 1 << 2,   /* author and byline boxes */
};

/* Class and id names seen on one page, by a 64-bit hash of the name, with what
 * they say; zero-initialise it. */
struct hint_cache {
    uint64_t key[509];
    uint16_t groups[509];
};

/* What an element's class and id say: a weight (positive for content,
 * negative for boilerplate) and hint flags. Either string may be NULL. */
int ext_class_hints(struct hint_cache *cache, const char *cls, const char *id, unsigned *hints);

/* ---- text.c: strings as a reader sees them, and walking trees ---- */

/* An iterative walk over a subtree in document order, without recursion (pages
 * nest thousands deep). Each element is reported when opened and when closed;
 * other nodes once, as leaves. */
enum tree_event { TREE_END, TREE_OPEN, TREE_CLOSE, TREE_LEAF };

struct tree_iter {
    xmlNode *root, *cur;
    enum tree_event last;
};

static inline void ext_tree_iter_init(struct tree_iter *it, xmlNode *root)
{
    it->root = root;
    it->cur = NULL;
    it->last = TREE_END;
}

static inline enum tree_event ext_tree_report(struct tree_iter *it, xmlNode *n, xmlNode **node)
{
    it->cur = n;
    *node = n;
    it->last = n->type == XML_ELEMENT_NODE ? TREE_OPEN : TREE_LEAF;
    return it->last;
}

/* The next event and its node; descend says whether to enter the children of
 * the element just opened (ignored after other events). */
static inline enum tree_event ext_tree_next(struct tree_iter *it, bool descend, xmlNode **node)
{
    xmlNode *x = it->cur;
    if (!x)
        return it->root && it->last == TREE_END ? ext_tree_report(it, it->root, node) : TREE_END;
    if (it->last == TREE_OPEN) {
        if (descend && x->children)
            return ext_tree_report(it, x->children, node);
        it->last = TREE_CLOSE;
        *node = x;
        return TREE_CLOSE;
    }
    if (x == it->root) {
        it->root = NULL;
        it->cur = NULL;
        return TREE_END;
    }
    if (x->next)
        return ext_tree_report(it, x->next, node);
    it->cur = x->parent;
    it->last = TREE_CLOSE;
    *node = it->cur;
    return TREE_CLOSE;
}

/* The next element below the iterator's root in document order (the root
 * itself left out), NULL when there is none. */
static inline xmlNode *ext_tree_next_element(struct tree_iter *it)
{
    xmlNode *x;
    enum tree_event ev;
    while ((ev = ext_tree_next(it, true, &x)) != TREE_END)
        if (ev == TREE_OPEN && x != it->root)
            return x;
    return NULL;
}

/* Appends s with runs of white space collapsed to one space. */
MUST_CHECK enum err ext_text_append_collapsed(struct buf *b, const char *s);
/* A new string: s with white space collapsed and trimmed; NULL when empty. */
char *ext_text_clean(const char *s);
/* The visible text of a subtree (scripts and styles left out), collapsed, at
 * most max bytes (cut at a character boundary). A new string, NULL if empty. */
char *ext_node_text(xmlNode *n, size_t max);
/* The same without the subtree at skip (may be NULL). */
char *ext_node_text_without(xmlNode *n, xmlNode *skip, size_t max);
/* The same up to the element stop (the whole text when stop is not in it). */
char *ext_node_text_before(xmlNode *n, xmlNode *stop, size_t max);
/* The same with " | " where a line break or a block begins, so that the
 * lines of a byline box stay apart ("By Kelli Miller<br>WebMD Health News"). */
char *ext_node_lines(xmlNode *n, size_t max);
/* Characters (code points) of a UTF-8 string. */
size_t ext_text_chars(const char *s);
/* Words separated by white space. */
size_t ext_text_words(const char *s);
/* How much of b's words a's words cover: 1 when every word of b is in a. */
double ext_text_similarity(const char *a, const char *b);
/* The value of an attribute as libxml2 stores it (borrowed); NULL when absent. */
const char *ext_attr_value(const xmlNode *n, const char *name);

/* ---- meta.c: what the page says about itself (meta tags, <title>, <html
 * lang>, <base>, <link rel=canonical>; JSON-LD in jsonld.c) ---- */

struct meta;

struct meta *ext_meta_new(void);
void ext_meta_free(struct meta *m);
/* Element hooks for the content walk; each reads only the element it is given. */
void ext_meta_on_meta(struct meta *m, xmlNode *n);
void ext_meta_on_title(struct meta *m, xmlNode *n);
void ext_meta_on_link(struct meta *m, xmlNode *n);
void ext_meta_on_html(struct meta *m, xmlNode *n);
void ext_meta_on_base(struct meta *m, xmlNode *n);
/* Borrowed strings, NULL when the page gives none. */
const char *ext_meta_site_name(struct meta *m);
const char *ext_meta_description(struct meta *m);
const char *ext_meta_lang(struct meta *m);
const char *ext_meta_canonical(struct meta *m);
/* The document's base for relative URLs: <base href> resolved against url
 * (without url, the page's absolute canonical link). */
char *ext_meta_base_url(struct meta *m, const char *url);
/* The lead image metadata names: url, caption, credit (borrowed, may be NULL). */
void ext_meta_image(struct meta *m, const char **url, const char **caption, const char **credit);
/* The other pictures metadata names (borrowed, at most max into out): every
 * og:image in page order, then the one the meta tags would give, without
 * the one ext_meta_image gives. Returns how many. */
size_t ext_meta_image_others(struct meta *m, const char **out, size_t max);

/* ---- jsonld.c: the page's schema.org Article ---- */

/* Reads a <script type="application/ld+json"> into m; the first Article found
 * wins. */
void ext_meta_on_jsonld(struct meta *m, xmlNode *script);

/* ---- title.c: the headline ---- */

/* An h1 or h2 of the page, as the content walk found it. */
struct heading {
    xmlNode *node;
    int level;  /* 1, 2; 0 for an h1 in a box dropped for its name */
    char *text; /* collapsed; owned by whoever keeps the list */
};

/* The article's title by the documented order of trust, the <title> element
 * judged against the page's headings (a new string or NULL). */
char *ext_meta_title(struct meta *m, const struct heading *hs, size_t n);

/* ---- byline.c: author names ---- */

/* The byline from metadata (JSON-LD unless jsonld is false, then meta
 * tags), as names; *n is 0 when none. */
char **ext_meta_byline(struct meta *m, bool jsonld, size_t *n);
/* Whether JSON-LD's authors are the site's user accounts (Yoast's
 * "#/schema/person/" references): the account that posted the article,
 * who may not be who wrote it. */
bool ext_meta_byline_accounts(struct meta *m);
/* The persons one byline string names, as a reader would credit them: "By A
 * and B", "Av A, TT", "By TOM KRISHER, AP Auto Writer" (-> "Tom Krisher"),
 * "Finian Cunningham. Sputnik International". Labels, agencies, job titles,
 * placeholders ("Staff Reporter", "Web Desk", "Admin"), dates, places between
 * names, organisations and user names in lower case are left out; a string
 * that credits site (the site's name, may be NULL) names no one. Returns how
 * many were stored in names (new strings), at most max. */
size_t ext_byline_split(const char *s, const char *site, char **names, size_t max);
/* True when s reads as a byline ("By X", "Av X", "X, TT") and nothing else. */
bool ext_byline_text_like(const char *s);
/* True when s is only a byline's label ("Von:", "Autoren:", "By"). */
bool ext_byline_label_only(const char *s);

/* ---- date.c: publication and modification dates ---- */

/* UTC milliseconds of a date string (RFC 3339, RFC 822, with milliseconds when
 * given); false when it is not one. */
bool ext_date_parse_ms(const char *s, int64_t *ms);
/* The publication and modification times from metadata, UTC ms; 0 when none. */
int64_t ext_meta_published(struct meta *m);
/* The day an article's address gives ("/2015/03/18/"), at midnight UTC, in
 * ms; 0 when it gives none. url may be NULL. */
int64_t ext_url_date(const char *url);
int64_t ext_meta_modified(struct meta *m);

/* ---- credit.c: photo credits ---- */

/* Splits a caption into the caption proper and its embedded credit ("(Name /
 * AP)", "Foto: Name/TT", "Photo: Name/Reuters", "Bild: ...", "Image: ...").
 * *caption and *credit are new strings or NULL. */
void ext_caption_split(const char *text, char **caption, char **credit);
/* The picture credit a line at an article's foot gives after a label that
 * names a picture ("Foto: Name / Pixabay (Symbolbild)" -> "Name /
 * Pixabay"), without notes on the picture's kind; a new string or NULL. */
char *ext_foot_credit(const char *text);
/* The credit of a line that is only a picture's credit after its label
 * ("© DVFG/AdobeStock", "Foto: Name"; not "By: Name", which may be the
 * byline); a new string or NULL. */
char *ext_credit_line(const char *text);
/* A credit as the page shows it, without its label and parentheses ("Photo:
 * Name/AP", "(Bild: Name)", "CreditName"); a new string or NULL. */
char *ext_credit_clean(const char *s);

/* ---- walk.c: the one walk over the whole page ---- */

#define NONE UINT32_MAX
/* An article shorter than this (in characters) makes the reading start again
 * with less removed up front; share bars shorter than this are removed. */
#define MIN_ARTICLE 500
#define MAX_HEADINGS 64
#define MAX_TIMES 32
#define MAX_FIGURES 64
#define MAX_NOSCRIPTS 16

enum nflag {
    N_DROP = 1 << 0,         /* never content: skipped, hidden, unlikely by name */
    N_CLEAN = 1 << 1,        /* removed from the article by cleaning */
    N_BLOCK_DESC = 1 << 2,   /* a block element below (so a div is no paragraph) */
    N_RUN_BR = 1 << 3,       /* the inline text so far follows two line breaks */
    N_IN_CODE = 1 << 4,      /* inside pre or code, never cleaned */
    N_IN_DATA = 1 << 5,      /* a data table or inside one, never cleaned */
    N_HAS_DATA = 1 << 6,     /* holds a data table */
    N_IN_FIGURE = 1 << 7,    /* inside a figure */
    N_CANDIDATE = 1 << 8,    /* scored by the paragraphs below */
    N_PARA = 1 << 9,         /* a paragraph: <p>, or a <div> of text only */
    N_BYLINE_HINT = 1 << 10, /* named or marked as an author box */
    N_HAS_VIDEO = 1 << 11,   /* holds an embedded video player */
    N_PASS = 1 << 12,        /* a <div> around a single <p>: scores pass through it */
    N_IN_TABLE = 1 << 13,    /* inside a table */
    N_SHARE = 1 << 14,       /* named as a share bar */
    N_STRIPPED = 1 << 15,    /* dropped for its name (not hidden): a header
                              * box whose byline and date a reader sees */
};

/* A stretch of text as a reader counts it: white space runs are one
 * character, and where two stretches meet their runs merge. */
struct span {
    uint32_t len;
    bool lead, trail; /* starts, ends with white space */
};

struct node {
    xmlNode *xml;
    uint32_t parent;
    uint32_t end; /* one past the last descendant in walk order */
    /* The subtree's text, its length trimmed (text), link text (a link to
     * the same page counts 0.3) and commas. */
    struct span span;
    uint32_t text, commas;
    float link;
    /* The same over what cleaning keeps, and the counts its rules look at. */
    struct span kspan;
    uint32_t ktext, kcommas, kheading, ktextish;
    float klink;
    uint32_t kp, kimg, kli, kinput;
    uint32_t own;  /* non-space characters in the element's own text nodes */
    uint32_t kids; /* element children (not counting those never content) */
    /* Inline text since the last block child: an implied paragraph. */
    struct span run;
    uint32_t run_commas;
    uint32_t pos; /* characters of text before the element */
    float score;
    int16_t weight;
    uint8_t tag;
    uint16_t flags;
};

/* A <time datetime> of the page: the element, and the walk's record it sits
 * at (its own, or that of the box around it that was dropped for its name:
 * templates name the article's header "header" or "meta"). */
struct time_ref {
    xmlNode *node;
    uint32_t at;
    bool dropped;
};

/* A paragraph's score, waiting to be given to its ancestors from first. */
struct unit {
    uint32_t first;
    float score;
};

struct walk {
    struct node *nodes;
    size_t n, cap;
    struct unit *units;
    size_t n_units, cap_units;
    struct meta *meta;
    bool strip_unlikely, weight_classes, clean_conditionally;
    /* Read a <noscript> of prose as part of the page (the last resort of a
     * page whose text a script writes). */
    bool read_noscript;
    uint32_t chars; /* text seen so far */
    size_t table_budget;
    struct heading heads[MAX_HEADINGS];
    size_t n_heads;
    struct time_ref times[MAX_TIMES];
    size_t n_times;
    /* Figures and images, in page order (an image a lazy loader shows by
     * the <noscript> that holds it). */
    uint32_t figures[MAX_FIGURES];
    size_t n_figures;
    /* Figures and images inside boxes dropped for their names (a lead
     * picture in a box named for sharing): they count only when they show
     * the picture the metadata names. */
    xmlNode *dropped_figures[MAX_FIGURES];
    size_t n_dropped_figures;
    uint32_t byline; /* the first author box, NONE if none */
    struct hint_cache hints;
    /* What the walk's flags changed, so that a reading with other flags
     * that could change nothing is not done: elements dropped for their
     * names (strip_unlikely), elements whose names weigh (weight_classes,
     * counted whatever the flag), elements cleaning removed for their
     * content or their tag (clean_conditionally), and the <noscript>s visited
     * (read_noscript; more than MAX_NOSCRIPTS counts as many). */
    uint32_t n_stripped, n_weighted, n_cleaned;
    xmlNode *noscripts[MAX_NOSCRIPTS];
    size_t n_noscripts;
};

/* The walk's record of an element (NONE when the walk did not visit it). */
static inline uint32_t ext_node_index(const xmlNode *x)
{
    return x && x->_private ? (uint32_t)((uintptr_t)x->_private - 1) : NONE;
}

/* Walks the document once: a struct node for every element visited (the
 * element's _private points at it), paragraph units, headings, times, figures,
 * the author box, and metadata into w->meta when it is set. w's flags say how
 * much to remove up front. */
void ext_walk_document(struct walk *w, xmlDoc *doc);
/* The <img> a <noscript> holds as its first element: the picture a lazy
 * loader shows, for readers without scripts; NULL when it holds none. */
xmlNode *ext_noscript_img(xmlNode *noscript);
/* Whether a <noscript> the walk visited (any, past MAX_NOSCRIPTS) holds
 * the article itself, as read_noscript would read it. */
bool ext_walk_noscript_article(const struct walk *w);
/* Frees what the walk allocated (not w itself) and empties w. */
void ext_walk_clear(struct walk *w);
/* Whether an element sits in a teaser of another article: a list item (a
 * few levels up) that holds a heading with a link in it or around it ("Sur
 * le même sujet": each related article's headline, then "Par NAME"); its
 * byline credits that article. */
bool ext_in_teaser(xmlNode *x);
/* Whether x is a text node of white space only. */
bool ext_is_space_text(const xmlNode *x);

/* ---- output.c: the article as text and HTML ---- */

/* Writes the subtrees at roots (walk indices), without what the walk marked
 * N_DROP or N_CLEAN, as plain text (paragraphs separated by blank lines) and
 * a sanitized HTML fragment with URLs resolved against base. *text and *html
 * are new strings. ERR_LIMIT when either would exceed max bytes. */
MUST_CHECK enum err ext_write_article(struct walk *w, const uint32_t *roots, size_t n,
                                      const char *base, size_t max, char **text, char **html);

/* ---- image.c: URLs worth keeping, and the lead image ---- */

/* The absolute URL of ref against base when it is http(s) (or mailto: when
 * mailto is set); a new string, or NULL for anything else (javascript:, data:). */
char *ext_safe_url(const char *base, const char *ref, bool mailto);
/* The absolute URL an <img> shows: src, or the attribute a lazy loader keeps
 * it in, or its <picture>'s first source. A new string or NULL. */
char *ext_image_src(xmlNode *img, const char *base);
/* Whether an element's class names a picture's caption or photo credit
 * ("caption", "wp-caption-text", "credit", "photographer"). */
bool ext_picture_text_named(const xmlNode *x);
/* Whether x holds a caption: a <figcaption>, or an element named as one
 * (class or itemprop). */
bool ext_caption_named(const xmlNode *x);

/* A figure or image of the page, in page order. */
struct image_candidate {
    xmlNode *node;
    bool early;   /* ahead of the article's text */
    bool outside; /* neither in the article nor in its header: counts only
                   * when it shows the image the metadata names */
};

/* The lead image: the one metadata names, captioned by the candidate that
 * shows it (or leads the article), else the first large candidate; with the
 * caption and the credit split from it. */
void ext_lead_image(struct meta *m, const char *base, const struct image_candidate *c, size_t n,
                    struct extract_image *out);

/* ---- content.c: the article itself ---- */

/* Walks the parsed document once, collecting metadata into m and scoring
 * content, then writes the article's text and HTML and lead image into out.
 * url is the page's address. ERR_NOT_FOUND when no article text is found;
 * ERR_LIMIT when output would exceed opts->max_output. */
MUST_CHECK enum err ext_content_extract(xmlDoc *doc, const char *url, struct meta *m,
                                        const struct extract_options *opts,
                                        struct extract_result *out, struct errbuf *eb);

#endif
