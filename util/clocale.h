/* clocale.h: numbers read and written in the C locale for the span of one call. */
#ifndef KPIDASH_CLOCALE_H
#define KPIDASH_CLOCALE_H

#include <locale.h>

/* A thread's locale while it is switched to "C" (a user's LC_NUMERIC may use a comma). */
struct c_locale {
	locale_t c; /* (locale_t)0 when newlocale failed: the locale is left as it was */
	locale_t old;
};

/* Switch this thread to the C locale until c_locale_leave. */
void c_locale_enter(struct c_locale *l);
/* Give the thread its own locale back. */
void c_locale_leave(struct c_locale *l);

#endif
