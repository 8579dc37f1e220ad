/*
 * screen_drill.c: the drill-down in front: a panel's KPI by cohort, its
 * path, sort, filter line, heat grid, treatment against control and export.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "app/screen.h"

/* Say msg in the status bar until the next key. */
static unsigned drill_say(struct app *a, const char *msg)
{
	snprintf(a->message, sizeof a->message, "%s", msg);
	return REACT_STATUS;
}

/* Draw the table when it changed. */
static void drill_draw(struct app *a, int all, double wall)
{
	cohort_draw(a->cohort, all, wall);
}

/* A key while the filter is typed: text, Backspace, C-u, Enter keeps it, Esc clears it. */
static void drill_filter_key(struct app *a, const char *name)
{
	size_t n = strlen(a->filter);
	if (strcmp(name, "Enter") == 0 || strcmp(name, "Escape") == 0) {
		if (strcmp(name, "Escape") == 0)
			a->filter[0] = '\0';
		a->filtering = 0;
	} else if (strcmp(name, "Backspace") == 0) {
		while (n > 0 && ((unsigned char)a->filter[n - 1] & 0xC0) == 0x80)
			n--; /* a whole UTF-8 character */
		a->filter[n > 0 ? n - 1 : 0] = '\0';
	} else if (strcmp(name, "C-u") == 0) {
		a->filter[0] = '\0';
	} else {
		const char *text = strcmp(name, "Space") == 0 ? " " : name;
		int printable = (unsigned char)text[0] >= 0x80 ||
				(strlen(text) == 1 && text[0] >= 0x20 && text[0] < 0x7f);
		if (printable && n + strlen(text) < sizeof a->filter)
			memcpy(a->filter + n, text, strlen(text) + 1);
	}
	cohort_filter(a->cohort, a->filter);
}

/* While '/' is on, every key edits the filter. */
static int drill_edit(struct app *a, const char *name, unsigned *r)
{
	if (!a->filtering)
		return 0;
	drill_filter_key(a, name);
	*r = REACT_STATUS;
	return 1;
}

/* Write the table as CSV in the working directory and say where. */
static unsigned drill_export(struct app *a)
{
	char name[256], err[320], msg[320];
	if (cohort_export(a->cohort, a->dash[a->cur].name, name, sizeof name, err, sizeof err) != 0)
		return drill_say(a, err);
	snprintf(msg, sizeof msg, "wrote %s", name);
	return drill_say(a, msg);
}

/* Keys that move, sort or filter the table without asking anything. */
static unsigned drill_browse(struct app *a, enum action act)
{
	struct cohort *c = a->cohort;
	switch (act) {
	case ACT_SORT:
		cohort_sort_next(c);
		break;
	case ACT_REVERSE:
		cohort_sort_reverse(c);
		break;
	case ACT_ROW_DOWN:
	case ACT_ROW_UP:
		cohort_move(c, act == ACT_ROW_DOWN ? 1 : -1, 0);
		break;
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
		cohort_move(c, act == ACT_PAGE_DOWN ? 1 : -1, 1);
		break;
	case ACT_FIRST:
	case ACT_LAST:
		cohort_move(c, act == ACT_FIRST ? LONG_MIN : LONG_MAX, 0);
		break;
	case ACT_FILTER:
		a->filtering = 1;
		snprintf(a->filter, sizeof a->filter, "%s", cohort_filter_text(c));
		return REACT_STATUS;
	case ACT_EXPORT:
		return drill_export(a);
	default:
		return REACT_PASS;
	}
	return REACT_NONE;
}

/*
 * The drill-down's own keys. Those that change what the table shows ask at
 * once and draw it all; leaving the top goes back to the dashboard.
 */
static unsigned drill_key(struct app *a, enum action act)
{
	char err[160] = "";
	int rc = 0;
	struct cohort *c = a->cohort;
	switch (act) {
	case ACT_DRILL:
		rc = cohort_drill(c, err, sizeof err);
		break;
	case ACT_UP:
		cohort_up(c);
		break;
	case ACT_TOP:
		cohort_close(c);
		break;
	case ACT_LABEL:
		cohort_next_label(c);
		break;
	case ACT_HEAT:
		rc = cohort_mode(c, COHORT_HEAT, err, sizeof err);
		break;
	case ACT_COMPARE:
		rc = cohort_mode(c, COHORT_COMPARE, err, sizeof err);
		break;
	default:
		return drill_browse(a, act);
	}
	if (rc != 0)
		return drill_say(a, err);
	if (!cohort_active(c))
		a->screen = SCREEN_DASHBOARD;
	return REACT_FULL |
	       REACT_REFETCH; /* the dashboard too, when it is back: its data may be old */
}

/* Ask for what the current mode shows. */
static void drill_fetch(struct app *a, double end, double range, double wall)
{
	cohort_fetch(a->cohort, a->src, end, range, wall);
}

/* An answer came back for an older question. */
static int drill_wants_fetch(const struct app *a)
{
	return cohort_wants_fetch(a->cohort);
}

/* The table's last good answer, and whether the last one failed. */
static struct screen_health drill_answer(const struct app *a)
{
	return (struct screen_health){cohort_fetched(a->cohort),
				      cohort_error(a->cohort)[0] != '\0'};
}

/* What to press here, or the filter being typed. */
static void drill_hint(const struct app *a, char *buf, size_t len)
{
	if (a->filtering)
		snprintf(buf, len, " filter: %s_  Enter keep  Esc clear ", a->filter);
	else
		snprintf(buf, len, " Enter drill  Esc up  ? help ");
}

const struct screen_ops screen_drill = {
    .name = "drill-down",
    .where = KEYS_COHORT,
    .help_title = "kpidash keys: drill-down",
    .draw = drill_draw,
    .edit = drill_edit,
    .key = drill_key,
    .fetch = drill_fetch,
    .wants_fetch = drill_wants_fetch,
    .answer = drill_answer,
    .hint = drill_hint,
};
