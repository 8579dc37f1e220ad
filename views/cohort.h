/*
 * cohort.h: drill-down. One panel's KPI broken out by a cohort label (team,
 * role...) under a drill path of label=value matchers, as a sortable,
 * filterable table, a heat grid of cohorts by time, or treatment against
 * control. HR panels hold the privacy floor here as everywhere.
 */
#ifndef KPIDASH_COHORT_H
#define KPIDASH_COHORT_H

#include <stdio.h>

#include "client/source.h"
#include "tui/widgets.h"
#include "views/dashboard.h"

/* The deepest drill path. */
#define COHORT_MAX_PATH 8

enum cohort_mode {
	COHORT_TABLE,	/* cohort, value, change against the baseline, trend */
	COHORT_HEAT,	/* cohorts by time, shaded */
	COHORT_COMPARE, /* treatment, control and their difference per cohort */
};

struct cohort;

/* A closed drill-down holding the privacy floor; it lives as long as the source's answers may. */
struct cohort *cohort_new(int floor);
void cohort_free(struct cohort *c);

/*
 * Open panel p of dashboard d (both borrowed; they must outlive c) grouped by
 * its first drill label, with an empty path. -1 with why in err when p has
 * no drill labels.
 */
int cohort_open(struct cohort *c, const struct dashboard *d, const struct panel *p, char *err,
		size_t errlen);
/* Leave the drill-down (answers still out are dropped when they come). */
void cohort_close(struct cohort *c);
int cohort_active(const struct cohort *c);

/* Group by label, one of the panel's drill labels not in the path; -1 with why when not. */
int cohort_set_label(struct cohort *c, const char *label, char *err, size_t errlen);
/* The next drill label not in the path (d). */
void cohort_next_label(struct cohort *c);
/* Add label=value to the path and group by the next label; -1 with why when it cannot. */
int cohort_push(struct cohort *c, const char *label, const char *value, char *err, size_t errlen);
/* Break down p's query q (a column of a table) instead of its first; the path stays. */
void cohort_set_query(struct cohort *c, size_t q);
/* Select the row of cohort name when the rows come (or now, when it is shown). */
void cohort_select(struct cohort *c, const char *name);
/*
 * The same for a label the panel is not drilled by (a queue, a model the
 * series is of): the table stays within that cohort. -1 with why when not.
 */
int cohort_fix(struct cohort *c, const char *label, const char *value, char *err, size_t errlen);
/* Drill into the selected row (Enter); -1 with why when it cannot. */
int cohort_drill(struct cohort *c, char *err, size_t errlen);
/* Up one level (Backspace, Esc); at the top, close. */
void cohort_up(struct cohort *c);

/* Sort by the next column (s), or reverse the order (S). */
void cohort_sort_next(struct cohort *c);
void cohort_sort_reverse(struct cohort *c);
/* Show only rows whose cohort name contains text, ignoring case; "" shows all. */
void cohort_filter(struct cohort *c, const char *text);
const char *cohort_filter_text(const struct cohort *c);
/* Move the selection by n rows; pages (PgUp/PgDn) with n = -1/+1 and page set; g/G via n =
 * LONG_MIN/LONG_MAX. */
void cohort_move(struct cohort *c, long n, int page);
/* Switch to mode m, or back to the table when already in it; -1 with why when it cannot. */
int cohort_mode(struct cohort *c, enum cohort_mode m, char *err, size_t errlen);

/* Place the drill-down in r: the breadcrumb on its top line, the table below. */
void cohort_layout(struct cohort *c, struct rect r);
/* Ask src for what the current mode shows, over the range ending at end. */
void cohort_fetch(struct cohort *c, struct source *src, double end, double range, double wall);
int cohort_wants_fetch(const struct cohort *c);
int cohort_pending(const struct cohort *c);
/* Draw when something changed (always with all); no output yet. */
void cohort_draw(struct cohort *c, int all, double wall);
/* The wall-clock time of the last good answer; 0 when none yet. */
double cohort_fetched(const struct cohort *c);
/* Why the last fetch failed, "" when it did not. */
const char *cohort_error(const struct cohort *c);

/*
 * Write the current table as CSV: a header line, then one line per shown row
 * in the current order, then the totals row. view names the dashboard.
 * Hidden cohorts carry their status and no figure. Returns the rows written.
 */
size_t cohort_csv(const struct cohort *c, FILE *f, const char *view, int header);
/*
 * Write the CSV to a new file in the working directory (never over an old
 * one); its name into name. -1 with why in err.
 */
int cohort_export(const struct cohort *c, const char *view, char *name, size_t namelen, char *err,
		  size_t errlen);

/* For benchmarks and tests: the rows after filter and sort, and row i's cohort and value. */
size_t cohort_rows(const struct cohort *c);
const char *cohort_row_name(const struct cohort *c, size_t i);
double cohort_row_value(const struct cohort *c, size_t i);
/*
 * Give c a ready answer for its rows as if the source had sent it (tests,
 * benchmarks): each series is a row's trend, and its first and last points
 * the window before and the figure's window.
 */
void cohort_take_rows(struct cohort *c, struct series_set *rows);

#endif
