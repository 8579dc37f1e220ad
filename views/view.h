/*
 * view.h: one dashboard on screen. It lays panels out, turns them into KPI
 * queries, keeps each panel's last good data, and asks widgets to draw the
 * panels whose data changed.
 */
#ifndef KPIDASH_VIEW_H
#define KPIDASH_VIEW_H

#include "client/source.h"
#include "tui/widgets.h"
#include "views/dashboard.h"

struct view;

/*
 * A view of d (borrowed: it must outlive the view); the caller frees it.
 * floor is the privacy floor its privacy panels hold.
 */
struct view *view_new(const struct dashboard *d, int floor);
void view_free(struct view *v);

/* Place the panels in area; every panel is redrawn next time. */
void view_layout(struct view *v, struct rect area);
/*
 * Ask src for every panel's data over the range ending at end (seconds):
 * each panel's trend across its width, and its figures over their own
 * window (views/dashboard.h), with the windows before them or, when
 * baseline > 0, the same window baseline seconds back to compare with.
 * wall is the wall-clock time, kept as each answer's fetch time. Panels
 * whose data changed, or whose error changed, are marked for redraw.
 */
void view_fetch(struct view *v, struct source *src, double end, double range, double baseline,
		double wall);
/* Whether the detectors' points are asked for (the default); --once's figures need none. */
void view_judging(struct view *v, int on);
/* True when the layout changed, or an answer came back for an older range or layout. */
int view_wants_fetch(const struct view *v);
/* Requests still out. */
int view_pending(const struct view *v);
/* One figure a panel shows: the point it took from one series of one query. */
struct view_figure {
	const char *panel; /* title */
	size_t query;
	const char *series; /* its labels as name=value,..., "" for none */
	double t, value;
	double scale;	    /* value = the query's answer times this ("per": "hour"), else 1 */
	const char *text;   /* the value as drawn */
	const char *promql; /* the query as sent, variables filled in, or NULL */
	double window;	    /* seconds the figure is over */
	double delta;	    /* its change against the baseline, NaN for none */
};
typedef void (*view_figure_fn)(void *ctx, const struct view_figure *f);
/* Call fn for every figure of every panel, in panel order. */
void view_figures(const struct view *v, view_figure_fn fn, void *ctx);
/* One series a panel shows, as the what-changed list reads it; borrowed until the next fetch. */
struct view_series {
	const struct panel *p;
	size_t panel, query;
	const struct series *trend;   /* its points across the range, or NULL */
	const struct series *judge;   /* the same at the detectors' fixed points, or NULL */
	const struct series *windows; /* its figure's windows, the last one the figure's */
	double value, delta;	      /* the figure and its change, NaN when none */
	enum level level;	      /* the figure's, by its query's thresholds */
	struct detection shift;	    /* a change found in its trend (panel_shift), or DETECT_NONE */
	enum level shift_level;	    /* that change's level, LEVEL_NONE when none */
	double window;		    /* seconds the figure is over */
	double fetched;		    /* wall time of the panel's last good data */
	int stale;		    /* the panel's last fetch failed */
	const struct slo_eval *slo; /* an SLO panel's entity judged by its policy (level says
				       what it calls for), or NULL */
};
typedef void (*view_series_fn)(void *ctx, const struct view_series *s);
/* Call fn for every series with a figure on every panel, but none the privacy floor hides. */
void view_each_series(const struct view *v, view_series_fn fn, void *ctx);

/* Draw the panels marked for redraw (all of them when all is set); no output yet. */
void view_draw(struct view *v, int all, double wall);
/* Mark every panel for redraw. */
void view_touch(struct view *v);

/* Move the focus to the nearest panel in a direction: dx, dy each -1, 0 or 1. */
void view_focus_move(struct view *v, int dx, int dy);
/* How many panels the view has, and where panel k was placed. */
size_t view_panel_count(const struct view *v);
struct rect view_panel_rect(const struct view *v, size_t k);
/* Panel k's definition (borrowed from the dashboard). */
const struct panel *view_panel(const struct view *v, size_t k);
/* The focused panel's index. */
size_t view_focus(const struct view *v);
/* Focus panel k (nothing when there is no such panel). */
void view_focus_set(struct view *v, size_t k);
/* Panel k's title, and why its last fetch failed ("" when it did not). */
const char *view_panel_title(const struct view *v, size_t k);
const char *view_panel_error(const struct view *v, size_t k);
/* Panels whose last fetch failed. */
int view_errors(const struct view *v);
/* The wall-clock time of the oldest panel's last good data; 0 when none yet. */
double view_oldest(const struct view *v);

#endif
