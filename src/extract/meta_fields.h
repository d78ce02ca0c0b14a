/* The page-metadata record that meta.c (meta tags and element hooks),
 * jsonld.c, title.c, byline.c and date.c fill and read. Private to those
 * files; the rest of the extractor sees struct meta through
 * extract_internal.h's accessors. */
#ifndef OMNIBUS_EXTRACT_META_FIELDS_H
#define OMNIBUS_EXTRACT_META_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

/* Names of a byline kept at most. */
#define MAX_NAMES 16

enum key {
    K_DC_TITLE,
    K_DCTERM_TITLE,
    K_OG_TITLE,
    K_WEIBO_ARTICLE_TITLE,
    K_WEIBO_WEBPAGE_TITLE,
    K_TITLE,
    K_TWITTER_TITLE,
    K_PARSELY_TITLE,
    K_DC_CREATOR,
    K_DCTERM_CREATOR,
    K_AUTHOR,
    K_PARSELY_AUTHOR,
    K_ARTICLE_AUTHOR,
    K_SAILTHRU_AUTHOR,
    K_ARTICLE_PUBLISHED,
    K_PARSELY_PUB_DATE,
    K_OG_PUBLISHED,
    K_DATE_PUBLISHED,
    K_DC_DATE,
    K_DCTERM_CREATED,
    K_PUBDATE,
    K_PUBLISH_DATE,
    K_SAILTHRU_DATE,
    K_DATE,
    K_OTHER_PUBLISHED,
    K_ARTICLE_MODIFIED,
    K_OG_UPDATED,
    K_DATE_MODIFIED,
    K_OG_SITE_NAME,
    K_APPLICATION_NAME,
    K_DC_DESCRIPTION,
    K_DCTERM_DESCRIPTION,
    K_OG_DESCRIPTION,
    K_WEIBO_ARTICLE_DESCRIPTION,
    K_WEIBO_WEBPAGE_DESCRIPTION,
    K_DESCRIPTION,
    K_TWITTER_DESCRIPTION,
    K_OG_IMAGE,
    K_OG_IMAGE_URL,
    K_OG_IMAGE_SECURE_URL,
    K_TWITTER_IMAGE,
    K_TWITTER_IMAGE_SRC,
    K_OG_LOCALE,
    K_OG_URL,
    K_CONTENT_LANGUAGE,
    K_DC_LANGUAGE,
    K_COUNT
};

/* What the page's JSON-LD Article says (jsonld.c). */
struct jsonld {
    bool found;
    char *name, *headline;
    char *authors[MAX_NAMES];
    size_t n_authors;
    /* The authors are a site's user accounts: a reference to a Person of
     * the @graph under ".../schema/person/..." (Yoast writes the WordPress
     * user who posted the article, whoever wrote it). */
    bool authors_accounts;
    char *published, *modified;
    char *site_name, *description, *lang;
    char *image, *image_caption, *image_credit;
    /* datePublished of a WebPage object, for a page whose Article gives none. */
    char *page_published;
};

/* og:image values kept in page order (a page may list several). */
#define MAX_OG_IMAGES 4

/* Meta tag values by key, the last of each kept; the elements' own values. */
struct meta {
    char *values[K_COUNT];
    char *og_images[MAX_OG_IMAGES];
    size_t n_og_images;
    char *doc_title;
    char *html_lang;
    char *base_href;
    char *canonical;
    struct jsonld ld;
};

/* A metadata value as it is kept: second-level entities undone, white space
 * collapsed; a new string, NULL when nothing is left (or s is NULL). */
char *ext_meta_value_clean(const char *s);
/* Frees what ld holds and empties it. */
void ext_jsonld_clear(struct jsonld *ld);

#endif
