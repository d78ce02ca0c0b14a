#include "lang/utf8.h"

#include <utf8proc.h>

int32_t utf8_decode_multi(const char *str, size_t len, size_t i, size_t *n)
{
    const unsigned char *s = (const unsigned char *)str + i;
    size_t left = len - i;
    unsigned c = s[0];
    *n = 1;
    size_t need;
    int32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return UTF8_BAD;
    }
    if (left < need)
        return UTF8_BAD;
    for (size_t k = 1; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return UTF8_BAD;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return UTF8_BAD;
    *n = need;
    return cp;
}

size_t utf8_prev(const char *s, size_t i)
{
    size_t k = i - 1;
    while (k > 0 && i - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

int32_t utf8_before(const char *s, size_t len, size_t i)
{
    if (i == 0)
        return 0;
    size_t k = utf8_prev(s, i), n;
    int32_t c = utf8_decode(s, len, k, &n);
    /* A bad byte inside what looked like a sequence: the last byte alone. */
    return k + n == i ? c : UTF8_BAD;
}

bool utf8_is_letter_multi(int32_t c)
{
    if (c == UTF8_BAD)
        return false;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return true;
    default:
        return false;
    }
}

bool utf8_is_digit_multi(int32_t c)
{
    return c != UTF8_BAD && utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

bool utf8_is_upper(int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    if (c == UTF8_BAD)
        return false;
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

bool utf8_is_lower(int32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return c != UTF8_BAD && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

bool utf8_is_space_multi(int32_t c)
{
    if (c <= 0xA0)
        return true; /* the C1 controls and no-break space */
    if (c < 0x1680)
        return false;
    return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

size_t utf8_count_invalid(const char *s, size_t len)
{
    size_t bad = 0, n;
    for (size_t i = 0; i < len; i += n) {
        if ((unsigned char)s[i] < 0x80) {
            n = 1;
            continue;
        }
        /* A well-formed U+FFFD decodes with n == 3 and is not counted. */
        if (utf8_decode(s, len, i, &n) == UTF8_BAD && n == 1)
            bad++;
    }
    return bad;
}
