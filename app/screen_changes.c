/*
 * screen_changes.c: what changed (w): everything abnormal right now across
 * every view, worst first, each with its figure, what it normally is, since
 * when, and the view it is on; Enter opens its panel's drill-down at its
 * cohort.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/screen.h"

#define CH_ROWS 200 /* entries shown, at most */

/*
 * "01:08" within a day of now (the data's clock), else "Nov 19 01:08"; "all
 * range" when it began before what is shown.
 */
static void since_text(const struct change *e, double now, char *buf, size_t len)
{
	if (isnan(e->since)) {
		snprintf(buf, len, "--");
		return;
	}
	if (e->all_range) {
		snprintf(buf, len, "all range");
		return;
	}
	time_t t = (time_t)e->since;
	struct tm tm;
	if (localtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "--");
		return;
	}
	strftime(buf, len, fabs(now - e->since) < 86400 ? "%H:%M" : "%b %d %H:%M", &tm);
}

/*
 * The list as a table: what, now (its window), normal, since, view; under an
 * entry whose drivers are known, a line saying what drove it.
 */
static void changes_draw(struct app *a, int all, double wall)
{
	(void)wall;
	(void)all; /* drawn whole each time: the list is rebuilt every frame */
	struct rect r = {1, 0, a->rows - 2, a->cols}; /* between the tabs and the status line */
	int bad, warn;
	changes_count(&a->changes, &bad, &warn);
	char title[96];
	snprintf(title, sizeof title, "What changed: %d bad, %d warning%s, worst first", bad, warn,
		 warn == 1 ? "" : "s");
	struct frame_args fa = {title, NULL, bad ? LEVEL_BAD : warn ? LEVEL_WARN : LEVEL_OK,
				1,     0,    0};
	struct rect in = frame_draw(r, &fa);
	if (in.h <= 0 || in.w <= 0)
		return;
	size_t n = a->changes.n < CH_ROWS ? a->changes.n : CH_ROWS;
	if (n == 0) {
		message_draw(in, "nothing is past a threshold or out of its normal range now",
			     ST_MUTED);
		return;
	}
	static char what[CH_ROWS][300], now[CH_ROWS][64], normal[CH_ROWS][40], since[CH_ROWS][24];
	static char why[CH_ROWS][240];
	static struct table_cell cells[CH_ROWS * 2 * 5];
	size_t row = 0, sel_row = 0; /* table rows: an entry's, and its drivers' under it */
	for (size_t i = 0; i < n; i++) {
		const struct change *e = &a->changes.items[i];
		const struct panel_query *q = &e->p->queries[e->query];
		char t[160], v[32], w[16];
		change_title(e, t, sizeof t);
		snprintf(what[i], sizeof what[i], "%s%s%s", t, e->series[0] ? "  " : "", e->series);
		fmt_value(v, sizeof v, e->now, &q->unit, q->decimals);
		change_window(e, w, sizeof w);
		snprintf(now[i], sizeof now[i], "%s (%s)", v, w);
		fmt_value(normal[i], sizeof normal[i], e->normal, &q->unit, q->decimals);
		since_text(e, app_end(a), since[i], sizeof since[i]);
		enum style st = level_style(e->level);
		struct table_cell *c = &cells[row * 5];
		if (i == a->change_sel)
			sel_row = row;
		c[0] = (struct table_cell){.text = what[i], .style = ST_NORMAL};
		c[1] = (struct table_cell){.text = now[i], .style = st};
		c[2] = (struct table_cell){.text = normal[i], .style = ST_MUTED};
		c[3] = (struct table_cell){.text = since[i], .style = ST_NORMAL};
		c[4] = (struct table_cell){.text = a->dash[e->view].name, .style = ST_MUTED};
		row++;
		char d[200];
		explain_text(a->explain, e, d, sizeof d);
		if (d[0] == '\0')
			continue;
		snprintf(why[i], sizeof why[i], "  driven by %s", d);
		c = &cells[row++ * 5];
		c[0] = (struct table_cell){.text = why[i], .style = ST_MUTED, .span = 5};
		for (int k = 1; k < 5; k++)
			c[k] = (struct table_cell){.text = "", .style = ST_MUTED};
	}
	static const struct table_col cols[] = {
	    {"what", 0, 0}, {"now", 14, 1}, {"normal", 8, 1}, {"since", 12, 1}, {"view", 10, 0}};
	if (a->change_sel >= n)
		a->change_sel = n - 1;
	struct table_args ta = {.cols = cols, .ncols = 5, .cells = cells, .nrows = row};
	int page = table_page(in, &ta);
	/* the selected entry and its drivers' line in sight */
	size_t last =
	    sel_row + 1 < row && cells[(sel_row + 1) * 5].span == 5 ? sel_row + 1 : sel_row;
	ta.top = last >= (size_t)page ? last - (size_t)page + 1 : 0;
	ta.selected = (long)sel_row;
	table_draw(in, &ta);
}

/* Enter: the entry's view, and its panel's drill-down at its cohort where it can be. */
static unsigned changes_open(struct app *a)
{
	if (a->change_sel >= a->changes.n)
		return REACT_NONE;
	const struct change *e = &a->changes.items[a->change_sel];
	char err[160] = "";
	a->cur = e->view;
	view_focus_set(a->views[e->view], e->panel); /* the status line's figure is its */
	if (cohort_open(a->cohort, &a->dash[e->view], e->p, err, sizeof err) != 0) {
		a->screen = SCREEN_DASHBOARD; /* no drill-down: the view it is on */
		snprintf(a->message, sizeof a->message, "%s", err);
		return REACT_LAYOUT | REACT_REFETCH | REACT_STATUS;
	}
	/* down to the entry's own cohort, then by what drove it, on the driver's row */
	const struct explain_driver *d = explain_find(a->explain, e);
	cohort_set_query(a->cohort, e->query);
	for (size_t i = 0; i < e->npath && err[0] == '\0'; i++)
		if (cohort_fix(a->cohort, e->path[i].name, e->path[i].value, err, sizeof err) !=
			0 &&
		    d == NULL)
			snprintf(a->message, sizeof a->message, "%s", err);
	if (d && cohort_set_label(a->cohort, d->label, err, sizeof err) == 0)
		cohort_select(a->cohort, d->value);
	a->screen = SCREEN_DRILL;
	return REACT_LAYOUT | REACT_REFETCH | REACT_FULL;
}

static unsigned changes_key(struct app *a, enum action act)
{
	size_t n = a->changes.n;
	switch (act) {
	case ACT_CH_OPEN:
		return changes_open(a);
	case ACT_CH_BACK:
		a->screen = SCREEN_DASHBOARD;
		return REACT_LAYOUT | REACT_FULL | REACT_REFETCH;
	case ACT_CH_DOWN:
		a->change_sel += a->change_sel + 1 < n;
		return REACT_FULL;
	case ACT_CH_UP:
		a->change_sel -= a->change_sel > 0;
		return REACT_FULL;
	case ACT_CH_FIRST:
		a->change_sel = 0;
		return REACT_FULL;
	case ACT_CH_LAST:
		a->change_sel = n ? n - 1 : 0;
		return REACT_FULL;
	default:
		return REACT_PASS;
	}
}

/* Every view is asked: the list is of them all; and the drivers of its first entries. */
static void changes_fetch(struct app *a, double end, double range, double wall)
{
	(void)range;
	for (size_t i = 0; i < a->nviews; i++)
		view_fetch(a->views[i], a->src, end, a->range[i],
			   app_baselines[a->baseline].seconds, wall);
	explain_fetch(a->explain, &a->changes, a->dash, a->src, end, wall);
}

static int changes_wants_fetch(const struct app *a)
{
	if (explain_wants_fetch(a->explain))
		return 1;
	for (size_t i = 0; i < a->nviews; i++)
		if (view_wants_fetch(a->views[i]))
			return 1;
	return 0;
}

/* The oldest data of any view, and the failing panels of them all. */
static struct screen_health changes_answer(const struct app *a)
{
	struct screen_health h = {0, 0};
	for (size_t i = 0; i < a->nviews; i++) {
		double o = view_oldest(a->views[i]);
		if (o > 0 && (h.oldest == 0 || o < h.oldest))
			h.oldest = o;
		h.errors += view_errors(a->views[i]);
	}
	return h;
}

static void changes_hint(const struct app *a, char *buf, size_t len)
{
	(void)a;
	snprintf(buf, len, " Enter drill down  Esc back  ? help ");
}

const struct screen_ops screen_changes = {
    .name = "what changed",
    .where = KEYS_CHANGES,
    .help_title = "what changed: keys",
    .draw = changes_draw,
    .edit = NULL,
    .key = changes_key,
    .fetch = changes_fetch,
    .wants_fetch = changes_wants_fetch,
    .answer = changes_answer,
    .hint = changes_hint,
};
