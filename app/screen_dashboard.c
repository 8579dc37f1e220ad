/* screen_dashboard.c: the dashboard in front: its panels, the focus, and Enter to drill down. */
#include <stdio.h>

#include "app/screen.h"

/* The view shown. */
static struct view *dash_view(const struct app *a)
{
	return a->views[a->cur];
}

/* Draw the panels whose data changed. */
static void dash_draw(struct app *a, int all, double wall)
{
	view_draw(dash_view(a), all, wall);
}

/* Open the drill-down of the focused panel; say why when it has none. */
static unsigned dash_open(struct app *a)
{
	char err[160];
	const struct view *v = dash_view(a);
	if (cohort_open(a->cohort, &a->dash[a->cur], view_panel(v, view_focus(v)), err,
			sizeof err) != 0) {
		snprintf(a->message, sizeof a->message, "%s", err);
		return REACT_STATUS;
	}
	a->screen = SCREEN_DRILL;
	return REACT_FULL | REACT_REFETCH;
}

/* The dashboard's own keys: the focus, and Enter. */
static unsigned dash_key(struct app *a, enum action act)
{
	struct view *v = dash_view(a);
	switch (act) {
	case ACT_FOCUS_LEFT:
		view_focus_move(v, -1, 0);
		return REACT_NONE;
	case ACT_FOCUS_RIGHT:
		view_focus_move(v, 1, 0);
		return REACT_NONE;
	case ACT_FOCUS_UP:
		view_focus_move(v, 0, -1);
		return REACT_NONE;
	case ACT_FOCUS_DOWN:
		view_focus_move(v, 0, 1);
		return REACT_NONE;
	case ACT_OPEN:
		return dash_open(a);
	default:
		return REACT_PASS;
	}
}

/* Ask for every panel that is due. */
static void dash_fetch(struct app *a, double end, double range, double wall)
{
	view_fetch(dash_view(a), a->src, end, range, app_baselines[a->baseline].seconds, wall);
}

/* An answer came back for an older range or layout. */
static int dash_wants_fetch(const struct app *a)
{
	return view_wants_fetch(dash_view(a));
}

/* The oldest panel's data and the failing panels. */
static struct screen_health dash_answer(const struct app *a)
{
	return (struct screen_health){view_oldest(dash_view(a)), view_errors(dash_view(a))};
}

/* What to press here. */
static void dash_hint(const struct app *a, char *buf, size_t len)
{
	/* at 80 columns the time segment needs the room */
	snprintf(buf, len,
		 a->cols >= 100 ? " Enter drill down  ? help  q quit " : " ? help  q quit ");
}

const struct screen_ops screen_dashboard = {
    .name = "dashboard",
    .where = KEYS_VIEW,
    .help_title = "kpidash keys",
    .draw = dash_draw,
    .edit = NULL,
    .key = dash_key,
    .fetch = dash_fetch,
    .wants_fetch = dash_wants_fetch,
    .answer = dash_answer,
    .hint = dash_hint,
};
