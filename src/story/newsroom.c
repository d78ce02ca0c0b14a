/* Wire families from bylines and datelines. Short agency names ("AP", "TT") are
 * matched only as whole upper-case words, so "ap" in a sentence or "TTIP" never
 * count; long names ("Associated Press") match whole words in any case. */
#include "story/newsroom.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct wire {
    const char *name;
    const char *aliases[4]; /* besides name */
} wires[] = {
    {"TT", {"TT Nyhetsbyrån", "Tidningarnas Telegrambyrå", NULL}},
    {"AP", {"Associated Press", NULL}},
    {"Reuters", {"Thomson Reuters", NULL}},
    {"NTB", {"Norsk Telegrambyrå", NULL}},
    {"AFP", {"Agence France-Presse", "Agence France Presse", NULL}},
    {"DPA", {"Deutsche Presse-Agentur", NULL}},
    {"Ritzau", {"Ritzaus Bureau", NULL}},
    {"STT", {"STT-FNB", "Suomen Tietotoimisto", NULL}},
    {"ANP", {"Algemeen Nederlands Persbureau", NULL}},
    {"EFE", {"Agencia EFE", NULL}},
    {"ANSA", {NULL}},
    {"Bloomberg", {"Bloomberg News", NULL}},
};

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Whether s[0..n) holds needle as a whole word: case-sensitive for short
 * upper-case agency names, else case-insensitive. */
static bool has_word(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    bool exact_case = k <= 4;
    for (size_t i = 0; i + k <= n; i++) {
        bool same = exact_case ? !memcmp(s + i, needle, k) : !strncasecmp(s + i, needle, k);
        if (same && (i == 0 || !word_char(s[i - 1])) && (i + k == n || !word_char(s[i + k])))
            return true;
    }
    return false;
}

/* Whether s[0..n) has the agency name set off as a credit: "(TT)", "/TT/", "/TT". */
static bool has_credit(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = 1; i + k <= n; i++) {
        if (memcmp(s + i, name, k))
            continue;
        char before = s[i - 1];
        char after = i + k < n ? s[i + k] : '\0';
        if ((before == '(' && after == ')') || (before == '/' && !word_char(after)))
            return true;
    }
    return false;
}

const char *story_wire_family(const char *byline, const char *text)
{
    size_t bl = byline ? strlen(byline) : 0;
    size_t tl = text ? strlen(text) : 0;
    /* A dateline opens the text, a sign-off ends it. */
    size_t head = tl < 300 ? tl : 300;
    size_t tail = tl < 120 ? tl : 120;
    for (size_t w = 0; w < sizeof wires / sizeof wires[0]; w++) {
        const struct wire *wi = &wires[w];
        if (bl && has_word(byline, bl, wi->name))
            return wi->name;
        for (size_t a = 0; a < 4 && wi->aliases[a]; a++)
            if (bl && has_word(byline, bl, wi->aliases[a]))
                return wi->name;
        if (tl && (has_credit(text, head, wi->name) || has_credit(text + tl - tail, tail, wi->name)))
            return wi->name;
    }
    return NULL;
}

void story_newsroom_key(const char *wire, const char *owner, int64_t outlet, int64_t key,
                        char *out, size_t size)
{
    if (wire) {
        snprintf(out, size, "wire:%s", wire);
    } else if (owner && *owner) {
        int n = snprintf(out, size, "owner:%s", owner);
        for (int i = 6; i < n && (size_t)i < size; i++)
            out[i] = (char)tolower((unsigned char)out[i]);
    } else if (outlet) {
        snprintf(out, size, "outlet:%lld", (long long)outlet);
    } else {
        snprintf(out, size, "article:%lld", (long long)key);
    }
}
