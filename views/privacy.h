/*
 * privacy.h: the privacy floor. HR figures describe cohorts, never people: a
 * cohort with fewer people than the floor is never shown, and neither is any
 * figure from which it could be worked out (docs/metrics.md, "The privacy floor").
 */
#ifndef KPIDASH_PRIVACY_H
#define KPIDASH_PRIVACY_H

#include <stddef.h>

/* The floor when neither flag nor config sets one. */
#define PRIVACY_FLOOR_DEFAULT 5

enum privacy_mark {
	PRIVACY_SHOWN = 0,
	PRIVACY_SMALL,	/* under the floor, or its people unknown */
	PRIVACY_COVER,	/* big enough, hidden so that the small ones cannot be had by subtraction */
	PRIVACY_INSIDE, /* part of a cohort hidden elsewhere (above, or at the top): parts add up */
};

/*
 * Mark which of n sibling cohorts (one breakdown of one parent) may be shown,
 * given heads[i], the people in cohort i (NaN when unknown: hidden). Every
 * cohort under floor is SMALL. The parent's figure is shown elsewhere (the
 * totals row, the level above), so the parent minus the shown cohorts must
 * never isolate fewer than floor people: while the hidden cohorts together
 * hold fewer, the smallest shown cohort is hidden too (COVER). A cohort already
 * marked hidden on entry (hidden elsewhere) stays so and counts with the hidden.
 */
void privacy_mark(const double *heads, size_t n, int floor, unsigned char *marks);

/* Whether a figure over heads people may be shown (a totals row, a whole-company stat). */
int privacy_ok(double heads, int floor);

/* What a hidden cohort shows instead of its figures: "suppressed (< 5 people)". */
void privacy_text(char *buf, size_t len, enum privacy_mark m, int floor);

#endif
