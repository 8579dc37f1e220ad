/*
 * slo.h: service level objectives: error budgets, burn rates, and the
 * multiwindow, multi-burn-rate policy of the SRE workbook.
 *
 * An SLO says that a share `objective` of events is good over a window (say
 * 99.5% of predictions answered within 300 ms, over 30 days). The error budget
 * is the share that may go bad: 1 - objective. The burn rate over a span is how
 * fast the span spends it: its bad share over the budget's share. At 1 the
 * budget lasts exactly the window; at 14.4 a 30-day budget is gone in 50 hours.
 *
 * The policy pairs a long span with a short one: it calls for a page (or a
 * ticket) when both burn faster than the pair's factor, the long one saying the
 * burn is big enough to matter, the short one that it is still going on. The
 * defaults are the workbook's: page when 1h and 5m burn above 14.4, or 6h and
 * 30m above 6; ticket when 1d and 2h burn above 3, or 3d and 6h above 1.
 *
 * Pure functions of numbers: NaN stands for "no traffic, nothing known".
 */
#ifndef KPIDASH_SLO_H
#define KPIDASH_SLO_H

#include <stddef.h>

#define SLO_MAX_PAIRS 8

/* What the burn calls for, in rising order. */
enum slo_status {
	SLO_UNKNOWN, /* no traffic over the window: nothing to judge */
	SLO_OK,
	SLO_TICKET,
	SLO_PAGE,
};

/* One pair of the policy. */
struct slo_pair {
	double long_span, short_span; /* seconds */
	double factor;		      /* both must burn faster than this */
	enum slo_status calls;	      /* SLO_PAGE or SLO_TICKET */
};

struct slo_params {
	double objective; /* the good share promised, 0 < objective < 1 */
	double window;	  /* seconds the promise is over */
	struct slo_pair pairs[SLO_MAX_PAIRS];
	size_t npairs;
};

/* The workbook's four pairs over a 30-day window; objective NaN: the caller's to set. */
void slo_defaults(struct slo_params *p);

/*
 * Whether p can be used: objective strictly between 0 and 1, a positive
 * window, every pair with positive spans, the short no longer than the long,
 * a positive factor. NULL when it can, else what is wrong, in words.
 */
const char *slo_invalid(const struct slo_params *p);

/* The burn rate of a span whose good share is good: (1 - good) / (1 - objective); NaN for NaN. */
double slo_burn(double good, double objective);

/*
 * The error budget left over the window when its good share is good:
 * 1 - burn, so 1 is untouched, 0 spent, below 0 overspent; NaN for NaN.
 */
double slo_budget_left(double good, double objective);

/* What slo_evaluate reads: the good share over the window and over each pair's spans. */
struct slo_input {
	double window_good; /* over the window, or over the data there is of it */
	double covered;	    /* seconds of the window the data covers; NaN: all of it */
	double pair_good[SLO_MAX_PAIRS][2]; /* each pair's long span, then its short one */
};

struct slo_eval {
	double burn[SLO_MAX_PAIRS][2]; /* each pair's long and short burn */
	enum slo_status status;
	int pair;	     /* the pair that called it, -1 for none */
	double budget_left;  /* as slo_budget_left over the window */
	double exhausted_in; /* seconds until what is left of the budget is gone at the first
				pair's long burn (the burn now), budget_left x window / burn:
				0 when already gone, INFINITY when nothing burns, NaN when
				unknown. As if nothing left the window meanwhile */
	int partial;	     /* the data covers less than the window */
};

/* Judge in by p: burns, the policy's status (the worst a pair calls for), budget, time left. */
void slo_evaluate(const struct slo_params *p, const struct slo_input *in, struct slo_eval *out);

/* The name of a status: "ok", "ticket", "page", "unknown". */
const char *slo_status_name(enum slo_status s);

#endif
