/* chrome.c: the tab line, the status line, and the help and info overlays. */
#include "app/chrome.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/screen.h"
#include "tui/draw.h"
#include "tui/format.h"

struct rect chrome_area(const struct app *a)
{
	return (struct rect){1, 0, a->rows - 2, a->cols};
}

int chrome_too_small(const struct app *a)
{
	return a->rows < APP_MIN_ROWS || a->cols < APP_MIN_COLS;
}

void chrome_tabs(const struct app *a)
{
	struct status_seg segs[APP_MAX_VIEWS + 1];
	char names[APP_MAX_VIEWS][64];
	size_t n = 0;
	for (size_t i = 0; i < a->nviews; i++, n++) {
		snprintf(names[i], sizeof names[i], " %zu %s ", i + 1, a->dash[i].title);
		segs[n] = (struct status_seg){names[i], i == a->cur ? ST_TAB_ACTIVE : ST_TAB, 0};
	}
	segs[n++] = (struct status_seg){" kpidash ", ST_TITLE, 1};
	statusbar_draw((struct rect){0, 0, 1, a->cols}, segs, n);
}

/* The status line's text for the data's age: "fresh" while within two refreshes. */
static void status_age(const struct app *a, double oldest, double wall, char *buf, size_t len)
{
	double age = wall - oldest;
	if (oldest == 0)
		snprintf(buf, len, "waiting for data");
	else if (age < 2 * a->opt.refresh + 1)
		snprintf(buf, len, "fresh");
	else {
		char d[24];
		if (age < 60)
			snprintf(d, sizeof d, "%.0fs", floor(age));
		else
			fmt_duration(d, sizeof d, floor(age));
		snprintf(buf, len, "data %s old", d);
	}
}

/* The status line's source segment: the demo's seed, or the engine and what is wrong with it. */
static enum style status_source(const struct app *a, char *buf, size_t len)
{
	const char *problem = source_problem(a->src);
	if (source_pure(a->src))
		snprintf(buf, len, " %s seed %llu ", source_name(a->src), a->opt.seed);
	else if (problem[0])
		snprintf(buf, len, " %s: %s ", source_name(a->src), problem);
	else
		snprintf(buf, len, " %s%s ", source_name(a->src),
			 a->opt.insecure ? " (TLS NOT VERIFIED)" : "");
	return problem[0] || a->opt.insecure ? ST_BAD : ST_STATUS;
}

/*
 * The status line's time segment: the range, where it ends when not now,
 * and the focused figure's window and what its change compares with:
 * "range 1h, figure 15m vs before", "range 1h to 14:30, figure now vs 1h ago".
 */
static void status_when(const struct app *a, char *buf, size_t len)
{
	const struct view *v = a->views[a->cur];
	const struct panel *p = view_panel(v, view_focus(v));
	double range = app_range(a);
	char r[16], fig[16], end[32] = "", vs[48];
	fmt_range(r, sizeof r, range);
	int mixed = 0; /* a table whose columns are over windows of their own */
	for (size_t q = 0; q < p->nqueries; q++)
		mixed |= p->queries[q].window != p->queries[0].window;
	if (mixed)
		snprintf(fig, sizeof fig, "by column");
	else if (p->queries[0].window == WINDOW_NOW)
		snprintf(fig, sizeof fig, "now");
	else
		fmt_range(fig, sizeof fig, query_window(&p->queries[0], range));
	if (a->pan > 0) {
		time_t t = (time_t)app_end(a);
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(end, sizeof end, a->pan >= 86400 ? " to %b %d %H:%M" : " to %H:%M",
				 &tm);
	}
	if (a->baseline > 0)
		snprintf(vs, sizeof vs, "%s", app_baselines[a->baseline].name);
	else if (p->window == WINDOW_NOW)
		snprintf(vs, sizeof vs, "%s ago", r);
	else
		snprintf(vs, sizeof vs, "before");
	snprintf(buf, len, " range %s%s, figure %s vs %s ", r, end, fig, vs);
}

/* Columns the status line's segment text takes, with the space statusbar_draw adds each side. */
static int seg_cols(const char *t)
{
	return t[0] ? text_width(t) + 2 : 0;
}

void chrome_status(struct app *a, double wall)
{
	char src[160], rng[192], age[48], agebuf[64], errs[32], all[1024], hint[352], chg[48];
	const struct screen_ops *s = screen_ops(a->screen);
	struct screen_health h = s->answer(a);
	enum style src_style = status_source(a, src, sizeof src);
	status_when(a, rng, sizeof rng);
	status_age(a, h.oldest, wall, age, sizeof age);
	snprintf(agebuf, sizeof agebuf, " %s ", age);
	errs[0] = '\0'; /* said only when there are some: the line is short at 80 columns */
	if (h.errors)
		snprintf(errs, sizeof errs, " %d error%s ", h.errors, h.errors == 1 ? "" : "s");
	int bad, warn;
	changes_count(&a->changes, &bad, &warn);
	chg[0] = '\0'; /* what changed (w), by severity: on every screen */
	if (bad || warn)
		snprintf(chg, sizeof chg, " w: %d bad %d warn ", bad, warn);
	/* a message, or the filter being typed, answers the key just pressed: it is never dropped
	 */
	int answer = a->message[0] || a->filtering;
	if (a->message[0])
		snprintf(hint, sizeof hint, " %s ", a->message);
	else
		s->hint(a, hint, sizeof hint);
	/*
	 * Too long for the width: shorten, then drop, the least needed first. The
	 * key hint gives way to the time segment, and both to what answers a key.
	 */
	for (int step = 0;; step++) {
		int cols = seg_cols(src) + seg_cols(errs) + seg_cols(chg) + seg_cols(rng) +
			   seg_cols(agebuf) + seg_cols(hint);
		if (cols <= a->cols)
			break;
		if (step == 0 && source_pure(a->src)) /* the seed matters only to reproduce */
			snprintf(src, sizeof src, " %s ", source_name(a->src));
		else if (step == 1 && chg[0])
			snprintf(chg, sizeof chg, " w %d✗ %d! ", bad, warn);
		else if (step == 2 && !answer)
			snprintf(hint, sizeof hint, " ? help ");
		else if (step == 3 && !answer)
			hint[0] = '\0';
		else if (step == 4 && strcmp(age, "fresh") == 0)
			agebuf[0] = '\0'; /* only news when it is not */
		else if (step == 5 && answer)
			rng[0] = '\0';
		else if (step > 5)
			break; /* what is left is cut at the edge */
	}
	snprintf(all, sizeof all, "%s|%s|%s|%s|%s|%s", src, errs, chg, rng, agebuf, hint);
	if (!a->full && !a->status_dirty && strcmp(all, a->status_last) == 0)
		return;
	snprintf(a->status_last, sizeof a->status_last, "%s", all);
	struct status_seg segs[] = {
	    {src, src_style, 0},
	    {errs, ST_BAD, 0},
	    {chg, bad ? ST_BAD : ST_WARN, 0},
	    {rng, ST_STATUS, 0},
	    {agebuf, ST_STATUS, 0},
	    {hint, a->message[0] ? ST_WARN : ST_STATUS, 1},
	};
	statusbar_draw((struct rect){a->rows - 1, 0, 1, a->cols}, segs, sizeof segs / sizeof *segs);
	a->status_dirty = 0;
}

void chrome_help(struct app *a)
{
	size_t n, m = 0;
	const struct keymap_entry *k = keymap(&n);
	const struct screen_ops *s = screen_ops(a->screen);
	struct help_line lines[ACT_COUNT];
	for (int pass = 0; pass < 2;
	     pass++) /* the keys of this place first, then those of anywhere */
		for (size_t i = 0; i < n && m < ACT_COUNT; i++)
			if (k[i].where == (pass ? KEYS_ANY : s->where))
				lines[m++] = (struct help_line){k[i].keys, k[i].help};
	struct rect r = chrome_area(a);
	size_t rows = (size_t)help_rows(r, m);
	if (a->help_top + rows > m) /* scrolled past the end, or the screen grew */
		a->help_top = m > rows ? m - rows : 0;
	help_draw_from(r, s->help_title, lines, m, a->help_top);
}

/* What an SLO panel's info says of each entity, in words: chrome_info's lines. */
struct slo_words {
	size_t panel;
	struct help_line *lines;
	size_t n, max;
	char (*buf)[256]; /* one a line said */
	size_t used;
};

/* "PAGE: 1h and 5m burn 21.8x and 18.3x (above 14.4): at this rate the 30-day budget ..." */
static void slo_word(void *ctx, const struct view_series *vs)
{
	struct slo_words *w = ctx;
	if (vs->panel != w->panel || vs->slo == NULL || w->n >= w->max || w->used >= 12)
		return;
	const struct slo_params *sp = vs->p->slo;
	const struct slo_eval *e = vs->slo;
	char *b = w->buf[w->used++], win[16], lasts[48], why[128] = "";
	fmt_range(win, sizeof win, sp->window);
	/* numbers as everywhere on screen, whatever the locale's decimal point */
	struct unit none = {UNIT_NONE, ""};
	char b0[16], b1[16], f[16];
	if (e->pair >= 0) {
		const struct slo_pair *q = &sp->pairs[e->pair];
		char l[16], sh[16];
		fmt_range(l, sizeof l, q->long_span);
		fmt_range(sh, sizeof sh, q->short_span);
		fmt_value(b0, sizeof b0, e->burn[e->pair][0], &none, 1);
		fmt_value(b1, sizeof b1, e->burn[e->pair][1], &none, 1);
		fmt_value(f, sizeof f, q->factor, &none, -1);
		snprintf(why, sizeof why, ": %s and %s burn %sx and %sx (above %s)", l, sh, b0, b1,
			 f);
	} else if (!isnan(e->burn[0][0])) {
		fmt_value(b0, sizeof b0, e->burn[0][0], &none, 1);
		snprintf(why, sizeof why, ": burning %sx the pace the budget allows", b0);
	}
	if (isnan(e->exhausted_in))
		snprintf(lasts, sizeof lasts, "is not known");
	else if (e->exhausted_in <= 0)
		snprintf(lasts, sizeof lasts, "is spent");
	else if (isinf(e->exhausted_in))
		snprintf(lasts, sizeof lasts, "lasts");
	else {
		char d[16];
		fmt_duration(d, sizeof d, e->exhausted_in);
		snprintf(lasts, sizeof lasts, "is gone in %s", d);
	}
	snprintf(b, 256, "%s%s; at this rate the %s budget %s", slo_status_name(e->status), why,
		 win, lasts);
	const char *name =
	    vs->windows && vs->windows->nlabels ? vs->windows->labels[0].value : "all";
	w->lines[w->n++] = (struct help_line){name, b};
}

void chrome_info(const struct app *a)
{
	const struct view *v = a->views[a->cur];
	const struct panel *p = view_panel(v, view_focus(v));
	struct help_line lines[24];
	char buf[6][48];
	size_t n = 0;
	static const char *const dirs[] = {"down is good", "neither way", "up is good"};
	lines[n++] = (struct help_line){"shows", p->description ? p->description : p->title};
	lines[n++] = (struct help_line){"unit", unit_name(&p->unit)};
	lines[n++] = (struct help_line){"direction", dirs[p->direction + 1]};
	const double marks[] = {p->warn, p->bad, p->target};
	static const char *const names[] = {"warn past", "bad past", "target"};
	for (size_t i = 0; i < 3; i++)
		if (!isnan(marks[i])) {
			fmt_value(buf[i], sizeof buf[i], marks[i], &p->unit, p->decimals);
			lines[n++] = (struct help_line){names[i], buf[i]};
		}
	static char words[12][256], burn[160];
	if (p->slo) { /* what a burn rate means, then each entity's in words */
		char win[16], fast[16];
		fmt_range(win, sizeof win, p->slo->window);
		fmt_duration(fast, sizeof fast, p->slo->window / 14.4);
		snprintf(burn, sizeof burn,
			 "how fast the error budget goes: 1 spends the %s budget in exactly %s, "
			 "14.4 in %s",
			 win, win, fast);
		lines[n++] = (struct help_line){"burn rate", burn};
		struct slo_words w = {view_focus(v), lines, n, 22, words, 0};
		view_each_series(v, slo_word, &w);
		n = w.n;
		if (p->queries[0].promql)
			lines[n++] = (struct help_line){"PromQL", p->queries[0].promql};
		help_draw(chrome_area(a), p->title, lines, n);
		return;
	}
	for (size_t q = 0; q < p->nqueries && n + 2 <= sizeof lines / sizeof *lines; q++) {
		lines[n++] = (struct help_line){"KPI", p->queries[q].kpi};
		if (p->queries[q].promql)
			lines[n++] = (struct help_line){"PromQL", p->queries[q].promql};
	}
	help_draw(chrome_area(a), p->title, lines, n);
}

void chrome_too_small_draw(const struct app *a)
{
	char msg[96];
	snprintf(msg, sizeof msg, "terminal too small: need %dx%d, have %dx%d", APP_MIN_COLS,
		 APP_MIN_ROWS, a->cols, a->rows);
	message_draw((struct rect){0, 0, a->rows, a->cols}, msg, ST_WARN);
}
