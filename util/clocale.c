/* clocale.c: the C locale for a span of number parsing or printing. */
#include "util/clocale.h"

void c_locale_enter(struct c_locale *l)
{
	l->c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (l->c != (locale_t)0)
		l->old = uselocale(l->c);
}

void c_locale_leave(struct c_locale *l)
{
	if (l->c != (locale_t)0) {
		uselocale(l->old);
		freelocale(l->c);
		l->c = (locale_t)0;
	}
}
