/* dashboard.h: a dashboard is data (views/NAME.json), loaded and validated here. */
#ifndef KPIDASH_DASHBOARD_H
#define KPIDASH_DASHBOARD_H

#include <stddef.h>

#include "analysis/detect.h"
#include "analysis/slo.h"
#include "client/kpi.h"
#include "tui/format.h"
#include "tui/widgets.h"

/* The most cohort labels a panel may be drilled by. */
#define PANEL_MAX_DRILL 8

/* A panel kind: its row in the table of views/kinds.h. */
struct panel_type;

/*
 * The window a panel's figures are computed over ("window" in the JSON),
 * whatever the points its sparkline or chart samples: the range shown, the
 * level at the end of the range (an instant gauge), or a duration in seconds.
 */
#define WINDOW_RANGE 0.0
#define WINDOW_NOW   (-1.0)

/* One label matcher, owned. */
struct panel_filter {
	char *name;
	char *value;
};

/*
 * One query of a panel: a KPI id for the demo and KPI-REST sources, PromQL for
 * Prometheus; or a foreign JSON API (url and paths), read whatever the source.
 */
struct panel_query {
	char *kpi;		    /* or NULL for a foreign API */
	char *url;		    /* a foreign API's document, or NULL */
	struct kpi_foreign foreign; /* its compiled paths (owned) when url is set */
	char *promql;		    /* a template ($range, $step), or NULL */
	char *group;		    /* group-by label, or NULL */
	struct panel_filter *filter;
	size_t nfilter;
	char *legend; /* "{{team}}" style template, or NULL */
	double per;   /* show a flow as a rate per this many seconds ("per": "hour"), 0 for as is */
	/*
	 * As a column of a table (a "column" header set), the query's own look:
	 * each field the panel's unless the query gives its own.
	 */
	char *column;
	struct unit unit;
	int decimals, direction;
	double warn, bad;
	double window;
	int detect_off; /* a column's "detect": false: judged by its thresholds only */
};

struct panel {
	char *title;
	char *description;
	const struct panel_type *type;
	struct unit unit;
	int decimals;	  /* -1: automatic */
	int direction;	  /* +1 up is good, -1 down is good, 0 neither */
	double warn, bad; /* thresholds, NaN when absent */
	double target;	  /* NaN when absent */
	double min, max;  /* gauge ends and chart axis, NaN for automatic */
	double ref;	  /* a reference line on charts and bars, NaN for none */
	double window;	  /* seconds, or WINDOW_RANGE, WINDOW_NOW */
	int width;	  /* share of its row, >= 1 */
	int refresh;  /* seconds between its refreshes when slower than the view's, 0: the view's */
	char **drill; /* the cohort labels it may be drilled by ("team", "role"...) */
	size_t ndrill;
	int privacy; /* an HR figure: cohorts under the privacy floor are never shown */
	struct detect_params detect; /* how its series are judged for changes (docs/detection.md) */
	int detect_off;		     /* "detect": false: threshold breaches only */
	struct panel_query *queries;
	size_t nqueries;
	/*
	 * An "slo" panel: its objective, window and policy (owned), or NULL. Its
	 * queries are made from it, one a span: the good share over the window
	 * (slo_window), over the pairs' spans (slo_span[i][0] long, [1] short).
	 */
	struct slo_params *slo;
	size_t slo_window, slo_span[SLO_MAX_PAIRS][2];
};

struct row {
	int height; /* rows it needs */
	int grow;   /* share of spare rows, 0 for none */
	struct panel *panels;
	size_t npanels;
};

struct dashboard {
	char *name;		       /* "executive": the id used by --view */
	char *title;		       /* "Executive" */
	double range;		       /* the range it opens at, seconds; 0: the app's */
	struct panel_query *headcount; /* people per cohort, for the privacy floor; or NULL */
	struct row *rows;
	size_t nrows;
};

/*
 * Parse and validate a dashboard from text (len bytes) read from file. On
 * error returns -1, leaves *out empty, and fills err with the problems, one
 * a line: "file:line:col: path: what was expected" (see check.h).
 */
int dashboard_parse(const char *text, size_t len, const char *file, struct dashboard *out,
		    char *err, size_t errlen);
void dashboard_done(struct dashboard *d);

/*
 * The seconds panel p's figures are over when range seconds are shown: its
 * window, or the range ("range" and, for an instant gauge, "now": its change
 * is then against the level one range earlier).
 */
double panel_window(const struct panel *p, double range);

/* The seconds query q's figures are over, as panel_window, by the query's own window. */
double query_window(const struct panel_query *q, double range);

/* The range a view of d opens at: asked when the user gave one (> 0), else d's own, else a day. */
double dashboard_range(const struct dashboard *d, double asked);

/* Panel p may be drilled by label (one of its "drill" labels). */
int panel_drills(const struct panel *p, const char *label);

#endif
