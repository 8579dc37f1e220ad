/* test_series.c: the data model: labels, points with NaN gaps, copies, sets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "client/series.h"
#include "util/xalloc.h"

/* U+FFFD as UTF-8. */
#define R "\xef\xbf\xbd"

/* Push n values at times 0, 60, 120, ... */
static void push_all(struct series *s, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		series_push(s, 60.0 * (double)i, v[i]);
}

/* Labels are set, read back, replaced in place, and missing ones are NULL. */
static void test_label_set_replace(void **state)
{
	struct series s;
	(void)state;
	series_init(&s);
	assert_null(series_label(&s, "job"));
	series_label_set(&s, "job", "api");
	series_label_set(&s, "region", "eu-west");
	assert_string_equal(series_label(&s, "job"), "api");
	assert_string_equal(series_label(&s, "region"), "eu-west");
	series_label_set(&s, "job", "web");
	assert_int_equal(s.nlabels, 2);
	assert_string_equal(series_label(&s, "job"), "web");
	assert_null(series_label(&s, "jo"));
	series_label_set(&s, "empty", "");
	assert_string_equal(series_label(&s, "empty"), "");
	series_done(&s);
	assert_int_equal(s.nlabels, 0);
	assert_int_equal(s.n, 0);
}

/* Names and values are sanitized on the way in; the sanitized name is the key. */
static void test_label_sanitized(void **state)
{
	struct series s;
	(void)state;
	series_init(&s);
	series_label_set(&s, "team\x1b[31m", "ops\x1b]0;pwned\x07\nnight\xe2\x80\xae");
	assert_string_equal(s.labels[0].name, "team");
	assert_string_equal(s.labels[0].value, "ops" R "night" R);
	assert_string_equal(series_label(&s, "team"), "ops" R "night" R);
	series_label_set(&s, "te\x1b[0mam", "caf\xc3\xa9");
	assert_int_equal(s.nlabels, 1);
	assert_string_equal(series_label(&s, "team"), "caf\xc3\xa9");
	series_label_set(&s, "x", "\xc0\xaf\x9b");
	assert_string_equal(series_label(&s, "x"), R R R);
	series_done(&s);
}

/* Pushing grows past the first capacity and keeps every point in order. */
static void test_push_grows(void **state)
{
	struct series s;
	(void)state;
	series_init(&s);
	for (int i = 0; i < 1000; i++)
		series_push(&s, i, i * 2.0);
	assert_int_equal(s.n, 1000);
	assert_true(s.cap >= 1000);
	for (int i = 0; i < 1000; i++) {
		assert_true(s.t[i] == i);
		assert_true(s.v[i] == i * 2.0);
	}
	series_done(&s);
}

/* Last and first skip NaN gaps; an all-NaN or empty series gives NaN and leaves *at alone. */
static void test_last_first_skip_nan(void **state)
{
	const double v[] = {NAN, 3, NAN, 5, 7, NAN, NAN};
	struct series s;
	double at = -1;
	(void)state;
	series_init(&s);
	assert_true(isnan(series_last(&s, &at)));
	assert_true(isnan(series_first(&s)));
	assert_true(at == -1);
	push_all(&s, v, sizeof v / sizeof v[0]);
	assert_true(series_last(&s, &at) == 7);
	assert_true(at == 240);
	assert_true(series_last(&s, NULL) == 7);
	assert_true(series_first(&s) == 3);
	series_done(&s);

	series_init(&s);
	series_push(&s, 0, NAN);
	series_push(&s, 60, NAN);
	at = -1;
	assert_true(isnan(series_last(&s, &at)));
	assert_true(at == -1);
	assert_true(isnan(series_first(&s)));
	series_done(&s);
}

/* A zero is a value, not a gap. */
static void test_zero_is_not_gap(void **state)
{
	const double v[] = {0, NAN};
	struct series s;
	double at = -1;
	(void)state;
	series_init(&s);
	push_all(&s, v, 2);
	assert_true(series_last(&s, &at) == 0);
	assert_true(at == 0);
	series_done(&s);
}

/* Min and max skip NaN and count the values they saw. */
static void test_minmax(void **state)
{
	const double v[] = {NAN, -2.5, 10, NAN, 3, -7, NAN};
	struct series s;
	double lo = 0, hi = 0;
	(void)state;
	series_init(&s);
	assert_int_equal(series_minmax(&s, &lo, &hi), 0);
	assert_true(isnan(lo) && isnan(hi));
	push_all(&s, v, sizeof v / sizeof v[0]);
	assert_int_equal(series_minmax(&s, &lo, &hi), 4);
	assert_true(lo == -7);
	assert_true(hi == 10);
	assert_int_equal(series_minmax(&s, NULL, NULL), 4);
	series_done(&s);

	series_init(&s);
	series_push(&s, 0, NAN);
	assert_int_equal(series_minmax(&s, &lo, &hi), 0);
	assert_true(isnan(lo) && isnan(hi));
	series_push(&s, 60, 42);
	assert_int_equal(series_minmax(&s, &lo, &hi), 1);
	assert_true(lo == 42 && hi == 42);
	series_done(&s);
}

/* A copy is deep: changing the original leaves it alone, and it compares equal until then. */
static void test_copy(void **state)
{
	const double v[] = {1, NAN, 3};
	struct series a, b;
	(void)state;
	series_init(&a);
	series_label_set(&a, "job", "api");
	push_all(&a, v, 3);
	series_copy(&b, &a);
	assert_true(series_equal(&a, &b));
	assert_ptr_not_equal(a.labels, b.labels);
	assert_ptr_not_equal(a.v, b.v);
	series_label_set(&a, "job", "web");
	a.v[0] = 100;
	assert_string_equal(series_label(&b, "job"), "api");
	assert_true(b.v[0] == 1);
	assert_false(series_equal(&a, &b));
	series_push(&b, 180, 4); /* the copy can grow */
	assert_int_equal(b.n, 4);
	series_done(&a);
	series_done(&b);

	series_init(&a);
	series_copy(&b, &a);
	assert_true(series_equal(&a, &b));
	series_done(&a);
	series_done(&b);
}

/* Equality: NaN equals NaN, labels in any order, every difference counts. */
static void test_equal(void **state)
{
	const double v[] = {1, NAN, 3};
	struct series a, b;
	(void)state;
	series_init(&a);
	series_init(&b);
	series_label_set(&a, "job", "api");
	series_label_set(&a, "env", "prod");
	series_label_set(&b, "env", "prod");
	series_label_set(&b, "job", "api");
	push_all(&a, v, 3);
	push_all(&b, v, 3);
	assert_true(series_equal(&a, &b));
	b.v[2] = 3.0000001;
	assert_false(series_equal(&a, &b));
	b.v[2] = 3;
	b.t[1] = 61;
	assert_false(series_equal(&a, &b));
	b.t[1] = 60;
	b.v[1] = 0;
	assert_false(series_equal(&a, &b)); /* a gap is not a zero */
	b.v[1] = NAN;
	series_label_set(&b, "env", "dev");
	assert_false(series_equal(&a, &b));
	series_label_set(&b, "env", "prod");
	series_label_set(&b, "extra", "1");
	assert_false(series_equal(&a, &b));
	series_done(&b);
	series_copy(&b, &a);
	series_push(&b, 180, 4);
	assert_false(series_equal(&a, &b));
	series_done(&a);
	series_done(&b);
}

/* Build a set of n series named s0, s1, ... each with one point i. */
static void set_fill(struct series_set *ss, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char name[8] = {'s', (char)('0' + i % 10), '\0'};
		struct series *s = series_set_add(ss);
		series_label_set(s, "name", name);
		series_push(s, 0, (double)i);
	}
}

/* Adding returns a fresh empty series at the end; the set grows past its first capacity. */
static void test_set_add(void **state)
{
	struct series_set ss;
	(void)state;
	series_set_init(&ss);
	struct series *s = series_set_add(&ss);
	assert_int_equal(ss.n, 1);
	assert_ptr_equal(s, &ss.items[0]);
	assert_int_equal(s->n, 0);
	assert_int_equal(s->nlabels, 0);
	set_fill(&ss, 20);
	assert_int_equal(ss.n, 21);
	assert_string_equal(series_label(&ss.items[20], "name"), "s9");
	assert_true(ss.items[20].v[0] == 19);
	series_set_done(&ss);
	assert_int_equal(ss.n, 0);
	assert_null(ss.items);
}

/* Moving hands everything over, frees what dst held, and leaves src empty and reusable. */
static void test_set_move(void **state)
{
	struct series_set a, b;
	(void)state;
	series_set_init(&a);
	series_set_init(&b);
	set_fill(&a, 3);
	set_fill(&b, 5);
	struct series *first = &a.items[0];
	series_set_move(&b, &a);
	assert_int_equal(b.n, 3);
	assert_ptr_equal(&b.items[0], first);
	assert_int_equal(a.n, 0);
	assert_null(a.items);
	set_fill(&a, 1);
	assert_int_equal(a.n, 1);
	series_set_move(&b, &b);
	assert_int_equal(b.n, 3);
	series_set_done(&a);
	series_set_done(&b);
}

/* Sets are equal when they hold equal series in the same order. */
static void test_set_equal(void **state)
{
	struct series_set a, b;
	(void)state;
	series_set_init(&a);
	series_set_init(&b);
	assert_true(series_set_equal(&a, &b));
	set_fill(&a, 3);
	set_fill(&b, 3);
	assert_true(series_set_equal(&a, &b));
	series_push(&b.items[1], 60, NAN);
	assert_false(series_set_equal(&a, &b));
	series_push(&a.items[1], 60, NAN);
	assert_true(series_set_equal(&a, &b));
	struct series tmp = b.items[0];
	b.items[0] = b.items[2];
	b.items[2] = tmp;
	assert_false(series_set_equal(&a, &b));
	series_set_add(&b);
	assert_false(series_set_equal(&a, &b));
	series_set_done(&a);
	series_set_done(&b);
}

/* xgrow doubles from 8 until the need fits and keeps the contents. */
static void test_xgrow(void **state)
{
	int *items = NULL;
	size_t cap = 0;
	(void)state;
	xgrow(&items, &cap, 1, sizeof *items);
	assert_int_equal(cap, 8);
	items[7] = 7;
	xgrow(&items, &cap, 8, sizeof *items);
	assert_int_equal(cap, 8);
	xgrow(&items, &cap, 9, sizeof *items);
	assert_int_equal(cap, 16);
	xgrow(&items, &cap, 100, sizeof *items);
	assert_int_equal(cap, 128);
	assert_int_equal(items[7], 7);
	free(items);
	char *s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrndup("ab", 10);
	assert_string_equal(s, "ab");
	free(s);
}

/* Run every series test. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_label_set_replace),
	    cmocka_unit_test(test_label_sanitized),
	    cmocka_unit_test(test_push_grows),
	    cmocka_unit_test(test_last_first_skip_nan),
	    cmocka_unit_test(test_zero_is_not_gap),
	    cmocka_unit_test(test_minmax),
	    cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_equal),
	    cmocka_unit_test(test_set_add),
	    cmocka_unit_test(test_set_move),
	    cmocka_unit_test(test_set_equal),
	    cmocka_unit_test(test_xgrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
