/* xalloc.c: allocation that never returns NULL; out of memory is the one abort. */
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Say that memory ran out and stop: the one place kpidash aborts. */
static void xalloc_fail(void)
{
	fputs("kpidash: out of memory\n", stderr);
	abort();
}

/* malloc that never returns NULL (a zero size still gives a unique pointer). */
void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		xalloc_fail();
	return p;
}

/* calloc that never returns NULL and refuses a product that overflows. */
void *xcalloc(size_t nmemb, size_t size)
{
	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if (nmemb > SIZE_MAX / size)
		xalloc_fail();
	void *p = calloc(nmemb, size);
	if (p == NULL)
		xalloc_fail();
	return p;
}

/* realloc that never returns NULL; p may be NULL. */
void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		xalloc_fail();
	return q;
}

/* A heap copy of the string s. */
char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* A heap copy of at most n bytes of s, always NUL-terminated. */
char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	if (len == SIZE_MAX)
		xalloc_fail();
	char *d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/* Double *cap (from at least 8) to hold need; resize the array whose address is items_ptr. */
void xgrow(void *items_ptr, size_t *cap, size_t need, size_t elem)
{
	void *items;
	if (need <= *cap)
		return;
	size_t c = *cap < 8 ? 8 : *cap;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			xalloc_fail();
		c *= 2;
	}
	if (elem != 0 && c > SIZE_MAX / elem)
		xalloc_fail();
	memcpy(&items, items_ptr, sizeof items);
	items = xrealloc(items, c * elem);
	memcpy(items_ptr, &items, sizeof items);
	*cap = c;
}
