/* xalloc.h: allocation that never returns NULL; out of memory is the one abort. */
#ifndef KPIDASH_XALLOC_H
#define KPIDASH_XALLOC_H

#include <stddef.h>

/* Each returns memory the caller owns and frees with free(); aborts on OOM. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow *items (of *cap elements of size elem) so that it holds at least need. */
void xgrow(void *items_ptr, size_t *cap, size_t need, size_t elem);

#endif
