/*
 * widgets.h: each widget draws one kind of panel body from plain values.
 * Widgets draw into the screen's one window inside the rect they are given,
 * clip to it, never refresh, and never learn where their values came from.
 */
#ifndef KPIDASH_WIDGETS_H
#define KPIDASH_WIDGETS_H

#include <stddef.h>

#include "tui/format.h"
#include "tui/theme.h"

struct rect {
	int y, x, h, w;
};

/* A panel's box. note sits at the right of the top border ("stale 3m"). */
struct frame_args {
	const char *title;
	const char *note;
	enum level level; /* marks the title with the level's symbol */
	int focused;
	int stale;
	int shift; /* a change was detected: +1 it went up, -1 down (an arrow by the title), 0 none
		    */
};
/* Draw the box and return the rect inside it (h or w may be <= 0 when too small). */
struct rect frame_draw(struct rect r, const struct frame_args *a);

/* A single figure: value, change with an arrow, optional sparkline. */
struct stat_args {
	double value;
	double delta; /* NaN: no change shown */
	const struct unit *unit;
	int decimals; /* < 0: automatic */
	int good_dir; /* +1 up is good, -1 down is good, 0 neither */
	enum level level;
	const double *spark; /* optional series drawn under the value */
	size_t nspark;
	const char *caption; /* optional, e.g. "target 99.5%" */
	double
	    spark_span; /* the sparkline's least vertical span (see sparkline_draw), 0 for none */
};
void stat_draw(struct rect r, const struct stat_args *a);
/* The same figure in large block digits when the rect has room; else as stat_draw. */
void bignum_draw(struct rect r, const struct stat_args *a);

/*
 * One row of n values scaled to their own min..max, widened about its middle
 * to at least min_span: a series that barely moves draws nearly flat, not as
 * the full height a real change takes. NaN is a blank cell.
 */
void sparkline_draw(struct rect r, const double *v, size_t n, double min_span, enum style st);

/* A line of a chart; t ascending, NaN values are gaps. */
struct chart_line {
	const double *t;
	const double *v;
	size_t n;
	const char *name;
};
struct chart_args {
	const struct chart_line *lines;
	size_t nlines;
	double t0, t1; /* the time axis */
	const struct unit *unit;
	int decimals;
	double ref;	   /* a horizontal reference line (threshold), NaN for none */
	double ymin, ymax; /* fixed axis ends, NaN for automatic */
	int legend;	   /* draw names of the lines when there is room */
	double span;	   /* the value axis' least span, widened about the middle; 0 for none */
	double mark;	   /* a time marked under the plot (where a change began), 0 for none */
	const struct chart_line *base; /* the baseline, drawn faintly under the lines; or NULL */
};
/* A Braille line chart (ASCII dots without UTF-8) with y labels and a time axis. */
void chart_draw(struct rect r, const struct chart_args *a);

struct bar_item {
	const char *label;
	double value;
	enum level level;
};
struct bar_args {
	const struct bar_item *items;
	size_t n;
	const struct unit *unit;
	int decimals;
	double max; /* the full-bar value, NaN: the largest item */
	double ref; /* a marker drawn on every bar, NaN for none */
};
/* Horizontal bars, one per row: label, bar, value. */
void bar_draw(struct rect r, const struct bar_args *a);
/*
 * A bar as text for a table's cell: fraction (clamped to 0..1, NaN empty) of
 * cells columns filled in eighths, the rest the gauge's empty track; into buf
 * (len bytes). Returns the bytes written.
 */
size_t bar_text(char *buf, size_t len, double fraction, int cells);

struct gauge_args {
	double value, min, max;
	double target; /* NaN for none */
	const struct unit *unit;
	int decimals;
	enum level level;
	const char *caption;
};
/* A horizontal gauge with the value, its range and a target mark. */
void gauge_draw(struct rect r, const struct gauge_args *a);

/* One row per cohort, one column per time bucket, shaded by value. */
struct heatmap_args {
	const char *const *names;    /* one per row */
	const double *const *values; /* one array per row, oldest first */
	const size_t *counts;	     /* points per row */
	size_t nrows;
	double lo, hi; /* the scale's ends, NaN for the values' own range */
	const struct unit *unit;
	int decimals;
	int good_dir; /* +1 high is good, -1 low is good, 0 neither */
};
/* A heat grid: names at left, shades from low to high, the scale on the last row. */
void heatmap_draw(struct rect r, const struct heatmap_args *a);

struct table_col {
	const char *title;
	int width; /* 0 shares what is left */
	int right; /* right-aligned */
};
struct table_cell {
	const char *text;
	enum style style;
	int span; /* columns the text covers from here, 0 or 1 its own; covered cells are skipped */
};
struct table_args {
	const struct table_col *cols;
	size_t ncols;
	const struct table_cell *cells; /* nrows * ncols, row-major */
	size_t nrows;
	size_t top;    /* first row shown; past the end shows the last page */
	long selected; /* highlighted row, -1 for none; the caller keeps it within the page */
	const struct table_cell *total; /* ncols cells on the rect's last line, NULL for none */
	int sort_col;  /* 1 + the sorted column's index, 0 for none: its header gets a marker */
	int sort_desc; /* the marker points down (descending) rather than up */
	int spark_col; /* 1 + the index of a column of sparklines instead of text, 0 for none */
	const double *const *spark; /* per data row; NULL, or a NULL entry, leaves cells blank */
	const size_t *nspark;	    /* points in spark[i]; 0 leaves the cell blank */
	const double *total_spark;  /* the totals row's sparkline, NULL for none */
	size_t ntotal_spark;
	double spark_span; /* every sparkline's least vertical span (sparkline_draw), 0 for none */
};
/*
 * A table: a header row, the rows from top that fit, and the totals row on the
 * last line. Fixed columns shrink to the widest text of any row when space is
 * short, so widths stay put while scrolling; cells at the level WARN or BAD
 * carry its symbol. Level styles stay in the totals row, plain ones turn TITLE.
 * A sparkline takes its cell's style (MUTED for NORMAL); a span over it hides it.
 */
void table_draw(struct rect r, const struct table_args *a);
/* How many data rows table_draw shows in r (at least 1): the step of PgUp/PgDn. */
int table_page(struct rect r, const struct table_args *a);

struct status_seg {
	const char *text;
	enum style style;
	int right; /* packed from the right edge */
};
/* One line of segments; left ones are cut first when the line is too short. */
void statusbar_draw(struct rect r, const struct status_seg *segs, size_t n);

/* Text centred in r, wrapped on spaces. */
void message_draw(struct rect r, const char *text, enum style st);

struct help_line {
	const char *keys;
	const char *text;
};
/* A boxed overlay centred in r listing keys and what they do. */
void help_draw(struct rect r, const char *title, const struct help_line *lines, size_t n);
/* The same from line top on, when they do not all fit (the border says which are shown). */
void help_draw_from(struct rect r, const char *title, const struct help_line *lines, size_t n,
		    size_t top);
/* How many of n help lines a box in r shows. */
int help_rows(struct rect r, size_t n);

#endif
