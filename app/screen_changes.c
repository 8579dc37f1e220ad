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

/* "since 01:08", "since Nov 19", or "all range" when it began before what is shown. */
static void since_text(const struct change *e, char *buf, size_t len)
{
	if (isnan(e->since)) {
		snprintf(buf, len, "--");
		return;
	}
	if (e->all_range) {
		snprintf(buf, len, "all range");
		return;
	}
	time_t t = (time_t)e->since, now = time(NULL);
	struct tm tm;
	if (localtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "--");
		return;
	}
	strftime(buf, len, fabs(difftime(now, t)) < 86400 ? "%H:%M" : "%b %d %H:%M", &tm);
}

/* The list as a table: what, now (its window), normal, since, view. */
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
	static struct table_cell cells[CH_ROWS * 5];
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
		since_text(e, since[i], sizeof since[i]);
		enum style st = level_style(e->level);
		cells[i * 5] = (struct table_cell){.text = what[i], .style = ST_NORMAL};
		cells[i * 5 + 1] = (struct table_cell){.text = now[i], .style = st};
		cells[i * 5 + 2] = (struct table_cell){.text = normal[i], .style = ST_MUTED};
		cells[i * 5 + 3] = (struct table_cell){.text = since[i], .style = ST_NORMAL};
		cells[i * 5 + 4] =
		    (struct table_cell){.text = a->dash[e->view].name, .style = ST_MUTED};
	}
	static const struct table_col cols[] = {
	    {"what", 0, 0}, {"now", 14, 1}, {"normal", 8, 1}, {"since", 12, 1}, {"view", 10, 0}};
	if (a->change_sel >= n)
		a->change_sel = n - 1;
	struct table_args ta = {.cols = cols, .ncols = 5, .cells = cells, .nrows = n};
	int page = table_page(in, &ta);
	ta.top = a->change_sel >= (size_t)page ? a->change_sel - (size_t)page + 1 : 0;
	ta.selected = (long)a->change_sel;
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
	if (e->label[0] && panel_drills(e->p, e->label) &&
	    cohort_push(a->cohort, e->label, e->value, err, sizeof err) != 0)
		snprintf(a->message, sizeof a->message, "%s", err);
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

/* Every view is asked: the list is of them all. */
static void changes_fetch(struct app *a, double end, double range, double wall)
{
	(void)range;
	for (size_t i = 0; i < a->nviews; i++)
		view_fetch(a->views[i], a->src, end, a->range[i],
			   app_baselines[a->baseline].seconds, wall);
}

static int changes_wants_fetch(const struct app *a)
{
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
