/* The languages of the site's own words and the phrase table that holds them:
 * every string of the interface, in Swedish and English. Which language a
 * request gets: ?lang= first, then the best Accept-Language match, then the
 * configured default. */
#ifndef OMNIBUS_WEB_LANG_H
#define OMNIBUS_WEB_LANG_H

#include <stdbool.h>

enum site_lang { SITE_SV, SITE_EN, SITE_LANG_COUNT };

enum phrase {
    PH_SITE_TAGLINE,
    PH_NAV_HOME,
    PH_NAV_ABOUT,
    PH_LANG_NAME, /* the language's name in itself: "Svenska" */
    PH_SKIP,
    PH_HOME_TITLE,
    PH_HOME_INTRO,
    PH_HOME_EMPTY,
    PH_HOME_NO_SOURCES,
    PH_HOME_ALL_FAILING, /* no articles, and the last fetch of every source failed */
    PH_ARTICLES_1, /* after the number 1: "artikel" */
    PH_ARTICLES_N, /* after another number: "artiklar" */
    PH_ALL_FROM_SOURCE,
    PH_SOURCE_ABOUT,
    PH_SOURCE_SITE,
    PH_SOURCE_FEED,
    PH_SOURCE_LANG,
    PH_SOURCE_COUNTRY,
    PH_SOURCE_KIND,
    PH_SOURCE_OWNER,
    PH_SOURCE_STANCE,
    PH_SOURCE_DISABLED,
    PH_UNKNOWN,
    PH_HEALTH,
    PH_HEALTH_LAST_SUCCESS,
    PH_HEALTH_LAST_FETCH,
    PH_HEALTH_FAILURES,
    PH_HEALTH_NEXT_FETCH,
    PH_HEALTH_ITEMS_SEEN,
    PH_HEALTH_ILL_FORMED,
    PH_HEALTH_OK,
    PH_HEALTH_FAILING_SINCE,
    PH_HEALTH_NEVER_REACHED,
    PH_HEALTH_NEVER,
    PH_RECENT_ARTICLES,
    PH_NO_ARTICLES,
    PH_ABOUT_TITLE,
    PH_ABOUT_P1,
    PH_ABOUT_P2,
    PH_ABOUT_P3,
    PH_ABOUT_SOURCES,
    PH_ABOUT_SOURCES_INTRO,
    PH_COL_SOURCE,
    PH_KIND_NEWS,
    PH_KIND_ANALYSIS,
    PH_KIND_OPINION,
    PH_KIND_WIRE,
    PH_KIND_PUBLIC_SERVICE,
    PH_FEEDS,
    PH_FOOTER_INDEPENDENCE,
    PH_FOOTER_METHOD,
    PH_ERR_400_TITLE,
    PH_ERR_400_TEXT,
    PH_ERR_404_TITLE,
    PH_ERR_404_TEXT,
    PH_ERR_405_TITLE,
    PH_ERR_405_TEXT,
    PH_ERR_500_TITLE,
    PH_ERR_500_TEXT,
    PH_ERR_503_TITLE,
    PH_ERR_503_TEXT,
    PH_ERR_429_TITLE,
    PH_ERR_429_TEXT,
    PH_BACK_HOME,
    PH_FEED_TITLE,
    PH_FEED_SUBTITLE,
    PH_NAV_SEARCH,
    PH_STORIES_TITLE,
    PH_STORIES_INTRO,
    PH_NEWSROOMS_1, /* after the number 1: "oberoende redaktion" */
    PH_NEWSROOMS_N,
    PH_OUTLETS_1,
    PH_OUTLETS_N,
    PH_READ_MORE,
    PH_BACKGROUND,
    PH_LICENCE,
    PH_DUMP_OF,
    PH_BALANCE,
    PH_HISTORY,
    PH_PUBLISHED,
    PH_UPDATED,
    PH_CHANGE_MORE_1, /* "1 källa till" */
    PH_CHANGE_MORE_N, /* after a number: "källor till" */
    PH_CHANGE_LESS_1,
    PH_CHANGE_LESS_N,
    PH_CHANGE_HEADLINE,
    PH_CHANGE_RECOMPOSED,
    PH_ONLY_IN_OTHER,
    PH_STORY_METHOD,
    PH_STORY_FEED_SUBTITLE,
    PH_STORIES_FEED_SUBTITLE,
    PH_SEARCH_TITLE,
    PH_SEARCH_LABEL,
    PH_SEARCH_NONE,
    PH_SEARCH_NO_WORDS,
    PH_SEARCH_UNAVAILABLE,
    PH_SEARCH_TOO_LONG,
    PH_HITS_1,
    PH_HITS_N,
    PH_TOPIC,         /* the kicker of a topic page */
    PH_TOPIC_STORIES, /* its stories' heading */
    PH_TOPIC_NONE,    /* no story mentions it (yet) */
    PH_TOPIC_FEED_SUBTITLE,
    PH_TOPIC_LINK, /* a story's background box, to the topic page */
    PH_HIT_STORY,  /* a search hit's link to the roundup of its story */
    PH_ERR_403_TITLE,
    PH_ERR_403_TEXT,
    PH_EDITORS,          /* who the newsroom's own text is by: "Redaktionen" */
    PH_EDITORS_HEADLINE, /* under an editors' headline */
    PH_CHANGE_EDITORS,   /* an update by the editors: "Redaktionen" */
    PH_CHANGE_INTRO,
    PH_CHANGE_QUOTE,
    PH_CHANGE_DROPPED,
    PH_CHANGE_PINNED,
    PH_CHANGE_LABEL,
    PH_CHANGE_PUBLISHED,
    PH_CHANGE_BACKGROUND,
    PH_COUNT
};

/* The phrase in lang; never NULL. */
const char *phrase(enum site_lang lang, enum phrase p);
/* "sv" or "en". */
const char *site_lang_code(enum site_lang lang);
/* The language for a code ("sv", "EN", "en-GB"); false when it is none of ours. */
bool site_lang_from_code(const char *code, enum site_lang *out);
/* The language for a request: query_lang (the ?lang= value, may be NULL) when
 * it names one of ours, else the best of the Accept-Language header (may be
 * NULL; q-values honoured, "q=0" means never), else def. */
enum site_lang site_lang_negotiate(const char *query_lang, const char *accept_language,
                                   enum site_lang def);
/* The phrase for a source kind ("public-service"...), or the kind itself when
 * unknown, or PH_UNKNOWN's text for NULL. */
const char *site_lang_kind(enum site_lang lang, const char *kind);

#endif
