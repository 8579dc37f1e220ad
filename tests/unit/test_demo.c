/* test_demo.c: the embedded demo company answers every KPI, deterministically and plausibly. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "client/demo.h"

#define T0   1795392000.0 /* Monday 2026-11-23 00:00 UTC */
#define HOUR 3600.0
#define DAY  86400.0
#define WEEK (7 * DAY)

/* Ask d for kpi over [start, end] at step, grouped and filtered; out is initialised here. */
static enum kpi_status ask(const struct demo *d, const char *kpi, double start, double end,
			   double step, const char *group, const struct kpi_filter *f, size_t nf,
			   struct series_set *out)
{
	struct kpi_query q = {kpi, start, end, step, group, f, nf, NULL, NULL};
	char err[256] = "";
	series_set_init(out);
	enum kpi_status st = demo_query(d, &q, out, err, sizeof err);
	if (st != KPI_OK)
		fprintf(stderr, "%s: %s\n", kpi, err);
	return st;
}

/* Like ask, but the answer must be KPI_OK. */
static void ask_ok(const struct demo *d, const char *kpi, double start, double end, double step,
		   const char *group, const struct kpi_filter *f, size_t nf, struct series_set *out)
{
	assert_int_equal(ask(d, kpi, start, end, step, group, f, nf, out), KPI_OK);
}

/* The series of ss labelled label=value, or NULL. */
static const struct series *find(const struct series_set *ss, const char *label, const char *value)
{
	for (size_t i = 0; i < ss->n; i++) {
		const char *v = series_label(&ss->items[i], label);
		if (v != NULL && strcmp(v, value) == 0)
			return &ss->items[i];
	}
	return NULL;
}

/* True when x and y are equal, NaN equal to NaN. */
static int same(double x, double y)
{
	return x == y || (isnan(x) && isnan(y));
}

/* True when x and y agree to a relative 1e-9. */
static int close_to(double x, double y)
{
	return fabs(x - y) <= 1e-9 * fmax(1.0, fmax(fabs(x), fabs(y)));
}

/* Assert that a and b have the same points (labels aside). */
static void assert_points_equal(const struct series *a, const struct series *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_true(same(a->t[i], b->t[i]));
		assert_true(same(a->v[i], b->v[i]));
	}
}

/* The index of value in label's values, or -1. */
static int value_index(const char *label, const char *value)
{
	const char *const *vs = demo_label_values(label);
	for (int i = 0; vs != NULL && vs[i] != NULL; i++)
		if (strcmp(vs[i], value) == 0)
			return i;
	return -1;
}

/* A shared demo company, seed 42. */
static int setup(void **state)
{
	*state = demo_new(42);
	return 0;
}

/* Free the shared company. */
static int teardown(void **state)
{
	demo_free(*state);
	return 0;
}

/* The catalogue: 37 unique ids, each with labels whose values are known. */
static void test_catalogue(void **state)
{
	(void)state;
	assert_int_equal(demo_kpi_count(), 37);
	assert_null(demo_kpi_id(demo_kpi_count()));
	for (size_t i = 0; i < demo_kpi_count(); i++) {
		const char *id = demo_kpi_id(i);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(id, demo_kpi_id(j));
		const char *const *ls = demo_kpi_labels(id);
		assert_non_null(ls);
		assert_non_null(ls[0]);
		for (size_t j = 0; ls[j] != NULL; j++)
			assert_non_null(demo_label_values(ls[j]));
	}
	assert_null(demo_kpi_labels("nope"));
	assert_null(demo_label_values("nope"));
	assert_string_equal(demo_label_values("team")[2], "fraud");
}

/* Two companies from one seed answer every KPI identically. */
static void test_same_seed_same_values(void **state)
{
	struct demo *other = demo_new(42);
	for (size_t i = 0; i < demo_kpi_count(); i++) {
		struct series_set a, b;
		const char *id = demo_kpi_id(i);
		const char *group = demo_kpi_labels(id)[0];
		ask_ok(*state, id, T0, T0 + DAY, 300, group, NULL, 0, &a);
		ask_ok(other, id, T0, T0 + DAY, 300, group, NULL, 0, &b);
		assert_true(series_set_equal(&a, &b));
		series_set_done(&a);
		series_set_done(&b);
	}
	demo_free(other);
}

/* Another seed is another company: every KPI but headcount moves. */
static void test_other_seed_differs(void **state)
{
	struct demo *other = demo_new(43);
	for (size_t i = 0; i < demo_kpi_count(); i++) {
		struct series_set a, b;
		const char *id = demo_kpi_id(i);
		if (strcmp(id, "headcount") == 0)
			continue;
		ask_ok(*state, id, T0, T0 + DAY, 300, NULL, NULL, 0, &a);
		ask_ok(other, id, T0, T0 + DAY, 300, NULL, NULL, 0, &b);
		if (series_set_equal(&a, &b))
			fail_msg("%s is the same under seeds 42 and 43", id);
		series_set_done(&a);
		series_set_done(&b);
	}
	demo_free(other);
}

/* Assert that every point of a appears, equal, in b at the same time. */
static void assert_points_within(const struct series *a, const struct series *b)
{
	size_t j = 0;
	for (size_t i = 0; i < a->n; i++) {
		while (j < b->n && b->t[j] < a->t[i])
			j++;
		assert_true(j < b->n);
		assert_true(b->t[j] == a->t[i]);
		if (!same(a->v[i], b->v[j]))
			fail_msg("t=%.0f: %.17g vs %.17g", a->t[i], a->v[i], b->v[j]);
	}
}

/* The value at t does not depend on the range it was asked in. */
static void test_range_independent(void **state)
{
	for (size_t i = 0; i < demo_kpi_count(); i++) {
		struct series_set a, c;
		const char *id = demo_kpi_id(i);
		const char *group = demo_kpi_labels(id)[0];
		ask_ok(*state, id, T0 + 3 * HOUR, T0 + 9 * HOUR, 60, group, NULL, 0, &a);
		ask_ok(*state, id, T0, T0 + 12 * HOUR, 60, group, NULL, 0, &c);
		assert_int_equal(a.n, c.n);
		for (size_t s = 0; s < a.n; s++) {
			const char *v = series_label(&a.items[s], group);
			const struct series *in = find(&c, group, v);
			assert_non_null(in);
			assert_points_within(&a.items[s], in);
		}
		series_set_done(&a);
		series_set_done(&c);
	}
}

/* A gauge is its level at t, whatever the step. */
static void test_gauge_ignores_step(void **state)
{
	const char *gauges[] = {"headcount", "queue_length", "adoption_rate", "drift", "enps"};
	for (size_t i = 0; i < sizeof gauges / sizeof gauges[0]; i++) {
		struct series_set a, b;
		ask_ok(*state, gauges[i], T0, T0 + DAY, 60, NULL, NULL, 0, &a);
		ask_ok(*state, gauges[i], T0, T0 + DAY, HOUR, NULL, NULL, 0, &b);
		assert_points_within(&b.items[0], &a.items[0]);
		series_set_done(&a);
		series_set_done(&b);
	}
}

/* Assert that ss answers one KPI grouped by label: sorted known values, n points, some data. */
static void assert_grouped(const struct series_set *ss, const char *label, size_t n)
{
	int last = -1;
	assert_true(ss->n >= 1);
	for (size_t s = 0; s < ss->n; s++) {
		const struct series *se = &ss->items[s];
		assert_int_equal(se->nlabels, 1);
		int idx = value_index(label, series_label(se, label));
		assert_true(idx > last);
		last = idx;
		assert_int_equal(se->n, n);
	}
}

/* Every KPI answers in total and grouped by each of its labels. */
static void test_every_kpi_every_label(void **state)
{
	for (size_t i = 0; i < demo_kpi_count(); i++) {
		struct series_set ss;
		const char *id = demo_kpi_id(i);
		ask_ok(*state, id, T0, T0 + DAY, 600, NULL, NULL, 0, &ss);
		assert_int_equal(ss.n, 1);
		assert_int_equal(ss.items[0].nlabels, 0);
		assert_int_equal(ss.items[0].n, 145);
		assert_true(ss.items[0].t[0] == T0 && ss.items[0].t[144] == T0 + DAY);
		double min, max;
		assert_int_equal(series_minmax(&ss.items[0], &min, &max), 145);
		series_set_done(&ss);
		const char *const *ls = demo_kpi_labels(id);
		for (size_t l = 0; ls[l] != NULL; l++) {
			ask_ok(*state, id, T0, T0 + DAY, 600, ls[l], NULL, 0, &ss);
			assert_grouped(&ss, ls[l], 145);
			series_set_done(&ss);
		}
	}
}

/* Assert that the series of grouped add up to total at every point. */
static void assert_sums(const struct series_set *grouped, const struct series *total)
{
	for (size_t i = 0; i < total->n; i++) {
		double sum = 0.0;
		for (size_t s = 0; s < grouped->n; s++)
			sum += grouped->items[s].v[i];
		if (!close_to(sum, total->v[i]))
			fail_msg("point %zu: groups sum to %.17g, total %.17g", i, sum,
				 total->v[i]);
	}
}

/* Additive KPIs grouped by any label add up to their total. */
static void test_grouped_sums_match_total(void **state)
{
	const char *additive[] = {
	    "sla_breaches", "tasks_completed", "headcount",    "exceptions", "ai_value_usd",
	    "ai_cost_usd",  "overtime_hours",  "queue_length", "overrides",
	};
	for (size_t i = 0; i < sizeof additive / sizeof additive[0]; i++) {
		struct series_set total, grouped;
		ask_ok(*state, additive[i], T0, T0 + DAY, 900, NULL, NULL, 0, &total);
		const char *const *ls = demo_kpi_labels(additive[i]);
		for (size_t l = 0; ls[l] != NULL; l++) {
			ask_ok(*state, additive[i], T0, T0 + DAY, 900, ls[l], NULL, 0, &grouped);
			assert_sums(&grouped, &total.items[0]);
			series_set_done(&grouped);
		}
		series_set_done(&total);
	}
}

/* A flow over a day is the sum of its hours. */
static void test_flow_windows_add_up(void **state)
{
	const char *flows[] = {"tasks_completed", "sla_breaches", "ai_cost_usd", "exceptions"};
	for (size_t i = 0; i < sizeof flows / sizeof flows[0]; i++) {
		struct series_set hours, day;
		ask_ok(*state, flows[i], T0 + HOUR, T0 + DAY, HOUR, NULL, NULL, 0, &hours);
		ask_ok(*state, flows[i], T0 + DAY, T0 + DAY, DAY, NULL, NULL, 0, &day);
		double sum = 0.0;
		for (size_t p = 0; p < hours.items[0].n; p++)
			sum += hours.items[0].v[p];
		assert_int_equal(hours.items[0].n, 24);
		assert_true(close_to(sum, day.items[0].v[0]));
		series_set_done(&hours);
		series_set_done(&day);
	}
}

/* A KPI and the bounds every value of it must respect. */
struct bound {
	const char *kpi;
	double lo, hi;
};

static const struct bound hourly[] = {
    {"roi", 0.0, 4.0},
    {"ai_value_usd", 0, 1e6},
    {"ai_cost_usd", 0, 1e6},
    {"productivity", 0.5, 20},
    {"productivity_delta", -0.2, 0.6},
    {"automation_rate", 0.1, 0.6},
    {"tasks_completed", 0, 1e5},
    {"adoption_rate", 0.3, 1.0},
    {"headcount", 1, 400},
    {"training_completion", 0.4, 1.0},
    {"training_gap", 0.0, 0.5},
    {"enps", -30, 50},
    {"overtime_hours", 0, 1e4},
    {"flight_risk", 0.0, 0.3},
    {"queue_length", 0, 250},
    {"queue_wait_seconds", 60, 1800},
    {"aht_seconds", 240, 1200},
    {"sla_compliance", 0.8, 1.0},
    {"sla_breaches", 0, 1e4},
    {"exceptions", 0, 1e4},
    {"rework_rate", 0.01, 0.1},
    {"schedule_adherence", 0.8, 1.0},
    {"latency_p50_seconds", 0.05, 0.12},
    {"latency_p95_seconds", 0.1, 0.5},
    {"latency_p99_seconds", 0.15, 1.0},
    {"latency_slo", 0.9, 1.0},
    {"error_budget_left", -20, 1},
    {"latency_slo_burn", 0, 21},
    {"precision", 0.75, 1},
    {"recall", 0.75, 1},
    {"f1", 0.75, 1},
    {"drift", 0, 0.5},
    {"drift_max", 0, 0.5},
    {"override_rate", 0, 0.2},
    {"fallback_rate", 0, 0.05},
    {"error_rate", 0, 0.05},
};

/* The same KPIs over a whole week, in the ranges an executive would believe. */
static const struct bound weekly[] = {
    {"roi", 0.5, 3},
    {"productivity_delta", 0.15, 0.3},
    {"automation_rate", 0.2, 0.45},
    {"adoption_rate", 0.55, 0.8},
    {"headcount", 200, 400},
    {"training_completion", 0.6, 0.9},
    {"training_gap", 0.1, 0.35},
    {"enps", -10, 40},
    {"flight_risk", 0.05, 0.2},
    {"queue_length", 10, 200},
    {"queue_wait_seconds", 120, 1800},
    {"aht_seconds", 300, 900},
    {"sla_compliance", 0.9, 0.99},
    {"rework_rate", 0.02, 0.08},
    {"schedule_adherence", 0.85, 0.95},
    {"latency_p50_seconds", 0.06, 0.1},
    {"latency_p95_seconds", 0.12, 0.3},
    {"latency_p99_seconds", 0.15, 0.5},
    {"latency_slo", 0.995, 0.9995},
    {"error_budget_left", 0.1, 0.9},
    {"latency_slo_burn", 0.1, 0.9},
    {"precision", 0.8, 0.95},
    {"recall", 0.8, 0.95},
    {"override_rate", 0.03, 0.1},
    {"fallback_rate", 0.005, 0.03},
    {"error_rate", 0.001, 0.02},
    {"drift_max", 0.02, 0.3},
};

/* Assert every non-NaN value of ss lies in [b->lo, b->hi]. */
static void assert_bounded(const struct series_set *ss, const struct bound *b)
{
	for (size_t s = 0; s < ss->n; s++)
		for (size_t i = 0; i < ss->items[s].n; i++) {
			double v = ss->items[s].v[i];
			if (!isnan(v) && (v < b->lo || v > b->hi))
				fail_msg("%s = %g at %.0f, outside [%g, %g]", b->kpi, v,
					 ss->items[s].t[i], b->lo, b->hi);
		}
}

/* Hourly values over a week stay plausible, in total and per first label. */
static void test_hourly_bounds(void **state)
{
	for (size_t i = 0; i < sizeof hourly / sizeof hourly[0]; i++) {
		struct series_set ss;
		const char *group = demo_kpi_labels(hourly[i].kpi)[0];
		ask_ok(*state, hourly[i].kpi, T0, T0 + WEEK, HOUR, NULL, NULL, 0, &ss);
		assert_bounded(&ss, &hourly[i]);
		series_set_done(&ss);
		if (strcmp(hourly[i].kpi, "headcount") == 0)
			continue;
		ask_ok(*state, hourly[i].kpi, T0, T0 + WEEK, HOUR, group, NULL, 0, &ss);
		assert_bounded(&ss, &hourly[i]);
		series_set_done(&ss);
	}
}

/* The KPIs over a whole week (one window) are in their textbook ranges. */
static void test_weekly_magnitudes(void **state)
{
	for (size_t i = 0; i < sizeof weekly / sizeof weekly[0]; i++) {
		struct series_set ss;
		ask_ok(*state, weekly[i].kpi, T0 + WEEK, T0 + WEEK, WEEK, NULL, NULL, 0, &ss);
		assert_int_equal(ss.items[0].n, 1);
		assert_false(isnan(ss.items[0].v[0]));
		assert_bounded(&ss, &weekly[i]);
		series_set_done(&ss);
	}
}

/* Latency quantiles are ordered at every point, per model. */
static void test_latency_quantiles_ordered(void **state)
{
	struct series_set p50, p95, p99;
	ask_ok(*state, "latency_p50_seconds", T0, T0 + WEEK, HOUR, "model", NULL, 0, &p50);
	ask_ok(*state, "latency_p95_seconds", T0, T0 + WEEK, HOUR, "model", NULL, 0, &p95);
	ask_ok(*state, "latency_p99_seconds", T0, T0 + WEEK, HOUR, "model", NULL, 0, &p99);
	assert_int_equal(p50.n, 2);
	for (size_t s = 0; s < p50.n; s++)
		for (size_t i = 0; i < p50.items[s].n; i++) {
			assert_true(p50.items[s].v[i] < p95.items[s].v[i]);
			assert_true(p95.items[s].v[i] < p99.items[s].v[i]);
		}
	series_set_done(&p50);
	series_set_done(&p95);
	series_set_done(&p99);
}

/* Dispatch is the team whose SLA compliance is worst. */
static void test_one_team_worse(void **state)
{
	struct series_set ss;
	ask_ok(*state, "sla_compliance", T0 + WEEK, T0 + WEEK, WEEK, "team", NULL, 0, &ss);
	double dispatch = find(&ss, "team", "dispatch")->v[0];
	for (size_t s = 0; s < ss.n; s++)
		if (strcmp(series_label(&ss.items[s], "team"), "dispatch") != 0)
			assert_true(ss.items[s].v[0] > dispatch + 0.01);
	series_set_done(&ss);
}

/* The fraud team has three people, under the privacy floor, whatever the seed. */
static void test_fraud_below_floor(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		struct demo *d = demo_new(seed);
		struct series_set ss, total;
		ask_ok(d, "headcount", T0, T0 + DAY, HOUR, "team", NULL, 0, &ss);
		ask_ok(d, "headcount", T0, T0 + DAY, HOUR, NULL, NULL, 0, &total);
		const struct series *fraud = find(&ss, "team", "fraud");
		assert_non_null(fraud);
		for (size_t i = 0; i < fraud->n; i++)
			assert_true(fraud->v[i] == 3.0);
		assert_true(total.items[0].v[0] >= 200 && total.items[0].v[0] <= 400);
		series_set_done(&ss);
		series_set_done(&total);
		demo_free(d);
	}
}

/* The treatment arm is more productive than control, every hour and by 15-30 % overall. */
static void test_treatment_beats_control(void **state)
{
	struct series_set ss, week;
	ask_ok(*state, "productivity", T0, T0 + WEEK, HOUR, "group", NULL, 0, &ss);
	const struct series *c = find(&ss, "group", "control"),
			    *t = find(&ss, "group", "treatment");
	assert_non_null(c);
	assert_non_null(t);
	for (size_t i = 0; i < c->n; i++)
		assert_true(t->v[i] > c->v[i]);
	ask_ok(*state, "productivity", T0 + WEEK, T0 + WEEK, WEEK, "group", NULL, 0, &week);
	double lift =
	    find(&week, "group", "treatment")->v[0] / find(&week, "group", "control")->v[0];
	assert_true(lift > 1.15 && lift < 1.30);
	series_set_done(&ss);
	series_set_done(&week);
}

/* Assert that q fails with status st and message msg, appending nothing. */
static void assert_fails(const struct demo *d, const struct kpi_query *q, enum kpi_status st,
			 const char *msg)
{
	struct series_set ss;
	char err[256];
	series_set_init(&ss);
	assert_int_equal(demo_query(d, q, &ss, err, sizeof err), st);
	assert_string_equal(err, msg);
	assert_int_equal(ss.n, 0);
	series_set_done(&ss);
}

/* Unknown KPIs, labels it lacks and bad ranges fail with exact messages. */
static void test_errors(void **state)
{
	const struct demo *d = *state;
	struct kpi_filter role = {"role", "agent"};
	struct kpi_query q = {"nope", T0, T0 + DAY, 60, NULL, NULL, 0, NULL, NULL};
	assert_fails(d, &q, KPI_UNKNOWN, "unknown KPI 'nope'");
	q.kpi = "roi";
	q.group_by = "role";
	assert_fails(d, &q, KPI_BAD_LABEL,
		     "KPI 'roi' has no label 'role' (it has: team, workflow)");
	q.group_by = NULL;
	q.filter = &role;
	q.nfilter = 1;
	assert_fails(d, &q, KPI_BAD_LABEL,
		     "KPI 'roi' has no label 'role' (it has: team, workflow)");
	q.nfilter = 0;
	q.step = 0;
	assert_fails(d, &q, KPI_BAD_RANGE, "bad range: step must be positive");
	q.step = -60;
	assert_fails(d, &q, KPI_BAD_RANGE, "bad range: step must be positive");
	q.step = 60;
	q.end = T0 - 1;
	assert_fails(d, &q, KPI_BAD_RANGE, "bad range: end is before start");
	q.end = NAN;
	assert_fails(d, &q, KPI_BAD_RANGE, "bad range: start, end and step must be finite times");
	q.end = T0 + KPI_MAX_POINTS * 60.0;
	assert_fails(d, &q, KPI_BAD_RANGE, "bad range: 11001 points, more than the 11000 allowed");
}

/* The largest range allowed answers; a short err buffer is still NUL-terminated. */
static void test_error_edges(void **state)
{
	struct series_set ss;
	char err[8];
	ask_ok(*state, "headcount", T0, T0 + (KPI_MAX_POINTS - 1) * 60.0, 60, NULL, NULL, 0, &ss);
	assert_int_equal(ss.items[0].n, KPI_MAX_POINTS);
	series_set_done(&ss);
	struct kpi_query q = {"nope", T0, T0, 60, NULL, NULL, 0, NULL, NULL};
	memset(err, 'x', sizeof err);
	assert_int_equal(demo_query(*state, &q, &ss, err, sizeof err), KPI_UNKNOWN);
	assert_string_equal(err, "unknown");
	assert_int_equal(demo_query(*state, &q, &ss, NULL, 0), KPI_UNKNOWN);
}

/* Filtering team=claims gives the claims series of the grouped answer. */
static void test_filter_narrows(void **state)
{
	const char *kpis[] = {"sla_compliance", "productivity", "adoption_rate", "headcount", "roi",
			      "queue_length",	"override_rate"};
	struct kpi_filter claims = {"team", "claims"};
	for (size_t i = 0; i < sizeof kpis / sizeof kpis[0]; i++) {
		struct series_set one, all;
		ask_ok(*state, kpis[i], T0, T0 + DAY, 300, NULL, &claims, 1, &one);
		ask_ok(*state, kpis[i], T0, T0 + DAY, 300, "team", NULL, 0, &all);
		assert_int_equal(one.n, 1);
		assert_points_equal(&one.items[0], find(&all, "team", "claims"));
		series_set_done(&one);
		series_set_done(&all);
	}
}

/* Two filters narrow like a filter plus a group. */
static void test_two_filters(void **state)
{
	struct kpi_filter f[2] = {{"team", "claims"}, {"workflow", "doc_review"}};
	struct series_set one, by;
	ask_ok(*state, "aht_seconds", T0, T0 + DAY, 300, NULL, f, 2, &one);
	ask_ok(*state, "aht_seconds", T0, T0 + DAY, 300, "workflow", f, 1, &by);
	assert_int_equal(by.n, 2); /* claims works doc_review and exception_triage */
	assert_points_equal(&one.items[0], find(&by, "workflow", "doc_review"));
	series_set_done(&one);
	series_set_done(&by);
}

/* A filter that matches nothing is a gap: NaN in total, no series when grouped. */
static void test_filter_matches_nothing(void **state)
{
	struct kpi_filter nope = {"team", "nope"};
	struct kpi_filter none[2] = {{"model", "doc-extract"}, {"team", "dispatch"}};
	struct series_set ss;
	ask_ok(*state, "tasks_completed", T0, T0 + DAY, HOUR, NULL, &nope, 1, &ss);
	assert_int_equal(ss.n, 1);
	assert_int_equal(ss.items[0].n, 25);
	assert_int_equal(series_minmax(&ss.items[0], NULL, NULL), 0);
	series_set_done(&ss);
	ask_ok(*state, "override_rate", T0, T0 + DAY, HOUR, NULL, none, 2, &ss);
	assert_int_equal(series_minmax(&ss.items[0], NULL, NULL), 0);
	series_set_done(&ss);
	ask_ok(*state, "sla_breaches", T0, T0 + DAY, HOUR, "workflow", &nope, 1, &ss);
	assert_int_equal(ss.n, 0);
	series_set_done(&ss);
}

/* triage-nlp's claim_amount drift crosses the 0.2 line in some weeks and not in others. */
static void test_drift_crosses_line(void **state)
{
	struct kpi_filter f[2] = {{"model", "triage-nlp"}, {"feature", "claim_amount"}};
	struct kpi_filter m = {"model", "triage-nlp"};
	struct series_set drift, dmax;
	double lo, hi;
	ask_ok(*state, "drift", T0, T0 + 48 * DAY, HOUR, NULL, f, 2, &drift);
	series_minmax(&drift.items[0], &lo, &hi);
	assert_true(hi > 0.2 && lo < 0.12);
	ask_ok(*state, "drift_max", T0, T0 + 48 * DAY, HOUR, NULL, &m, 1, &dmax);
	for (size_t i = 0; i < dmax.items[0].n; i++)
		assert_true(dmax.items[0].v[i] >= drift.items[0].v[i]);
	series_set_done(&drift);
	series_set_done(&dmax);
}

/* drift_max over the whole company is the worst feature of the worst model, point by point. */
static void test_drift_max_is_worst(void **state)
{
	const char *const *models = demo_label_values("model");
	struct series_set dmax;
	ask_ok(*state, "drift_max", T0, T0 + 2 * DAY, HOUR, NULL, NULL, 0, &dmax);
	for (size_t i = 0; i < dmax.items[0].n; i++) {
		double worst = NAN;
		for (size_t m = 0; models[m]; m++) {
			struct kpi_filter f = {"model", models[m]};
			struct series_set by_feature;
			ask_ok(*state, "drift", T0, T0 + 2 * DAY, HOUR, "feature", &f, 1,
			       &by_feature);
			for (size_t s = 0; s < by_feature.n; s++)
				if (isnan(worst) || by_feature.items[s].v[i] > worst)
					worst = by_feature.items[s].v[i];
			series_set_done(&by_feature);
		}
		assert_true(close_to(dmax.items[0].v[i], worst));
	}
	series_set_done(&dmax);
}

/* Run the demo's tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalogue),
	    cmocka_unit_test(test_same_seed_same_values),
	    cmocka_unit_test(test_other_seed_differs),
	    cmocka_unit_test(test_range_independent),
	    cmocka_unit_test(test_gauge_ignores_step),
	    cmocka_unit_test(test_every_kpi_every_label),
	    cmocka_unit_test(test_grouped_sums_match_total),
	    cmocka_unit_test(test_flow_windows_add_up),
	    cmocka_unit_test(test_hourly_bounds),
	    cmocka_unit_test(test_weekly_magnitudes),
	    cmocka_unit_test(test_latency_quantiles_ordered),
	    cmocka_unit_test(test_one_team_worse),
	    cmocka_unit_test(test_fraud_below_floor),
	    cmocka_unit_test(test_treatment_beats_control),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_error_edges),
	    cmocka_unit_test(test_filter_narrows),
	    cmocka_unit_test(test_two_filters),
	    cmocka_unit_test(test_filter_matches_nothing),
	    cmocka_unit_test(test_drift_crosses_line),
	    cmocka_unit_test(test_drift_max_is_worst),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
