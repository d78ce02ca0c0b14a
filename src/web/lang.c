#include "web/lang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const phrases[PH_COUNT][SITE_LANG_COUNT] = {
    [PH_SITE_TAGLINE] = {"Nyheterna från många håll", "The news from many sides"},
    [PH_NAV_HOME] = {"Hem", "Home"},
    [PH_NAV_ABOUT] = {"Om omnibus", "About"},
    [PH_LANG_NAME] = {"Svenska", "English"},
    [PH_SKIP] = {"Hoppa till innehållet", "Skip to content"},
    [PH_HOME_TITLE] = {"Senaste nytt", "Latest news"},
    [PH_HOME_INTRO] = {"De senaste artiklarna från varje källa, nyast först.",
                       "The latest articles from each source, newest first."},
    [PH_HOME_EMPTY] = {"Inga artiklar ännu. Lägg till källor och kör omnibus fetch.",
                       "No articles yet. Add sources and run omnibus fetch."},
    [PH_HOME_NO_SOURCES] = {"Inga källor ännu. Lägg till en med omnibus sources add URL och "
                            "kör omnibus fetch.",
                            "No sources yet. Add one with omnibus sources add URL and run "
                            "omnibus fetch."},
    [PH_HOME_ALL_FAILING] = {"Inga artiklar ännu: senaste hämtningen misslyckades för alla "
                             "källor (saknas nätverk?). omnibus sources list visar varför.",
                             "No articles yet: the last fetch failed for every source (no "
                             "network?). omnibus sources list shows why."},
    [PH_ARTICLES_1] = {"artikel", "article"},
    [PH_ARTICLES_N] = {"artiklar", "articles"},
    [PH_ALL_FROM_SOURCE] = {"Mer från källan", "More from this source"},
    [PH_SOURCE_ABOUT] = {"Om källan", "About the source"},
    [PH_SOURCE_SITE] = {"Webbplats", "Website"},
    [PH_SOURCE_FEED] = {"Flöde", "Feed"},
    [PH_SOURCE_LANG] = {"Språk", "Language"},
    [PH_SOURCE_COUNTRY] = {"Land", "Country"},
    [PH_SOURCE_KIND] = {"Typ", "Kind"},
    [PH_SOURCE_OWNER] = {"Ägare", "Owner"},
    [PH_SOURCE_STANCE] = {"Uppgiven hållning", "Declared stance"},
    [PH_SOURCE_DISABLED] = {"Hämtas inte just nu.", "Not being fetched at the moment."},
    [PH_UNKNOWN] = {"uppgift saknas", "not stated"},
    [PH_HEALTH] = {"Flödets hälsa", "Feed health"},
    [PH_HEALTH_LAST_SUCCESS] = {"Senast lyckade hämtning", "Last successful fetch"},
    [PH_HEALTH_LAST_FETCH] = {"Senaste hämtning", "Last fetch"},
    [PH_HEALTH_FAILURES] = {"Misslyckanden i rad", "Failures in a row"},
    [PH_HEALTH_NEXT_FETCH] = {"Nästa hämtning", "Next fetch"},
    [PH_HEALTH_ITEMS_SEEN] = {"Poster i flödet", "Items seen in the feed"},
    [PH_HEALTH_ILL_FORMED] = {"Felaktigt flöde", "Ill-formed feed"},
    [PH_HEALTH_OK] = {"Fungerar", "Working"},
    [PH_HEALTH_FAILING_SINCE] = {"Har inte gått att nå sedan", "Not reachable since"},
    [PH_HEALTH_NEVER_REACHED] = {"Har inte gått att nå än", "Not reachable yet"},
    [PH_HEALTH_NEVER] = {"Aldrig hämtat", "Never fetched"},
    [PH_RECENT_ARTICLES] = {"Senaste artiklarna", "Recent articles"},
    [PH_NO_ARTICLES] = {"Inga artiklar från den här källan ännu.",
                        "No articles from this source yet."},
    [PH_ABOUT_TITLE] = {"Om omnibus", "About omnibus"},
    [PH_ABOUT_P1] = {"omnibus läser nyhetsflödena från många redaktioner, hittar de nyheter som "
                     "flera av dem skriver om och samlar varje nyhet på en sida: varje redaktions "
                     "vinkel i ett eget stycke, med namn och länk till originalet.",
                     "omnibus reads the feeds of many newsrooms, finds the stories that several "
                     "of them cover and gathers each story on one page: every newsroom's take in "
                     "its own paragraph, attributed and linked to the original."},
    [PH_ABOUT_P2] = {"Varje mening i en sammanställning är en mening ur en källartikel och länkar "
                     "dit. Bakgrundsrutor kommer från Wikipedia, med licens och länk.",
                     "Every sentence in a roundup is a sentence from a source article and links "
                     "to it. Background boxes come from Wikipedia, with licence and link."},
    [PH_ABOUT_P3] = {"omnibus väljer inte källor efter åsikt. Varje sammanställning visar hur "
                     "källorna fördelar sig, så att du själv kan se vilka röster som hörs.",
                     "omnibus does not pick sources by opinion. Every roundup shows how its "
                     "sources are spread, so you can see for yourself whose voices are heard."},
    [PH_ABOUT_SOURCES] = {"Källorna", "The sources"},
    [PH_ABOUT_SOURCES_INTRO] = {"Hållningen är den som redaktionen själv uppger.",
                                "The stance is the one each newsroom declares itself."},
    [PH_COL_SOURCE] = {"Källa", "Source"},
    [PH_KIND_NEWS] = {"Nyheter", "News"},
    [PH_KIND_ANALYSIS] = {"Analys", "Analysis"},
    [PH_KIND_OPINION] = {"Opinion", "Opinion"},
    [PH_KIND_WIRE] = {"Nyhetsbyrå", "News agency"},
    [PH_KIND_PUBLIC_SERVICE] = {"Public service", "Public service"},
    [PH_FEEDS] = {"Prenumerera", "Subscribe"},
    [PH_FOOTER_INDEPENDENCE] = {"omnibus är politiskt obundet och oberoende. Vi strävar efter att "
                                "ge fler perspektiv på nyheterna.",
                                "omnibus is politically unaffiliated and independent. We aim to "
                                "give more perspectives on the news."},
    [PH_FOOTER_METHOD] = {"Så görs sammanställningarna", "How the roundups are made"},
    [PH_ERR_400_TITLE] = {"Felaktig förfrågan", "Bad request"},
    [PH_ERR_400_TEXT] = {"Adressen kunde inte tolkas.", "The address could not be understood."},
    [PH_ERR_404_TITLE] = {"Sidan finns inte", "Page not found"},
    [PH_ERR_404_TEXT] = {"Det finns ingen sida på den här adressen.",
                         "There is no page at this address."},
    [PH_ERR_405_TITLE] = {"Metoden stöds inte", "Method not allowed"},
    [PH_ERR_405_TEXT] = {"Den här adressen tar inte emot den sortens förfrågan.",
                         "This address does not accept that kind of request."},
    [PH_ERR_500_TITLE] = {"Något gick fel", "Something went wrong"},
    [PH_ERR_500_TEXT] = {"Sidan kunde inte visas just nu. Försök igen om en stund.",
                         "The page could not be shown right now. Please try again shortly."},
    [PH_ERR_503_TITLE] = {"Tjänsten är inte tillgänglig", "Service unavailable"},
    [PH_ERR_503_TEXT] = {"Sidan kan inte visas just nu. Försök igen om en stund.",
                         "The site cannot answer right now. Please try again shortly."},
    [PH_ERR_429_TITLE] = {"För många förfrågningar", "Too many requests"},
    [PH_ERR_429_TEXT] = {"Vänta en stund och försök sedan igen.",
                         "Please wait a moment, then try again."},
    [PH_BACK_HOME] = {"Till startsidan", "Back to the front page"},
    [PH_FEED_TITLE] = {"omnibus – senaste nytt", "omnibus – latest news"},
    [PH_FEED_SUBTITLE] = {"De senaste artiklarna från källorna som omnibus läser.",
                          "The latest articles from the sources omnibus reads."},
    [PH_NAV_SEARCH] = {"Sök", "Search"},
    [PH_STORIES_TITLE] = {"Aktuella nyheter", "Current stories"},
    [PH_STORIES_INTRO] = {"Nyheterna som flest oberoende redaktioner skriver om just nu, "
                          "sammanställda med länkar till varje källa.",
                          "The stories most independent newsrooms are covering now, rounded up "
                          "with links to every source."},
    [PH_NEWSROOMS_1] = {"oberoende redaktion", "independent newsroom"},
    [PH_NEWSROOMS_N] = {"oberoende redaktioner", "independent newsrooms"},
    [PH_OUTLETS_1] = {"medium", "outlet"},
    [PH_OUTLETS_N] = {"medier", "outlets"},
    [PH_READ_MORE] = {"Läs mer", "Read more"},
    [PH_BACKGROUND] = {"Bakgrund", "Background"},
    [PH_LICENCE] = {"Licens", "Licence"},
    [PH_DUMP_OF] = {"Wikipedia-dump från", "Wikipedia dump of"},
    [PH_BALANCE] = {"Källornas bredd", "Balance of sources"},
    [PH_HISTORY] = {"Uppdateringar", "Updates"},
    [PH_PUBLISHED] = {"Publicerad", "Published"},
    [PH_UPDATED] = {"Uppdaterad", "Updated"},
    [PH_CHANGE_MORE_1] = {"1 källa till", "1 more source"},
    [PH_CHANGE_MORE_N] = {"källor till", "more sources"},
    [PH_CHANGE_LESS_1] = {"1 källa borttagen", "1 source removed"},
    [PH_CHANGE_LESS_N] = {"källor borttagna", "sources removed"},
    [PH_CHANGE_HEADLINE] = {"ny rubrik", "new headline"},
    [PH_CHANGE_RECOMPOSED] = {"omarbetad", "recomposed"},
    [PH_ONLY_IN_OTHER] = {"Sammanställningen finns inte på svenska än. Här är den på engelska.",
                          "This roundup is not available in English yet. Here it is in Swedish."},
    [PH_STORY_METHOD] = {"Varje mening ovan är en mening ur en källartikel och länkar dit. omnibus "
                         "skriver inget eget om nyheten och väljer inte källor efter åsikt.",
                         "Every sentence above is a sentence from a source article and links to "
                         "it. omnibus writes nothing of its own about the story and does not pick "
                         "sources by opinion."},
    [PH_STORY_FEED_SUBTITLE] = {"Varje ny version av sammanställningen.",
                                "Every new version of this roundup."},
    [PH_STORIES_FEED_SUBTITLE] = {"De aktuella nyheterna, sammanställda ur många redaktioner.",
                                  "The current stories, rounded up from many newsrooms."},
    [PH_SEARCH_TITLE] = {"Sök", "Search"},
    [PH_SEARCH_LABEL] = {"Sök bland artiklarna", "Search the articles"},
    [PH_SEARCH_NONE] = {"Inga träffar.", "No matches."},
    [PH_SEARCH_NO_WORDS] = {"Skriv ett eller flera ord att söka efter.",
                            "Type one or more words to search for."},
    [PH_SEARCH_TOO_LONG] = {"Sök med högst åtta olika ord.",
                            "Search with at most eight different words."},
    [PH_SEARCH_UNAVAILABLE] = {"Sökning finns inte i den här databasen.",
                               "Search is not available on this database."},
    [PH_HITS_1] = {"träff för", "match for"},
    [PH_HITS_N] = {"träffar för", "matches for"},
    [PH_TOPIC] = {"Ämne", "Topic"},
    [PH_TOPIC_STORIES] = {"Nyheter som nämner ämnet", "Stories that mention it"},
    [PH_TOPIC_NONE] = {"Ingen sammanställd nyhet nämner ämnet än.",
                       "No rounded-up story mentions it yet."},
    [PH_TOPIC_FEED_SUBTITLE] = {"Nyheterna som nämner ämnet, sammanställda ur många redaktioner.",
                                "The stories that mention this topic, rounded up from many "
                                "newsrooms."},
    [PH_TOPIC_LINK] = {"Alla nyheter om ämnet", "All stories on this topic"},
    [PH_HIT_STORY] = {"Alla perspektiv på nyheten", "Every outlet's take on this story"},
    [PH_ERR_403_TITLE] = {"Inte tillåtet", "Not allowed"},
    [PH_ERR_403_TEXT] = {"Du har inte behörighet att göra det här.",
                         "You are not allowed to do that."},
    [PH_EDITORS] = {"Redaktionen", "The editors"},
    [PH_EDITORS_HEADLINE] = {"Rubrik: Redaktionen", "Headline: the editors"},
    [PH_CHANGE_EDITORS] = {"Redaktionen", "The editors"},
    [PH_CHANGE_INTRO] = {"ny ingress", "new intro"},
    [PH_CHANGE_QUOTE] = {"nytt citat", "new pull quote"},
    [PH_CHANGE_DROPPED] = {"en vinkel struken", "a take dropped"},
    [PH_CHANGE_PINNED] = {"en vinkel fäst", "a take pinned"},
    [PH_CHANGE_LABEL] = {"ny etikett", "new label"},
    [PH_CHANGE_PUBLISHED] = {"granskad och publicerad", "reviewed and published"},
    [PH_CHANGE_BACKGROUND] = {"ny bakgrund", "new background"},
};

static const char *const codes[SITE_LANG_COUNT] = {"sv", "en"};

const char *phrase(enum site_lang lang, enum phrase p)
{
    if ((unsigned)lang >= SITE_LANG_COUNT || (unsigned)p >= PH_COUNT)
        return "";
    const char *s = phrases[p][lang];
    return s ? s : "";
}

const char *site_lang_code(enum site_lang lang)
{
    return (unsigned)lang < SITE_LANG_COUNT ? codes[lang] : codes[0];
}

/* Matches the primary subtag of a tag of length n ("en" in "en-GB"). */
static bool match_tag(const char *tag, size_t n, enum site_lang *out)
{
    size_t primary = 0;
    while (primary < n && tag[primary] != '-' && tag[primary] != '_')
        primary++;
    for (int l = 0; l < SITE_LANG_COUNT; l++) {
        if (primary == strlen(codes[l]) && !strncasecmp(tag, codes[l], primary)) {
            *out = (enum site_lang)l;
            return true;
        }
    }
    return false;
}

bool site_lang_from_code(const char *code, enum site_lang *out)
{
    return code && match_tag(code, strlen(code), out);
}

/* The q-value of one Accept-Language parameter list (after the tag), in
 * thousandths: "q=0.8" -> 800; absent -> 1000; malformed -> 0 (ignored). */
static int qvalue(const char *p, const char *end)
{
    while (p < end) {
        while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
            p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            p += 2;
            if (p < end && *p == '1')
                return 1000;
            if (p >= end || *p != '0')
                return 0;
            p++;
            int q = 0, scale = 100;
            if (p < end && *p == '.')
                for (p++; p < end && isdigit((unsigned char)*p) && scale; p++, scale /= 10)
                    q += (*p - '0') * scale;
            return q;
        }
        while (p < end && *p != ';')
            p++;
    }
    return 1000;
}

enum site_lang site_lang_negotiate(const char *query_lang, const char *accept_language,
                                   enum site_lang def)
{
    enum site_lang l;
    if (site_lang_from_code(query_lang, &l))
        return l;
    if (!accept_language)
        return def;
    int best_q = 0;
    enum site_lang best = def;
    const char *p = accept_language;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *tag_end = p;
        while (tag_end < end && *tag_end != ';' && *tag_end != ' ')
            tag_end++;
        int q = qvalue(tag_end, end);
        if (q > best_q && match_tag(p, (size_t)(tag_end - p), &l)) {
            best_q = q;
            best = l;
        }
        p = *end ? end + 1 : end;
    }
    return best;
}

const char *site_lang_kind(enum site_lang lang, const char *kind)
{
    static const struct {
        const char *kind;
        enum phrase p;
    } kinds[] = {
        {"news", PH_KIND_NEWS},
        {"analysis", PH_KIND_ANALYSIS},
        {"opinion", PH_KIND_OPINION},
        {"wire", PH_KIND_WIRE},
        {"public-service", PH_KIND_PUBLIC_SERVICE},
    };
    if (!kind)
        return phrase(lang, PH_UNKNOWN);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kind, kinds[i].kind))
            return phrase(lang, kinds[i].p);
    return kind;
}
