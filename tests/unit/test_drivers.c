/* test_drivers.c: contribution analysis against hand-computed cases. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/drivers.h"

/* Fail unless |a - b| <= 1e-12 (doubles; cmocka's float assert rounds to float). */
#define assert_same(a, b) check_same((a), (b), #a, __LINE__)

/* The function behind assert_same, naming the expression and its line. */
static void check_same(double a, double b, const char *what, int line)
{
	if (!(fabs(a - b) <= 1e-12))
		fail_msg("line %d: %s = %.17g, want %.17g", line, what, a, b);
}

/* A cohort of a sum: its count before and after, no weights. */
static struct driver_in count(double before, double after)
{
	return (struct driver_in){before, after, NAN, NAN, 0};
}

/* A cohort of a ratio: its ratio and denominator before and after. */
static struct driver_in ratio(double r, double w, double r2, double w2)
{
	return (struct driver_in){r, r2, w, w2, 0};
}

/* Rank c[0, n); check the ranked order (indices), their contributions and the total. */
static void check_rank(const struct driver_in *c, size_t n, enum drivers_agg agg,
		       const size_t *order, const double *parts, size_t want, double total)
{
	struct driver_out out[8];
	double change = -1, hidden = -1;
	memset(out, 0xff, sizeof out);
	size_t got = drivers_rank(c, n, agg, out, 8, &change, &hidden);
	assert_int_equal(got, want);
	assert_same(change, total);
	double sum = 0;
	for (size_t i = 0; i < got; i++) {
		if (out[i].index != order[i])
			fail_msg("rank %zu: cohort %zu, want %zu", i, out[i].index, order[i]);
		assert_same(out[i].contribution, parts[i]);
		assert_same(out[i].share, parts[i] / total);
		sum += out[i].contribution;
	}
	assert_same(sum + hidden, total); /* the decomposition is exact */
}

/* Counts 10, 20, 30, 40 each up by 5: the total goes 100 -> 120 (+20); every cohort made
 * +5 of it, a quarter each, ranked in the input's order. */
static void test_even_spread(void **state)
{
	(void)state;
	const struct driver_in c[] = {count(10, 15), count(20, 25), count(30, 35), count(40, 45)};
	const size_t order[] = {0, 1, 2, 3};
	const double parts[] = {5, 5, 5, 5};
	check_rank(c, 4, DRIVERS_SUM, order, parts, 4, 20);
	struct driver_out out[4];
	drivers_rank(c, 4, DRIVERS_SUM, out, 4, NULL, NULL);
	for (size_t i = 0; i < 4; i++)
		assert_same(out[i].share, 0.25);
}

/* Only the fourth cohort moves, 40 -> 52: the total's +12 is all its own (100%); the others
 * made none of it (0%) and follow. */
static void test_one_cohort(void **state)
{
	(void)state;
	const struct driver_in c[] = {count(10, 10), count(20, 20), count(30, 30), count(40, 52)};
	const size_t order[] = {3, 0, 1, 2};
	const double parts[] = {12, 0, 0, 0};
	check_rank(c, 4, DRIVERS_SUM, order, parts, 4, 12);
	struct driver_out out[1];
	assert_int_equal(drivers_rank(c, 4, DRIVERS_SUM, out, 1, NULL, NULL), 1);
	assert_int_equal(out[0].index, 3);
	assert_same(out[0].share, 1.0);
}

/* Cohorts move +30, -10, +5, -15: the total is +10. Those with it first, the larger first
 * (+30 is 300%, +5 is 50%), then those against it, the larger first (-15 is -150%, -10 is
 * -100%); the shares add up to 100%. */
static void test_opposite_moves(void **state)
{
	(void)state;
	const struct driver_in c[] = {count(100, 130), count(100, 90), count(100, 105),
				      count(100, 85)};
	const size_t order[] = {0, 2, 3, 1};
	const double parts[] = {30, 5, -15, -10};
	check_rank(c, 4, DRIVERS_SUM, order, parts, 4, 10);
	struct driver_out out[4];
	drivers_rank(c, 4, DRIVERS_SUM, out, 4, NULL, NULL);
	assert_same(out[0].share, 3.0);
	assert_same(out[2].share, -1.5);
	/* the same moves with the total falling: the fallers lead */
	const struct driver_in d[] = {count(100, 110), count(100, 70), count(100, 105)};
	const size_t order2[] = {1, 0, 2};
	const double parts2[] = {-30, 10, 5};
	check_rank(d, 3, DRIVERS_SUM, order2, parts2, 3, -15);
}

/* A mix shift: team A completes 90% on time, team B 50%, both before and after; but A's
 * items go 100 -> 300 and B's 300 -> 100. The total ratio goes (90 + 150) / 400 = 0.6 to
 * (270 + 50) / 400 = 0.8: +0.2 with no team changing. A: 300/400 * 0.9 - 100/400 * 0.9 =
 * 0.675 - 0.225 = +0.45 (225%); B: 100/400 * 0.5 - 300/400 * 0.5 = 0.125 - 0.375 = -0.25
 * (-125%). Unweighted, the same teams would show no change at all. */
static void test_mix_shift(void **state)
{
	(void)state;
	const struct driver_in c[] = {ratio(0.9, 100, 0.9, 300), ratio(0.5, 300, 0.5, 100)};
	const size_t order[] = {0, 1};
	const double parts[] = {0.45, -0.25};
	check_rank(c, 2, DRIVERS_WEIGHTED, order, parts, 2, 0.2);
	struct driver_in flat[] = {c[0], c[1]};
	/* A weight unknown in each period: both weigh the teams equally, (0.9 + 0.5) / 2 = 0.7
	 * before and after; no change, and each team's part is 0.45 - 0.45 and 0.25 - 0.25. */
	flat[0].w_before = NAN;
	flat[1].w_after = NAN;
	struct driver_out out[2];
	double change = -1;
	assert_int_equal(drivers_rank(flat, 2, DRIVERS_WEIGHTED, out, 2, &change, NULL), 2);
	assert_same(change, 0);
	assert_same(out[0].contribution, 0);
	assert_true(isnan(out[0].share)); /* a share of no change is no number */
}

/* Weighted, a cohort's own change: A 0.80 -> 0.70 on 200 items, B 0.60 -> 0.60 on 200: the
 * total 0.70 -> 0.65 (-0.05) is all A's: 200/400 * 0.70 - 200/400 * 0.80 = -0.05. */
static void test_weighted_own_change(void **state)
{
	(void)state;
	const struct driver_in c[] = {ratio(0.8, 200, 0.7, 200), ratio(0.6, 200, 0.6, 200)};
	const size_t order[] = {0, 1};
	const double parts[] = {-0.05, 0};
	check_rank(c, 2, DRIVERS_WEIGHTED, order, parts, 2, -0.05);
}

/* A hidden cohort: A 10 -> 20 (hidden), B 10 -> 15, C 10 -> 12. The total moves +17; A's +10
 * is reported only as the hidden lump, never ranked: B (+5, 5/17) and C (+2, 2/17). */
static void test_hidden_cohort(void **state)
{
	(void)state;
	struct driver_in c[] = {count(10, 20), count(10, 15), count(10, 12)};
	c[0].hidden = 1;
	struct driver_out out[3];
	memset(out, 0xff, sizeof out);
	double change, hidden;
	assert_int_equal(drivers_rank(c, 3, DRIVERS_SUM, out, 3, &change, &hidden), 2);
	assert_same(change, 17);
	assert_same(hidden, 10);
	assert_int_equal(out[0].index, 1);
	assert_same(out[0].share, 5.0 / 17);
	assert_int_equal(out[1].index, 2);
	assert_same(out[1].share, 2.0 / 17);
	for (size_t i = 0; i < 2; i++)
		assert_true(out[i].index != 0);
	assert_int_equal(out[2].index, (size_t)-1); /* nothing written past the count */
	/* weighted, a hidden cohort still weighs in the total: A 0.5 -> 1.0 on 100 (hidden),
	 * B 0.5 -> 0.5 on 100: the total 0.5 -> 0.75, all of it hidden */
	const struct driver_in w[] = {{0.5, 1.0, 100, 100, 1}, ratio(0.5, 100, 0.5, 100)};
	assert_int_equal(drivers_rank(w, 2, DRIVERS_WEIGHTED, out, 3, &change, &hidden), 1);
	assert_same(change, 0.25);
	assert_same(hidden, 0.25);
	assert_int_equal(out[0].index, 1);
	assert_same(out[0].contribution, 0);
}

/* Cohorts without both figures are skipped, in the total and in the weights: A NaN -> 10,
 * B 5 -> NaN, C 5 -> 8: the total is C's +3. Weighted: A NaN -> 0.5 on 100, B 0.4 -> 0.6 on
 * 100, C 0.6 -> 0.6 on 200: W = 300, the total (40 + 120) / 300 -> (60 + 120) / 300, +1/15,
 * all B's: 100/300 * 0.6 - 100/300 * 0.4 = 1/15. */
static void test_nan_skipped(void **state)
{
	(void)state;
	const struct driver_in c[] = {count(NAN, 10), count(5, NAN), count(5, 8),
				      count(INFINITY, 1)};
	const size_t order[] = {2};
	const double parts[] = {3};
	check_rank(c, 4, DRIVERS_SUM, order, parts, 1, 3);
	const struct driver_in w[] = {ratio(NAN, 100, 0.5, 100), ratio(0.4, 100, 0.6, 100),
				      ratio(0.6, 200, 0.6, 200)};
	const size_t order2[] = {1, 2};
	const double parts2[] = {1.0 / 15, 0};
	check_rank(w, 3, DRIVERS_WEIGHTED, order2, parts2, 2, 1.0 / 15);
	double change = -1, hidden = -1;
	assert_int_equal(drivers_rank(c, 0, DRIVERS_SUM, NULL, 0, &change, &hidden), 0);
	assert_same(change, 0);
	assert_same(hidden, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_even_spread),		cmocka_unit_test(test_one_cohort),
	    cmocka_unit_test(test_opposite_moves),	cmocka_unit_test(test_mix_shift),
	    cmocka_unit_test(test_weighted_own_change), cmocka_unit_test(test_hidden_cohort),
	    cmocka_unit_test(test_nan_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
