/* input.c: key dispatch: the screen in front first, the global actions after. */
#include "app/input.h"

#include "app/screen.h"

/* The time ranges -/+ step through. */
static const double ranges[] = {3600, 6 * 3600, 24 * 3600, 7 * 86400, 30 * 86400};
#define NRANGES (sizeof ranges / sizeof ranges[0])

/* Step the view's time range to the next shorter (dir < 0) or longer of ranges[]. */
static unsigned input_range(struct app *a, int dir)
{
	double *range = &a->range[a->cur], next = *range;
	for (size_t i = 0; i < NRANGES; i++) {
		size_t k = dir < 0 ? NRANGES - 1 - i : i; /* the nearest step that way */
		if (dir < 0 ? ranges[k] < *range : ranges[k] > *range) {
			next = ranges[k];
			break;
		}
	}
	if (next == *range)
		return REACT_NONE; /* at the end of the steps */
	*range = next;
	return REACT_REFETCH;
}

/* Move the range back (dir < 0) or forward by half its length, never past now; 0 for now. */
static unsigned input_pan(struct app *a, int dir)
{
	double pan = dir == 0 ? 0 : a->pan - dir * app_range(a) / 2;
	if (pan < 0)
		pan = 0;
	if (pan == a->pan)
		return REACT_NONE;
	a->pan = pan;
	return REACT_REFETCH;
}

/* Show view i (the dashboard in front, any drill-down closed). */
static unsigned input_view(struct app *a, size_t i)
{
	if (i >= a->nviews || (i == a->cur && a->screen == SCREEN_DASHBOARD))
		return REACT_NONE;
	cohort_close(a->cohort);
	a->filtering = 0;
	a->cur = i;
	a->screen = SCREEN_DASHBOARD;
	return REACT_LAYOUT | REACT_REFETCH;
}

/* Scroll the help when it does not fit (j/k and the drill-down's paging keys); PASS for other keys.
 */
static unsigned input_help_scroll(struct app *a, enum action act)
{
	switch (act) {
	case ACT_FOCUS_DOWN:
	case ACT_ROW_DOWN:
		a->help_top++;
		break;
	case ACT_FOCUS_UP:
	case ACT_ROW_UP:
	case ACT_FIRST:
		a->help_top = act == ACT_FIRST || a->help_top == 0 ? 0 : a->help_top - 1;
		break;
	case ACT_PAGE_DOWN:
	case ACT_LAST:
		a->help_top += act == ACT_LAST ? ACT_COUNT : 10;
		break;
	case ACT_PAGE_UP:
		a->help_top = a->help_top > 10 ? a->help_top - 10 : 0;
		break;
	default:
		return REACT_PASS;
	}
	return REACT_FULL;
}

/* The actions that work anywhere. */
static unsigned input_global(struct app *a, enum action act)
{
	switch (act) {
	case ACT_QUIT:
		return REACT_QUIT;
	case ACT_HELP:
	case ACT_INFO:
		a->overlay = act;
		a->help_top = 0;
		return REACT_FULL;
	case ACT_VIEW_1:
	case ACT_VIEW_2:
	case ACT_VIEW_3:
	case ACT_VIEW_4:
		return input_view(a, (size_t)(act - ACT_VIEW_1));
	case ACT_VIEW_NEXT:
		return input_view(a, (a->cur + 1) % a->nviews);
	case ACT_VIEW_PREV:
		return input_view(a, (a->cur + a->nviews - 1) % a->nviews);
	case ACT_RANGE_SHORTER:
		return input_range(a, -1);
	case ACT_RANGE_LONGER:
		return input_range(a, 1);
	case ACT_PAN_BACK:
		return input_pan(a, -1);
	case ACT_PAN_FORWARD:
		return input_pan(a, 1);
	case ACT_NOW:
		return input_pan(a, 0);
	case ACT_CHANGES:
		cohort_close(a->cohort);
		a->filtering = 0;
		a->screen = SCREEN_CHANGES;
		a->change_sel = 0;
		return REACT_FULL | REACT_REFETCH;
	case ACT_BASELINE:
		a->baseline = (a->baseline + 1) % APP_NBASELINES;
		return REACT_REFETCH;
	case ACT_REFRESH:
		return REACT_REFETCH;
	case ACT_REDRAW:
		return REACT_REPAINT | REACT_FULL;
	case ACT_SUSPEND:
		return REACT_SUSPEND;
	default:
		return REACT_NONE;
	}
}

/* An overlay is open: the keys that close it, or scroll the help; PASS for the rest. */
static unsigned input_overlay(struct app *a, enum action act)
{
	if (act == ACT_CLOSE || act == ACT_UP || act == ACT_QUIT || act == ACT_HELP ||
	    act == ACT_INFO) {
		a->overlay = ACT_NONE; /* any of these closes what is open first */
		return REACT_FULL;
	}
	return a->overlay == ACT_HELP ? input_help_scroll(a, act) : REACT_PASS;
}

unsigned input_key(struct app *a, const char *name)
{
	const struct screen_ops *s = screen_ops(a->screen);
	unsigned r = 0;
	if (a->overlay == ACT_NONE && s->edit && s->edit(a, name, &r))
		return r;
	enum action act = keymap_lookup(name, s->where);
	if (a->message[0]) {
		a->message[0] = '\0'; /* said once: gone with the next key */
		r |= REACT_STATUS;
	}
	unsigned mine = a->overlay != ACT_NONE ? input_overlay(a, act) : s->key(a, act);
	if (!(mine & REACT_PASS))
		return r | mine;
	return r | input_global(a, act);
}
