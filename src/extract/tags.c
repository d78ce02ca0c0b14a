/* What each element is (the tag table) and what its class and id say (hints).
 * Both run for every element of every page, so both are table look-ups with no
 * allocation. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"

#define B TF_BLOCK
#define D TF_DIVP
#define S TF_SKIP
#define V TF_VOID
#define H TF_HEADING
#define N TF_NOOUT

/* Indexed by enum tag, which is in alphabetical order, so ext_tag_of can search it. */
static const struct ext_tag_info tags[T_COUNT] = {
    [T_OTHER] = {"", 0, ""},
    [T_A] = {"a", 0, "a"},
    [T_ABBR] = {"abbr", 0, "abbr"},
    [T_ADDRESS] = {"address", B, "div"},
    [T_AREA] = {"area", S | V, NULL},
    [T_ARTICLE] = {"article", B, "div"},
    [T_ASIDE] = {"aside", B, "div"},
    [T_AUDIO] = {"audio", N, NULL},
    [T_B] = {"b", 0, "b"},
    [T_BASE] = {"base", S | V, NULL},
    [T_BDI] = {"bdi", 0, ""},
    [T_BDO] = {"bdo", 0, ""},
    [T_BLOCKQUOTE] = {"blockquote", B | D, "blockquote"},
    [T_BODY] = {"body", B, ""},
    [T_BR] = {"br", V, "br"},
    [T_BUTTON] = {"button", N, NULL},
    [T_CANVAS] = {"canvas", N, NULL},
    [T_CAPTION] = {"caption", B, "caption"},
    [T_CENTER] = {"center", B, "div"},
    [T_CITE] = {"cite", 0, "cite"},
    [T_CODE] = {"code", 0, "code"},
    [T_COL] = {"col", S | V, NULL},
    [T_COLGROUP] = {"colgroup", S, NULL},
    [T_DD] = {"dd", B, "dd"},
    [T_DEL] = {"del", 0, "del"},
    [T_DETAILS] = {"details", B, "div"},
    [T_DFN] = {"dfn", 0, "dfn"},
    [T_DIALOG] = {"dialog", B | N, NULL},
    [T_DIV] = {"div", B | D, "div"},
    [T_DL] = {"dl", B | D, "dl"},
    [T_DT] = {"dt", B, "dt"},
    [T_EM] = {"em", 0, "em"},
    [T_EMBED] = {"embed", N | V, NULL},
    [T_FIELDSET] = {"fieldset", B, "div"},
    [T_FIGCAPTION] = {"figcaption", B, "figcaption"},
    [T_FIGURE] = {"figure", B, "figure"},
    [T_FONT] = {"font", 0, ""},
    [T_FOOTER] = {"footer", B, "div"},
    [T_FORM] = {"form", B, "div"},
    [T_FRAME] = {"frame", S, NULL},
    [T_FRAMESET] = {"frameset", S, NULL},
    [T_H1] = {"h1", B | H, "h2"},
    [T_H2] = {"h2", B | H, "h2"},
    [T_H3] = {"h3", B | H, "h3"},
    [T_H4] = {"h4", B | H, "h4"},
    [T_H5] = {"h5", B | H, "h5"},
    [T_H6] = {"h6", B | H, "h6"},
    [T_HEAD] = {"head", B, NULL},
    [T_HEADER] = {"header", B, "div"},
    [T_HGROUP] = {"hgroup", B, "div"},
    [T_HR] = {"hr", B | V, "hr"},
    [T_HTML] = {"html", B, ""},
    [T_I] = {"i", 0, "i"},
    [T_IFRAME] = {"iframe", S, NULL},
    [T_IMG] = {"img", D | V, "img"},
    [T_INPUT] = {"input", N | V, NULL},
    [T_INS] = {"ins", 0, "ins"},
    [T_KBD] = {"kbd", 0, "kbd"},
    [T_LABEL] = {"label", 0, ""},
    [T_LEGEND] = {"legend", B, "div"},
    [T_LI] = {"li", B, "li"},
    [T_LINK] = {"link", S | V, NULL},
    [T_MAIN] = {"main", B, "div"},
    [T_MAP] = {"map", N, NULL},
    [T_MARK] = {"mark", 0, "mark"},
    [T_MATH] = {"math", 0, ""},
    [T_MENU] = {"menu", B, "ul"},
    [T_META] = {"meta", S | V, NULL},
    [T_NAV] = {"nav", B, "div"},
    [T_NOSCRIPT] = {"noscript", S, NULL},
    [T_OBJECT] = {"object", N, NULL},
    [T_OL] = {"ol", B | D, "ol"},
    [T_OPTGROUP] = {"optgroup", N, NULL},
    [T_OPTION] = {"option", N, NULL},
    [T_OUTPUT] = {"output", 0, ""},
    [T_P] = {"p", B | D, "p"},
    [T_PARAM] = {"param", S | V, NULL},
    [T_PICTURE] = {"picture", 0, ""},
    [T_PRE] = {"pre", B | D, "pre"},
    [T_PROGRESS] = {"progress", N, NULL},
    [T_Q] = {"q", 0, "q"},
    [T_RP] = {"rp", 0, ""},
    [T_RT] = {"rt", 0, ""},
    [T_RUBY] = {"ruby", 0, ""},
    [T_S] = {"s", 0, "s"},
    [T_SAMP] = {"samp", 0, "samp"},
    [T_SCRIPT] = {"script", S, NULL},
    [T_SECTION] = {"section", B, "div"},
    [T_SELECT] = {"select", N, NULL},
    [T_SMALL] = {"small", 0, "small"},
    /* Empty, but libxml2 does not know it and nests what follows (the
     * <picture>'s <img>) inside: read through, never written. */
    [T_SOURCE] = {"source", 0, ""},
    [T_SPAN] = {"span", 0, ""},
    [T_STRIKE] = {"strike", 0, "s"},
    [T_STRONG] = {"strong", 0, "strong"},
    [T_STYLE] = {"style", S, NULL},
    [T_SUB] = {"sub", 0, "sub"},
    [T_SUMMARY] = {"summary", B, "div"},
    [T_SUP] = {"sup", 0, "sup"},
    [T_SVG] = {"svg", N, NULL},
    [T_TABLE] = {"table", B | D, "table"},
    [T_TBODY] = {"tbody", B, "tbody"},
    [T_TD] = {"td", B, "td"},
    [T_TEMPLATE] = {"template", S, NULL},
    [T_TEXTAREA] = {"textarea", N, NULL},
    [T_TFOOT] = {"tfoot", B, "tfoot"},
    [T_TH] = {"th", B, "th"},
    [T_THEAD] = {"thead", B, "thead"},
    [T_TIME] = {"time", 0, "time"},
    [T_TITLE] = {"title", S, NULL},
    [T_TR] = {"tr", B, "tr"},
    [T_TRACK] = {"track", S | V, NULL},
    [T_TT] = {"tt", 0, "code"},
    [T_U] = {"u", 0, "u"},
    [T_UL] = {"ul", B | D, "ul"},
    [T_VAR] = {"var", 0, "var"},
    [T_VIDEO] = {"video", N, NULL},
    [T_WBR] = {"wbr", V, ""},
};

#undef B
#undef D
#undef S
#undef V
#undef H
#undef N

/* Where each first letter's tags start in the table; the next letter's start
 * ends them (letters without tags start where the next one does). */
static const uint8_t letter_start[27] = {
    T_A,   T_B,     T_CANVAS, T_DD,   T_EM,  T_FIELDSET, T_H1,    T_H1,    T_I,
    T_KBD, T_KBD,   T_LABEL,  T_MAIN, T_NAV, T_OBJECT,   T_P,     T_Q,     T_RP,
    T_S,   T_TABLE, T_U,      T_VAR,  T_WBR, T_COUNT,    T_COUNT, T_COUNT, T_COUNT};

enum tag ext_tag_of(const xmlChar *name)
{
    if (!name || name[0] < 'a' || name[0] > 'z')
        return T_OTHER;
    int c = name[0] - 'a';
    for (int t = letter_start[c]; t < letter_start[c + 1]; t++)
        if (tags[t].name[1] == (char)name[1] && !strcmp(tags[t].name, (const char *)name))
            return (enum tag)t;
    return T_OTHER;
}

const struct ext_tag_info *ext_tag_info(enum tag t)
{
    return &tags[t < T_COUNT ? t : T_OTHER];
}

/* ---- class and id hints ---- */

enum group {
    G_UNLIKELY = 1 << 0, /* boilerplate: removed before scoring */
    G_MAYBE = 1 << 1,    /* ...unless the name also says content */
    G_NEG = 1 << 2,      /* weighs against */
    G_POS = 1 << 3,      /* weighs for */
    G_SHARE = 1 << 4,
    G_BYLINE = 1 << 5,
    G_WORD = 1 << 6, /* matches only a whole word of the name */
};

struct keyword {
    const char *text;
    unsigned groups;
    size_t len;
};

/* A keyword's length without strlen at each use. */
#define KW(s, g)                                                                                   \
    {                                                                                              \
        s, g, sizeof(s) - 1                                                                        \
    }

/* Substrings of class and id names, by first character. What they are is the
 * common knowledge of page templates: navigation, comments, share bars, ads,
 * cookie and newsletter boxes on one side; article bodies on the other. */
static const struct keyword kw_dash[] = {KW("-ad-", G_UNLIKELY | G_NEG), {NULL, 0, 0}};
static const struct keyword kw_a[] = {KW("about-author", G_UNLIKELY | G_NEG),
                                      KW("ad-break", G_UNLIKELY),
                                      KW("affiliate", G_UNLIKELY | G_NEG),
                                      KW("agegate", G_UNLIKELY),
                                      KW("ai2html", G_UNLIKELY),
                                      KW("article", G_MAYBE | G_POS),
                                      KW("author", G_BYLINE),
                                      KW("author-bio", G_UNLIKELY | G_NEG),
                                      KW("author-box", G_UNLIKELY | G_NEG),
                                      KW("author-desc", G_UNLIKELY | G_NEG),
                                      KW("author-info", G_UNLIKELY | G_NEG),
                                      KW("authorbio", G_UNLIKELY | G_NEG),
                                      KW("authorbox", G_UNLIKELY | G_NEG),
                                      {NULL, 0, 0}};
static const struct keyword kw_b[] = {
    KW("banner", G_UNLIKELY | G_NEG), KW("blog", G_POS),      KW("body", G_MAYBE | G_POS),
    KW("breadcrumb", G_UNLIKELY),     KW("byline", G_BYLINE), {NULL, 0, 0}};
static const struct keyword kw_c[] = {KW("column", G_MAYBE),
                                      KW("com-", G_NEG),
                                      KW("combx", G_UNLIKELY | G_NEG),
                                      KW("comment", G_UNLIKELY | G_NEG),
                                      KW("community", G_UNLIKELY),
                                      KW("contact", G_NEG),
                                      KW("cookie", G_UNLIKELY | G_NEG),
                                      KW("consent", G_UNLIKELY | G_NEG),
                                      KW("content", G_MAYBE | G_POS),
                                      KW("cover-wrap", G_UNLIKELY),
                                      {NULL, 0, 0}};
static const struct keyword kw_d[] = {
    KW("dateline", G_BYLINE), KW("disqus", G_UNLIKELY), {NULL, 0, 0}};
static const struct keyword kw_e[] = {KW("entry", G_POS), KW("extra", G_UNLIKELY), {NULL, 0, 0}};
static const struct keyword kw_f[] = {KW("footer", G_UNLIKELY | G_NEG), {NULL, 0, 0}};
static const struct keyword kw_g[] = {KW("gdpr", G_UNLIKELY | G_NEG), {NULL, 0, 0}};
static const struct keyword kw_h[] = {KW("h-entry", G_POS), KW("header", G_UNLIKELY),
                                      KW("hentry", G_POS),  KW("hid", G_NEG | G_WORD),
                                      KW("hidden", G_NEG),  {NULL, 0, 0}};
static const struct keyword kw_k[] = {KW("kommentar", G_UNLIKELY | G_NEG), {NULL, 0, 0}};
static const struct keyword kw_l[] = {KW("legends", G_UNLIKELY), {NULL, 0, 0}};
static const struct keyword kw_m[] = {KW("main", G_MAYBE | G_POS),
                                      KW("masthead", G_NEG),
                                      KW("mathjax", G_MAYBE),
                                      KW("media", G_NEG),
                                      KW("m-a-box", G_UNLIKELY | G_NEG),
                                      KW("menu", G_UNLIKELY),
                                      KW("meta", G_NEG),
                                      {NULL, 0, 0}};
static const struct keyword kw_o[] = {KW("outbrain", G_NEG), {NULL, 0, 0}};
static const struct keyword kw_p[] = {
    KW("p-author", G_BYLINE), KW("page", G_POS),
    KW("pager", G_UNLIKELY),  KW("pagination", G_UNLIKELY | G_POS),
    KW("popup", G_UNLIKELY),  KW("post", G_POS),
    KW("promo", G_NEG),       {NULL, 0, 0}};
static const struct keyword kw_r[] = {KW("related", G_UNLIKELY | G_NEG),
                                      KW("remark", G_UNLIKELY),
                                      KW("replies", G_UNLIKELY),
                                      KW("rss", G_UNLIKELY),
                                      {NULL, 0, 0}};
static const struct keyword kw_s[] = {KW("scroll", G_NEG),
                                      KW("shadow", G_MAYBE),
                                      KW("share", G_NEG),
                                      KW("share", G_SHARE | G_WORD),
                                      KW("sharedaddy", G_SHARE),
                                      KW("shopping", G_NEG),
                                      KW("shoutbox", G_UNLIKELY | G_NEG),
                                      KW("sidebar", G_UNLIKELY | G_NEG),
                                      KW("skyscraper", G_UNLIKELY | G_NEG),
                                      KW("saboxplugin", G_UNLIKELY | G_NEG),
                                      KW("social", G_UNLIKELY),
                                      KW("sponsor", G_UNLIKELY | G_NEG),
                                      KW("story", G_POS),
                                      KW("supplemental", G_UNLIKELY),
                                      {NULL, 0, 0}};
static const struct keyword kw_t[] = {KW("tags", G_NEG), KW("text", G_POS), {NULL, 0, 0}};
static const struct keyword kw_w[] = {KW("widget", G_NEG), KW("writtenby", G_BYLINE), {NULL, 0, 0}};
static const struct keyword kw_y[] = {KW("yom-remote", G_UNLIKELY), {NULL, 0, 0}};

static const struct keyword *keywords_for(unsigned char c)
{
    static const struct keyword *const by_letter[26] = {
        ['a' - 'a'] = kw_a, ['b' - 'a'] = kw_b, ['c' - 'a'] = kw_c, ['d' - 'a'] = kw_d,
        ['e' - 'a'] = kw_e, ['f' - 'a'] = kw_f, ['g' - 'a'] = kw_g, ['h' - 'a'] = kw_h,
        ['k' - 'a'] = kw_k, ['l' - 'a'] = kw_l, ['m' - 'a'] = kw_m, ['o' - 'a'] = kw_o,
        ['p' - 'a'] = kw_p, ['r' - 'a'] = kw_r, ['s' - 'a'] = kw_s, ['t' - 'a'] = kw_t,
        ['w' - 'a'] = kw_w, ['y' - 'a'] = kw_y,
    };
    if (c == '-')
        return kw_dash;
    return c >= 'a' && c <= 'z' ? by_letter[c - 'a'] : NULL;
}

/* The groups of every keyword found in s (case-insensitively). */
static unsigned scan_name(const char *s)
{
    if (!s)
        return 0;
    char low[256];
    size_t n = 0;
    for (; s[n] && n < sizeof low - 1; n++)
        low[n] = (char)tolower((unsigned char)s[n]);
    low[n] = '\0';
    unsigned found = 0;
    for (size_t i = 0; i < n; i++) {
        const struct keyword *k = keywords_for((unsigned char)low[i]);
        for (; k && k->text; k++) {
            size_t kl = k->len;
            if (kl > n - i || low[i + 1] != k->text[1] || memcmp(low + i, k->text, kl))
                continue;
            /* A whole word: letters and digits around it end the match, '_' and
             * '-' do not. */
            if ((k->groups & G_WORD) && ((i > 0 && isalnum((unsigned char)low[i - 1])) ||
                                         (i + kl < n && isalnum((unsigned char)low[i + kl]))))
                continue;
            /* Drupal's "field--label-hidden" hides a field's label, not the
             * field (its text is often the whole article). */
            if (kl == 6 && !memcmp(k->text, "hidden", 6) && i >= 6 &&
                !memcmp(low + i - 6, "label-", 6))
                continue;
            found |= k->groups;
        }
    }
    return found;
}

static int weight_of(unsigned groups)
{
    return (groups & G_NEG ? -25 : 0) + (groups & G_POS ? 25 : 0);
}

/* scan_name through the cache: a page repeats its class names. */
static unsigned scan_cached(struct hint_cache *cache, const char *s)
{
    if (!s || !*s)
        return 0;
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    h |= 1; /* 0 marks an empty slot */
    size_t slot = h % (sizeof cache->key / sizeof cache->key[0]);
    if (cache->key[slot] != h) {
        cache->key[slot] = h;
        cache->groups[slot] = (uint16_t)scan_name(s);
    }
    return cache->groups[slot];
}

int ext_class_hints(struct hint_cache *cache, const char *cls, const char *id, unsigned *hints)
{
    unsigned c = scan_cached(cache, cls), i = scan_cached(cache, id), all = c | i;
    *hints = 0;
    if ((all & G_UNLIKELY) && !(all & G_MAYBE))
        *hints |= HINT_UNLIKELY;
    if (all & G_SHARE)
        *hints |= HINT_SHARE;
    if (all & G_BYLINE)
        *hints |= HINT_BYLINE;
    return weight_of(c) + weight_of(i);
}
