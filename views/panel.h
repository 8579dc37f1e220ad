/*
 * panel.h: a dashboard panel on screen, for the view and the panel kinds:
 * what it holds between refreshes, and the figures, names and privacy
 * marks every kind draws from. Private to views/.
 */
#ifndef KPIDASH_PANEL_H
#define KPIDASH_PANEL_H

#include <stddef.h>

#include "client/series.h"
#include "tui/widgets.h"
#include "views/dashboard.h"
#include "views/fetch.h"

/* What a panel's slot fetches (its key on the fetch path). */
enum panel_slot {
	SLOT_TREND,  /* a query over the range, a point per cell or so */
	SLOT_TOTAL,  /* the figure: the query over its window, and the window before */
	SLOT_BASE,   /* the baseline a day or a week back, over the same window */
	SLOT_JUDGE,  /* the query over the range at PANEL_JUDGE_POINTS, for the detectors */
	SLOT_SHADOW, /* charts: the trend a baseline back (a range back by default), drawn faintly
		      */
	SLOT_HEADS,  /* privacy panels: the people of each cohort of the first query */
};
#define PANEL_SLOTS 5 /* the slots each query has: trend, total, base, judge, shadow */

/* Points the detectors judge across a range, whatever the width: the same finding at any
 * size. They are asked again at most every PANEL_JUDGE_EVERY seconds. */
#define PANEL_JUDGE_POINTS 120
#define PANEL_JUDGE_EVERY  60

/* What a panel holds between refreshes. */
struct panel_state {
	const struct panel *p;
	size_t row;		  /* index of its row in the dashboard */
	struct series_set *trend; /* per query: the KPI over the range, one point per cell or so */
	struct series_set *total; /* per query: the figure's window, the one before, and the one
				     before that (points at end - 2w, end - w, end) */
	struct series_set *base;  /* per query: the window a baseline back, when there is one */
	struct series_set *judge; /* per query: the range at PANEL_JUDGE_POINTS, or empty */
	struct series_set shadow; /* a chart's query a baseline back (times as asked) */
	size_t shadow_q;	  /* which query */
	double shadow_off;	  /* how far back it was asked: draw it that much later */
	double judged;		  /* wall time judge was last asked for */
	struct fetch_slot *slots; /* per query, trend, total, base, judge: PANEL_SLOTS * nqueries */
	double baseline;	  /* seconds back the change compares with, 0: the window before */
	struct series_set heads;  /* privacy panels: the people of each cohort of the first query */
	struct fetch_slot head_slot;
	int floor;	  /* the privacy floor, for privacy panels */
	int heads_failed; /* the last ask for heads failed: its error stays */
	struct fetch_health health;
	struct rect rect;
	int dirty;
};

/* What a kind's draw function is handed beside the panel. */
struct panel_draw_ctx {
	double range; /* seconds of the time axis */
};

/* The level of value v for panel p by its thresholds and direction. */
enum level panel_level(const struct panel *p, double v);
/* The same for a query shown as a table's column, by its own (or inherited) thresholds. */
enum level query_level(const struct panel_query *q, double v);

/* The first series of a set, or NULL. */
const struct series *panel_first(const struct series_set *ss);
/*
 * A figure and its change from t (the series' windows, ending with the
 * figure's) and b (its window a baseline back, or NULL): the change is against
 * b when the panel has a baseline, else against the window before; NaN
 * when there is nothing to compare with.
 */
void panel_figure(const struct panel_state *ps, const struct series *t, const struct series *b,
		  double *value, double *delta);
/* The series of ss with the same labels as s, or NULL. */
const struct series *panel_match(const struct series_set *ss, const struct series *s);
/* The figure of the first series of the first query, and its change. */
void panel_headline(const struct panel_state *ps, double *value, double *delta);
/* Fill buf with a series' name: the legend template, else its group label, else the KPI id. */
void panel_series_name(const struct panel_query *q, const struct series *s, char *buf, size_t len);
/*
 * Which series of ss (query q's answer) the privacy floor hides, into marks
 * (enum privacy_mark, one a series): on a privacy panel, a cohort whose people
 * are under the floor or unknown, and what covers it; else none.
 */
void panel_marks(const struct panel_state *ps, size_t q, const struct series_set *ss,
		 unsigned char *marks);
/* Whether the privacy floor hides the first series of a panel's first query (stats, gauges). */
int panel_first_hidden(const struct panel_state *ps);
/* Whether any query of the panel has data. */
int panel_has_data(const struct panel_state *ps);

/* One bar or table row per series: its name, figure and change. */
struct panel_item {
	char name[48];
	double value, delta;
	double key;	    /* what tables sort by */
	unsigned char mark; /* enum privacy_mark: hidden items have no figures */
};
/* Collect up to max of a panel's series as items, in query then label order; returns how many. */
size_t panel_items(const struct panel_state *ps, struct panel_item *items, size_t max);
/*
 * The least vertical span of p's small pictures about a figure of level:
 * a tenth of the figure, or twice the gap of its thresholds when wider, so
 * that noise draws nearly flat and a real change stands out.
 */
double panel_span(const struct panel *p, double level);

/*
 * A detected change this many sigmas off its baseline, and moved by a quarter of
 * its normal (or all the way to its warn threshold), is bad; a smaller one a warning.
 */
#define SHIFT_BAD_SIGMAS 8.0

/*
 * A change the detectors (analysis/detect.h, by the panel's "detect") find in
 * trend, query q's points over the range (its judge set), when it is bad news: against the
 * query's direction, or either way when it has none, and large enough to
 * matter: a tenth of its normal, or half the way to its first threshold. Fills
 * *d and returns its level by size (WARN or BAD); LEVEL_NONE when there is none.
 */
enum level panel_shift(const struct panel *p, size_t q, const struct series *trend,
		       struct detection *d);
/* The worst such change among the series the panel shows (none the privacy floor hides). */
enum level panel_worst_shift(const struct panel_state *ps, struct detection *d);
/* The same, with the query and the line (a series of its judge points) it is on. */
enum level panel_worst_line(const struct panel_state *ps, struct detection *d, size_t *query,
			    const struct series **line);

/*
 * Whether q counts per point of its trend (an increase over $step, no "per"):
 * the size of its points follows the step, so they are not comparable to its
 * figure, its thresholds, or each other across ranges.
 */
int query_per_step(const struct panel_query *q);
/* Whether query q of p is judged at all (detection on, and not a count per point). */
int panel_judged(const struct panel *p, size_t q);
/* Draw "suppressed (< 5 people)" in r: a figure the privacy floor hides. */
void panel_draw_suppressed(const struct panel_state *ps, struct rect r);

#endif
