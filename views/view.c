/* view.c: a dashboard's panels, their data, their places, and their drawing. */
#include "views/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "views/kinds.h"
#include "views/panel.h"
#include "views/privacy.h"
#include "views/template.h"

struct view {
	const struct dashboard *d;
	struct panel_state *ps;
	size_t n;
	size_t focus;
	double range;
	double baseline;    /* seconds back the changes compare with, 0: the window before */
	double fetched_end; /* the end of the last fetch, NAN after a layout: steps follow widths */
	struct fetcher
	    fetch;   /* its epoch moves when the range or layout changes what a query means */
	int floor;   /* the privacy floor */
	int judging; /* the detectors' points are asked for (view_judging) */
};

static void view_answer(void *owner, struct fetch_slot *slot, struct series_set *result,
			const char *note);
static void view_reshape(struct view *v);

struct view *view_new(const struct dashboard *d, int floor)
{
	struct view *v = xcalloc(1, sizeof *v);
	v->d = d;
	v->floor = floor;
	v->judging = 1;
	fetch_init(&v->fetch, v, view_answer);
	for (size_t r = 0; r < d->nrows; r++)
		v->n += d->rows[r].npanels;
	v->ps = xcalloc(v->n, sizeof *v->ps);
	v->fetched_end = NAN;
	size_t k = 0;
	for (size_t r = 0; r < d->nrows; r++)
		for (size_t i = 0; i < d->rows[r].npanels; i++, k++) {
			struct panel_state *ps = &v->ps[k];
			ps->p = &d->rows[r].panels[i];
			ps->row = r;
			ps->trend = xcalloc(ps->p->nqueries, sizeof *ps->trend);
			ps->total = xcalloc(ps->p->nqueries, sizeof *ps->total);
			ps->base = xcalloc(ps->p->nqueries, sizeof *ps->base);
			ps->judge = xcalloc(ps->p->nqueries, sizeof *ps->judge);
			ps->slots = xcalloc(PANEL_SLOTS * ps->p->nqueries, sizeof *ps->slots);
			for (size_t q = 0; q < ps->p->nqueries; q++) {
				series_set_init(&ps->trend[q]);
				series_set_init(&ps->total[q]);
				series_set_init(&ps->base[q]);
				series_set_init(&ps->judge[q]);
			}
			series_set_init(&ps->heads);
			series_set_init(&ps->shadow);
			ps->floor = floor;
			ps->dirty = 1;
		}
	return v;
}

void view_free(struct view *v)
{
	if (v == NULL)
		return;
	for (size_t k = 0; k < v->n; k++) {
		for (size_t q = 0; q < v->ps[k].p->nqueries; q++) {
			series_set_done(&v->ps[k].trend[q]);
			series_set_done(&v->ps[k].total[q]);
			series_set_done(&v->ps[k].base[q]);
			series_set_done(&v->ps[k].judge[q]);
		}
		series_set_done(&v->ps[k].heads);
		series_set_done(&v->ps[k].shadow);
		free(v->ps[k].trend);
		free(v->ps[k].total);
		free(v->ps[k].base);
		free(v->ps[k].judge);
		free(v->ps[k].slots);
	}
	free(v->ps);
	free(v);
}

/* Heights of the rows for h lines: minimums, spare lines by grow weight; when short, scaled down.
 */
static void layout_rows(const struct dashboard *d, int h, int *heights)
{
	int need = 0, grow = 0, given = 0;
	for (size_t r = 0; r < d->nrows; r++) {
		need += d->rows[r].height;
		grow += d->rows[r].grow;
	}
	for (size_t r = 0; r < d->nrows; r++) {
		const struct row *row = &d->rows[r];
		if (h >= need)
			heights[r] = row->height + (grow ? (h - need) * row->grow / grow : 0);
		else
			heights[r] = row->height * h / need < 3 ? 3 : row->height * h / need;
		given += heights[r];
	}
	/* rounding leaves a few lines over (give them to the last growing row) or short */
	for (size_t r = d->nrows; r-- > 0 && given < h;)
		if (d->rows[r].grow || grow == 0) {
			heights[r] += h - given;
			given = h;
		}
}

void view_layout(struct view *v, struct rect area)
{
	const struct dashboard *d = v->d;
	int *heights = xcalloc(d->nrows, sizeof *heights);
	layout_rows(d, area.h, heights);
	int y = area.y;
	size_t k = 0;
	for (size_t r = 0; r < d->nrows; r++) {
		const struct row *row = &d->rows[r];
		int units = 0;
		for (size_t i = 0; i < row->npanels; i++)
			units += row->panels[i].width;
		int x = area.x, used = 0;
		for (size_t i = 0; i < row->npanels; i++, k++) {
			used += row->panels[i].width;
			int xend = area.x + area.w * used / units;
			int h = y + heights[r] > area.y + area.h ? area.y + area.h - y : heights[r];
			v->ps[k].rect = (struct rect){y, x, h < 0 ? 0 : h, xend - x};
			v->ps[k].dirty = 1;
			x = xend;
		}
		y += heights[r];
	}
	free(heights);
	view_reshape(v);
}

/* Points a panel wants across its width, by its kind, within 8..600. */
static int panel_points(const struct panel_state *ps)
{
	int w = ps->p->type->points(ps->rect.w - 2);
	if (w < 8)
		w = 8;
	return w > 600 ? 600 : w;
}

/* A failed fetch: say why on the panel; its backoff grows. */
static void view_failed(struct view *v, struct fetch_slot *slot, const char *err)
{
	struct panel_state *ps = &v->ps[slot->index];
	char why[160];
	int heads = slot->key == SLOT_HEADS;
	snprintf(why, sizeof why, "%s%s", heads ? "people per cohort unknown: " : "", err);
	ps->heads_failed = heads || ps->heads_failed;
	if (fetch_failed(&ps->health, why, slot->wall, &v->fetch.seed))
		ps->dirty = 1;
}

/* Take an answer: keep it if it differs from what the panel has; record errors. */
static void view_answer(void *owner, struct fetch_slot *slot, struct series_set *result,
			const char *note)
{
	struct view *v = owner;
	struct panel_state *ps = &v->ps[slot->index];
	if (result == NULL) {
		view_failed(v, slot, note);
		return;
	}
	size_t q = (size_t)(slot - ps->slots) / PANEL_SLOTS;
	struct series_set *dst = slot->key == SLOT_HEADS    ? &ps->heads
				 : slot->key == SLOT_TOTAL  ? &ps->total[q]
				 : slot->key == SLOT_BASE   ? &ps->base[q]
				 : slot->key == SLOT_JUDGE  ? &ps->judge[q]
				 : slot->key == SLOT_SHADOW ? &ps->shadow
							    : &ps->trend[q];
	if (!series_set_equal(dst, result)) {
		series_set_move(dst, result);
		ps->dirty = 1;
	}
	if (slot->key == SLOT_HEADS)
		ps->heads_failed = 0;
	/* cohorts hidden for want of heads say why */
	if (fetch_ok(&ps->health, note, slot->wall, ps->heads_failed))
		ps->dirty = 1;
}

/*
 * Submit one query of a panel unless the last one is still out: its trend,
 * its whole ranges, or the people of its first query's cohorts.
 */
static void view_submit(struct view *v, size_t k, struct source *src, size_t qi,
			enum panel_slot set, double start, double end, double step, double wall)
{
	struct panel_state *ps = &v->ps[k];
	int heads = set == SLOT_HEADS;
	struct fetch_slot *slot =
	    heads ? &ps->head_slot : &ps->slots[PANEL_SLOTS * qi + (size_t)set];
	const struct panel_query *pq = heads ? v->d->headcount : &ps->p->queries[qi];
	const char *group = ps->p->queries[qi].group; /* heads are counted by the same cohorts */
	if (slot->pending)
		return;
	struct kpi_filter filter[16];
	size_t nf = pq->nfilter < 16 ? pq->nfilter : 16;
	for (size_t i = 0; i < nf; i++)
		filter[i] = (struct kpi_filter){pq->filter[i].name, pq->filter[i].value};
	char err[160] = "";
	struct template_vars tv = {v->range, step, group, NULL}; /* the top: no drill path */
	char *promql = pq->promql ? template_expand(pq->promql, &tv, err, sizeof err) : NULL;
	struct kpi_query q = {
	    pq->kpi, start, end, step, group, filter, nf, promql, pq->url ? &pq->foreign : NULL};
	fetch_send(&v->fetch, slot, (int)set, k, src, &q, heads ? 0 : pq->per, wall);
	free(promql);
}

/* Forget what the panels' answers in flight were asked for: a new range or layout. */
static void view_reshape(struct view *v)
{
	v->fetched_end = NAN;
	fetch_new_epoch(&v->fetch);
	v->fetch.dropped = 1; /* steps follow widths: what the panels hold no longer fits */
}

void view_fetch(struct view *v, struct source *src, double end, double range, double baseline,
		double wall)
{
	if (v->range != range || v->baseline != baseline) {
		v->range = range;
		v->baseline = baseline;
		for (size_t k = 0; k < v->n; k++) {
			v->ps[k].baseline = baseline;
			for (size_t q = 0; q < v->ps[k].p->nqueries; q++)
				series_set_done(
				    &v->ps[k].base[q]);	   /* its change waits for the new one */
			series_set_done(&v->ps[k].shadow); /* asked a new way back */
		}
		view_reshape(v);
		view_touch(v);
	}
	v->fetch.dropped = 0;
	/* a pure source answers the same questions the same way: only foreign APIs are asked */
	int same = source_pure(src) && end == v->fetched_end;
	int reshaped = isnan(v->fetched_end); /* a new range or layout: every panel is due */
	v->fetched_end = end;
	double min_step = source_min_step(src);
	unsigned char *due = xcalloc(v->n + 1, 1); /* panels asked now: their judges may be */
	for (size_t k = 0; k < v->n; k++) {
		struct panel_state *ps = &v->ps[k];
		struct fetch_health *h = &ps->health;
		if (h->error[0])
			ps->dirty = 1; /* its "stale 3m" grows */
		if (!fetch_due(h, wall))
			continue;
		if (ps->p->refresh > 0 && h->fetched > 0 && !h->error[0] &&
		    wall - h->fetched < ps->p->refresh && !reshaped)
			continue; /* a slow panel: its own refresh is not due (a new range or layout
				     is) */
		double step = fmax(ceil(range / panel_points(ps)), min_step);
		double start =
		    end - step * floor(range / step); /* so that the last point is at end */
		for (size_t q = 0; q < ps->p->nqueries; q++) {
			if (same && ps->p->queries[q].url == NULL) {
				if (h->error[0] == '\0')
					h->fetched = wall; /* what it has is current */
				continue;
			}
			if (ps->p->slo == NULL) /* an SLO's rows are figures over spans: no trend */
				view_submit(v, k, src, q, SLOT_TREND, start, end, step, wall);
			/* the figure over its own window, whatever the width: the same at any size
			 */
			double w = query_window(&ps->p->queries[q], range);
			view_submit(v, k, src, q, SLOT_TOTAL, end - 2 * w, end, w, wall);
			if (baseline > 0)
				view_submit(v, k, src, q, SLOT_BASE, end - baseline - w,
					    end - baseline, w, wall);
		}
		if (ps->p->privacy && !same)
			view_submit(v, k, src, 0, SLOT_HEADS, end - step, end, step, wall);
		due[k] = !same;
	}
	/* the detectors' points, after what is drawn: the same at every width, once a minute */
	double js = fmax(ceil(range / PANEL_JUDGE_POINTS), min_step);
	for (size_t k = 0; k < v->n && v->judging; k++) {
		struct panel_state *ps = &v->ps[k];
		if (!due[k] || ps->p->slo || (!reshaped && wall - ps->judged < PANEL_JUDGE_EVERY))
			continue;
		for (size_t q = 0; q < ps->p->nqueries; q++)
			if (!query_per_step(&ps->p->queries[q])) /* since when, normal: all */
				view_submit(v, k, src, q, SLOT_JUDGE, end - js * floor(range / js),
					    end, js, wall);
		ps->judged = wall;
	}
	/* a chart's line (its one, or the one that shifted: after the detectors' points, which
	 * a pure source has given by now) a baseline back, faintly */
	for (size_t k = 0; k < v->n; k++) {
		struct panel_state *ps = &v->ps[k];
		size_t sq;
		const struct series *line;
		if (!due[k] || !kind_chart_shadowed(ps, &sq, &line))
			continue;
		double step = fmax(ceil(range / panel_points(ps)), min_step);
		double start = end - step * floor(range / step);
		double off = baseline > 0 ? baseline : step * floor(range / step);
		if (sq != ps->shadow_q)
			series_set_done(&ps->shadow); /* another line's */
		ps->shadow_off = off;
		ps->shadow_q = sq;
		view_submit(v, k, src, sq, SLOT_SHADOW, start - off, end - off, step, wall);
	}
	free(due);
}

void view_judging(struct view *v, int on)
{
	v->judging = on;
}

int view_wants_fetch(const struct view *v)
{
	return v->fetch.dropped > 0;
}

int view_pending(const struct view *v)
{
	int n = 0;
	for (size_t k = 0; k < v->n; k++) {
		for (size_t i = 0; i < PANEL_SLOTS * v->ps[k].p->nqueries; i++)
			n += v->ps[k].slots[i].pending;
		n += v->ps[k].head_slot.pending;
	}
	return n;
}

void view_touch(struct view *v)
{
	for (size_t k = 0; k < v->n; k++)
		v->ps[k].dirty = 1;
}

/* Draw one panel: frame, then its body, an error, or "no data". */
static void view_draw_panel(const struct view *v, size_t k, double wall)
{
	const struct panel_state *ps = &v->ps[k];
	const struct fetch_health *h = &ps->health;
	char note[320];
	int stale = h->error[0] != '\0';
	fetch_note(h, wall, note, sizeof note);
	double value, delta;
	panel_headline(ps, &value, &delta);
	enum level lvl = ps->p->type->level && !panel_first_hidden(ps)
			     ? panel_level(ps->p, value)
			     : LEVEL_NONE; /* a hidden figure's level would tell of it */
	struct detection d;
	enum level shift = panel_worst_shift(ps, &d); /* a change for the worse, by its size */
	struct frame_args fa = {
	    ps->p->title, note[0] ? note : NULL,	   shift > lvl ? shift : lvl, k == v->focus,
	    stale,	  shift != LEVEL_NONE ? d.sign : 0};
	struct rect in = frame_draw(ps->rect, &fa);
	if (in.h <= 0 || in.w <= 0)
		return;
	if (!panel_has_data(ps)) {
		message_draw(in, stale ? h->error : "no data", stale ? ST_BAD : ST_MUTED);
		return;
	}
	struct panel_draw_ctx ctx = {v->range};
	ps->p->type->draw(ps, in, &ctx);
}

void view_draw(struct view *v, int all, double wall)
{
	for (size_t k = 0; k < v->n; k++) {
		if (!(all || v->ps[k].dirty))
			continue;
		v->ps[k].dirty = 0;
		if (v->ps[k].rect.h >= 3 && v->ps[k].rect.w >= 4)
			view_draw_panel(v, k, wall);
	}
}

/* Horizontal centre of a rect, doubled to stay in integers. */
static int rect_mid2(struct rect r)
{
	return 2 * r.x + r.w;
}

void view_focus_move(struct view *v, int dx, int dy)
{
	const struct panel_state *cur = &v->ps[v->focus];
	size_t best = v->focus;
	long best_d = -1;
	for (size_t k = 0; k < v->n; k++) {
		const struct panel_state *ps = &v->ps[k];
		long drow = (long)ps->row - (long)cur->row;
		long dmid = rect_mid2(ps->rect) - rect_mid2(cur->rect);
		if (k == v->focus || ps->rect.h < 3)
			continue;
		if (dy != 0 && drow * dy <= 0)
			continue;
		if (dx != 0 && (drow != 0 || dmid * dx <= 0))
			continue;
		long d = dy != 0 ? labs(drow) * 100000 + labs(dmid) : labs(dmid);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = k;
		}
	}
	if (best != v->focus) {
		v->ps[v->focus].dirty = 1;
		v->ps[best].dirty = 1;
		v->focus = best;
	}
}

/* Fill buf with s's labels as name=value,... */
static void series_labels(const struct series *s, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < s->nlabels && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s=%s", i ? "," : "", s->labels[i].name,
				      s->labels[i].value);
}

/* The figures of one query of a panel: the point each of its series gives. */
static void query_figures(const struct view *v, const struct panel_state *ps, size_t q,
			  view_figure_fn fn, void *ctx)
{
	const struct panel *p = ps->p;
	const struct series_set *ss = &ps->total[q];
	const struct fetch_slot *slot = &ps->slots[PANEL_SLOTS * q + SLOT_TOTAL];
	struct template_vars tv = {v->range, slot->step, p->queries[q].group, NULL};
	char err[160], labels[256], text[48];
	char *promql = p->queries[q].promql
			   ? template_expand(p->queries[q].promql, &tv, err, sizeof err)
			   : NULL;
	unsigned char *marks = xcalloc(ss->n + 1, 1);
	panel_marks(ps, q, ss, marks);
	for (size_t i = 0; i < ss->n; i++) {
		double t = NAN, value, delta;
		series_last(&ss->items[i], &t);
		panel_figure(ps, &ss->items[i], panel_match(&ps->base[q], &ss->items[i]), &value,
			     &delta);
		series_labels(&ss->items[i], labels, sizeof labels);
		fmt_value(text, sizeof text, value, &p->queries[q].unit, p->queries[q].decimals);
		if (marks[i] != PRIVACY_SHOWN) {
			value = delta = NAN;
			privacy_text(text, sizeof text, marks[i], ps->floor);
		}
		double per = p->queries[q].per;
		struct view_figure f = {p->title, q,	  labels,
					t,	  value,  per > 0 ? per / slot->step : 1,
					text,	  promql, query_window(&p->queries[q], v->range),
					delta};
		fn(ctx, &f);
	}
	free(marks);
	free(promql);
}

/*
 * The entities of SLO panel k, each as the series of its good share now (the
 * first pair's long span), at the level its policy calls for.
 */
static void slo_series(const struct view *v, size_t k, view_series_fn fn, void *ctx)
{
	const struct panel_state *ps = &v->ps[k];
	const struct panel *p = ps->p;
	size_t now = p->slo->npairs ? p->slo_span[0][0] : p->slo_window;
	const struct series_set *ss = &ps->total[now];
	unsigned char *marks = xcalloc(ss->n + 1, 1);
	panel_marks(ps, now, ss, marks);
	for (size_t i = 0; i < ss->n; i++) {
		if (marks[i] != PRIVACY_SHOWN)
			continue;
		const struct series *s = &ss->items[i];
		struct slo_input in;
		kind_slo_input(ps, s, &in);
		struct slo_eval e;
		slo_evaluate(p->slo, &in, &e);
		struct view_series vs = {
		    .p = p,
		    .panel = k,
		    .query = now,
		    .windows = s,
		    .window = query_window(&p->queries[now], v->range),
		    .fetched = ps->health.fetched,
		    .stale = ps->health.error[0] != '\0',
		    .slo = &e,
		};
		panel_figure(ps, s, NULL, &vs.value, &vs.delta);
		vs.level = kind_slo_level(e.status);
		vs.shift_level = LEVEL_NONE;
		fn(ctx, &vs);
	}
	free(marks);
}

void view_each_series(const struct view *v, view_series_fn fn, void *ctx)
{
	for (size_t k = 0; k < v->n; k++) {
		const struct panel_state *ps = &v->ps[k];
		if (ps->p->slo) {
			slo_series(v, k, fn, ctx);
			continue;
		}
		for (size_t q = 0; q < ps->p->nqueries; q++) {
			const struct series_set *ss = &ps->total[q];
			unsigned char *marks = xcalloc(ss->n + 1, 1);
			panel_marks(ps, q, ss, marks);
			for (size_t i = 0; i < ss->n; i++) {
				if (marks[i] != PRIVACY_SHOWN)
					continue; /* never listed, never compared */
				const struct series *s = &ss->items[i];
				struct view_series vs = {
				    .p = ps->p,
				    .panel = k,
				    .query = q,
				    .trend = panel_match(&ps->trend[q], s),
				    .judge = panel_match(&ps->judge[q], s),
				    .windows = s,
				    .window = query_window(&ps->p->queries[q], v->range),
				    .fetched = ps->health.fetched,
				    .stale = ps->health.error[0] != '\0',
				};
				panel_figure(ps, s, panel_match(&ps->base[q], s), &vs.value,
					     &vs.delta);
				vs.level = query_level(&ps->p->queries[q], vs.value);
				vs.shift_level = panel_shift(ps->p, q, vs.judge, &vs.shift);
				fn(ctx, &vs);
			}
			free(marks);
		}
	}
}

void view_figures(const struct view *v, view_figure_fn fn, void *ctx)
{
	for (size_t k = 0; k < v->n; k++)
		for (size_t q = 0; q < v->ps[k].p->nqueries; q++)
			query_figures(v, &v->ps[k], q, fn, ctx);
}

size_t view_panel_count(const struct view *v)
{
	return v->n;
}

struct rect view_panel_rect(const struct view *v, size_t k)
{
	return v->ps[k].rect;
}

const struct panel *view_panel(const struct view *v, size_t k)
{
	return v->ps[k].p;
}

const char *view_panel_title(const struct view *v, size_t k)
{
	return v->ps[k].p->title;
}

const char *view_panel_error(const struct view *v, size_t k)
{
	return v->ps[k].health.error;
}

size_t view_focus(const struct view *v)
{
	return v->focus;
}

void view_focus_set(struct view *v, size_t k)
{
	if (k < v->n && k != v->focus) {
		v->ps[v->focus].dirty = v->ps[k].dirty = 1;
		v->focus = k;
	}
}

int view_errors(const struct view *v)
{
	int n = 0;
	for (size_t k = 0; k < v->n; k++)
		n += v->ps[k].health.error[0] != '\0';
	return n;
}

double view_oldest(const struct view *v)
{
	double oldest = 0;
	for (size_t k = 0; k < v->n; k++)
		if (v->ps[k].health.fetched > 0 &&
		    (oldest == 0 || v->ps[k].health.fetched < oldest))
			oldest = v->ps[k].health.fetched;
	return oldest;
}
