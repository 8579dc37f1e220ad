/*
 * test_explain.c: the drivers of what changed. How a query's figure is made of
 * its cohorts' (read from its PromQL), and, on the demo company, that an
 * entry's driver is the cohort the demo's own answers say moved it most, over
 * the times the entry names, within the entry's own cohort; and that no
 * cohort under the privacy floor is ever named.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "client/source.h"
#include "util/embed.h"
#include "views/changes.h"
#include "views/explain.h"
#include "views/privacy.h"
#include "views/view.h"

#define SEED 42
#define END  1795435200.0 /* 2026-11-23T12:00:00Z */

/* How q is made, and its denominator when a ratio ("" when none). */
static enum explain_agg agg(const char *q, char *den, size_t len)
{
	char *d = NULL;
	enum explain_agg a = explain_agg(q, &d);
	snprintf(den, len, "%s", d ? d : "");
	free(d);
	return a;
}

static void test_agg_shapes(void **state)
{
	(void)state;
	char den[256];
	/* sums and counts: the total is the cohorts' sum */
	assert_int_equal(agg("sum by ($group) (kpi_queue_length{$filter})", den, sizeof den),
			 EXPLAIN_SUM);
	assert_int_equal(agg("count(up)", den, sizeof den), EXPLAIN_SUM);
	assert_int_equal(agg("sum(a) + sum(b)", den, sizeof den), EXPLAIN_SUM);
	/* a ratio, and one minus a ratio: weighted by the denominator, as written */
	assert_int_equal(agg("sum by ($group) (increase(a{$filter}[$step])) / "
			     "sum by ($group) (increase(b{$filter}[$step]))",
			     den, sizeof den),
			 EXPLAIN_RATIO);
	assert_string_equal(den, "sum by ($group) (increase(b{$filter}[$step]))");
	assert_int_equal(agg("1 - sum(x) / sum(y)", den, sizeof den), EXPLAIN_RATIO);
	assert_string_equal(den, "sum(y)");
	/* the budget: a ratio inside parentheses, scaled by a number */
	assert_int_equal(agg("1 - (1 - sum(good) / sum(all)) / (1 - 0.995)", den, sizeof den),
			 EXPLAIN_RATIO);
	assert_string_equal(den, "sum(all)");
	/* precision: the denominator a sum in parentheses; an operator inside a string or a
	 * matcher is no operator */
	assert_int_equal(agg("sum(tp{a=\"x/y\"}) / (sum(tp) + sum(fp))", den, sizeof den),
			 EXPLAIN_RATIO);
	assert_string_equal(den, "(sum(tp) + sum(fp))");
	/* weighted inside, divided at the top: eNPS weighted by headcount */
	assert_int_equal(agg("sum by ($group) (e{$filter} * on (team) sum by (team) (h)) / "
			     "sum by ($group) (h{$filter})",
			     den, sizeof den),
			 EXPLAIN_RATIO);
	assert_string_equal(den, "sum by ($group) (h{$filter})");
	/* what is no sum: quantiles, averages, maxima, matching, comparisons, KPI ids */
	assert_int_equal(
	    agg("histogram_quantile(0.99, sum by (le) (rate(b[5m])))", den, sizeof den),
	    EXPLAIN_OTHER);
	assert_int_equal(agg("avg by ($group) (x)", den, sizeof den), EXPLAIN_OTHER);
	assert_int_equal(agg("max(x)", den, sizeof den), EXPLAIN_OTHER);
	assert_int_equal(agg("sum(a) / on(team) sum(b)", den, sizeof den), EXPLAIN_OTHER);
	assert_int_equal(agg("sum(a) > 3", den, sizeof den), EXPLAIN_OTHER);
	assert_int_equal(agg("sum(a) - avg(b)", den, sizeof den), EXPLAIN_OTHER);
	assert_int_equal(agg("sum(a) / 60", den, sizeof den), EXPLAIN_SUM);
	assert_int_equal(agg("sum(a", den, sizeof den), EXPLAIN_OTHER);
	assert_int_equal(agg(NULL, den, sizeof den), EXPLAIN_OTHER);
	assert_string_equal(den, "");
}

/* The four shipped views fetched from the demo at END, and what changed on them. */
struct world {
	struct dashboard d[8];
	struct view *v[8];
	size_t n;
	struct source *src;
	struct changes c;
	struct explain *x;
};

static void world_up(struct world *w, int floor)
{
	char err[256];
	memset(w, 0, sizeof *w);
	w->src = source_demo_new(SEED, NULL);
	for (size_t i = 0; i < embedded_views_count && i < 8; i++, w->n++) {
		if (dashboard_parse(embedded_views[i].text, embedded_views[i].len, "v.json",
				    &w->d[i], err, sizeof err) != 0)
			fail_msg("%s", err);
		w->v[i] = view_new(&w->d[i], floor);
		view_layout(w->v[i], (struct rect){1, 0, 46, 160});
		view_fetch(w->v[i], w->src, END, dashboard_range(&w->d[i], 0), 0, 1);
	}
	changes_build(&w->c, w->v, w->n);
	assert_true(w->c.n > 0);
	w->x = explain_new(floor);
	double wall = 1;
	while (explain_fetch(w->x, &w->c, w->d, w->src, END, wall))
		wall++; /* the demo answers at once: a new round until nothing more is asked */
	assert_int_equal(explain_pending(w->x), 0);
}

static void world_down(struct world *w)
{
	explain_free(w->x);
	changes_done(&w->c);
	for (size_t i = 0; i < w->n; i++) {
		view_free(w->v[i]);
		dashboard_done(&w->d[i]);
	}
	source_free(w->src);
}

/* One answer of the demo, kept. */
static void take(void *ctx, enum kpi_status st, struct series_set *result, const char *err)
{
	if (st != KPI_OK)
		fail_msg("demo: %s", err);
	series_set_move(ctx, result);
}

/*
 * The demo's own figure of e's KPI by label under e's cohort at t0 and t1,
 * each over the window t1 - t0 before it.
 */
static void by_label(const struct world *w, const struct change *e, const char *label, double t0,
		     double t1, struct series_set *out)
{
	const struct panel_query *q = &e->p->queries[e->query];
	struct kpi_filter f[CHANGE_MAX_PATH + 16];
	size_t nf = 0;
	for (size_t i = 0; i < e->npath; i++)
		f[nf++] = (struct kpi_filter){e->path[i].name, e->path[i].value};
	for (size_t i = 0; i < q->nfilter; i++)
		f[nf++] = (struct kpi_filter){q->filter[i].name, q->filter[i].value};
	struct kpi_query kq = {q->kpi, t0, t1, t1 - t0, label, f, nf, NULL, NULL};
	series_set_init(out);
	source_submit(w->src, &kq, take, out); /* the demo answers at once */
	double per = q->per;
	for (size_t i = 0; per > 0 && i < out->n; i++) /* "per": "hour", as shown */
		for (size_t j = 0; j < out->items[i].n; j++)
			out->items[i].v[j] *= per / (t1 - t0);
}

/*
 * The first listed entries with drivers: each names the cohort whose own move
 * (the demo's KPIs are asked by id, so the cohorts' plain mean stands in) is
 * the largest share of its label's moves, over the time since the entry began
 * and as long before.
 */
static void test_demo_drivers(void **state)
{
	(void)state;
	struct world w;
	world_up(&w, PRIVACY_FLOOR_DEFAULT);
	size_t checked = 0;
	for (size_t i = 0; i < w.c.n && checked < 3; i++) {
		const struct change *e = &w.c.items[i];
		const struct explain_driver *d = explain_find(w.x, e);
		if (d == NULL || e->p->privacy || e->p->queries[e->query].window == WINDOW_NOW)
			continue;
		assert_false(d->exact); /* KPI ids: no PromQL to weigh by */
		double span = END - e->since;
		assert_true(span > 0);
		/* the label it names, and every other it could have named */
		double best = -1, best_own = NAN;
		const char *best_label = NULL, *best_value = NULL;
		struct series_set sets[PANEL_MAX_DRILL];
		size_t nsets = 0;
		for (size_t k = 0; k < e->p->ndrill; k++) {
			int fixed = 0;
			for (size_t p = 0; p < e->npath; p++)
				fixed |= strcmp(e->path[p].name, e->p->drill[k]) == 0;
			if (fixed)
				continue;
			struct series_set *s = &sets[nsets++];
			by_label(&w, e, e->p->drill[k], END - span, END, s);
			/* the series are each cohort's [before window, this window] */
			double sum = 0;
			for (size_t j = 0; j < s->n; j++)
				if (s->items[j].n >= 2)
					sum += s->items[j].v[s->items[j].n - 1] -
					       s->items[j].v[s->items[j].n - 2];
			for (size_t j = 0; j < s->n && sum != 0; j++) {
				const struct series *c = &s->items[j];
				if (c->n < 2)
					continue;
				double own = c->v[c->n - 1] - c->v[c->n - 2];
				if (own * sum > 0 && own / sum > best) {
					best = own / sum;
					best_own = own;
					best_label = e->p->drill[k];
					best_value = series_label(c, best_label);
				}
			}
		}
		assert_non_null(best_label);
		assert_string_equal(d->label, best_label);
		assert_string_equal(d->value, best_value);
		assert_true(fabs(d->own - best_own) <= 1e-9 * fmax(1, fabs(best_own)));
		char text[200];
		explain_text(w.x, e, text, sizeof text);
		char want[128];
		snprintf(want, sizeof want, "%s=%s ", best_label, best_value);
		if (strstr(text, want) == NULL)
			fail_msg("%s: \"%s\" does not name %s", e->p->title, text, want);
		for (size_t k = 0; k < nsets; k++)
			series_set_done(&sets[k]);
		checked++;
	}
	assert_int_equal(checked, 3);
	world_down(&w);
}

/* Whether the floor shows cohort label=value in the breakdown of heads (e's people) by label. */
static int shown_among(const struct world *w, const struct change *e, const char *label,
		       const char *value)
{
	struct series_set s;
	by_label(w, e, label, END - 300, END, &s);
	double *heads = calloc(s.n + 1, sizeof *heads);
	unsigned char *marks = calloc(s.n + 1, 1);
	assert_non_null(heads);
	assert_non_null(marks);
	for (size_t j = 0; j < s.n; j++)
		heads[j] = series_last(&s.items[j], NULL);
	privacy_mark(heads, s.n, PRIVACY_FLOOR_DEFAULT, marks);
	int shown = 0;
	for (size_t j = 0; j < s.n; j++) {
		const char *v = series_label(&s.items[j], label);
		if (v && strcmp(v, value) == 0)
			shown = marks[j] == PRIVACY_SHOWN;
	}
	free(marks);
	free(heads);
	series_set_done(&s);
	return shown;
}

/*
 * The privacy floor: an HR entry's driver is never a cohort it hides (its
 * people counted by the dashboard's headcount, under the entry's cohort and
 * over everyone, the smallest and their covers, as the drill-down does), and
 * with a floor above the whole company no HR entry names a driver at all.
 */
static void test_drivers_keep_the_floor(void **state)
{
	(void)state;
	struct world w;
	world_up(&w, PRIVACY_FLOOR_DEFAULT);
	size_t hr = 0;
	for (size_t i = 0; i < w.c.n; i++) {
		const struct change *e = &w.c.items[i];
		const struct explain_driver *d = explain_find(w.x, e);
		if (d == NULL || !e->p->privacy)
			continue;
		const struct dashboard *dash = &w.d[e->view];
		struct change heads = *e;
		struct panel hp = *e->p;
		hp.queries = dash->headcount;
		hp.nqueries = 1;
		heads.p = &hp;
		heads.query = 0;
		/* shown among its siblings under the entry's cohort, and among everyone's */
		assert_true(shown_among(&w, &heads, d->label, d->value));
		heads.npath = 0;
		assert_true(shown_among(&w, &heads, d->label, d->value));
		hr++;
	}
	assert_true(hr > 0); /* the demo's HR view does list entries with drivers */
	world_down(&w);

	world_up(&w, 1000000);
	for (size_t i = 0; i < w.c.n; i++)
		if (w.c.items[i].p->privacy)
			assert_null(explain_find(w.x, &w.c.items[i]));
	world_down(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_agg_shapes),
	    cmocka_unit_test(test_demo_drivers),
	    cmocka_unit_test(test_drivers_keep_the_floor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
