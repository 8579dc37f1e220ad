/*
 * detect.h: change detectors on one series. Is the series' recent behaviour off its
 * baseline, since when, and by how much? Pure computation: no I/O, nothing kept, the
 * series only read. docs/detection.md tells the method; in short:
 *
 * - The baseline is the median of a reference part (the first two thirds of the usable
 *   points, cut short where a change inside it stands out) and its spread the MAD times
 *   1.4826, floored. With a season, each point is first replaced by its departure from
 *   the mean of the points at the same phase (by time) one or more seasons before.
 * - An EWMA with exact control limits runs over the points after the reference, and a
 *   two-sided CUSUM over all of them.
 * - A finding is reported only if it still holds at the last point: the alarm has held
 *   for min_run points, the points since the start stand five standard errors off the
 *   baseline, most of them and the later half of them more than cusum_k sigmas off.
 *   When both detectors hold, the one whose start a step fits better is reported.
 */
#ifndef KPIDASH_DETECT_H
#define KPIDASH_DETECT_H

#include <stddef.h>

#include "client/series.h"

/* How the detectors judge a series; detect_defaults fills in the shipped values (in
 * brackets). Every figure in sigmas is in units of the baseline's spread. */
struct detect_params {
	/* EWMA: the weight of the newest point, 0 < lambda <= 1 [0.3]; else the EWMA is off */
	double lambda;
	/* EWMA: the control limit in sigmas of the EWMA itself [3]; <= 0 or infinite: off */
	double limit;
	/* CUSUM: the slack in sigmas [0.5]; a move smaller than this is no change, for the
	 * EWMA too (most points since the start must be further off than this) */
	double cusum_k;
	/* CUSUM: the decision interval in sigmas [5]; <= 0 or infinite: the CUSUM is off */
	double cusum_h;
	/* The spread is at least this fraction of the baseline's level [0.01], so that a
	 * noise-free series does not alarm on a tiny move */
	double min_rel;
	/* ... and at least this, in the series' own units [1e-9] */
	double min_abs;
	/* Fewer usable (finite) points than this [12], or than 4: no detection */
	size_t min_points;
	/* A detector's alarm must have held for the last min_run points [3]: one odd point,
	 * such as a last bucket still filling, is not a change */
	size_t min_run;
	/* The seasonal period in seconds (86400, 604800), 0 for none [0]. Used only when the
	 * series' points span two seasons, and a season is more than two steps */
	double season;
};

/* Fill *p with the defaults above. */
void detect_defaults(struct detect_params *p);

/* Which detector found the change. */
enum detect_kind {
	DETECT_NONE,  /* nothing found */
	DETECT_EWMA,  /* the smoothed level left its control limits */
	DETECT_CUSUM, /* the cumulated departures passed the decision interval */
};

/* What was found. All figures are in the series' units. */
struct detection {
	enum detect_kind kind;
	size_t start;  /* index in the series (t[], v[]) of the point where the change began */
	double since;  /* t[start] */
	double normal; /* the baseline: what the last point would be expected to be, its
			  season's shape included */
	double now;    /* the level since the change: the mean of the points since start
			  (with a season: normal plus their mean departure from their season) */
	double sigma;  /* the baseline's spread, floored (min_rel, min_abs) */
	double sigmas; /* |now - normal| / sigma */
	int sign;      /* +1 the series went up, -1 it went down */
};

/*
 * Returns 1 and fills *d when the series' recent behaviour departs from its baseline and
 * still does at its last point; else returns 0 and sets *d to DETECT_NONE. p NULL: the
 * defaults. NaN and infinite values are gaps. s is only read; nothing is kept.
 */
int detect_series(const struct series *s, const struct detect_params *p, struct detection *d);

#endif
