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

/* The agency whose name s[0..n) sets off as a credit ("(TT)", "/TT/", "/TT"),
 * or NULL. Looks only after the opening marks, which are rare. */
static const char *credit(const char *s, size_t n)
{
    for (const char *p = s; p < s + n; p++) {
        if (*p != '(' && *p != '/')
            continue;
        size_t i = (size_t)(p - s) + 1;
        for (size_t w = 0; w < sizeof wires / sizeof wires[0]; w++) {
            size_t k = strlen(wires[w].name);
            if (i + k > n || memcmp(s + i, wires[w].name, k))
                continue;
            char after = i + k < n ? s[i + k] : '\0';
            if ((*p == '(' && after == ')') || (*p == '/' && !word_char(after)))
                return wires[w].name;
        }
    }
    return NULL;
}

const char *story_wire_family(const char *byline, const char *text)
{
    size_t bl = byline ? strlen(byline) : 0;
    for (size_t w = 0; bl && w < sizeof wires / sizeof wires[0]; w++) {
        if (has_word(byline, bl, wires[w].name))
            return wires[w].name;
        for (size_t a = 0; a < 4 && wires[w].aliases[a]; a++)
            if (has_word(byline, bl, wires[w].aliases[a]))
                return wires[w].name;
    }
    /* A dateline opens the text, a sign-off ends it. */
    size_t tl = text ? strlen(text) : 0;
    size_t head = tl < 300 ? tl : 300, tail = tl < 120 ? tl : 120;
    const char *found = tl ? credit(text, head) : NULL;
    return found || !tl ? found : credit(text + tl - tail, tail);
}

void story_newsroom_key(const char *wire, const char *owner, int64_t outlet, int64_t key, char *out,
                        size_t size)
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
