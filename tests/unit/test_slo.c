/* test_slo.c: burn rates, budgets and the multiwindow policy against hand-computed cases. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/slo.h"

/* Fail unless |a - b| <= 1e-9 relative (or both NaN, or equal infinities). */
#define assert_same(a, b) check_same((a), (b), #a, __LINE__)

static void check_same(double a, double b, const char *what, int line)
{
	if ((isnan(a) && isnan(b)) || a == b || fabs(a - b) <= 1e-9 * fmax(1, fabs(b)))
		return;
	fail_msg("line %d: %s = %.17g, want %.17g", line, what, a, b);
}

/* The workbook's policy over 30 days for a 99.5% objective. */
static struct slo_params workbook(void)
{
	struct slo_params p;
	slo_defaults(&p);
	p.objective = 0.995;
	return p;
}

/* An input with every span at good, the window at window_good. */
static struct slo_input all_at(double window_good, double good)
{
	struct slo_input in = {window_good, NAN, {{0}}};
	for (size_t i = 0; i < SLO_MAX_PAIRS; i++)
		in.pair_good[i][0] = in.pair_good[i][1] = good;
	return in;
}

static void test_burn_and_budget(void **state)
{
	(void)state;
	/* 1% bad against a 0.5% budget burns twice as fast as the budget allows */
	assert_same(slo_burn(0.99, 0.995), 2.0);
	assert_same(slo_burn(1.0, 0.995), 0.0);
	assert_same(slo_burn(0.995, 0.995), 1.0);
	assert_same(slo_burn(NAN, 0.995), NAN); /* no traffic */
	/* 0.1% bad spent a fifth of the budget; 1% bad spent it twice over */
	assert_same(slo_budget_left(0.999, 0.995), 0.8);
	assert_same(slo_budget_left(0.99, 0.995), -1.0);
	assert_same(slo_budget_left(NAN, 0.995), NAN);
}

static void test_defaults(void **state)
{
	(void)state;
	struct slo_params p;
	slo_defaults(&p);
	assert_true(isnan(p.objective));
	assert_non_null(slo_invalid(&p)); /* the objective is the caller's */
	p.objective = 0.995;
	assert_null(slo_invalid(&p));
	assert_same(p.window, 30 * 86400.0);
	assert_int_equal(p.npairs, 4);
	static const double want[4][3] = {
	    {3600, 300, 14.4}, {21600, 1800, 6}, {86400, 7200, 3}, {259200, 21600, 1}};
	for (size_t i = 0; i < 4; i++) {
		assert_same(p.pairs[i].long_span, want[i][0]);
		assert_same(p.pairs[i].short_span, want[i][1]);
		assert_same(p.pairs[i].factor, want[i][2]);
		assert_int_equal(p.pairs[i].calls, i < 2 ? SLO_PAGE : SLO_TICKET);
	}
}

static void test_invalid(void **state)
{
	(void)state;
	struct slo_params p = workbook();
	p.objective = 1;
	assert_non_null(slo_invalid(&p));
	p.objective = 0;
	assert_non_null(slo_invalid(&p));
	p = workbook();
	p.window = 0;
	assert_non_null(slo_invalid(&p));
	p = workbook();
	p.pairs[1].short_span = 7 * 3600; /* longer than its long span, 6h */
	assert_non_null(slo_invalid(&p));
	p = workbook();
	p.pairs[3].factor = 0;
	assert_non_null(slo_invalid(&p));
	p = workbook();
	p.pairs[0].calls = SLO_OK;
	assert_non_null(slo_invalid(&p));
}

/* 10% bad in the last hour and the last 5 minutes: burn 20, above 14.4 in both: a page. */
static void test_page_fast_burn(void **state)
{
	(void)state;
	struct slo_params p = workbook();
	struct slo_input in = all_at(0.999, 0.999);
	in.pair_good[0][0] = in.pair_good[0][1] = 0.90;
	struct slo_eval e;
	slo_evaluate(&p, &in, &e);
	assert_int_equal(e.status, SLO_PAGE);
	assert_int_equal(e.pair, 0);
	assert_same(e.burn[0][0], 20.0);
	assert_same(e.burn[0][1], 20.0);
	assert_same(e.burn[1][0], 0.2);
	/* over now: the 5 minutes are clean again, so the first pair calls for nothing */
	in.pair_good[0][1] = 0.999;
	slo_evaluate(&p, &in, &e);
	assert_int_equal(e.status, SLO_OK);
	assert_int_equal(e.pair, -1);
}

/* A burn exactly at the factor does not call: "above" is strict. */
static void test_at_the_factor(void **state)
{
	(void)state;
	struct slo_params p = workbook();
	struct slo_input in = all_at(0.999, 0.999);
	in.pair_good[2][0] = in.pair_good[2][1] = 1 - 3 * 0.005; /* burn 3, the factor */
	struct slo_eval e;
	slo_evaluate(&p, &in, &e);
	assert_same(e.burn[2][0], 3.0);
	assert_int_equal(e.status, SLO_OK);
	in.pair_good[2][0] = in.pair_good[2][1] = 1 - 3.2 * 0.005;
	slo_evaluate(&p, &in, &e);
	assert_int_equal(e.status, SLO_TICKET);
	assert_int_equal(e.pair, 2);
}

/* A ticket and a page at once: the page wins, named by its pair. */
static void test_worst_pair_calls(void **state)
{
	(void)state;
	struct slo_params p = workbook();
	struct slo_input in = all_at(0.999, 0.999);
	in.pair_good[3][0] = in.pair_good[3][1] = 0.99; /* burn 2 > 1: ticket */
	in.pair_good[1][0] = in.pair_good[1][1] = 0.96; /* burn 8 > 6: page */
	struct slo_eval e;
	slo_evaluate(&p, &in, &e);
	assert_int_equal(e.status, SLO_PAGE);
	assert_int_equal(e.pair, 1);
	assert_string_equal(slo_status_name(e.status), "page");
}

/* No traffic: nothing known, nothing called, no time left computed. */
static void test_no_traffic(void **state)
{
	(void)state;
	struct slo_params p = workbook();
	struct slo_input in = all_at(NAN, NAN);
	struct slo_eval e;
	slo_evaluate(&p, &in, &e);
	assert_int_equal(e.status, SLO_UNKNOWN);
	assert_same(e.budget_left, NAN);
	assert_same(e.exhausted_in, NAN);
	assert_same(e.burn[0][0], NAN);
	assert_string_equal(slo_status_name(e.status), "unknown");
	/* traffic over the window but none in the last 5 minutes: the fast pair cannot call */
	in = all_at(0.999, 0.5);
	in.pair_good[0][1] = NAN;
	slo_evaluate(&p, &in, &e);
	assert_int_equal(e.pair, 1); /* the 6h/30m pair still does */
}

/* The time left at the burn now: budget left x window / burn. */
static void test_time_left(void **state)
{
	(void)state;
	struct slo_params p = workbook();
	/* half the budget left, burning 10x: 0.5 x 30 d / 10 = 1.5 days */
	struct slo_input in = all_at(0.9975, 0.9975);
	in.pair_good[0][0] = 0.95;
	struct slo_eval e;
	slo_evaluate(&p, &in, &e);
	assert_same(e.budget_left, 0.5);
	assert_same(e.exhausted_in, 1.5 * 86400);
	/* a whole budget at 14.4x: gone in 50 hours */
	in = all_at(1.0, 1 - 14.4 * 0.005);
	slo_evaluate(&p, &in, &e);
	assert_same(e.exhausted_in, 50 * 3600.0);
	/* nothing bad now: it lasts */
	in = all_at(0.999, 1.0);
	slo_evaluate(&p, &in, &e);
	assert_true(isinf(e.exhausted_in) && e.exhausted_in > 0);
	/* already spent: 1% bad against 0.5% allowed */
	in = all_at(0.99, 0.99);
	slo_evaluate(&p, &in, &e);
	assert_same(e.budget_left, -1.0);
	assert_same(e.exhausted_in, 0.0);
}

/* A window longer than the data: judged on what there is, and said to be partial. */
static void test_window_longer_than_data(void **state)
{
	(void)state;
	struct slo_params p = workbook();
	struct slo_input in = all_at(0.999, 0.999);
	in.covered = 6 * 3600.0; /* six hours of a 30-day window */
	struct slo_eval e;
	slo_evaluate(&p, &in, &e);
	assert_true(e.partial);
	assert_same(e.budget_left, 0.8);
	in.covered = 30 * 86400.0;
	slo_evaluate(&p, &in, &e);
	assert_false(e.partial);
	in.covered = NAN;
	slo_evaluate(&p, &in, &e);
	assert_false(e.partial);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_burn_and_budget),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_page_fast_burn),
	    cmocka_unit_test(test_at_the_factor),
	    cmocka_unit_test(test_worst_pair_calls),
	    cmocka_unit_test(test_no_traffic),
	    cmocka_unit_test(test_time_left),
	    cmocka_unit_test(test_window_longer_than_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
