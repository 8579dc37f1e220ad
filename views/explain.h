/*
 * explain.h: the drivers of what changed. For the first entries of the
 * what-changed list, the entry's KPI is broken down by each label its panel
 * may be drilled by (under the entry's own cohort), over the time since it
 * began and the same span before (or its window and the one before, when it
 * has been so all along), and the cohorts are ranked by their part in the
 * change (analysis/drivers.h): "team=claims -14.2pp of -15.1pp". A cohort
 * the privacy floor hides counts in the total and is never named.
 *
 * Bounded work: only the first EXPLAIN_ENTRIES entries are explained, with at
 * most EXPLAIN_REQS requests out at once, each entry asked again at most every
 * EXPLAIN_EVERY seconds; detection itself asks for nothing.
 */
#ifndef KPIDASH_EXPLAIN_H
#define KPIDASH_EXPLAIN_H

#include <stddef.h>

#include "client/source.h"
#include "views/changes.h"
#include "views/dashboard.h"

#define EXPLAIN_ENTRIES 8
#define EXPLAIN_REQS	12
#define EXPLAIN_EVERY	60.0

/* How a KPI's figure is made of its cohorts' figures, read from its PromQL. */
enum explain_agg {
	EXPLAIN_SUM,   /* a sum or a count: the total is the cohorts' sum */
	EXPLAIN_RATIO, /* a ratio of sums, or a number minus one: the cohorts weigh by the
			  denominator */
	EXPLAIN_OTHER, /* a quantile, an average, a KPI id: the cohorts' plain mean stands in,
			  so the parts are each cohort's own move, not shares of the total */
};

/*
 * How the figure of promql (a template, its variables not filled in) is
 * made. For EXPLAIN_RATIO *den (when den is not NULL) gets the denominator's
 * text, a new string the caller frees; else NULL. A NULL promql is OTHER.
 */
enum explain_agg explain_agg(const char *promql, char **den);

/* The cohort that moved an entry's figure most. */
struct explain_driver {
	char label[32], value[64]; /* team=claims */
	double contribution;	   /* its part in the change, in the KPI's units */
	double total;		   /* the change the parts add up to */
	double share;		   /* contribution / total: 1 is all of it */
	double own;		   /* the cohort's own figure's move */
	int exact;		   /* the parts are of the figure itself (SUM, RATIO) */
	int spread;		   /* it made less than a third: no one cohort did it */
};

struct explain;

/* Drivers under the privacy floor floor (views/privacy.h). */
struct explain *explain_new(int floor);
void explain_free(struct explain *x);

/*
 * Ask for the breakdowns of the first EXPLAIN_ENTRIES entries of c that have
 * a driver or may get one: new ones, and those last asked EXPLAIN_EVERY
 * seconds of data before end; an entry whose breakdowns named no driver is
 * passed over (until it is due again) for the next. dash[e->view] is each
 * entry's dashboard; c's panels must outlive x's answers (they are the
 * dashboards' own). Returns how many entries were asked for.
 */
int explain_fetch(struct explain *x, const struct changes *c, const struct dashboard *dash,
		  struct source *src, double end, double wall);
/* An entry came out with no driver since the last explain_fetch: the next may be asked now. */
int explain_wants_fetch(const struct explain *x);
/* Requests still out. */
int explain_pending(const struct explain *x);

/* e's driver, when its breakdowns are in and some cohort moved with the change; else NULL. */
const struct explain_driver *explain_find(const struct explain *x, const struct change *e);

/*
 * e's driver in words, "team=claims -14.2pp of -15.1pp" (exact), "model=a
 * +180ms on its own" (not exact), with "spread; most " before it when no one
 * cohort made a third of the change; "" when there is none.
 */
void explain_text(const struct explain *x, const struct change *e, char *buf, size_t len);

#endif
