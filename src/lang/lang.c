/* Language codes. */
#include "lang/lang.h"

#include <string.h>
#include <strings.h>

static const char *const codes[LANG_COUNT] = {
    "unknown", "sv", "en", "da", "nb", "de", "fi", "fr", "es",
};

const char *lang_code(enum lang lang)
{
    return (unsigned)lang < LANG_COUNT ? codes[lang] : codes[0];
}

enum lang lang_parse(const char *code)
{
    static const struct {
        const char *name;
        enum lang lang;
    } names[] = {
        {"sv", LANG_SV},  {"swe", LANG_SV}, {"en", LANG_EN},  {"eng", LANG_EN}, {"da", LANG_DA},
        {"dan", LANG_DA}, {"nb", LANG_NB},  {"nob", LANG_NB}, {"no", LANG_NB},  {"nor", LANG_NB},
        {"de", LANG_DE},  {"deu", LANG_DE}, {"ger", LANG_DE}, {"fi", LANG_FI},  {"fin", LANG_FI},
        {"fr", LANG_FR},  {"fra", LANG_FR}, {"fre", LANG_FR}, {"es", LANG_ES},  {"spa", LANG_ES},
    };
    if (!code)
        return LANG_UNKNOWN;
    size_t n = strcspn(code, "-_");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && !strncasecmp(code, names[i].name, n))
            return names[i].lang;
    return LANG_UNKNOWN;
}
