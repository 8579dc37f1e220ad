/* test_fetch.c: the one fetch path: backoff with jitter, staleness, scaling, epochs. */
#include <math.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "client/http.h"
#include "client/source.h"
#include "util/xalloc.h"
#include "views/fetch.h"

/* The backoff doubles from 2 s and stops at 5 minutes; jitter scales it. */
static void test_backoff_doubles_to_a_cap(void **state)
{
	(void)state;
	const double want[] = {0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300};
	for (int n = 0; n < 12; n++) {
		assert_float_equal(fetch_backoff(n, 1.0), want[n], 1e-9);
		assert_float_equal(fetch_backoff(n, 0.5), want[n] / 2, 1e-9);
	}
}

/* Failures in a row wait longer each time, within [half, whole] of the doubling, from the send
 * time. */
static void test_failures_back_off_with_jitter(void **state)
{
	(void)state;
	struct fetch_health h = {0};
	unsigned seed = 7;
	double wall = 1000;
	for (int n = 1; n <= 12; n++) {
		fetch_failed(&h, "connection refused", wall, &seed);
		double full = fmin(300, 2 * pow(2, n - 1)); /* 2, 4, 8 ... 300 */
		double wait = h.retry_at - wall;
		if (wait < full / 2 - 1e-9 || wait > full + 1e-9)
			fail_msg("failure %d: waits %.3f s, want %.1f..%.1f", n, wait, full / 2,
				 full);
		assert_false(fetch_due(&h, wall + full / 2 - 0.01));
		assert_true(fetch_due(&h, wall + full + 0.01));
	}
	assert_int_equal(h.failures, 12);
}

/* Two units failing at the same moment do not retry in lockstep. */
static void test_jitter_spreads_retries(void **state)
{
	(void)state;
	unsigned seed = 1;
	double waits[32];
	for (int i = 0; i < 32; i++) {
		struct fetch_health h = {0};
		for (int n = 0; n < 4; n++)
			fetch_failed(&h, "x", 0, &seed);
		waits[i] = h.retry_at; /* fourth failure: 8..16 s */
		assert_true(waits[i] >= 8 - 1e-9 && waits[i] <= 16 + 1e-9);
	}
	int distinct = 0;
	for (int i = 0; i < 32; i++) {
		int seen = 0;
		for (int j = 0; j < i; j++)
			seen |= fabs(waits[j] - waits[i]) < 1e-6;
		distinct += !seen;
	}
	assert_true(distinct >= 16);
}

/* A good answer clears the error (unless it must stay), resets the backoff and dates the data. */
static void test_ok_resets(void **state)
{
	(void)state;
	struct fetch_health h = {0};
	unsigned seed = 3;
	assert_int_equal(fetch_failed(&h, "HTTP 500", 10, &seed), 1);
	assert_int_equal(fetch_failed(&h, "HTTP 500", 20, &seed),
			 0);			      /* same text: nothing to redraw */
	assert_int_equal(fetch_ok(&h, "", 30, 1), 0); /* kept: still shown */
	assert_string_equal(h.error, "HTTP 500");
	assert_int_equal(h.failures, 0);
	assert_true(fetch_due(&h, 30));
	assert_int_equal(fetch_ok(&h, "", 40, 0), 1);
	assert_string_equal(h.error, "");
	assert_float_equal(h.fetched, 40, 0);
	assert_int_equal(fetch_ok(&h, "partial answer", 50, 0), 1);
	assert_string_equal(h.warning, "partial answer");
	assert_int_equal(fetch_ok(&h, "partial answer", 60, 0), 0);
}

/* The border's note: the age of the stale data in seconds, then minutes, and the reason. */
static void test_note(void **state)
{
	(void)state;
	char note[256];
	struct fetch_health h = {0};
	unsigned seed = 5;
	fetch_note(&h, 100, note, sizeof note);
	assert_string_equal(note, "");
	fetch_failed(&h, "connection refused", 100, &seed);
	fetch_note(&h, 140, note, sizeof note);
	assert_string_equal(note, ""); /* never had data: the body says why */
	fetch_ok(&h, "", 100, 0);
	fetch_failed(&h, "connection refused", 110, &seed);
	fetch_note(&h, 140.7, note, sizeof note);
	assert_string_equal(note, "stale 40s: connection refused");
	fetch_note(&h, 100 + 192, note, sizeof note);
	assert_string_equal(note, "stale 3m12s: connection refused");
	struct fetch_health w = {0};
	fetch_ok(&w, "engine warned", 1, 0);
	fetch_note(&w, 2, note, sizeof note);
	assert_string_equal(note, "warning: engine warned");
}

/* "per": "hour" over 60 s steps: 5 events a step are 300 an hour; 0 leaves values alone. */
static void test_scale(void **state)
{
	(void)state;
	struct series_set ss;
	series_set_init(&ss);
	struct series *s = series_set_add(&ss);
	series_push(s, 60, 5);
	series_push(s, 120, 0.5);
	fetch_scale(&ss, 3600, 60);
	assert_float_equal(ss.items[0].v[0], 300, 1e-9);
	assert_float_equal(ss.items[0].v[1], 30, 1e-9);
	fetch_scale(&ss, 0, 60);
	assert_float_equal(ss.items[0].v[0], 300, 1e-9);
	fetch_scale(&ss, 86400, 3600); /* per day over hourly steps: 24 times */
	assert_float_equal(ss.items[0].v[0], 7200, 1e-9);
	series_set_done(&ss);
}

/* What the owner saw. */
struct seen {
	int answers, failures;
	double first;
	char why[160];
};

/* The owner's answer function: count and keep what came. */
static void owner_answer(void *owner, struct fetch_slot *slot, struct series_set *result,
			 const char *note)
{
	(void)slot;
	struct seen *s = owner;
	if (result == NULL) {
		s->failures++;
		snprintf(s->why, sizeof s->why, "%s", note);
		return;
	}
	s->answers++;
	s->first = result->n && result->items[0].n ? result->items[0].v[0] : NAN;
}

/* Wait for the slot's request to end (a refused connection answers at once). */
static void wait_slot(struct http *h, const struct fetch_slot *slot)
{
	char err[256];
	struct pollfd none[1];
	for (int i = 0; i < 100 && slot->pending; i++)
		assert_int_equal(http_wait(h, none, 0, 50, err, sizeof err), 0);
	assert_false(slot->pending);
}

/* A slot sends one request at a time; its answer comes back, or is dropped under a new epoch. */
static void test_epoch_drops_old_answers(void **state)
{
	(void)state;
	char err[256];
	struct http *h = http_new(err, sizeof err);
	assert_non_null(h);
	struct http_conn conn = {.base_url = "http://127.0.0.1:1", .timeout_ms = 2000};
	struct source *src = source_prometheus_new(h, &conn);
	struct seen seen = {0};
	struct fetcher f;
	fetch_init(&f, &seen, owner_answer);
	struct fetch_slot slot = {0};
	struct kpi_query q = {.kpi = "x", .start = 0, .end = 600, .step = 60, .promql = "up"};
	assert_int_equal(fetch_send(&f, &slot, 1, 0, src, &q, 0, 5), 1);
	assert_int_equal(fetch_send(&f, &slot, 1, 0, src, &q, 0, 5), 0); /* one at a time */
	wait_slot(h, &slot);
	assert_int_equal(seen.failures, 1);
	assert_non_null(strstr(seen.why, "refused"));
	assert_int_equal(f.dropped, 0);
	assert_int_equal(fetch_send(&f, &slot, 1, 0, src, &q, 0, 5), 1);
	fetch_new_epoch(&f);
	wait_slot(h, &slot);
	assert_int_equal(seen.failures, 1); /* the owner never heard of it */
	assert_int_equal(f.dropped, 1);
	http_free(h);
	source_free(src);
}

/* The demo answers at once, scaled by per over the step the slot asked. */
static void test_demo_answer_scaled(void **state)
{
	(void)state;
	struct source *src = source_demo_new(42, NULL);
	struct seen plain = {0}, hourly = {0};
	struct fetcher f1, f2;
	fetch_init(&f1, &plain, owner_answer);
	fetch_init(&f2, &hourly, owner_answer);
	struct fetch_slot s1 = {0}, s2 = {0};
	struct kpi_query q = {
	    .kpi = "tasks_completed", .start = 1764000000 - 3600, .end = 1764000000, .step = 300};
	fetch_send(&f1, &s1, 0, 0, src, &q, 0, 1);
	fetch_send(&f2, &s2, 0, 0, src, &q, 3600, 1);
	assert_int_equal(plain.answers, 1);
	assert_int_equal(hourly.answers, 1);
	assert_false(s1.pending);
	assert_true(plain.first > 0);
	assert_float_equal(hourly.first, plain.first * 12, 1e-6 * plain.first);
	source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_backoff_doubles_to_a_cap),
	    cmocka_unit_test(test_failures_back_off_with_jitter),
	    cmocka_unit_test(test_jitter_spreads_retries),
	    cmocka_unit_test(test_ok_resets),
	    cmocka_unit_test(test_note),
	    cmocka_unit_test(test_scale),
	    cmocka_unit_test(test_epoch_drops_old_answers),
	    cmocka_unit_test(test_demo_answer_scaled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
