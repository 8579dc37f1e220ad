/* text.c: making untrusted strings safe to draw or write. */
#include "util/text.h"

#include <string.h>

#include "util/xalloc.h"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8: what every unsafe character becomes. */
static const char text_fffd[] = "\xef\xbf\xbd";

/* Sequence length for lead byte c (0 if it cannot lead) and the range allowed for the next byte. */
static int text_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c == 0xe0)
		*lo = 0xa0; /* below is overlong */
	if (c == 0xed)
		*hi = 0x9f; /* above is a UTF-16 surrogate */
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c == 0xf0)
		*lo = 0x90; /* below is overlong */
	if (c == 0xf4)
		*hi = 0x8f; /* above is past U+10FFFF */
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/*
 * Decode the UTF-8 character at s (n > 0 bytes left) strictly. Returns its code
 * point and its length in *used, or -1 with *used the length of the maximal
 * invalid subpart (at least one byte), as Unicode recommends for U+FFFD.
 */
static long text_decode(const unsigned char *s, size_t n, size_t *used)
{
	unsigned char lo, hi;
	*used = 1;
	if (s[0] < 0x80)
		return s[0];
	int len = text_lead(s[0], &lo, &hi);
	if (len == 0)
		return -1;
	long cp = s[0] & (0x7f >> len);
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n || s[i] < lo || s[i] > hi) {
			*used = (size_t)i;
			return -1;
		}
		cp = cp << 6 | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*used = (size_t)len;
	return cp;
}

/* True when code point cp (-1 for invalid) may reach a terminal as it is. */
static int text_allowed(long cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return 0; /* invalid, C0 (tab, newline and ESC too), DEL */
	if (cp >= 0x80 && cp <= 0x9f)
		return 0; /* C1, U+009B being the one-character CSI */
	if (cp >= 0x202a && cp <= 0x202e)
		return 0; /* bidi embeddings and overrides */
	if (cp >= 0x2066 && cp <= 0x2069)
		return 0; /* bidi isolates */
	return 1;
}

/* Length of the CSI at s (ESC '['): parameters, intermediates, then a final byte 0x40-0x7E. */
static size_t text_csi(const unsigned char *s, size_t n)
{
	size_t i = 2;
	while (i < n && s[i] >= 0x20 && s[i] <= 0x3f)
		i++;
	if (i < n && s[i] >= 0x40 && s[i] <= 0x7e)
		i++;
	return i;
}

/* Length of the control string at s up to ST (ESC '\') or, for OSC, BEL; all of s if unended. */
static size_t text_string(const unsigned char *s, size_t n, int bel_ends)
{
	for (size_t i = 2; i < n; i++) {
		if (bel_ends && s[i] == 0x07)
			return i + 1;
		if (s[i] == 0x1b && i + 1 < n && s[i + 1] == '\\')
			return i + 2;
	}
	return n;
}

/* Length of a plain escape at s: ESC, intermediates 0x20-0x2F, final 0x30-0x7E; else ESC alone. */
static size_t text_plain_escape(const unsigned char *s, size_t n)
{
	size_t i = 1;
	while (i < n && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	if (i < n && s[i] >= 0x30 && s[i] <= 0x7e)
		i++;
	return i;
}

/* Length of the whole escape sequence starting with the ESC at s (n bytes left). */
static size_t text_escape(const unsigned char *s, size_t n)
{
	if (n < 2)
		return n;
	switch (s[1]) {
	case '[':
		return text_csi(s, n);
	case ']':
		return text_string(s, n, 1);
	case 'P': /* DCS */
	case 'X': /* SOS */
	case '^': /* PM */
	case '_': /* APC */
		return text_string(s, n, 0);
	default:
		return text_plain_escape(s, n);
	}
}

/*
 * Copy src (n bytes) into a new string with escape sequences removed and every
 * unsafe or invalid character replaced by U+FFFD. The caller owns the result.
 */
char *text_sanitize(const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	if (src == NULL)
		n = 0;
	char *out = xcalloc(n + 1, 3); /* each byte grows to at most three */
	size_t o = 0, i = 0, used;
	while (i < n) {
		if (s[i] == 0x1b) {
			i += text_escape(s + i, n - i);
			continue;
		}
		long cp = text_decode(s + i, n - i, &used);
		if (text_allowed(cp)) {
			memcpy(out + o, s + i, used);
			o += used;
		} else {
			memcpy(out + o, text_fffd, 3);
			o += 3;
		}
		i += used;
	}
	out[o] = '\0';
	return xrealloc(out, o + 1);
}

/* True when s holds only valid UTF-8 with nothing text_sanitize would change. */
int text_is_clean(const char *s)
{
	if (s == NULL)
		return 0;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), used;
	for (size_t i = 0; i < n; i += used)
		if (!text_allowed(text_decode(p + i, n - i, &used)))
			return 0;
	return 1;
}
