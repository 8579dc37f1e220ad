/* series.c: the data model every source produces. */
#include "client/series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

/* Make s an empty series with no labels. */
void series_init(struct series *s)
{
	memset(s, 0, sizeof *s);
}

/* Free everything s owns and leave it empty. */
void series_done(struct series *s)
{
	for (size_t i = 0; i < s->nlabels; i++) {
		free(s->labels[i].name);
		free(s->labels[i].value);
	}
	free(s->labels);
	free(s->t);
	free(s->v);
	series_init(s);
}

/* The label of s called name, or NULL. */
static struct label *series_label_find(const struct series *s, const char *name)
{
	for (size_t i = 0; i < s->nlabels; i++)
		if (strcmp(s->labels[i].name, name) == 0)
			return &s->labels[i];
	return NULL;
}

/* Set (or replace) a label; name and value are copied and sanitized. */
void series_label_set(struct series *s, const char *name, const char *value)
{
	char *n = text_sanitize(name, strlen(name));
	char *v = text_sanitize(value, strlen(value));
	struct label *l = series_label_find(s, n);
	if (l != NULL) {
		free(n);
		free(l->value);
		l->value = v;
		return;
	}
	s->labels = xrealloc(s->labels, (s->nlabels + 1) * sizeof *s->labels);
	size_t at =
	    s->nlabels; /* kept in name order: output is stable whatever the source's order */
	while (at > 0 && strcmp(s->labels[at - 1].name, n) > 0) {
		s->labels[at] = s->labels[at - 1];
		at--;
	}
	s->labels[at] = (struct label){n, v};
	s->nlabels++;
}

/* The label's value, or NULL; borrowed from s. */
const char *series_label(const struct series *s, const char *name)
{
	const struct label *l = series_label_find(s, name);
	return l ? l->value : NULL;
}

/* One point while a series' order is put right. */
struct series_point {
	double t, v;
	size_t i; /* position in the series: of equal times the later wins */
};

/* Order points by time, then by position. */
static int series_point_cmp(const void *a, const void *b)
{
	const struct series_point *p = a, *q = b;
	if (p->t != q->t)
		return p->t < q->t ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

void series_sort(struct series *s)
{
	size_t i, o = 0;
	for (i = 1; i < s->n && s->t[i - 1] < s->t[i]; i++)
		;
	if (i >= s->n)
		return; /* already strictly ascending: the usual case */
	struct series_point *p = xmalloc(s->n * sizeof *p);
	for (i = 0; i < s->n; i++)
		p[i] = (struct series_point){s->t[i], s->v[i], i};
	qsort(p, s->n, sizeof *p, series_point_cmp);
	for (i = 0; i < s->n; i++) {
		if (o > 0 && s->t[o - 1] == p[i].t)
			o--;
		s->t[o] = p[i].t;
		s->v[o] = p[i].v;
		o++;
	}
	s->n = o;
	free(p);
}

/* Append the point (t, v); v may be NaN, a gap. */
void series_push(struct series *s, double t, double v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap; /* t and v share s->cap: both grow the same way */
		xgrow(&s->t, &cap, s->n + 1, sizeof *s->t);
		xgrow(&s->v, &s->cap, s->n + 1, sizeof *s->v);
	}
	s->t[s->n] = t;
	s->v[s->n] = v;
	s->n++;
}

/* The last non-NaN value (NaN when none); *at gets its time when not NULL. */
double series_last(const struct series *s, double *at)
{
	for (size_t i = s->n; i-- > 0;) {
		if (!isnan(s->v[i])) {
			if (at != NULL)
				*at = s->t[i];
			return s->v[i];
		}
	}
	return NAN;
}

/* The first non-NaN value (NaN when none). */
double series_first(const struct series *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->v[i]))
			return s->v[i];
	return NAN;
}

/* Min and max over non-NaN values (both NaN when none); returns how many there are. */
size_t series_minmax(const struct series *s, double *min, double *max)
{
	size_t count = 0;
	double lo = NAN, hi = NAN;
	for (size_t i = 0; i < s->n; i++) {
		double v = s->v[i];
		if (isnan(v))
			continue;
		if (count == 0 || v < lo)
			lo = v;
		if (count == 0 || v > hi)
			hi = v;
		count++;
	}
	if (min != NULL)
		*min = lo;
	if (max != NULL)
		*max = hi;
	return count;
}

/* A heap copy of n doubles from src (NULL when n is 0). */
static double *series_dup_points(const double *src, size_t n)
{
	if (n == 0)
		return NULL;
	double *d = xmalloc(n * sizeof *d);
	memcpy(d, src, n * sizeof *d);
	return d;
}

/* Deep copy of src into dst (dst uninitialised). */
void series_copy(struct series *dst, const struct series *src)
{
	series_init(dst);
	if (src->nlabels > 0)
		dst->labels = xcalloc(src->nlabels, sizeof *dst->labels);
	for (size_t i = 0; i < src->nlabels; i++) {
		dst->labels[i].name = xstrdup(src->labels[i].name);
		dst->labels[i].value = xstrdup(src->labels[i].value);
	}
	dst->nlabels = src->nlabels;
	dst->t = series_dup_points(src->t, src->n);
	dst->v = series_dup_points(src->v, src->n);
	dst->n = dst->cap = src->n;
}

/* True when a and b hold the same label pairs, in any order. */
static int series_labels_equal(const struct series *a, const struct series *b)
{
	if (a->nlabels != b->nlabels)
		return 0;
	for (size_t i = 0; i < a->nlabels; i++) {
		const char *v = series_label(b, a->labels[i].name);
		if (v == NULL || strcmp(v, a->labels[i].value) != 0)
			return 0;
	}
	return 1;
}

/* True when x and y are the same number, counting NaN as equal to NaN. */
static int series_same(double x, double y)
{
	return x == y || (isnan(x) && isnan(y));
}

/* True when a and b hold the same labels (in any order) and the same points (NaN equals NaN). */
int series_equal(const struct series *a, const struct series *b)
{
	if (a->n != b->n || !series_labels_equal(a, b))
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!series_same(a->t[i], b->t[i]) || !series_same(a->v[i], b->v[i]))
			return 0;
	return 1;
}

/* Make ss an empty set. */
void series_set_init(struct series_set *ss)
{
	memset(ss, 0, sizeof *ss);
}

/* Free every series of ss and leave it empty. */
void series_set_done(struct series_set *ss)
{
	for (size_t i = 0; i < ss->n; i++)
		series_done(&ss->items[i]);
	free(ss->items);
	series_set_init(ss);
}

/* Append an empty series and return it; valid until the next add. */
struct series *series_set_add(struct series_set *ss)
{
	xgrow(&ss->items, &ss->cap, ss->n + 1, sizeof *ss->items);
	struct series *s = &ss->items[ss->n++];
	series_init(s);
	return s;
}

/* Move the contents of src into dst (dst's old contents freed); src left empty. */
void series_set_move(struct series_set *dst, struct series_set *src)
{
	if (dst == src)
		return;
	series_set_done(dst);
	*dst = *src;
	series_set_init(src);
}

/* Append src's series to dst, in their order; src is left empty. */
void series_set_append(struct series_set *dst, struct series_set *src)
{
	if (dst == src)
		return;
	for (size_t i = 0; i < src->n; i++)
		*series_set_add(dst) = src->items[i];
	free(src->items);
	series_set_init(src);
}

/* True when a and b hold equal series in the same order. */
int series_set_equal(const struct series_set *a, const struct series_set *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!series_equal(&a->items[i], &b->items[i]))
			return 0;
	return 1;
}
