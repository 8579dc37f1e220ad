/*
 * bench_detect: the detectors' cost per refresh. 500 series of 300 points, a quarter
 * each of plain noise, level shifts, slow drifts and daily seasons (10-minute points,
 * so that 300 of them span two days), all from a fixed seed, judged by detect_series
 * RUNS times over; the median refresh is printed.
 * usage: bench_detect   (prints one line; exits 1 if the detectors missed what they must find)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/detect.h"
#include "client/series.h"

#define NSERIES 500
#define NPOINTS 300
#define RUNS	101
#define END	1795435200.0 /* 2026-11-23T12:00:00Z */

/* The four shapes, one series in four of each. */
enum shape { NOISE, SHIFT, DRIFT, SEASON, NSHAPES };

/* The monotonic clock in milliseconds. */
static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A small deterministic generator (xorshift64): the same series every run. */
static uint64_t rng = 0x2545f4914f6cdd1dULL;

/* Uniform in (0, 1). */
static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal noise (Box-Muller). */
static double gauss(void)
{
	double u = uniform(), v = uniform();
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* Series i: its shape's points around a level of its own, with 1% gaps. */
static void build(struct series *s, int i)
{
	enum shape shape = (enum shape)(i % NSHAPES);
	double step = shape == SEASON ? 600 : 60, level = 100 + 900 * uniform();
	double sd = level * 0.02;
	series_init(s);
	for (int j = 0; j < NPOINTS; j++) {
		double t = END - (NPOINTS - 1 - j) * step, v = level + sd * gauss();
		if (shape == SHIFT && j >= 240)
			v += 4 * sd;
		else if (shape == DRIFT && j >= 150)
			v += 0.05 * sd * (j - 150);
		else if (shape == SEASON)
			v += 10 * sd * sin(2 * M_PI * t / 86400);
		if (uniform() < 0.01)
			v = NAN;
		series_push(s, t, v);
	}
}

/* Order doubles ascending, for the median. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	static struct series set[NSERIES];
	struct detect_params plain, seasonal;
	detect_defaults(&plain);
	detect_defaults(&seasonal);
	seasonal.season = 86400;
	for (int i = 0; i < NSERIES; i++)
		build(&set[i], i);
	double took[RUNS];
	int found[NSHAPES] = {0};
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ms();
		for (int i = 0; i < NSERIES; i++) {
			struct detection d;
			int hit =
			    detect_series(&set[i], i % NSHAPES == SEASON ? &seasonal : &plain, &d);
			if (r == 0)
				found[i % NSHAPES] += hit;
		}
		took[r] = now_ms() - t0;
	}
	qsort(took, RUNS, sizeof took[0], cmp_double);
	printf("detect: %d series x %d points: %.2f ms per refresh (goal < 5 ms)\n", NSERIES,
	       NPOINTS, took[RUNS / 2]);
	for (int i = 0; i < NSERIES; i++)
		series_done(&set[i]);
	int per = NSERIES / NSHAPES;
	if (found[SHIFT] < per || found[DRIFT] < per || found[NOISE] > per / 20 ||
	    found[SEASON] > per / 20) {
		fprintf(stderr,
			"bench_detect: found %d of %d shifts, %d of %d drifts; %d noise, %d "
			"seasonal false alarms\n",
			found[SHIFT], per, found[DRIFT], per, found[NOISE], found[SEASON]);
		return 1;
	}
	return 0;
}
