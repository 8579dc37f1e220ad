/* test_detect.c: the change detectors on synthetic series from fixed seeds. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/detect.h"
#include "client/series.h"

#define T0 1795435200.0 /* 2026-11-23T12:00:00Z, midnight-aligned for the seasons */

/* The test's own generator (xorshift64), so that every run sees the same noise. */
static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
}

/* Uniform in (0, 1). */
static double uniform(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal noise by Box-Muller. */
static double gauss(void)
{
	double u = uniform(), v = uniform();
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* n points step seconds apart from T0, all 0 for the caller to fill in. */
static void make(struct series *s, size_t n, double step)
{
	series_init(s);
	for (size_t i = 0; i < n; i++)
		series_push(s, T0 + (double)i * step, 0);
}

/* Noise around 20 (sigma 1: well above the min_rel floor of 0.2), plus shift from index k
 * on. */
static void noisy_shift(struct series *s, size_t n, size_t k, double shift)
{
	make(s, n, 300);
	for (size_t i = 0; i < n; i++)
		s->v[i] = 20 + gauss() + (i >= k ? shift : 0);
}

/* Fail unless |a - b| <= eps, in doubles (cmocka's float assert rounds to float). */
#define assert_near(a, b, eps) check_near((a), (b), (eps), #a, __LINE__)

/* The function behind assert_near, naming the expression and its line. */
static void check_near(double a, double b, double eps, const char *what, int line)
{
	if (!(fabs(a - b) <= eps))
		fail_msg("line %d: %s = %.17g, want %.17g within %g", line, what, a, b, eps);
}

/* The detection of s under p (defaults when NULL), or 0. */
static int judge(const struct series *s, const struct detect_params *p, struct detection *d)
{
	int found = detect_series(s, p, d);
	assert_int_equal(found, d->kind != DETECT_NONE);
	if (found)
		assert_near(d->since, s->t[d->start], 0);
	return found;
}

/* The shipped defaults, which docs/detection.md lists. */
static void test_defaults(void **state)
{
	(void)state;
	struct detect_params p;
	detect_defaults(&p);
	assert_near(p.lambda, 0.3, 0);
	assert_near(p.limit, 3, 0);
	assert_near(p.cusum_k, 0.5, 0);
	assert_near(p.cusum_h, 5, 0);
	assert_near(p.min_rel, 0.01, 0);
	assert_near(p.min_abs, 1e-9, 0);
	assert_int_equal(p.min_points, 12);
	assert_int_equal(p.min_run, 3);
	assert_near(p.season, 0, 0);
}

/* A 3-sigma shift, up or down, after the reference (k = 220 of 300) and inside it
 * (k = 100): found in every one of 50 seeds each, with the right sign and level. Measured:
 * the start is within 8 points of k in all 100 cases (at most 9 off in 800 cases over
 * other seeds); the test allows 2 in 50 past 8 and none past 16. */
static void test_level_shift(void **state)
{
	(void)state;
	const size_t ks[] = {220, 100};
	for (size_t c = 0; c < 2; c++) {
		int far = 0;
		size_t worst = 0;
		for (uint64_t seed = 1; seed <= 50; seed++) {
			struct series s;
			struct detection d;
			double sign = seed % 2 ? 1 : -1;
			rng_seed(seed);
			noisy_shift(&s, 300, ks[c], 3 * sign);
			if (!judge(&s, NULL, &d))
				fail_msg("k=%zu seed %u: not found", ks[c], (unsigned)seed);
			assert_int_equal(d.sign, (int)sign);
			size_t off = d.start > ks[c] ? d.start - ks[c] : ks[c] - d.start;
			if (off > 16)
				fail_msg("k=%zu seed %u: start %zu", ks[c], (unsigned)seed,
					 d.start);
			far += off > 8;
			worst = off > worst ? off : worst;
			assert_near(d.normal, 20, 0.4);
			assert_near(d.now, 20 + 3 * sign, 0.7);
			assert_near(d.sigmas, fabs(d.now - d.normal) / d.sigma, 1e-9);
			assert_true(d.sigmas > 2 && d.sigmas < 4);
			series_done(&s);
		}
		print_message(
		    "# shift at %zu: %d of 50 starts more than 8 points off, the worst %zu\n",
		    ks[c], far, worst);
		if (far > 2)
			fail_msg("k=%zu: %d of 50 starts more than 8 points off", ks[c], far);
	}
}

/* A drift of 0.05 sigma a point from index 200 of 300 (5 sigmas by the end): the CUSUM
 * alone (EWMA off) finds it in every seed, starting no earlier than 8 points before the
 * drift; with both detectors on it is found too. */
static void test_slow_drift_cusum(void **state)
{
	(void)state;
	struct detect_params cusum_only;
	detect_defaults(&cusum_only);
	cusum_only.limit = INFINITY;
	for (uint64_t seed = 1; seed <= 50; seed++) {
		struct series s;
		struct detection d;
		rng_seed(seed);
		make(&s, 300, 300);
		for (size_t i = 0; i < 300; i++)
			s.v[i] = 20 + gauss() + (i >= 200 ? 0.05 * (double)(i - 200) : 0);
		if (!judge(&s, &cusum_only, &d))
			fail_msg("seed %u: the CUSUM missed the drift", (unsigned)seed);
		assert_int_equal(d.kind, DETECT_CUSUM);
		assert_int_equal(d.sign, 1);
		assert_true(d.start >= 192 && d.start < 297);
		assert_true(judge(&s, NULL, &d));
		assert_int_equal(d.sign, 1);
		series_done(&s);
	}
}

/* Windows of w points (1 apart) over a series; how many of them the detectors flag. */
static int flagged_windows(const struct series *all, size_t w, const struct detect_params *p)
{
	int flagged = 0;
	for (size_t at = 0; at + w <= all->n; at++) {
		struct series win = {.t = all->t + at, .v = all->v + at, .n = w};
		struct detection d;
		flagged += detect_series(&win, p, &d);
	}
	return flagged;
}

/* 10,000 points of noise (sigma 1) on a daily cycle of 10 sigmas' amplitude, judged with
 * season=86400 over every window sliding one point at a time. A window must span two
 * seasons for the season to be learnt, so the windows are 600 points of 5 minutes (50 h)
 * and, for the 300 points of a panel, 300 of 10 minutes. Measured: 4 flagged of 9,401 (one
 * episode: four windows in a row ending on the same run of high noise) and 0 of 9,701;
 * allowed: 10 each, about 0.1% of the refreshes. */
static void test_seasonal_false_alarms(void **state)
{
	(void)state;
	struct detect_params p;
	detect_defaults(&p);
	p.season = 86400;
	const double steps[] = {300, 600};
	const size_t widths[] = {600, 300};
	for (size_t c = 0; c < 2; c++) {
		struct series all;
		rng_seed(42 + c);
		make(&all, 10000, steps[c]);
		for (size_t i = 0; i < all.n; i++)
			all.v[i] = 30 + 10 * sin(2 * M_PI * (all.t[i] - T0) / 86400) + gauss();
		int flagged = flagged_windows(&all, widths[c], &p);
		print_message("# seasonal, %g s points, windows of %zu: %d of %zu flagged\n",
			      steps[c], widths[c], flagged, all.n - widths[c] + 1);
		if (flagged > 10)
			fail_msg("%d false detections over windows of %zu", flagged, widths[c]);
		series_done(&all);
	}
}

/* On that daily cycle, a 3-sigma shift 60 points before the end of 600 is found by its
 * departure from the season; the normal it reports is the season's value at the end. */
static void test_seasonal_shift(void **state)
{
	(void)state;
	struct detect_params p;
	detect_defaults(&p);
	p.season = 86400;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct series s;
		struct detection d;
		rng_seed(seed);
		make(&s, 600, 300);
		for (size_t i = 0; i < s.n; i++)
			s.v[i] = 30 + 10 * sin(2 * M_PI * (s.t[i] - T0) / 86400) + gauss() +
				 (i >= 540 ? 3 : 0);
		if (!judge(&s, &p, &d))
			fail_msg("seed %u: the shift was not found", (unsigned)seed);
		assert_int_equal(d.sign, 1);
		assert_true(d.start >= 532 && d.start <= 548);
		double season_end = 30 + 10 * sin(2 * M_PI * (s.t[599] - T0) / 86400);
		assert_near(d.normal, season_end, 2.5); /* one or two days' points */
		assert_near(d.now - d.normal, 3, 0.8);
		series_done(&s);
	}
}

/* White noise, 1,000 independent windows of 300 points: measured 0 flagged (1 in 20,000
 * over other seeds); allowed: 3. */
static void test_stationary_noise(void **state)
{
	(void)state;
	int flagged = 0;
	for (uint64_t seed = 1; seed <= 1000; seed++) {
		struct series s;
		struct detection d;
		rng_seed(seed + 5000);
		noisy_shift(&s, 300, 300, 0);
		flagged += judge(&s, NULL, &d);
		series_done(&s);
	}
	print_message("# white noise: %d of 1000 windows flagged\n", flagged);
	assert_true(flagged <= 3);
}

/* An adoption ratio wobbling between 44.7% and 44.9% (0.2% of itself) is no change: not as
 * noise, not as a cycle, not as a step from the bottom to the top of the band. */
static void test_flat_wobble(void **state)
{
	(void)state;
	rng_seed(7);
	for (int shape = 0; shape < 3; shape++) {
		struct series s;
		struct detection d;
		make(&s, 120, 3600);
		for (size_t i = 0; i < s.n; i++) {
			double x = (double)i;
			s.v[i] = shape == 0   ? 0.447 + 0.002 * uniform()
				 : shape == 1 ? 0.448 + 0.001 * sin(x / 5)
					      : (i < 80 ? 0.447 : 0.449);
		}
		if (judge(&s, NULL, &d))
			fail_msg("wobble %d: flagged (%s, %.2f sigmas)", shape,
				 d.kind == DETECT_EWMA ? "EWMA" : "CUSUM", d.sigmas);
		series_done(&s);
	}
}

/* A blip that came back is not "abnormal now": 6 points at +6 sigmas in the middle, or 10
 * at -4 sigmas ending 30 points before the end. The same 10 points at the end are. */
static void test_blip_recovered(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 30; seed++) {
		struct series s;
		struct detection d;
		rng_seed(seed);
		noisy_shift(&s, 300, 300, 0);
		for (size_t i = 150; i < 156; i++)
			s.v[i] += 6;
		for (size_t i = 260; i < 270; i++)
			s.v[i] -= 4;
		if (judge(&s, NULL, &d))
			fail_msg("seed %u: flagged from %zu", (unsigned)seed, d.start);
		for (size_t i = 260; i < 270; i++)
			s.v[i] += 4;
		for (size_t i = 290; i < 300; i++)
			s.v[i] -= 4;
		assert_true(judge(&s, NULL, &d));
		assert_int_equal(d.sign, -1);
		assert_true(d.start >= 280 && d.start <= 290);
		series_done(&s);
	}
}

/* One wild last point (a bucket still filling) is not a change; nor are two points of a
 * real shift; three are. */
static void test_min_run(void **state)
{
	(void)state;
	struct series s;
	struct detection d;
	rng_seed(11);
	noisy_shift(&s, 300, 300, 0);
	double last = s.v[299];
	s.v[299] = 0;
	assert_false(judge(&s, NULL, &d));
	s.v[299] = last;
	for (size_t i = 298; i < 300; i++)
		s.v[i] += 5;
	assert_false(judge(&s, NULL, &d));
	s.v[297] += 5;
	assert_true(judge(&s, NULL, &d));
	assert_true(d.start >= 290 && d.start <= 297);
	series_done(&s);
}

/* Gaps (NaN, infinities) are skipped: the shift is still found and its start is a real
 * point; a series of gaps alone is nothing. */
static void test_gaps(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct series s;
		struct detection d;
		rng_seed(seed);
		noisy_shift(&s, 300, 230, -3);
		for (size_t i = 0; i < 300; i += 5)
			s.v[i] = NAN;
		for (size_t i = 100; i < 115; i++)
			s.v[i] = NAN;
		s.v[61] = INFINITY;
		s.v[262] = -INFINITY;
		assert_true(judge(&s, NULL, &d));
		assert_true(isfinite(s.v[d.start]));
		assert_int_equal(d.sign, -1);
		assert_true(d.start >= 220 && d.start <= 240);
		assert_near(d.now, 17, 0.7);
		for (size_t i = 0; i < 300; i++)
			s.v[i] = NAN;
		assert_false(judge(&s, NULL, &d));
		series_done(&s);
	}
}

/* Fewer usable points than min_points: no detection, however big the move. */
static void test_too_few_points(void **state)
{
	(void)state;
	struct series s;
	struct detection d = {.kind = DETECT_EWMA};
	series_init(&s);
	assert_false(detect_series(&s, NULL, &d)); /* n = 0 */
	assert_int_equal(d.kind, DETECT_NONE);
	make(&s, 11, 60);
	for (size_t i = 0; i < 11; i++)
		s.v[i] = i < 5 ? 1 : 1000;
	assert_false(judge(&s, NULL, &d));
	series_done(&s);
	make(&s, 30, 60); /* 30 points, 11 of them usable */
	for (size_t i = 0; i < 30; i++)
		s.v[i] = i % 3 ? NAN : (i < 15 ? 1 : 1000);
	assert_false(judge(&s, NULL, &d));
	struct detect_params p;
	detect_defaults(&p);
	p.min_points = 10;
	assert_true(judge(&s, &p, &d)); /* 11 are enough when 10 are asked for */
	series_done(&s);
}

/* A constant series is no change (zero or not); a step off a constant is measured against
 * the min_rel floor: 5.0 to 5.5 is 10 sigmas of 0.05. */
static void test_constant(void **state)
{
	(void)state;
	struct series s;
	struct detection d;
	make(&s, 200, 60);
	assert_false(judge(&s, NULL, &d));
	for (size_t i = 0; i < s.n; i++)
		s.v[i] = 5;
	assert_false(judge(&s, NULL, &d));
	for (size_t i = 150; i < s.n; i++)
		s.v[i] = 5.5;
	assert_true(judge(&s, NULL, &d));
	assert_int_equal(d.start, 150);
	assert_int_equal(d.sign, 1);
	assert_near(d.normal, 5, 1e-12);
	assert_near(d.now, 5.5, 1e-12);
	assert_near(d.sigma, 0.05, 1e-12);
	assert_near(d.sigmas, 10, 1e-9);
	series_done(&s);
}

/* A ratio of 0.97 falls to 0.83 and stays there for the last 45 of 60 points: most of the
 * series is after the fall, yet the baseline is the 0.97 before it and since is the fall.
 * The same when the fall takes 6 points. */
static void test_ratio_fall(void **state)
{
	(void)state;
	for (int ramp = 0; ramp < 2; ramp++) {
		struct series s;
		struct detection d;
		rng_seed(3);
		make(&s, 60, 86400);
		for (size_t i = 0; i < 60; i++) {
			double fall = i < 15 ? 0 : (ramp && i < 21 ? (double)(i - 14) / 6 : 1);
			s.v[i] = 0.97 - 0.14 * fall + 0.003 * gauss();
		}
		assert_true(judge(&s, NULL, &d));
		assert_int_equal(d.sign, -1);
		if (fabs(d.since - s.t[15]) > (ramp ? 3 : 1) * 86400.0)
			fail_msg("ramp %d: since is point %zu, the fall point 15", ramp, d.start);
		assert_near(d.normal, 0.97, 0.005);
		assert_near(d.now, ramp ? 0.84 : 0.83, 0.01);
		series_done(&s);
	}
}

/* Values near the top of a double's range, near its bottom, and a huge outlier: no
 * overflow, the figures come back in the series' own units. */
static void test_extreme_values(void **state)
{
	(void)state;
	struct series s;
	struct detection d;
	rng_seed(5);
	noisy_shift(&s, 300, 240, 3);
	for (size_t i = 0; i < s.n; i++)
		s.v[i] *= DBL_MAX / 50; /* about half DBL_MAX: a sum of two would overflow */
	assert_true(judge(&s, NULL, &d));
	assert_true(isfinite(d.normal) && isfinite(d.now) && isfinite(d.sigma));
	assert_near(d.now / d.normal, 23.0 / 20, 0.03);
	assert_true(d.start >= 232 && d.start <= 248);
	for (size_t i = 0; i < s.n; i++)
		s.v[i] = s.v[i] / (DBL_MAX / 50) * 1e-300; /* tiny: 2e-299, under min_abs */
	assert_false(judge(&s, NULL, &d));
	struct detect_params p;
	detect_defaults(&p);
	p.min_abs = 0;
	assert_true(judge(&s, &p, &d)); /* without the floor, scaled like any other */
	assert_near(d.now / d.normal, 23.0 / 20, 0.03);
	series_done(&s);
	rng_seed(6);
	noisy_shift(&s, 300, 300, 0);
	s.v[100] = DBL_MAX;
	s.v[101] = -DBL_MAX;
	assert_false(judge(&s, NULL, &d));
	series_done(&s);
}

/* Each detector alone: the EWMA (CUSUM off) finds a shift as EWMA; with both off, nothing. */
static void test_one_detector(void **state)
{
	(void)state;
	struct series s;
	struct detection d;
	struct detect_params p;
	detect_defaults(&p);
	p.cusum_h = 0;
	rng_seed(9);
	noisy_shift(&s, 300, 250, 4);
	assert_true(judge(&s, &p, &d));
	assert_int_equal(d.kind, DETECT_EWMA);
	assert_true(d.start >= 242 && d.start <= 258);
	p.limit = INFINITY;
	assert_false(judge(&s, &p, &d));
	p.limit = 3;
	p.lambda = 0; /* no weight on the newest point: the EWMA is off too */
	assert_false(judge(&s, &p, &d));
	struct detection with_null;
	assert_true(judge(&s, NULL, &with_null)); /* NULL params are the defaults */
	detect_defaults(&p);
	assert_true(judge(&s, &p, &d));
	assert_int_equal(d.kind, with_null.kind);
	assert_int_equal(d.start, with_null.start);
	assert_near(d.now, with_null.now, 0);
	assert_near(d.normal, with_null.normal, 0);
	series_done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),	     cmocka_unit_test(test_level_shift),
	    cmocka_unit_test(test_slow_drift_cusum), cmocka_unit_test(test_seasonal_false_alarms),
	    cmocka_unit_test(test_seasonal_shift),   cmocka_unit_test(test_stationary_noise),
	    cmocka_unit_test(test_flat_wobble),	     cmocka_unit_test(test_blip_recovered),
	    cmocka_unit_test(test_min_run),	     cmocka_unit_test(test_gaps),
	    cmocka_unit_test(test_too_few_points),   cmocka_unit_test(test_constant),
	    cmocka_unit_test(test_ratio_fall),	     cmocka_unit_test(test_extreme_values),
	    cmocka_unit_test(test_one_detector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
