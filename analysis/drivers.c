/* drivers.c: each cohort's exact part in the change of a total, ranked. */
#include "analysis/drivers.h"

#include <math.h>
#include <stdlib.h>

#include "util/xalloc.h"

/* Where a cohort ranks: with the total's change, against it, or not moved at all. */
enum { WITH, AGAINST, STILL };

/* One cohort while the ranking is made. */
struct ranked {
	struct driver_out o;
	int group;   /* WITH, AGAINST or STILL */
	double size; /* |contribution|, -1 when it is not a number */
};

/* Whether cohort c counts: both its figures are known. */
static int drivers_counts(const struct driver_in *c)
{
	return isfinite(c->before) && isfinite(c->after);
}

/* The summed weight of one period (after: 1 for w_after, 0 for w_before) over the counted
 * cohorts; *equal set when they must weigh the same, the sum then being their count. */
static double drivers_weight(const struct driver_in *c, size_t n, int after, int *equal)
{
	double sum = 0;
	size_t counted = 0;
	*equal = 0;
	for (size_t i = 0; i < n; i++) {
		if (!drivers_counts(&c[i]))
			continue;
		double w = after ? c[i].w_after : c[i].w_before;
		counted++;
		if (!isfinite(w) || w < 0)
			*equal = 1;
		else
			sum += w;
	}
	if (*equal || !(sum > 0) || !isfinite(sum)) {
		*equal = 1;
		return (double)counted;
	}
	return sum;
}

/* The weights of both periods, for the contributions. */
struct drivers_weights {
	double before, after;	       /* W and W' */
	int equal_before, equal_after; /* a period whose cohorts all weigh 1 */
};

/* Cohort c's contribution to the change of the total. */
static double drivers_part(const struct driver_in *c, enum drivers_agg agg,
			   const struct drivers_weights *w)
{
	if (agg == DRIVERS_SUM)
		return c->after - c->before;
	double wb = w->equal_before ? 1 : c->w_before, wa = w->equal_after ? 1 : c->w_after;
	return wa / w->after * c->after - wb / w->before * c->before;
}

/* Order: group, then the larger contribution, then the input's order. */
static int drivers_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return (a->o.index > b->o.index) - (a->o.index < b->o.index);
}

/* Which group a contribution falls in, given the total's change. */
static int drivers_group(double part, double total)
{
	if (isnan(part) || part == 0)
		return STILL;
	if (isnan(total) || total == 0)
		return WITH; /* no direction to move against */
	return (part > 0) == (total > 0) ? WITH : AGAINST;
}

size_t drivers_rank(const struct driver_in *c, size_t n, enum drivers_agg agg,
		    struct driver_out *out, size_t max, double *total_change, double *hidden_part)
{
	struct drivers_weights w = {1, 1, 1, 1};
	if (agg == DRIVERS_WEIGHTED) {
		w.before = drivers_weight(c, n, 0, &w.equal_before);
		w.after = drivers_weight(c, n, 1, &w.equal_after);
	}
	double total = 0, hidden = 0;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!drivers_counts(&c[i]))
			continue;
		double part = drivers_part(&c[i], agg, &w);
		total += part;
		if (c[i].hidden)
			hidden += part;
		else
			shown++;
	}
	if (total_change)
		*total_change = total;
	if (hidden_part)
		*hidden_part = hidden;
	if (max == 0 || shown == 0)
		return 0;
	struct ranked *r = xmalloc(shown * sizeof *r);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!drivers_counts(&c[i]) || c[i].hidden)
			continue;
		double part = drivers_part(&c[i], agg, &w);
		double share = total != 0 && isfinite(total) ? part / total : NAN;
		r[k++] = (struct ranked){
		    {i, part, share}, drivers_group(part, total), isnan(part) ? -1 : fabs(part)};
	}
	qsort(r, shown, sizeof *r, drivers_cmp);
	size_t wrote = shown < max ? shown : max;
	for (size_t i = 0; i < wrote; i++)
		out[i] = r[i].o;
	free(r);
	return wrote;
}
