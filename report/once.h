/*
 * once.h: kpidash without a screen (--once). Every figure of the chosen
 * views fetched as a 160x48 screen would ask for it, printed as one
 * tab-separated line a figure; or, with --drill, a panel's cohort table as
 * CSV. Failures go to stderr.
 */
#ifndef KPIDASH_ONCE_H
#define KPIDASH_ONCE_H

#include <stddef.h>
#include <stdio.h>

#include "client/http.h"
#include "client/source.h"
#include "views/cohort.h"
#include "views/dashboard.h"
#include "views/explain.h"
#include "views/view.h"

/* What a screenless run reads from: borrowed, all of it. */
struct once_env {
	struct view *const *views;
	const struct dashboard *dash; /* one per view */
	size_t nviews;
	size_t cur; /* the view --view chose */
	int all;    /* every view, not only cur */
	struct source *src;
	struct http *http;
	double clock;	   /* the data's fixed clock, NaN for the real one */
	double range;	   /* seconds, 0 for each view's own */
	double baseline;   /* seconds back the changes compare with, 0 for the window before */
	double timeout;	   /* seconds per request: waiting gives up a little after */
	const char *drill; /* --drill's "label=value,...,label", or NULL */
	const char *panel; /* --panel's title, or NULL for every panel */
	struct cohort *cohort;
	struct explain *explain; /* for --what-changed's drivers */
	FILE *out;
};

/*
 * The figures as TSV: view, panel, query, series, time, value, scale, text,
 * PromQL. Returns the exit status: 1 when a panel failed, else 0.
 */
int once_figures(const struct once_env *e);
/*
 * What is abnormal now across every view (views/changes.h), worst first, as
 * TSV: level, view, panel, series, figure, window, normal, since, what,
 * and for the first entries what drove the change (views/explain.h).
 * Returns 0 when nothing is, 1 for warnings only, 2 for any bad one, 3 when
 * a panel failed (the list may then miss what it would have shown).
 */
int once_what_changed(const struct once_env *e);
/*
 * The cohort tables of the view's panels that can be broken down by the
 * path (or only --panel's) as one CSV. Exit status 1 when an answer failed,
 * 2 when the path is malformed or no panel can be broken down that way.
 */
int once_drill(const struct once_env *e);

#endif
