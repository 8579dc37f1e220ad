/* text.h: making untrusted strings safe to draw or write. */
#ifndef KPIDASH_TEXT_H
#define KPIDASH_TEXT_H

#include <stddef.h>

/*
 * Copy src (n bytes) into a new NUL-terminated string with everything that
 * could move the cursor or change the terminal replaced by U+FFFD: C0
 * controls (tab and newline included), DEL, C1 controls (U+0080..U+009F,
 * also the raw one-byte 0x80..0x9F), bidi controls U+202A..U+202E and
 * U+2066..U+2069, and every invalid UTF-8 sequence (one U+FFFD a stretch).
 * ESC sequences are removed whole (ESC plus its parameters and final byte).
 * The caller owns the result.
 */
char *text_sanitize(const char *src, size_t n);

/* True when s is already what text_sanitize would return. */
int text_is_clean(const char *s);

#endif
