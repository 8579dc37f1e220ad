/*
 * test_view.c: a view's figures are computed over the window each panel
 * declares, whatever the terminal's width; their changes compare with the
 * baseline asked for. The oracle is the demo source's own answer for the
 * window, asked here directly, never what the view printed.
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
#include "views/panel.h"
#include "views/view.h"

#define SEED 42
#define END  1795435200.0 /* 2026-11-23T12:00:00Z */

/* The figures of one view as lines "panel|query|series|t|value|text", and the count. */
struct figs {
	char *text;
	size_t len, n;
};

static void collect(void *ctx, const struct view_figure *f)
{
	struct figs *o = ctx;
	char line[512];
	int n = snprintf(line, sizeof line, "%s|%zu|%s|%.0f|%.12g|%s\n", f->panel, f->query,
			 f->series, f->t, f->value, f->text);
	o->text = realloc(o->text, o->len + (size_t)n + 1);
	assert_non_null(o->text);
	memcpy(o->text + o->len, line, (size_t)n + 1);
	o->len += (size_t)n;
	o->n++;
}

/* Shipped dashboard i, loaded. */
static void load(size_t i, struct dashboard *d)
{
	char err[256];
	if (dashboard_parse(embedded_views[i].text, embedded_views[i].len, "v.json", d, err,
			    sizeof err) != 0)
		fail_msg("%s", err);
}

/* The figures of dashboard d laid out at cols x rows, over its own range. */
static struct figs figures_at(const struct dashboard *d, struct source *src, int cols, int rows,
			      double baseline)
{
	struct view *v = view_new(d, 5);
	view_layout(v, (struct rect){1, 0, rows - 2, cols});
	view_fetch(v, src, END, dashboard_range(d, 0), baseline, 0);
	assert_int_equal(view_pending(v), 0); /* the demo answers at once */
	struct figs f = {0};
	view_figures(v, collect, &f);
	view_free(v);
	return f;
}

/* Every shipped view shows the same figures at 80x24, 160x48 and 300x90. */
static void test_same_at_every_size(void **state)
{
	(void)state;
	struct source *src = source_demo_new(SEED, NULL);
	static const int sizes[][2] = {{80, 24}, {160, 48}, {300, 90}};
	for (size_t i = 0; i < embedded_views_count; i++) {
		struct dashboard d;
		load(i, &d);
		struct figs first = figures_at(&d, src, sizes[0][0], sizes[0][1], 0);
		assert_true(first.n >= 8);
		for (size_t s = 1; s < 3; s++) {
			struct figs other = figures_at(&d, src, sizes[s][0], sizes[s][1], 0);
			if (strcmp(first.text, other.text) != 0)
				fail_msg("%s at %dx%d:\n%s\nat 80x24:\n%s", d.name, sizes[s][0],
					 sizes[s][1], other.text, first.text);
			free(other.text);
		}
		free(first.text);
		dashboard_done(&d);
	}
	source_free(src);
}

/* One answer of the demo, kept. */
static void take(void *ctx, enum kpi_status st, struct series_set *result, const char *err)
{
	if (st != KPI_OK)
		fail_msg("demo: %s", err);
	series_set_move(ctx, result);
}

/* The demo's own figure for kpi over the window of w seconds ending at end. */
static double demo_window(struct source *src, const char *kpi, double end, double w)
{
	struct series_set ss;
	series_set_init(&ss);
	struct kpi_query q = {kpi, end - w, end, w, NULL, NULL, 0, NULL, NULL};
	source_submit(src, &q, take, &ss);
	assert_int_equal(ss.n, 1);
	double v = ss.items[0].n ? ss.items[0].v[ss.items[0].n - 1] : NAN;
	assert_true(ss.items[0].n && ss.items[0].t[ss.items[0].n - 1] == end);
	series_set_done(&ss);
	return v;
}

/* What one panel's first figure was: found by title among the figures of a view. */
struct find {
	const char *title;
	struct view_figure f;
	int found;
};

static void find_one(void *ctx, const struct view_figure *f)
{
	struct find *o = ctx;
	if (!o->found && strcmp(f->panel, o->title) == 0) {
		o->f = *f;
		o->found = 1;
	}
}

/* The view of shipped dashboard name, fetched from src at END over its own range. */
static struct view *view_of(const char *name, struct dashboard *d, struct source *src,
			    double baseline)
{
	for (size_t i = 0; i < embedded_views_count; i++)
		if (strcmp(embedded_views[i].name, name) == 0)
			load(i, d);
	assert_non_null(d->name);
	struct view *v = view_new(d, 5);
	view_layout(v, (struct rect){1, 0, 46, 160});
	view_fetch(v, src, END, dashboard_range(d, 0), baseline, 0);
	return v;
}

/*
 * Operations' SLA compliance is the last 15 minutes, its change against the
 * 15 minutes before; after "b", against the same 15 minutes yesterday and a
 * week ago. Queue length is the level now. All as the demo itself answers.
 */
static void test_window_and_baselines(void **state)
{
	(void)state;
	struct source *src = source_demo_new(SEED, NULL);
	static const double baselines[] = {0, 86400, 7 * 86400};
	for (size_t b = 0; b < 3; b++) {
		struct dashboard d = {0};
		struct view *v = view_of("operations", &d, src, baselines[b]);
		struct find sla = {"SLA compliance", {0}, 0};
		view_figures(v, find_one, &sla);
		assert_true(sla.found);
		assert_float_equal(sla.f.window, 900, 0);
		assert_float_equal(sla.f.t, END, 0);
		double now = demo_window(src, "sla_compliance", END, 900);
		double then = demo_window(src, "sla_compliance",
					  END - (baselines[b] > 0 ? baselines[b] : 900), 900);
		assert_float_equal(sla.f.value, now, 1e-12);
		if (fabs(sla.f.delta - (now - then)) > 1e-12)
			fail_msg(
			    "baseline %g: delta %.17g, the demo's %.17g (now %.17g then %.17g)",
			    baselines[b], sla.f.delta, now - then, now, then);
		/* over the whole hour the figure would be another one */
		assert_true(fabs(demo_window(src, "sla_compliance", END, 3600) - now) > 1e-6);
		struct find queue = {"Queue length", {0}, 0};
		view_figures(v, find_one, &queue);
		assert_true(queue.found);
		assert_float_equal(queue.f.value, demo_window(src, "queue_length", END, 60), 1e-9);
		view_free(v);
		dashboard_done(&d);
	}
	source_free(src);
}

/* A series of n points at END - (n - 1 - i) * 900 with values v. */
static void windows(struct series *s, const double *v, size_t n)
{
	series_init(s);
	for (size_t i = 0; i < n; i++)
		series_push(s, END - (double)(n - 1 - i) * 900, v[i]);
}

/*
 * A figure with nothing to compare with has no change, rather than a change
 * of 0; a gap at the end (a missed scrape) shows the last window that has a
 * figure, its change against the one before it.
 */
static void test_no_baseline_no_change(void **state)
{
	(void)state;
	struct panel p = {.title = "x", .window = 900};
	struct panel_state ps = {.p = &p};
	struct series t, b;
	double value, delta;
	static const double one[] = {0.97}, three[] = {0.96, 0.97, 0.83}, gap[] = {0.9, 0.95, NAN};
	static const double all_gaps[] = {NAN, NAN};

	windows(&t, one, 1);
	panel_figure(&ps, &t, NULL, &value, &delta);
	assert_float_equal(value, 0.97, 1e-12);
	assert_true(isnan(delta));
	series_done(&t);

	windows(&t, three, 3);
	panel_figure(&ps, &t, NULL, &value, &delta);
	assert_true(fabs(value - 0.83) < 1e-12 && fabs(delta - (0.83 - 0.97)) < 1e-12);
	/* a baseline asked for but not (yet) answered: no change, not the window before */
	ps.baseline = 86400;
	panel_figure(&ps, &t, NULL, &value, &delta);
	assert_true(fabs(value - 0.83) < 1e-12 && isnan(delta));
	windows(&b, one, 1);
	panel_figure(&ps, &t, &b, &value, &delta);
	assert_true(fabs(delta - (0.83 - 0.97)) < 1e-12);
	series_done(&b);
	series_done(&t);

	ps.baseline = 0;
	windows(&t, gap, 3);
	panel_figure(&ps, &t, NULL, &value, &delta);
	assert_true(fabs(value - 0.95) < 1e-12 && fabs(delta - 0.05) < 1e-12);
	series_done(&t);

	windows(&t, all_gaps, 2);
	panel_figure(&ps, &t, NULL, &value, &delta);
	assert_true(isnan(value) && isnan(delta));
	series_done(&t);
	panel_figure(&ps, NULL, NULL, &value, &delta);
	assert_true(isnan(value) && isnan(delta));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_at_every_size),
	    cmocka_unit_test(test_window_and_baselines),
	    cmocka_unit_test(test_no_baseline_no_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
