/* detect.c: EWMA and CUSUM change detectors over a robust, optionally seasonal, baseline. */
#include "analysis/detect.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* MAD times this estimates the standard deviation of normal noise. */
#define MAD_SIGMA 1.4826
/* An earlier change must stand out by this many standard errors of its mean difference
 * before the reference is cut short at it. */
#define SPLIT_Z 5.0
/* A change's mean must stand this many standard errors off the baseline to be reported. */
#define CONFIRM_Z 5.0
/* The variance of a median of n normal points is this times sigma^2 / n. */
#define MEDIAN_VAR (M_PI / 2)
/* The shortest reference an earlier change may leave, in points. */
#define MIN_REF 6
/* The fewest usable points judged, whatever min_points says. */
#define MIN_USABLE 4
/* The most seasons back that a point's seasonal expectation averages. */
#define MAX_SEASONS 52

void detect_defaults(struct detect_params *p)
{
	*p = (struct detect_params){
	    .lambda = 0.3,
	    .limit = 3,
	    .cusum_k = 0.5,
	    .cusum_h = 5,
	    .min_rel = 0.01,
	    .min_abs = 1e-9,
	    .min_points = 12,
	    .min_run = 3,
	    .season = 0,
	};
}

/* The state of one call: the usable points, scaled into [-1, 1], and their baseline. */
struct work {
	const struct detect_params *p;
	size_t m;	     /* usable points */
	size_t *at;	     /* at[j]: the index in the series of usable point j */
	double *t;	     /* their times */
	double *raw;	     /* their values times 2^-exp */
	double *x;	     /* what is judged: raw, or its departure from the season */
	double *base;	     /* the seasonal expectation of each point (0 without a season) */
	double *dev;	     /* (x - level) / sigma: each point's departure in sigmas */
	double *tmp;	     /* scratch for medians */
	int seasonal;	     /* whether x is the departure from the season */
	int exp;	     /* 2^exp is above every |value| */
	size_t ref;	     /* the reference: usable points [0, ref) */
	double level, sigma; /* the baseline's median and spread, scaled */
};

/* One detector's finding, in usable-point indices; sign 0 when there is none. */
struct finding {
	int sign;
	size_t start, alarm;
	size_t held; /* the last points for which the alarm held, up to the end */
};

/* Order a[i] and a[j]. */
static void sort2(double *a, size_t i, size_t j)
{
	double x = a[i], y = a[j];
	a[i] = x < y ? x : y;
	a[j] = x < y ? y : x;
}

/* Move the values of a[from, to) that pass a three-way test to its front, without
 * branching on them: below (1) those under pivot, else those equal to it. Returns where the
 * others begin. The values from to on are left alone. */
static size_t move_front(double *a, size_t from, size_t to, double pivot, int below)
{
	size_t store = from;
	for (size_t i = from; i < to; i++) {
		double v = a[i];
		size_t in = below ? v < pivot : v == pivot;
		a[i] = a[store]; /* [store, i) fail the test: any of them may stand at i */
		a[store] = v;
		store += in;
	}
	return store;
}

/* Put the k-th smallest of a[0, n) at a[k], the smaller before it and the larger after.
 * Quickselect with a median-of-three pivot; values equal to the pivot are set aside in one
 * go, so that a constant series costs no more than a varied one. */
static void select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n; /* k is in [lo, hi) */
	while (hi - lo > 12) {
		size_t mid = lo + (hi - lo) / 2, last = hi - 1;
		sort2(a, lo, mid);
		sort2(a, mid, last);
		sort2(a, lo, mid);
		double pivot = a[mid];
		a[mid] = a[last];
		size_t at = move_front(a, lo, last, pivot, 1);
		a[last] = a[at];
		a[at] = pivot;
		if (k < at) {
			hi = at;
			continue;
		}
		size_t above = move_front(a, at + 1, hi, pivot, 0);
		if (k < above)
			return;
		lo = above;
	}
	for (size_t i = lo + 1; i < hi; i++) {
		double v = a[i];
		size_t j = i;
		for (; j > lo && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* The median of a[0, n), n > 0; a is reordered. */
static double median(double *a, size_t n)
{
	size_t h = n / 2;
	select_kth(a, n, h);
	if (n % 2)
		return a[h];
	double below = a[0];
	for (size_t i = 1; i < h; i++)
		below = a[i] > below ? a[i] : below;
	return below / 2 + a[h] / 2;
}

/* Collect the finite points of s, scaled into [-1, 1]; 0 when none is other than zero. */
static int work_gather(struct work *w, const struct series *s)
{
	double big = 0;
	size_t m = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!isfinite(s->t[i]) || !isfinite(s->v[i]))
			continue;
		w->at[m] = i;
		w->t[m] = s->t[i];
		w->raw[m++] = s->v[i];
		big = fabs(s->v[i]) > big ? fabs(s->v[i]) : big;
	}
	w->m = m;
	if (big == 0)
		return 0;
	frexp(big, &w->exp);
	double by = ldexp(1, -w->exp); /* exact while normal; ldexp itself where it is not */
	int exact = isnormal(by);
	for (size_t j = 0; j < m; j++) {
		w->raw[j] = exact ? w->raw[j] * by : ldexp(w->raw[j], -w->exp);
		w->x[j] = w->raw[j];
		w->base[j] = 0;
	}
	return 1;
}

/* Half the series' mean step: how far from a time a point may be and still be at it. */
static double half_step(const struct series *s, const struct work *w)
{
	if (s->n > 1 && isfinite(s->t[0]) && isfinite(s->t[s->n - 1]))
		return (s->t[s->n - 1] - s->t[0]) / (double)(s->n - 1) / 2;
	return (w->t[w->m - 1] - w->t[0]) / (double)(w->m - 1) / 2;
}

/* The usable point nearest time t and within tol of it; -1 when none is. */
static ptrdiff_t point_at(const struct work *w, double t, double tol)
{
	size_t lo = 0, hi = w->m; /* the first point at or after t is in [lo, hi] */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->t[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	ptrdiff_t best = -1;
	double gap = tol;
	if (lo < w->m && w->t[lo] - t <= gap) {
		best = (ptrdiff_t)lo;
		gap = w->t[lo] - t;
	}
	if (lo > 0 && t - w->t[lo - 1] <= gap && (best < 0 || t - w->t[lo - 1] < gap))
		best = (ptrdiff_t)lo - 1;
	return best;
}

/* The mean of the same-phase points one and more seasons before usable point j; NaN if none. */
static double season_mean(const struct work *w, size_t j, double tol)
{
	double sum = 0;
	int n = 0;
	for (int k = 1; k <= MAX_SEASONS; k++) {
		double back = w->t[j] - k * w->p->season;
		if (back < w->t[0] - tol)
			break;
		ptrdiff_t i = point_at(w, back, tol);
		if (i >= 0) {
			sum += w->raw[i];
			n++;
		}
	}
	return n ? sum / n : NAN;
}

/* Judge departures from the season: each point less its season's mean, keeping the points
 * that have one. Nothing changes unless the points span two seasons of at least two steps. */
static void work_deseason(struct work *w, double tol)
{
	double season = w->p->season;
	if (!(season > 2 * tol) || isinf(season) || w->t[w->m - 1] - w->t[0] + 2 * tol < 2 * season)
		return;
	for (size_t j = 0; j < w->m; j++)
		w->base[j] = season_mean(w, j, tol);
	size_t kept = 0;
	for (size_t j = 0; j < w->m; j++) {
		if (isnan(w->base[j]))
			continue;
		w->at[kept] = w->at[j];
		w->t[kept] = w->t[j];
		w->raw[kept] = w->raw[j];
		w->base[kept] = w->base[j];
		w->x[kept++] = w->raw[j] - w->base[j];
	}
	w->m = kept;
	w->seasonal = 1;
}

/* The baseline from the reference [0, ref): the median, and the MAD's sigma under its floors. */
static void work_baseline(struct work *w, size_t ref)
{
	const struct detect_params *p = w->p;
	w->ref = ref;
	memcpy(w->tmp, w->x, ref * sizeof *w->tmp);
	w->level = median(w->tmp, ref);
	for (size_t j = 0; j < ref; j++)
		w->tmp[j] = fabs(w->x[j] - w->level);
	double sigma = MAD_SIGMA * median(w->tmp, ref), size = fabs(w->level);
	if (w->seasonal) {
		memcpy(w->tmp, w->raw, ref * sizeof *w->tmp);
		size = fabs(median(w->tmp, ref)); /* the level itself, season and all */
	}
	sigma = fmax(sigma, p->min_rel * size);
	sigma = fmax(sigma, ldexp(p->min_abs, -w->exp));
	w->sigma = fmax(sigma, DBL_EPSILON); /* below this, rounding: nothing is a change */
	for (size_t j = 0; j < w->m; j++)
		w->dev[j] = (w->x[j] - w->level) / w->sigma;
}

/* Where the reference should end if a change inside it stands out: the split of [0, ref)
 * that best separates the mean before it from the mean after it; 0 when none does. */
static size_t work_early_change(const struct work *w, size_t ref)
{
	double total = 0, before = 0, best = 0;
	size_t at = 0;
	for (size_t j = 0; j < ref; j++)
		total += w->dev[j];
	for (size_t c = 1; c + 1 < ref; c++) {
		before += w->dev[c - 1];
		if (c < MIN_REF)
			continue;
		double diff = (total - before) / (double)(ref - c) - before / (double)c;
		double z2 = diff * diff * ((double)c * (double)(ref - c) / (double)ref);
		if (z2 > best) {
			best = z2;
			at = c;
		}
	}
	return best >= SPLIT_Z * SPLIT_Z ? at : 0;
}

/* EWMA over the points after the reference, with the exact variance of its first steps;
 * found when it is outside its limit at the end. The alarm is where it last went outside;
 * the start is where the points before the alarm last stood on the baseline or beyond it. */
static void work_ewma(const struct work *w, struct finding *f)
{
	const struct detect_params *p = w->p;
	double lam = p->lambda, z = 0, fade = 1; /* in sigmas off the level */
	size_t held = 0;
	int side = 0;
	*f = (struct finding){0};
	if (!(lam > 0 && lam <= 1) || !(p->limit > 0) || isinf(p->limit))
		return;
	for (size_t j = w->ref; j < w->m; j++) {
		z = lam * w->dev[j] + (1 - lam) * z;
		fade *= (1 - lam) * (1 - lam);
		double lim = p->limit * sqrt(lam / (2 - lam) * (1 - fade));
		int s = z > 0 ? 1 : -1;
		held = fabs(z) > lim ? (s == side ? held + 1 : 1) : 0;
		side = s;
	}
	if (held == 0)
		return;
	size_t alarm = w->m - held, start = alarm;
	while (start > 0 && side * w->dev[start - 1] > 0)
		start--;
	*f = (struct finding){side, start, alarm, held};
}

/* One side of the CUSUM, its sum over the points so far and what it has seen since it
 * was last zero. */
struct cusum_side {
	double sum, peak; /* the statistic and its highest since it was last zero */
	size_t start;	  /* the point after it was last zero */
	size_t held;	  /* the last points for which it has been past the decision interval */
};

/* Add a departure d (in sigmas, signed for this side) to c at point j; branch-free, as
 * noise makes the statistic touch zero at random. */
static void cusum_add(struct cusum_side *c, double d, size_t j, double k, double h)
{
	double sum = c->sum + d - k;
	int zero = !(sum > 0);
	c->sum = zero ? 0 : sum;
	c->start = zero ? j + 1 : c->start;
	c->peak = zero ? 0 : (sum > c->peak ? sum : c->peak);
	c->held = zero || !(sum > h) ? 0 : c->held + 1;
}

/* Whether side c (sign +1 or -1) is found at the end of m points: past the decision
 * interval and not fallen back by one from its peak; fills *f if so. */
static int cusum_found(const struct cusum_side *c, int sign, size_t m, double h, struct finding *f)
{
	if (!c->held || c->sum < c->peak - h)
		return 0;
	*f = (struct finding){sign, c->start, m - c->held, c->held};
	return 1;
}

/* The two-sided CUSUM over every point. Found when a side is past the decision interval
 * at the end and has not fallen back by one from its peak (the higher side if both); its
 * start is the point after it was last zero, its alarm where it last went past. */
static void work_cusum(const struct work *w, struct finding *f)
{
	double k = w->p->cusum_k > 0 ? w->p->cusum_k : 0, h = w->p->cusum_h;
	struct cusum_side up = {0}, down = {0};
	*f = (struct finding){0};
	if (!(h > 0) || isinf(h))
		return;
	for (size_t j = 0; j < w->m; j++) {
		cusum_add(&up, w->dev[j], j, k, h);
		cusum_add(&down, -w->dev[j], j, k, h);
	}
	struct finding fu, fd;
	int u = cusum_found(&up, 1, w->m, h, &fu), d = cusum_found(&down, -1, w->m, h, &fd);
	if (u && (!d || up.sum >= down.sum))
		*f = fu;
	else if (d)
		*f = fd;
}

/* Whether finding f holds: its alarm held for the last min_run points or more; the mean
 * of the points since its start stands CONFIRM_Z standard errors off the baseline (the
 * baseline's own, a median's, counted); their median is more than cusum_k sigmas off on
 * its side (most of them moved, not one); and so is the mean of their later half (the
 * change has not come back). */
static int work_holds(const struct work *w, const struct finding *f)
{
	size_t n = w->m - f->start, run = w->p->min_run ? w->p->min_run : 1;
	double k = w->p->cusum_k > 0 ? w->p->cusum_k : 0, sum = 0, late = 0;
	if (f->sign == 0 || f->held < run || n < run)
		return 0;
	for (size_t i = 0; i < n; i++) {
		w->tmp[i] = f->sign * w->dev[f->start + i];
		sum += w->tmp[i];
		late += i >= n / 2 ? w->tmp[i] : 0;
	}
	double se = sqrt(1 / (double)n + MEDIAN_VAR / (double)w->ref);
	if (!(sum / (double)n >= CONFIRM_Z * se) || !(late / (double)(n - n / 2) > k))
		return 0;
	return median(w->tmp, n) > k;
}

/* How well a step at start fits the points after it: (sum of departures)^2 / count. */
static double work_fit(const struct work *w, size_t start)
{
	double sum = 0;
	for (size_t j = start; j < w->m; j++)
		sum += w->dev[j];
	return sum * sum / (double)(w->m - start);
}

/* Fill *d from finding f of the given kind. */
static void work_report(const struct work *w, const struct series *s, const struct finding *f,
			enum detect_kind kind, struct detection *d)
{
	double sum = 0;
	for (size_t j = f->start; j < w->m; j++)
		sum += w->x[j];
	double mean = sum / (double)(w->m - f->start), expect = w->base[w->m - 1];
	d->kind = kind;
	d->start = w->at[f->start];
	d->since = s->t[d->start];
	d->normal = ldexp(expect + w->level, w->exp);
	d->now = ldexp(expect + mean, w->exp);
	d->sigma = ldexp(w->sigma, w->exp);
	d->sigmas = fabs(mean - w->level) / w->sigma;
	d->sign = f->sign;
}

/* The body of detect_series over work arrays sized for s. */
static int work_judge(struct work *w, const struct series *s, struct detection *d)
{
	size_t need = w->p->min_points > MIN_USABLE ? w->p->min_points : MIN_USABLE;
	if (!work_gather(w, s) || w->m < need)
		return 0;
	work_deseason(w, half_step(s, w));
	if (w->m < need)
		return 0;
	size_t ref = w->m - w->m / 3;
	work_baseline(w, ref);
	size_t early = work_early_change(w, ref);
	if (early)
		work_baseline(w, early);
	struct finding e, c;
	work_ewma(w, &e);
	work_cusum(w, &c);
	int e_ok = work_holds(w, &e), c_ok = work_holds(w, &c);
	if (e_ok && c_ok) {
		/* both: the start a step fits better, else the earlier alarm */
		double fe = work_fit(w, e.start), fc = work_fit(w, c.start);
		if (fe > fc || (fe == fc && e.alarm <= c.alarm))
			c_ok = 0;
		else
			e_ok = 0;
	}
	if (e_ok)
		work_report(w, s, &e, DETECT_EWMA, d);
	else if (c_ok)
		work_report(w, s, &c, DETECT_CUSUM, d);
	return e_ok || c_ok;
}

int detect_series(const struct series *s, const struct detect_params *p, struct detection *d)
{
	struct detect_params defaults;
	if (p == NULL) {
		detect_defaults(&defaults);
		p = &defaults;
	}
	*d = (struct detection){.kind = DETECT_NONE};
	if (s == NULL || s->n == 0)
		return 0;
	struct work w = {.p = p};
	w.at = xmalloc(s->n * sizeof *w.at);
	double *block = xmalloc(6 * s->n * sizeof *block);
	w.t = block;
	w.raw = block + s->n;
	w.x = block + 2 * s->n;
	w.base = block + 3 * s->n;
	w.dev = block + 4 * s->n;
	w.tmp = block + 5 * s->n;
	int found = work_judge(&w, s, d);
	free(block);
	free(w.at);
	return found;
}
