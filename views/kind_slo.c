/*
 * kind_slo.c: "slo" panels: a row an entity (a model, a team; or the whole
 * when the SLO has no group), with what its error budget calls for, the
 * budget left (and as a bar), how long it lasts at the burn now, the good
 * share now and over the window, and each burn-rate pair's long and short
 * burn; the rows that call for a page first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "views/kinds.h"
#include "views/privacy.h"

#define SLO_ROWS 64

/* One row: an entity and its SLO judged. */
struct slo_row {
	const char *name; /* borrowed from a series' label, "" for the whole */
	struct slo_input in;
	struct slo_eval e;
	unsigned char hidden; /* enum privacy_mark, 0 when shown */
};

/* The row named name, added when new; NULL when full. */
static struct slo_row *slo_row(struct slo_row *rows, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	if (*n == SLO_ROWS)
		return NULL;
	struct slo_row *r = &rows[(*n)++];
	memset(r, 0, sizeof *r);
	r->name = name;
	r->in.window_good = r->in.covered = NAN;
	for (size_t i = 0; i < SLO_MAX_PAIRS; i++)
		r->in.pair_good[i][0] = r->in.pair_good[i][1] = NAN;
	return r;
}

/* Where query q's figure goes in a row's input. */
static void slo_put(const struct panel *p, size_t q, struct slo_input *in, double v)
{
	if (q == p->slo_window)
		in->window_good = v;
	for (size_t i = 0; i < p->slo->npairs; i++)
		for (int k = 0; k < 2; k++)
			if (p->slo_span[i][k] == q)
				in->pair_good[i][k] = v;
}

void kind_slo_input(const struct panel_state *ps, const struct series *s, struct slo_input *in)
{
	const struct panel *p = ps->p;
	*in = (struct slo_input){NAN, NAN, {{0}}};
	for (size_t i = 0; i < SLO_MAX_PAIRS; i++)
		in->pair_good[i][0] = in->pair_good[i][1] = NAN;
	for (size_t q = 0; q < p->nqueries; q++) {
		const struct series *m = panel_match(&ps->total[q], s);
		double v = NAN, delta;
		if (m)
			panel_figure(ps, m, NULL, &v, &delta);
		slo_put(p, q, in, v);
	}
}

/* Gather every entity's good shares from the panel's queries, and judge each. */
static size_t slo_gather(const struct panel_state *ps, struct slo_row *rows)
{
	const struct panel *p = ps->p;
	size_t n = 0;
	for (size_t q = 0; q < p->nqueries; q++) {
		const struct series_set *ss = &ps->total[q];
		unsigned char *marks = calloc(ss->n + 1, 1);
		if (marks == NULL)
			continue;
		panel_marks(ps, q, ss, marks);
		for (size_t i = 0; i < ss->n; i++) {
			const struct series *s = &ss->items[i];
			const char *name =
			    p->queries[q].group ? series_label(s, p->queries[q].group) : "";
			struct slo_row *r = slo_row(rows, &n, name ? name : "");
			if (r == NULL)
				break;
			double v, delta;
			panel_figure(ps, s, NULL, &v, &delta);
			slo_put(p, q, &r->in, v);
			if (marks[i] != PRIVACY_SHOWN && !r->hidden)
				r->hidden = marks[i];
		}
		free(marks);
	}
	for (size_t i = 0; i < n; i++)
		slo_evaluate(p->slo, &rows[i].in, &rows[i].e);
	return n;
}

/* Pages first, then tickets; within each the least budget left first; then by name. */
static int slo_cmp(const void *a, const void *b)
{
	const struct slo_row *x = a, *y = b;
	if (x->hidden != y->hidden)
		return x->hidden ? 1 : -1;
	if (x->e.status != y->e.status)
		return (int)y->e.status - (int)x->e.status;
	double bx = x->e.budget_left, by = y->e.budget_left;
	if (isnan(bx) != isnan(by))
		return isnan(bx) - isnan(by);
	if (!isnan(bx) && bx != by)
		return bx < by ? -1 : 1;
	return strcmp(x->name, y->name);
}

enum level kind_slo_level(enum slo_status s)
{
	return s == SLO_PAGE	 ? LEVEL_BAD
	       : s == SLO_TICKET ? LEVEL_WARN
	       : s == SLO_OK	 ? LEVEL_OK
				 : LEVEL_NONE;
}

/* The time the budget lasts at the burn now: "3d04h", "lasts", "spent", "--". */
static void slo_lasts(char *buf, size_t len, double t)
{
	if (isnan(t))
		snprintf(buf, len, "--");
	else if (t <= 0)
		snprintf(buf, len, "spent");
	else if (isinf(t))
		snprintf(buf, len, "lasts");
	else
		fmt_duration(buf, len, t);
}

#define SLO_FIXED 6 /* entity, status, budget, lasts, now, window; then the pairs */

void kind_slo_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx)
{
	(void)ctx;
	const struct panel *p = ps->p;
	const struct slo_params *sp = p->slo;
	static struct slo_row rows[SLO_ROWS];
	size_t n = slo_gather(ps, rows);
	qsort(rows, n, sizeof *rows, slo_cmp);
	/* the columns, in the order they are given up when the panel is narrow: the pairs last */
	static char heads[SLO_FIXED + SLO_MAX_PAIRS][24];
	struct table_col cols[SLO_FIXED + SLO_MAX_PAIRS];
	const char *group = p->queries[0].group;
	char now[16], win[16];
	fmt_range(now, sizeof now, sp->npairs ? sp->pairs[0].long_span : 3600);
	fmt_range(win, sizeof win, sp->window);
	snprintf(heads[0], sizeof heads[0], "%s", group ? group : "SLO");
	snprintf(heads[1], sizeof heads[1], "status");
	snprintf(heads[2], sizeof heads[2], "budget left");
	snprintf(heads[3], sizeof heads[3], "gone in");
	snprintf(heads[4], sizeof heads[4], "SLI %s", now);
	snprintf(heads[5], sizeof heads[5], "SLI %s", win);
	static const int widths[SLO_FIXED] = {0, 6, 16, 7, 8, 8};
	size_t ncols = 0;
	int used = 10;
	for (size_t c = 0; c < SLO_FIXED + sp->npairs; c++) {
		int w = c < SLO_FIXED ? widths[c] : 11;
		if (c >= SLO_FIXED) {
			char a[12], b[12];
			fmt_range(a, sizeof a, sp->pairs[c - SLO_FIXED].long_span);
			fmt_range(b, sizeof b, sp->pairs[c - SLO_FIXED].short_span);
			snprintf(heads[c], sizeof heads[c], "%s/%s", a, b);
		}
		if (c > 1 && used + 2 + w > in.w)
			break;
		used += c ? 2 + w : 0;
		cols[ncols++] = (struct table_col){heads[c], w, c > 0};
	}
	static char text[SLO_ROWS][SLO_FIXED + SLO_MAX_PAIRS][48];
	static struct table_cell cells[SLO_ROWS * (SLO_FIXED + SLO_MAX_PAIRS)];
	for (size_t i = 0; i < n; i++) {
		const struct slo_row *r = &rows[i];
		struct table_cell *c = &cells[i * ncols];
		c[0] =
		    (struct table_cell){.text = r->name[0] ? r->name : "all", .style = ST_NORMAL};
		if (r->hidden) {
			privacy_text(text[i][1], sizeof text[i][1], r->hidden, ps->floor);
			c[1] = (struct table_cell){
			    .text = text[i][1], .style = ST_MUTED, .span = (int)ncols - 1};
			for (size_t k = 2; k < ncols; k++)
				c[k] = (struct table_cell){.text = "", .style = ST_MUTED};
			continue;
		}
		enum level lv = kind_slo_level(r->e.status);
		for (size_t k = 1; k < ncols; k++) {
			char *t = text[i][k];
			enum style st = ST_NORMAL;
			switch (k) {
			case 1:
				snprintf(t, 48, "%s",
					 r->e.status == SLO_PAGE ? "PAGE"
								 : slo_status_name(r->e.status));
				st = level_style(lv);
				break;
			case 2: {
				char pct[16];
				struct unit u;
				unit_parse("percent", &u);
				fmt_value(pct, sizeof pct,
					  isnan(r->e.budget_left) ? NAN : 100 * r->e.budget_left,
					  &u, 0);
				size_t o = bar_text(t, 48, r->e.budget_left, 8);
				snprintf(t + o, 48 - o, " %s", pct);
				st = r->e.budget_left <= 0     ? ST_BAD
				     : r->e.budget_left < 0.25 ? ST_WARN
							       : ST_NORMAL;
				break;
			}
			case 3:
				slo_lasts(t, 48, r->e.exhausted_in);
				st = r->e.exhausted_in < sp->window ? level_style(lv) : ST_MUTED;
				break;
			case 4:
			case 5:
				fmt_value(t, 48, k == 4 ? r->in.pair_good[0][0] : r->in.window_good,
					  &p->queries[0].unit, 2);
				break;
			default: {
				size_t pi = k - SLO_FIXED;
				char a[16], b[16];
				struct unit u;
				unit_parse("none", &u);
				fmt_value(a, sizeof a, r->e.burn[pi][0], &u, 1);
				fmt_value(b, sizeof b, r->e.burn[pi][1], &u, 1);
				snprintf(t, 48, "%s/%s", a, b);
				int both = r->e.burn[pi][0] > sp->pairs[pi].factor &&
					   r->e.burn[pi][1] > sp->pairs[pi].factor;
				st = both ? level_style(kind_slo_level(sp->pairs[pi].calls))
					  : ST_MUTED;
			}
			}
			c[k] = (struct table_cell){.text = t, .style = st};
		}
	}
	struct table_args a = {
	    .cols = cols, .ncols = ncols, .cells = cells, .nrows = n, .selected = -1};
	table_draw(in, &a);
}
