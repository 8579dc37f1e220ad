/*
 * drivers.h: contribution analysis. A KPI's total moved between a baseline and now;
 * which cohorts moved it, and by how much of the move each?
 *
 * The decomposition is exact: the contributions of the cohorts counted (hidden ones
 * included) add up to the total's change, up to rounding.
 *   DRIVERS_SUM       the total is the sum of the cohorts' figures (counts, money):
 *                     contribution_i = after_i - before_i.
 *   DRIVERS_WEIGHTED  the total is the weighted mean of the cohorts' figures (ratios,
 *                     averages), the weights their denominators (items due, people):
 *                     with W = sum w_i and W' = sum w'_i,
 *                     contribution_i = (w'_i / W') r'_i - (w_i / W) r_i,
 *                     so that a cohort moves the total by its own change and by the
 *                     change in its weight (a mix shift) alike.
 * A cohort counts when both its figures are finite; one that does not contributes
 * nothing, weighs nothing and is never ranked.
 */
#ifndef KPIDASH_DRIVERS_H
#define KPIDASH_DRIVERS_H

#include <stddef.h>

/* One cohort's figures. */
struct driver_in {
	double before, after;	  /* its KPI figure in the baseline and now; NaN: unknown */
	double w_before, w_after; /* its weights (denominators) in the baseline and now, for
				     DRIVERS_WEIGHTED. If any counted cohort's weight of a period
				     is NaN, infinite or negative, or they add up to 0, every
				     cohort weighs the same in that period */
	int hidden;		  /* below the privacy floor: counted in the total, never ranked
				     or named; its part is reported only in the lump */
};

/* How the cohorts' figures make the total. */
enum drivers_agg {
	DRIVERS_SUM,	  /* total = the sum of the figures (counts) */
	DRIVERS_WEIGHTED, /* total = the weighted mean of the figures (ratios, averages) */
};

/* One ranked cohort. */
struct driver_out {
	size_t index;	     /* its position in the input */
	double contribution; /* how much of the total's change it made, in the KPI's units */
	double share;	     /* contribution / total change: 0.25 is a quarter; above 1 or
				below 0 when cohorts moved against each other; NaN when the
				total did not change */
};

/*
 * Rank the shown cohorts of c[0, n) by their part in the change of the total, writing up
 * to max of them to out (which may be NULL when max is 0); returns how many were written.
 * Those that moved with the total come first, the largest |contribution| first; then
 * those that moved against it, the largest first; then those that did not move. Equal
 * contributions keep the input's order. *total_change gets the total's change (0 when no
 * cohort counts) and *hidden_part the summed contribution of the hidden cohorts; either
 * may be NULL. Nothing is allocated that the caller must free.
 */
size_t drivers_rank(const struct driver_in *c, size_t n, enum drivers_agg agg,
		    struct driver_out *out, size_t max, double *total_change, double *hidden_part);

#endif
