/* jpos.c: a strict JSON scan that remembers where every value and key begins. */
#include "util/jpos.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define NOKEY UINT32_MAX

/* One value, in document order: where it and its key begin, and where its subtree ends. */
struct jpos_ent {
	uint32_t val; /* byte offset of its first character */
	uint32_t key; /* byte offset of its key's opening quote, NOKEY for none */
	uint32_t end; /* index of the first entry after its descendants */
};

struct jpos {
	const char *text; /* borrowed */
	size_t len;
	struct jpos_ent *ents; /* ents[0] is the top value */
	size_t n, cap;
	uint32_t *lines; /* byte offset where each line begins */
	size_t nlines, lcap;
};

/* A scan in progress over s (len bytes), at i. */
struct scan {
	const unsigned char *s;
	size_t len, i;
	int depth;
	struct jpos *p;
};

static int scan_value(struct scan *sc, uint32_t key);

/* The byte at the cursor, or -1 at the end. */
static int peek(const struct scan *sc)
{
	return sc->i < sc->len ? sc->s[sc->i] : -1;
}

/* Step over c at the cursor; -1 when something else is there. */
static int expect(struct scan *sc, int c)
{
	if (peek(sc) != c)
		return -1;
	sc->i++;
	return 0;
}

/* Step over JSON's whitespace: space, tab, newline, carriage return. */
static void skip_ws(struct scan *sc)
{
	while (sc->i < sc->len && (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' ||
				   sc->s[sc->i] == '\n' || sc->s[sc->i] == '\r'))
		sc->i++;
}

/* The value of one hex digit, or -1. */
static int hexdigit(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* The value of four hex digits at s (n bytes there), or -1. */
static long hex4(const unsigned char *s, size_t n)
{
	long v = 0;
	if (n < 4)
		return -1;
	for (int k = 0; k < 4; k++) {
		int d = hexdigit(s[k]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* The length of the valid UTF-8 character at s (n > 0 bytes there), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t k;
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : lo; /* no overlong forms */
	hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : hi; /* no surrogates, nothing past U+10FFFF */
	if (n < k || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t j = 2; j < k; j++)
		if ((s[j] & 0xC0) != 0x80)
			return 0;
	return k;
}

/* A \u escape, the cursor on the 'u': no \u0000, surrogates only in pairs. */
static int scan_unicode(struct scan *sc)
{
	long u = hex4(sc->s + sc->i + 1, sc->len - sc->i - 1);
	if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
		return -1;
	sc->i += 5;
	if (u < 0xD800 || u > 0xDBFF)
		return 0;
	if (sc->len - sc->i < 6 || sc->s[sc->i] != '\\' || sc->s[sc->i + 1] != 'u')
		return -1;
	long lo = hex4(sc->s + sc->i + 2, sc->len - sc->i - 2);
	if (lo < 0xDC00 || lo > 0xDFFF)
		return -1;
	sc->i += 6;
	return 0;
}

/* A string, the cursor on its opening quote. */
static int scan_string(struct scan *sc)
{
	sc->i++;
	while (sc->i < sc->len) {
		unsigned c = sc->s[sc->i];
		size_t k;
		if (c == '"') {
			sc->i++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			if ((k = utf8_len(sc->s + sc->i, sc->len - sc->i)) == 0)
				return -1;
			sc->i += k;
			continue;
		}
		if (++sc->i == sc->len)
			return -1;
		c = sc->s[sc->i];
		if (c == 'u' && scan_unicode(sc) != 0)
			return -1;
		else if (c != 'u' && !memchr("\"\\/bfnrt", (int)c, 8))
			return -1;
		else if (c != 'u')
			sc->i++;
	}
	return -1;
}

/* Step over decimal digits; how many there were. */
static size_t scan_digits(struct scan *sc)
{
	size_t from = sc->i;
	while (sc->i < sc->len && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9')
		sc->i++;
	return sc->i - from;
}

/* A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int scan_number(struct scan *sc)
{
	if (peek(sc) == '-')
		sc->i++;
	if (peek(sc) == '0')
		sc->i++;
	else if (scan_digits(sc) == 0)
		return -1;
	if (expect(sc, '.') == 0 && scan_digits(sc) == 0)
		return -1;
	if (expect(sc, 'e') != 0 && expect(sc, 'E') != 0)
		return 0;
	if (peek(sc) == '+' || peek(sc) == '-')
		sc->i++;
	return scan_digits(sc) ? 0 : -1;
}

/* The literal word (true, false, null) at the cursor. */
static int scan_word(struct scan *sc, const char *word)
{
	size_t n = strlen(word);
	if (sc->len - sc->i < n || memcmp(sc->s + sc->i, word, n) != 0)
		return -1;
	sc->i += n;
	return 0;
}

/* An object's members, the cursor on its '{'. */
static int scan_object(struct scan *sc)
{
	sc->i++;
	skip_ws(sc);
	if (expect(sc, '}') == 0)
		return 0;
	for (;;) {
		uint32_t key = (uint32_t)sc->i;
		if (peek(sc) != '"' || scan_string(sc) != 0)
			return -1;
		skip_ws(sc);
		if (expect(sc, ':') != 0)
			return -1;
		skip_ws(sc);
		if (scan_value(sc, key) != 0)
			return -1;
		skip_ws(sc);
		if (expect(sc, '}') == 0)
			return 0;
		if (expect(sc, ',') != 0)
			return -1;
		skip_ws(sc);
	}
}

/* An array's elements, the cursor on its '['. */
static int scan_array(struct scan *sc)
{
	sc->i++;
	skip_ws(sc);
	if (expect(sc, ']') == 0)
		return 0;
	for (;;) {
		if (scan_value(sc, NOKEY) != 0)
			return -1;
		skip_ws(sc);
		if (expect(sc, ']') == 0)
			return 0;
		if (expect(sc, ',') != 0)
			return -1;
		skip_ws(sc);
	}
}

/* A container, within the depth limit. */
static int scan_nested(struct scan *sc, int open)
{
	if (sc->depth == JPOS_MAX_DEPTH)
		return -1;
	sc->depth++;
	int rc = open == '{' ? scan_object(sc) : scan_array(sc);
	sc->depth--;
	return rc;
}

/* Any value at the cursor, recorded with its key's offset (NOKEY for none). */
static int scan_value(struct scan *sc, uint32_t key)
{
	struct jpos *p = sc->p;
	xgrow(&p->ents, &p->cap, p->n + 1, sizeof *p->ents);
	size_t at = p->n++;
	p->ents[at] = (struct jpos_ent){(uint32_t)sc->i, key, 0};
	int c = peek(sc), rc;
	if (c == '{' || c == '[')
		rc = scan_nested(sc, c);
	else if (c == '"')
		rc = scan_string(sc);
	else if (c == '-' || (c >= '0' && c <= '9'))
		rc = scan_number(sc);
	else
		rc = scan_word(sc, c == 't' ? "true" : c == 'f' ? "false" : "null");
	p->ents[at].end = (uint32_t)p->n;
	return rc;
}

/* Note where every line of the text begins. */
static void jpos_lines(struct jpos *p)
{
	size_t at = 0;
	for (;;) {
		xgrow(&p->lines, &p->lcap, p->nlines + 1, sizeof *p->lines);
		p->lines[p->nlines++] = (uint32_t)at;
		const char *nl = at < p->len ? memchr(p->text + at, '\n', p->len - at) : NULL;
		if (nl == NULL)
			return;
		at = (size_t)(nl - p->text) + 1;
	}
}

/* Scan text for the positions of its values and keys; NULL when it is not JSON. */
struct jpos *jpos_scan(const char *text, size_t len)
{
	if (text == NULL || len >= UINT32_MAX)
		return NULL;
	struct jpos *p = xcalloc(1, sizeof *p);
	struct scan sc = {(const unsigned char *)text, len, 0, 0, p};
	p->text = text;
	p->len = len;
	skip_ws(&sc);
	int rc = scan_value(&sc, NOKEY);
	skip_ws(&sc);
	if (rc != 0 || sc.i != len) {
		jpos_free(p);
		return NULL;
	}
	jpos_lines(p);
	return p;
}

/* Free p (NULL is fine). */
void jpos_free(struct jpos *p)
{
	if (p == NULL)
		return;
	free(p->ents);
	free(p->lines);
	free(p);
}

/* Encode code point u as UTF-8 at out; the number of bytes. */
static size_t utf8_put(unsigned long u, unsigned char *out)
{
	static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
	size_t n = u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
	if (n == 1) {
		out[0] = (unsigned char)u;
		return 1;
	}
	out[0] = (unsigned char)(lead[n] | u >> (6 * (n - 1)));
	for (size_t k = 1; k < n; k++)
		out[k] = (unsigned char)(0x80 | ((u >> (6 * (n - 1 - k))) & 0x3F));
	return n;
}

/* The code point of the \u escape at s (n bytes there, pairs joined), its length in *used. */
static unsigned long unicode_at(const unsigned char *s, size_t n, size_t *used)
{
	long u = hex4(s + 2, n - 2), lo;
	*used = 6;
	if (u >= 0xD800 && u <= 0xDBFF && n >= 12 && s[6] == '\\' && s[7] == 'u' &&
	    (lo = hex4(s + 8, n - 8)) >= 0xDC00 && lo <= 0xDFFF) {
		*used = 12;
		return 0x10000 + (((unsigned long)u - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
	}
	return u < 0 ? 0xFFFD : (unsigned long)u;
}

/* One character of the string at *at decoded into out; its bytes, 0 at the closing quote. */
static size_t string_char(const struct jpos *p, size_t *at, unsigned char out[4])
{
	const unsigned char *s = (const unsigned char *)p->text + *at;
	size_t n = p->len - *at, used;
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	if (n == 0 || s[0] == '"')
		return 0;
	const char *e = n >= 2 && s[0] == '\\' ? memchr(from, s[1], 8) : NULL;
	if (s[0] != '\\' || e) {
		out[0] = e ? (unsigned char)to[e - from] : s[0];
		*at += e ? 2 : 1;
		return 1;
	}
	if (n < 6)
		return 0;
	size_t k = utf8_put(unicode_at(s, n, &used), out);
	*at += used;
	return k;
}

/* True when the key whose quote is at off decodes to want (wlen bytes). */
static int key_is(const struct jpos *p, size_t off, const char *want, size_t wlen)
{
	unsigned char c[4];
	size_t at = off + 1, got = 0, k;
	while ((k = string_char(p, &at, c)) > 0) {
		if (got + k > wlen || memcmp(want + got, c, k) != 0)
			return 0;
		got += k;
	}
	return got == wlen;
}

/* A name of a path at *at, unescaped into name (room for strlen(path)); its length, or -1. */
static long path_name(const char *path, size_t *at, char *name)
{
	long n = 0;
	size_t i = *at;
	while (path[i] && path[i] != '.' && path[i] != '[') {
		if (path[i] != '\\') {
			name[n++] = path[i++];
		} else if (path[i + 1] == 'x' && hexdigit(path[i + 2]) >= 0 &&
			   hexdigit(path[i + 3]) >= 0) {
			name[n++] = (char)(hexdigit(path[i + 2]) * 16 + hexdigit(path[i + 3]));
			i += 4;
		} else if (path[i + 1] && strchr(".[]\\", path[i + 1])) {
			name[n++] = path[i + 1];
			i += 2;
		} else {
			return -1;
		}
	}
	*at = i;
	return n;
}

/* An index "[n]" of a path at *at (on the '['); its value, or -1. */
static long path_index(const char *path, size_t *at)
{
	long v = 0;
	size_t i = *at + 1, from = i;
	while (path[i] >= '0' && path[i] <= '9' && i - from < 9)
		v = v * 10 + (path[i++] - '0');
	if (i == from || path[i] != ']')
		return -1;
	*at = i + 1;
	return v;
}

/* The child of entry e named name (n bytes) or at index, by the path's next step; -1 for none. */
static long jpos_child(const struct jpos *p, size_t e, const char *name, long n, long index)
{
	char open = p->text[p->ents[e].val];
	long k = 0;
	if (open != (name ? '{' : '['))
		return -1;
	for (size_t c = e + 1; c < p->ents[e].end; c = p->ents[c].end, k++)
		if (name ? key_is(p, p->ents[c].key, name, (size_t)n) : k == index)
			return (long)c;
	return -1;
}

/* The entry at path, or -1. */
static long jpos_lookup(const struct jpos *p, const char *path, char *name)
{
	size_t at = 0, e = 0;
	while (path[at]) {
		long c = -1, k;
		if (path[at] == '[') {
			if ((k = path_index(path, &at)) >= 0)
				c = jpos_child(p, e, NULL, 0, k);
		} else if ((path[at] == '.') == (at > 0)) {
			at += at > 0;
			if ((k = path_name(path, &at, name)) >= 0)
				c = jpos_child(p, e, name, k, 0);
		}
		if (c < 0)
			return -1;
		e = (size_t)c;
	}
	return (long)e;
}

/* Line and column (1-based, in characters) of byte offset off. */
static void jpos_at(const struct jpos *p, size_t off, int *line, int *col)
{
	size_t lo = 0, hi = p->nlines, chars = 0;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t i = p->lines[lo]; i < off; i++)
		chars += ((unsigned char)p->text[i] & 0xC0) != 0x80;
	*line = lo < INT_MAX ? (int)lo + 1 : INT_MAX;
	*col = chars < INT_MAX ? (int)chars + 1 : INT_MAX;
}

/* Where the value at path (or its key) is; -1 when there is no such value. */
int jpos_find(const struct jpos *p, const char *path, int key, int *line, int *col)
{
	if (p == NULL || path == NULL)
		return -1;
	char *name = xmalloc(strlen(path) + 1);
	long e = jpos_lookup(p, path, name);
	free(name);
	if (e < 0 || (key && p->ents[e].key == NOKEY))
		return -1;
	jpos_at(p, key ? p->ents[e].key : p->ents[e].val, line, col);
	return 0;
}

/* Write name as a path component, its punctuation and controls escaped. */
size_t jpos_escape(char *buf, size_t len, const char *name)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		char e[4] = {'\\', (char)*s};
		size_t k = 2;
		if (*s < 0x20 || *s == 0x7f)
			e[1] = 'x', e[2] = hex[*s >> 4], e[3] = hex[*s & 15], k = 4;
		else if (!strchr(".[]\\", *s))
			e[0] = (char)*s, k = 1;
		for (size_t j = 0; j < k; j++, n++)
			if (n + 1 < len)
				buf[n] = e[j];
	}
	if (len > 0)
		buf[n < len ? n : len - 1] = '\0';
	return n;
}

/* The length of the parent of path: up to its last unescaped '.' or '['. */
size_t jpos_parent(const char *path)
{
	size_t last = 0;
	for (size_t i = 0; path[i]; i++) {
		if (path[i] == '\\' && path[i + 1])
			i++;
		else if (path[i] == '.' || path[i] == '[')
			last = i;
	}
	return last;
}
