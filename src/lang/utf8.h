/* UTF-8 decoding and character classes (utf8proc's categories, with inline
 * ASCII fast paths for the tokenizer). Invalid
 * bytes decode as U+FFFD one byte at a time, so every offset stays a byte offset
 * into the caller's text and bad input never stops a scan. */
#ifndef OMNIBUS_LANG_UTF8_H
#define OMNIBUS_LANG_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_BAD 0xFFFD

/* The multibyte part of utf8_decode. */
int32_t utf8_decode_multi(const char *s, size_t len, size_t i, size_t *n);
bool utf8_is_letter_multi(int32_t c);
bool utf8_is_digit_multi(int32_t c);
bool utf8_is_space_multi(int32_t c);

/* Decodes the character at s[i] (i < len) and stores its byte length in *n
 * (at least 1). Overlong forms, surrogates and truncated sequences are UTF8_BAD
 * with *n = 1. Inline for ASCII: the tokenizer calls it on every byte. */
static inline int32_t utf8_decode(const char *s, size_t len, size_t i, size_t *n)
{
    if (!((unsigned char)s[i] & 0x80)) {
        *n = 1;
        return (unsigned char)s[i];
    }
    return utf8_decode_multi(s, len, i, n);
}
/* The start of the character that ends at byte i (i > 0): steps back over
 * continuation bytes, at most three. */
size_t utf8_prev(const char *s, size_t i);
/* The character ending at byte i, or 0 at the start. */
int32_t utf8_before(const char *s, size_t len, size_t i);

/* Letters and combining marks (a word goes on over a mark: "é" as e + U+0301). */
static inline bool utf8_is_letter(int32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return utf8_is_letter_multi(c);
}

static inline bool utf8_is_digit(int32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    return utf8_is_digit_multi(c);
}

bool utf8_is_upper(int32_t c); /* Lu or Lt */
bool utf8_is_lower(int32_t c); /* Ll */
/* Unicode White_Space plus the C0/C1 controls: control characters separate. */
static inline bool utf8_is_space(int32_t c)
{
    if (c < 0x80)
        return c <= 0x20 || c == 0x7F;
    return utf8_is_space_multi(c);
}
/* Counts the invalid sequences in s. */
size_t utf8_count_invalid(const char *s, size_t len);

#endif
