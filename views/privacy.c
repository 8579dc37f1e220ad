/* privacy.c: which cohorts the privacy floor hides. */
#include "views/privacy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

int privacy_ok(double heads, int floor)
{
	return !isnan(heads) && heads >= floor;
}

void privacy_text(char *buf, size_t len, enum privacy_mark m, int floor)
{
	if (m == PRIVACY_COVER)
		snprintf(buf, len, "suppressed (covers < %d)", floor);
	else if (m == PRIVACY_INSIDE)
		snprintf(buf, len, "suppressed (part of a hidden cohort)");
	else
		snprintf(buf, len, "suppressed (< %d people)", floor);
}

/* Headcounts to order cohorts by, smallest first; for qsort_r-less qsort, a file-scope pointer. */
static const double *cmp_heads;

static int cmp_by_heads(const void *a, const void *b)
{
	double x = cmp_heads[*(const size_t *)a], y = cmp_heads[*(const size_t *)b];
	if (x != y)
		return x < y ? -1 : 1;
	return (*(const size_t *)a > *(const size_t *)b) -
	       (*(const size_t *)a < *(const size_t *)b);
}

void privacy_mark(const double *heads, size_t n, int floor, unsigned char *marks)
{
	double hidden = 0;
	size_t small = 0, nshown = 0;
	for (size_t i = 0; i < n; i++) {
		if (marks[i] == PRIVACY_SHOWN && !privacy_ok(heads[i], floor))
			marks[i] = PRIVACY_SMALL;
		if (marks[i] != PRIVACY_SHOWN) {
			small++;
			hidden += isnan(heads[i]) || heads[i] < 0 ? 0 : heads[i];
		} else {
			nshown++;
		}
	}
	if (small == 0 || hidden >= floor || nshown == 0)
		return;
	/* cover with the smallest shown cohorts until the hidden ones add up to the floor */
	size_t *order = xcalloc(nshown, sizeof *order);
	for (size_t i = 0, k = 0; i < n; i++)
		if (marks[i] == PRIVACY_SHOWN)
			order[k++] = i;
	cmp_heads = heads;
	qsort(order, nshown, sizeof *order, cmp_by_heads);
	for (size_t k = 0; k < nshown && hidden < floor; k++) {
		marks[order[k]] = PRIVACY_COVER;
		hidden += heads[order[k]];
	}
	free(order);
}
