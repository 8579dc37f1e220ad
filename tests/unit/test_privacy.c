/* test_privacy.c: the privacy floor hides small cohorts and whatever would give them away. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "views/privacy.h"

#define S PRIVACY_SHOWN
#define M PRIVACY_SMALL
#define C PRIVACY_COVER
#define I PRIVACY_INSIDE

/* Mark heads (n of them) under floor; compare with want, naming the first cohort that differs. */
static void check_marks(const double *heads, size_t n, int floor, const unsigned char *want)
{
	unsigned char marks[16];
	assert_true(n <= sizeof marks);
	memset(marks, 0xee, sizeof marks);
	memset(marks, PRIVACY_SHOWN, n); /* nothing hidden elsewhere */
	privacy_mark(heads, n, floor, marks);
	for (size_t i = 0; i < n; i++)
		if (marks[i] != want[i])
			fail_msg("cohort %zu (%g people, floor %d): mark %d, want %d", i, heads[i],
				 floor, marks[i], want[i]);
	for (size_t i = n; i < sizeof marks; i++)
		assert_int_equal(marks[i], 0xee); /* nothing written past n */
}

/* The people left visible: what the shown cohorts hold. */
static double shown_people(const double *heads, size_t n, int floor)
{
	unsigned char marks[16] = {0};
	privacy_mark(heads, n, floor, marks);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		if (marks[i] == PRIVACY_SHOWN)
			sum += heads[i];
	return sum;
}

/* Every cohort at or over the floor: nothing is hidden. */
static void test_all_big(void **state)
{
	(void)state;
	const double heads[] = {5, 12, 40, 7};
	check_marks(heads, 4, 5, (const unsigned char[]){S, S, S, S});
}

/* One cohort of 3 under a floor of 5: hidden, and the smallest other one covers it. */
static void test_one_small_covered_by_smallest(void **state)
{
	(void)state;
	const double heads[] = {40, 3, 9, 6, 12};
	check_marks(heads, 5, 5, (const unsigned char[]){S, M, S, C, S});
	/* the order of the input does not matter: the 6 is still the one */
	const double other[] = {6, 12, 9, 40, 3};
	check_marks(other, 5, 5, (const unsigned char[]){C, S, S, S, M});
}

/* Two small cohorts of 3 and 2 hold 5 together: no single one can be had, no cover. */
static void test_small_ones_add_up(void **state)
{
	(void)state;
	const double heads[] = {3, 20, 2, 8};
	check_marks(heads, 4, 5, (const unsigned char[]){M, S, M, S});
	/* 3 and 1 hold 4 < 5: the smallest shown cohort (8) covers them */
	const double under[] = {3, 20, 1, 8};
	check_marks(under, 4, 5, (const unsigned char[]){M, S, M, C});
}

/* Unknown people (NaN) are hidden, count as none, and get a cover. */
static void test_unknown_people(void **state)
{
	(void)state;
	const double heads[] = {NAN, 30, 11, 50};
	check_marks(heads, 4, 5, (const unsigned char[]){M, S, C, S});
	/* every cohort unknown: all hidden, no cover possible, no crash */
	const double none[] = {NAN, NAN};
	check_marks(none, 2, 5, (const unsigned char[]){M, M});
	/* unknown beside small ones that add up to the floor: no cover needed */
	const double add[] = {NAN, 4, 1, 9};
	check_marks(add, 4, 5, (const unsigned char[]){M, M, M, S});
}

/* A negative headcount (a broken source) is hidden and counts as nobody. */
static void test_negative_people(void **state)
{
	(void)state;
	const double heads[] = {-3, 10, 7};
	check_marks(heads, 3, 5, (const unsigned char[]){M, S, C});
}

/* Floor 1: only empty cohorts are small; an empty one alone still needs a cover. */
static void test_floor_one(void **state)
{
	(void)state;
	const double heads[] = {1, 2, 3};
	check_marks(heads, 3, 1, (const unsigned char[]){S, S, S});
	const double empty[] = {4, 0, 2};
	check_marks(empty, 3, 1, (const unsigned char[]){S, M, C});
}

/* One cohort alone, under the floor: hidden with nothing to cover it; n = 0 is fine too. */
static void test_single_and_empty(void **state)
{
	(void)state;
	const double one[] = {3};
	check_marks(one, 1, 5, (const unsigned char[]){M});
	const double big[] = {30};
	check_marks(big, 1, 5, (const unsigned char[]){S});
	unsigned char marks[1] = {0xee};
	privacy_mark(one, 0, 5, marks);
	assert_int_equal(marks[0], 0xee);
	/* one small beside one big: the big one is the only cover, so nothing is left */
	const double pair[] = {2, 50};
	check_marks(pair, 2, 5, (const unsigned char[]){M, C});
}

/* Ties for the smallest shown cohort: exactly one of them covers, the same one every time. */
static void test_ties(void **state)
{
	(void)state;
	const double heads[] = {7, 3, 7, 9};
	unsigned char a[4] = {0}, b[4] = {0};
	privacy_mark(heads, 4, 5, a);
	privacy_mark(heads, 4, 5, b);
	assert_memory_equal(a, b, sizeof a);
	assert_int_equal(a[1], PRIVACY_SMALL);
	assert_int_equal(a[3], PRIVACY_SHOWN);
	assert_int_equal((a[0] == PRIVACY_COVER) + (a[2] == PRIVACY_COVER), 1);
	assert_int_equal((a[0] == PRIVACY_SHOWN) + (a[2] == PRIVACY_SHOWN), 1);
	/* every cohort the same size: one covers, the rest stay */
	const double same[] = {6, 6, 6, 6, 2};
	unsigned char m[5] = {0};
	privacy_mark(same, 5, 5, m);
	size_t covers = 0;
	for (size_t i = 0; i < 4; i++)
		covers += m[i] == PRIVACY_COVER;
	assert_int_equal(covers, 1);
	assert_int_equal(m[4], PRIVACY_SMALL);
}

/*
 * The cover takes as many cohorts as it needs and no more. Shown cohorts are
 * at least the floor, so one cover always lifts the hidden people to the
 * floor: with small 1 and others 2, 2, 10 under floor 5 the twos are small
 * themselves (1 + 2 + 2 = 5) and nothing is covered.
 */
static void test_cover_takes_what_it_needs(void **state)
{
	(void)state;
	const double twos[] = {1, 2, 2, 10};
	check_marks(twos, 4, 5, (const unsigned char[]){M, M, M, S});
	const double one_two[] = {1, 2, 12, 10};
	check_marks(one_two, 4, 5, (const unsigned char[]){M, M, S, C});
	/* the parent less the shown cohorts always holds at least the floor */
	const double sets[][6] = {
	    {1, 5, 6, 7, 8, 9}, {4, 5, 5, 5, 5, 5}, {0, 0, 0, 0, 100, 5}, {2, 2, 30, 31, 32, 5}};
	for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
		double total = 0;
		for (size_t i = 0; i < 6; i++)
			total += sets[k][i];
		double left = total - shown_people(sets[k], 6, 5);
		if (left > 0 && left < 5)
			fail_msg("set %zu: %g people can be had by subtraction", k, left);
	}
}

/*
 * A cohort marked hidden on entry (hidden elsewhere: INSIDE) stays hidden
 * whatever its size, and its people count with the hidden ones.
 */
static void test_hidden_on_entry(void **state)
{
	(void)state;
	const double heads[] = {3, 30, 8, 20};
	unsigned char m[4] = {S, I, S, S};
	privacy_mark(heads, 4, 5, m);
	assert_memory_equal(m, ((const unsigned char[]){M, I, S, S}), 4); /* 3 + 30 hide enough */
	const double few[] = {3, 1, 8, 20};
	unsigned char k[4] = {S, I, S, S};
	privacy_mark(few, 4, 5, k);
	assert_memory_equal(k, ((const unsigned char[]){M, I, C, S}), 4); /* 3 + 1: a cover */
	const double big[] = {30, 40, 50};
	unsigned char b[3] = {S, I, S};
	privacy_mark(big, 3, 5, b);
	assert_memory_equal(b, ((const unsigned char[]){S, I, S}), 3);
	unsigned char all[3] = {I, I, I};
	privacy_mark(big, 3, 5, all);
	assert_memory_equal(all, ((const unsigned char[]){I, I, I}), 3);
}

/* privacy_ok: NaN and negatives never, the floor itself yes. */
static void test_ok(void **state)
{
	(void)state;
	assert_false(privacy_ok(NAN, 5));
	assert_false(privacy_ok(-1, 5));
	assert_false(privacy_ok(-1, 0));
	assert_false(privacy_ok(4, 5));
	assert_false(privacy_ok(4.999, 5));
	assert_true(privacy_ok(5, 5));
	assert_true(privacy_ok(5.5, 5));
	assert_true(privacy_ok(1e9, 5));
	assert_true(privacy_ok(0, 0));
	assert_true(privacy_ok(INFINITY, 5));
}

/* privacy_text: what a hidden cohort shows, for each mark, and cut short safely. */
static void test_text(void **state)
{
	(void)state;
	char buf[64];
	privacy_text(buf, sizeof buf, PRIVACY_SMALL, 5);
	assert_string_equal(buf, "suppressed (< 5 people)");
	privacy_text(buf, sizeof buf, PRIVACY_COVER, 5);
	assert_string_equal(buf, "suppressed (covers < 5)");
	privacy_text(buf, sizeof buf, PRIVACY_INSIDE, 5); /* its own words, "suppressed (...)" */
	assert_true(strncmp(buf, "suppressed (", 12) == 0 && buf[strlen(buf) - 1] == ')');
	assert_null(strstr(buf, "< 5")); /* neither the small text nor the cover's */
	privacy_text(buf, sizeof buf, PRIVACY_SMALL, 12);
	assert_string_equal(buf, "suppressed (< 12 people)");
	char small[11];
	memset(small, 'x', sizeof small);
	privacy_text(small, sizeof small, PRIVACY_COVER, 5);
	assert_string_equal(small, "suppressed");
	privacy_text(small, 1, PRIVACY_SMALL, 5);
	assert_string_equal(small, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_all_big),
	    cmocka_unit_test(test_one_small_covered_by_smallest),
	    cmocka_unit_test(test_small_ones_add_up),
	    cmocka_unit_test(test_unknown_people),
	    cmocka_unit_test(test_negative_people),
	    cmocka_unit_test(test_floor_one),
	    cmocka_unit_test(test_single_and_empty),
	    cmocka_unit_test(test_ties),
	    cmocka_unit_test(test_cover_takes_what_it_needs),
	    cmocka_unit_test(test_hidden_on_entry),
	    cmocka_unit_test(test_ok),
	    cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
