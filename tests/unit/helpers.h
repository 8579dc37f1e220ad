/*
 * helpers.h: what several unit tests need: a growable printf buffer, and a
 * locale whose decimal point is a comma (built with localedef when none is
 * installed), to show that numbers are read and written in the C locale.
 */
#ifndef KPIDASH_TEST_HELPERS_H
#define KPIDASH_TEST_HELPERS_H

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* A growable string. */
struct buf {
	char *s;
	size_t n, cap;
};

/* Append printf-style text to b (numbers are formatted by the callers, in the C locale). */
static inline void buf_add(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void buf_add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	xgrow(&b->s, &b->cap, b->n + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

/* Where this test built a comma locale ("" when it did not). */
static char comma_locale_dir[64];

/* Switch LC_ALL to a comma locale, building one with localedef if need be; 0 or -1. */
static inline int comma_locale_enter(void)
{
	static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
					    "fr_FR.utf8", "nl_NL.UTF-8"};
	char cmd[256];
	for (int built = 0; built < 2; built++) {
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (setlocale(LC_ALL, names[i]) != NULL &&
			    strcmp(localeconv()->decimal_point, ",") == 0)
				return 0;
		if (built || getenv("LOCPATH") != NULL)
			break;
		snprintf(comma_locale_dir, sizeof comma_locale_dir, "/tmp/kpidash-loc-XXXXXX");
		if (mkdtemp(comma_locale_dir) == NULL) {
			comma_locale_dir[0] = '\0';
			break;
		}
		snprintf(cmd, sizeof cmd,
			 "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1",
			 comma_locale_dir);
		if (system(cmd) == -1)
			break;
		setenv("LOCPATH", comma_locale_dir, 1);
	}
	setlocale(LC_ALL, "C");
	return -1;
}

/* Remove the locale this test built, if any. */
static inline void comma_locale_clean(void)
{
	char cmd[100];
	if (comma_locale_dir[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", comma_locale_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", comma_locale_dir);
	comma_locale_dir[0] = '\0';
}

#endif
