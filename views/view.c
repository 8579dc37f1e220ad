/* view.c: a dashboard's panels, their data, their places, and their drawing. */
#include "views/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "views/privacy.h"
#include "views/template.h"

/* Retries after failures wait this long at most. */
#define BACKOFF_MAX 300.0

struct view;
struct panel_state;

/*
 * One of a panel's data sets in flight: the context of its request. At most
 * one request per slot is out at a time, so a hung server cannot pile them up.
 */
/* What a slot fetches. */
enum slot_kind {
	SLOT_TREND, /* a query over the range, a point per cell or so */
	SLOT_TOTAL, /* REDUCE_RANGE: the query over the last two whole ranges */
	SLOT_HEADS, /* privacy panels: the people of each cohort of the first query */
};

struct fetch_slot {
	struct view *v;
	struct panel_state *ps;
	size_t query;
	enum slot_kind kind;
	unsigned epoch;   /* the view's epoch when sent: answers from an older one are dropped */
	double step;
	double wall;
	int pending;
};

/* What a panel holds between refreshes. */
struct panel_state {
	const struct panel *p;
	size_t row;              /* index of its row in the dashboard */
	struct series_set *trend; /* per query: the KPI over the range, one point per cell or so */
	struct series_set *total; /* per query, REDUCE_RANGE only: the last two whole ranges */
	struct fetch_slot *slots; /* per query, trend then total: 2 * nqueries */
	struct series_set heads;  /* privacy panels: the people of each cohort of the first query */
	struct fetch_slot head_slot;
	int floor;               /* the privacy floor, for privacy panels */
	int heads_failed;        /* the last ask for heads failed: its error stays */
	char error[160];         /* the last fetch's failure, "" when it worked */
	char warning[96];        /* what the engine warned of with its last answer, or "" */
	double fetched;          /* wall time of the last good data, 0 for none */
	int failures;            /* failed fetches in a row, for the backoff */
	double retry_at;         /* wall time before which a failed panel is not asked again */
	struct rect rect;
	int dirty;
};

struct view {
	const struct dashboard *d;
	struct panel_state *ps;
	size_t n;
	size_t focus;
	double range;
	double fetched_end; /* the end of the last fetch, NAN after a layout: steps follow widths */
	unsigned epoch;     /* bumped when the range or layout changes what a query means */
	int want_fetch;     /* an answer was dropped as out of date: fetch again soon */
	unsigned seed;      /* for the jitter of retries */
	int floor;          /* the privacy floor */
};

struct view *view_new(const struct dashboard *d, int floor)
{
	struct view *v = xcalloc(1, sizeof *v);
	v->d = d;
	v->floor = floor;
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
			ps->slots = xcalloc(2 * ps->p->nqueries, sizeof *ps->slots);
			for (size_t q = 0; q < ps->p->nqueries; q++) {
				series_set_init(&ps->trend[q]);
				series_set_init(&ps->total[q]);
				for (int t = 0; t < 2; t++)
					ps->slots[2 * q + (size_t)t] =
						(struct fetch_slot){v, ps, q, (enum slot_kind)t, 0, 0, 0, 0};
			}
			series_set_init(&ps->heads);
			ps->floor = floor;
			ps->head_slot = (struct fetch_slot){v, ps, 0, SLOT_HEADS, 0, 0, 0, 0};
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
		}
		series_set_done(&v->ps[k].heads);
		free(v->ps[k].trend);
		free(v->ps[k].total);
		free(v->ps[k].slots);
	}
	free(v->ps);
	free(v);
}

const struct dashboard *view_dashboard(const struct view *v)
{
	return v->d;
}

/* Heights of the rows for h lines: minimums, spare lines by grow weight; when short, scaled down. */
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
	v->fetched_end = NAN;
	v->epoch++;
	v->want_fetch = 1; /* steps follow widths: what the panels hold no longer fits */
}

/* Points a panel wants across its width: two per cell for Braille charts, one for sparklines. */
static int panel_points(const struct panel_state *ps)
{
	int w = ps->rect.w - 2;
	switch (ps->p->kind) {
	case PANEL_TIMESERIES:
		w = (w - 8) * 2;
		break;
	case PANEL_HEATMAP:
		w -= 14; /* a cell a point, beside the names */
		break;
	case PANEL_STAT:
	case PANEL_BIGNUM:
		break;
	default:
		w = 24;
	}
	if (w < 8)
		w = 8;
	return w > 600 ? 600 : w;
}

/* A failed fetch: say why on the panel and wait longer before the next try (with jitter). */
static void view_failed(struct fetch_slot *slot, const char *err)
{
	struct panel_state *ps = slot->ps;
	char why[160];
	int heads = slot->kind == SLOT_HEADS;
	snprintf(why, sizeof why, "%s%s", heads ? "people per cohort unknown: " : "", err);
	ps->heads_failed = heads || ps->heads_failed;
	if (strcmp(ps->error, why) != 0) {
		snprintf(ps->error, sizeof ps->error, "%s", why);
		ps->dirty = 1;
	}
	if (ps->failures < 16)
		ps->failures++;
	double wait = fmin(BACKOFF_MAX, 2.0 * pow(2.0, ps->failures - 1));
	slot->v->seed = slot->v->seed * 1103515245u + 12345u;
	double jitter = 0.5 + 0.5 * (double)(slot->v->seed >> 16 & 0x7fff) / 0x7fff;
	ps->retry_at = slot->wall + wait * jitter;
}

/* Take an answer: keep it if it differs from what the panel has; record errors. */
static void view_answer(void *vslot, enum kpi_status st, struct series_set *result,
			const char *err)
{
	struct fetch_slot *slot = vslot;
	struct panel_state *ps = slot->ps;
	slot->pending = 0;
	if (slot->epoch != slot->v->epoch) {
		slot->v->want_fetch = 1; /* asked under another range or layout */
		return;
	}
	if (st != KPI_OK) {
		view_failed(slot, err);
		return;
	}
	struct series_set *dst = slot->kind == SLOT_HEADS   ? &ps->heads
				 : slot->kind == SLOT_TOTAL ? &ps->total[slot->query]
							    : &ps->trend[slot->query];
	double per = slot->kind == SLOT_HEADS ? 0 : ps->p->queries[slot->query].per;
	for (size_t i = 0; per > 0 && i < result->n; i++)
		for (size_t j = 0; j < result->items[i].n; j++)
			result->items[i].v[j] *= per / slot->step;
	if (!series_set_equal(dst, result)) {
		series_set_move(dst, result);
		ps->dirty = 1;
	}
	if (slot->kind == SLOT_HEADS)
		ps->heads_failed = 0;
	if (ps->error[0] && !ps->heads_failed) { /* cohorts hidden for want of heads say why */
		ps->error[0] = '\0';
		ps->dirty = 1;
	}
	if (strncmp(ps->warning, err, sizeof ps->warning - 1) != 0) {
		snprintf(ps->warning, sizeof ps->warning, "%s", err); /* "" clears it */
		ps->dirty = 1;
	}
	ps->failures = 0;
	ps->retry_at = 0;
	ps->fetched = slot->wall;
}

/*
 * Submit one query of a panel unless the last one is still out: its trend,
 * its whole ranges, or the people of its first query's cohorts.
 */
static void view_submit(struct view *v, struct panel_state *ps, struct source *src, size_t qi,
			enum slot_kind kind, double start, double end, double step, double wall)
{
	int heads = kind == SLOT_HEADS;
	struct fetch_slot *slot = heads ? &ps->head_slot : &ps->slots[2 * qi + (size_t)kind];
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
	struct kpi_query q = {pq->kpi,	start, end, step, group, filter,
			      nf,	promql, pq->url ? &pq->foreign : NULL};
	*slot = (struct fetch_slot){v, ps, qi, kind, v->epoch, step, wall, 1};
	source_submit(src, &q, view_answer, slot);
	free(promql);
}

void view_fetch(struct view *v, struct source *src, double end, double range, double wall)
{
	if (v->range != range) {
		v->range = range;
		v->fetched_end = NAN;
		v->epoch++;
		view_touch(v);
	}
	v->want_fetch = 0;
	/* a pure source answers the same questions the same way: only foreign APIs are asked */
	int same = source_pure(src) && end == v->fetched_end;
	int reshaped = isnan(v->fetched_end); /* a new range or layout: every panel is due */
	v->fetched_end = end;
	double min_step = source_min_step(src);
	for (size_t k = 0; k < v->n; k++) {
		struct panel_state *ps = &v->ps[k];
		if (ps->error[0])
			ps->dirty = 1; /* its "stale 3m" grows */
		if (wall < ps->retry_at)
			continue;
		if (ps->p->refresh > 0 && ps->fetched > 0 && !ps->error[0] &&
		    wall - ps->fetched < ps->p->refresh && !reshaped)
			continue; /* a slow panel: its own refresh is not due (a new range or layout is) */
		double step = fmax(ceil(range / panel_points(ps)), min_step);
		double start = end - step * floor(range / step); /* so that the last point is at end */
		for (size_t q = 0; q < ps->p->nqueries; q++) {
			if (same && ps->p->queries[q].url == NULL) {
				if (ps->error[0] == '\0')
					ps->fetched = wall; /* what it has is current */
				continue;
			}
			view_submit(v, ps, src, q, SLOT_TREND, start, end, step, wall);
			if (ps->p->reduce == REDUCE_RANGE)
				view_submit(v, ps, src, q, SLOT_TOTAL, end - 2 * range, end, range,
					    wall);
		}
		if (ps->p->privacy && !same)
			view_submit(v, ps, src, 0, SLOT_HEADS, end - step, end, step, wall);
	}
}

int view_wants_fetch(const struct view *v)
{
	return v->want_fetch;
}

int view_pending(const struct view *v)
{
	int n = 0;
	for (size_t k = 0; k < v->n; k++) {
		for (size_t i = 0; i < 2 * v->ps[k].p->nqueries; i++)
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

/* The first series of a panel's first query, or NULL. */
static const struct series *panel_first(const struct series_set *ss)
{
	return ss->n ? &ss->items[0] : NULL;
}

/* A figure and its change for series s (trend) and t (whole ranges) by the panel's reduce rule. */
static void panel_figure(const struct panel *p, const struct series *s, const struct series *t,
			 double *value, double *delta)
{
	*value = *delta = NAN;
	if (p->reduce == REDUCE_RANGE && t && t->n >= 1) {
		*value = t->v[t->n - 1]; /* without the range before: no change */
		*delta = t->n >= 2 ? *value - t->v[t->n - 2] : NAN;
	} else if (p->reduce == REDUCE_LAST && s) {
		*value = series_last(s, NULL);
		*delta = *value - series_first(s);
	}
}

/* Fill buf with a series' name: the legend template, else its labels, else the KPI id. */
static void series_name(const struct panel_query *q, const struct series *s, char *buf,
			size_t len)
{
	if (q->legend == NULL) {
		const char *g = q->group ? series_label(s, q->group) : NULL;
		const char *l = q->url ? series_label(s, q->foreign.label_name ? q->foreign.label_name
									     : "series")
				       : NULL;
		snprintf(buf, len, "%s", g ? g : l ? l : q->kpi ? q->kpi : "value");
		return;
	}
	size_t o = 0;
	for (const char *p = q->legend; *p && o + 1 < len;) {
		const char *close;
		if (p[0] == '{' && p[1] == '{' && (close = strstr(p, "}}")) != NULL) {
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(close - p - 2), p + 2);
			const char *val = series_label(s, name);
			o += (size_t)snprintf(buf + o, len - o, "%s", val ? val : "");
			p = close + 2;
		} else {
			buf[o++] = *p++;
		}
	}
	buf[o < len ? o : len - 1] = '\0';
}

/*
 * Which series of ss (query q's answer) the privacy floor hides, into marks
 * (enum privacy_mark, one a series): on a privacy panel, a cohort whose people
 * are under the floor or unknown, and what covers it; else none.
 */
static void panel_marks(const struct panel_state *ps, size_t q, const struct series_set *ss,
			unsigned char *marks)
{
	memset(marks, PRIVACY_SHOWN, ss->n);
	if (!ps->p->privacy || ss->n == 0)
		return;
	const char *group = ps->p->queries[q].group;
	const char *head_group = ps->p->queries[0].group; /* the cohorts the heads were counted by */
	double *people = xcalloc(ss->n, sizeof *people);
	for (size_t i = 0; i < ss->n; i++) {
		const char *name = group ? series_label(&ss->items[i], group) : NULL;
		people[i] = NAN;
		for (size_t h = 0; h < ps->heads.n && isnan(people[i]); h++) {
			const char *hn = head_group ? series_label(&ps->heads.items[h], head_group) : NULL;
			int same_cohorts = (group == NULL) == (head_group == NULL) &&
					   (group == NULL || strcmp(group, head_group) == 0);
			if (same_cohorts && (group == NULL || (name && hn && strcmp(name, hn) == 0)))
				people[i] = series_last(&ps->heads.items[h], NULL);
		}
	}
	if (group)
		privacy_mark(people, ss->n, ps->floor, marks);
	else
		for (size_t i = 0; i < ss->n; i++)
			marks[i] = privacy_ok(people[i], ps->floor) ? PRIVACY_SHOWN : PRIVACY_SMALL;
	free(people);
}

/* Whether the privacy floor hides the first series of a panel's first query (stats, gauges). */
static int panel_first_hidden(const struct panel_state *ps)
{
	const struct series_set *ss = ps->p->reduce == REDUCE_RANGE ? &ps->total[0] : &ps->trend[0];
	if (!ps->p->privacy)
		return 0;
	if (ss->n == 0)
		return 1;
	unsigned char *marks = xcalloc(ss->n, 1);
	panel_marks(ps, 0, ss, marks);
	int hidden = marks[0] != PRIVACY_SHOWN;
	free(marks);
	return hidden;
}

/* Draw a stat or bignum panel body. */
static void draw_stat(const struct panel_state *ps, struct rect r)
{
	const struct panel *p = ps->p;
	const struct series *s = panel_first(&ps->trend[0]);
	double value, delta;
	if (panel_first_hidden(ps)) {
		char why[64];
		privacy_text(why, sizeof why, PRIVACY_SMALL, ps->floor);
		message_draw(r, why, ST_MUTED);
		return;
	}
	panel_figure(p, s, panel_first(&ps->total[0]), &value, &delta);
	char caption[64] = "";
	char tbuf[32];
	if (!isnan(p->target)) {
		fmt_value(tbuf, sizeof tbuf, p->target, &p->unit, p->decimals);
		snprintf(caption, sizeof caption, "target %s", tbuf);
	}
	struct stat_args a = {value, delta, &p->unit, p->decimals, p->direction,
			      panel_level(p, value), s ? s->v : NULL, s ? s->n : 0,
			      caption[0] ? caption : NULL};
	if (p->kind == PANEL_BIGNUM)
		bignum_draw(r, &a);
	else
		stat_draw(r, &a);
}

/* Draw a time-series panel body: every series of every query as a line. */
static void draw_timeseries(const struct panel_state *ps, struct rect r, double range)
{
	const struct panel *p = ps->p;
	struct chart_line lines[32];
	char names[32][48];
	size_t n = 0;
	double t1 = 0;
	for (size_t q = 0; q < p->nqueries; q++) {
		unsigned char *marks = xcalloc(ps->trend[q].n + 1, 1);
		panel_marks(ps, q, &ps->trend[q], marks);
		for (size_t i = 0; i < ps->trend[q].n && n < 32; i++) {
			const struct series *s = &ps->trend[q].items[i];
			if (marks[i] != PRIVACY_SHOWN)
				continue; /* a hidden cohort draws no line */
			series_name(&p->queries[q], s, names[n], sizeof names[n]);
			lines[n] = (struct chart_line){s->t, s->v, s->n, names[n]};
			n++;
			if (s->n && s->t[s->n - 1] > t1)
				t1 = s->t[s->n - 1];
		}
		free(marks);
	}
	struct chart_args a = {lines, n, t1 - range, t1, &p->unit, p->decimals,
			       p->ref, p->min, p->max, n > 1};
	chart_draw(r, &a);
}

/* One bar or table row per series: its name, figure and change. */
struct item {
	char name[48];
	double value, delta;
	double key; /* what tables sort by */
	unsigned char mark; /* enum privacy_mark: hidden items have no figures */
};

/* Collect a panel's series as items, in query then label order. */
static size_t panel_items(const struct panel_state *ps, struct item *items, size_t max)
{
	const struct panel *p = ps->p;
	size_t n = 0;
	for (size_t q = 0; q < p->nqueries; q++) {
		const struct series_set *ss = p->reduce == REDUCE_RANGE ? &ps->total[q] : &ps->trend[q];
		unsigned char *marks = xcalloc(ss->n + 1, 1);
		panel_marks(ps, q, ss, marks);
		for (size_t i = 0; i < ss->n && n < max; i++, n++) {
			const struct series *s = &ss->items[i];
			series_name(&p->queries[q], s, items[n].name, sizeof items[n].name);
			panel_figure(p, p->reduce == REDUCE_LAST ? s : NULL,
				     p->reduce == REDUCE_RANGE ? s : NULL, &items[n].value,
				     &items[n].delta);
			items[n].mark = marks[i];
			if (marks[i] != PRIVACY_SHOWN)
				items[n].value = items[n].delta = NAN;
		}
		free(marks);
	}
	return n;
}

/* Draw a bar panel body. */
static void draw_bar(const struct panel_state *ps, struct rect r)
{
	struct item items[64];
	struct bar_item bars[64];
	size_t n = panel_items(ps, items, 64);
	for (size_t i = 0; i < n; i++) {
		if (items[i].mark != PRIVACY_SHOWN)
			snprintf(items[i].name + strnlen(items[i].name, sizeof items[i].name - 14),
				 14, " (suppressed)");
		bars[i] = (struct bar_item){items[i].name, items[i].value,
					    panel_level(ps->p, items[i].value)};
	}
	struct bar_args a = {bars, n, &ps->p->unit, ps->p->decimals, ps->p->max, ps->p->ref};
	bar_draw(r, &a);
}

/* Draw a gauge panel body from the first series. */
static void draw_gauge(const struct panel_state *ps, struct rect r)
{
	const struct panel *p = ps->p;
	double value, delta;
	if (panel_first_hidden(ps)) {
		char why[64];
		privacy_text(why, sizeof why, PRIVACY_SMALL, ps->floor);
		message_draw(r, why, ST_MUTED);
		return;
	}
	panel_figure(p, panel_first(&ps->trend[0]), panel_first(&ps->total[0]), &value, &delta);
	int ratio = p->unit.kind == UNIT_RATIO;
	struct gauge_args a = {value,
			       isnan(p->min) ? 0 : p->min,
			       isnan(p->max) ? (ratio ? 1 : 100) : p->max,
			       p->target,
			       &p->unit,
			       p->decimals,
			       panel_level(p, value),
			       NULL};
	gauge_draw(r, &a);
}

/* Order items by key, smallest first, NaN last. */
static int item_cmp(const void *a, const void *b)
{
	double x = ((const struct item *)a)->key, y = ((const struct item *)b)->key;
	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	return (x > y) - (x < y);
}

/* Draw a table panel body: name, value, change; the worst first (the largest when neither way is good). */
static void draw_table(const struct panel_state *ps, struct rect r)
{
	const struct panel *p = ps->p;
	struct item items[64];
	size_t n = panel_items(ps, items, 64);
	for (size_t i = 0; i < n; i++)
		items[i].key = p->direction > 0 ? items[i].value : -items[i].value;
	qsort(items, n, sizeof *items, item_cmp);
	char text[64][2][40];
	struct table_cell cells[64 * 3];
	for (size_t i = 0; i < n; i++) {
		fmt_value(text[i][0], sizeof text[i][0], items[i].value, &p->unit, p->decimals);
		fmt_delta(text[i][1], sizeof text[i][1], items[i].delta, &p->unit, p->decimals);
		enum level l = panel_level(p, items[i].value);
		cells[i * 3] = (struct table_cell){.text = items[i].name, .style = ST_NORMAL};
		cells[i * 3 + 1] = (struct table_cell){.text = text[i][0], .style = level_style(l)};
		cells[i * 3 + 2] = (struct table_cell){.text = text[i][1], .style = ST_MUTED};
		if (items[i].mark != PRIVACY_SHOWN) {
			privacy_text(text[i][0], sizeof text[i][0], items[i].mark, ps->floor);
			cells[i * 3 + 1] = (struct table_cell){.text = text[i][0], .style = ST_MUTED,
							       .span = 2};
		}
	}
	const char *group = p->queries[0].group;
	int hidden = 0;
	for (size_t i = 0; i < n; i++)
		hidden |= items[i].mark != PRIVACY_SHOWN;
	/* room for "suppressed (< 5 people)" across value and change when a row says it */
	struct table_col cols[] = {{group ? group : "series", 0, 0}, {"value", hidden ? 13 : 8, 1},
				   {"change", 8, 1}};
	struct table_args a = {.cols = cols, .ncols = 3, .cells = cells, .nrows = n, .selected = -1};
	table_draw(r, &a);
}

/* Draw a heatmap panel body: every series of every query a row, its points the columns. */
static void draw_heatmap(const struct panel_state *ps, struct rect r)
{
	const struct panel *p = ps->p;
	const char *names[64];
	const double *values[64];
	size_t counts[64];
	char buf[64][48];
	size_t n = 0;
	for (size_t q = 0; q < p->nqueries; q++) {
		unsigned char *marks = xcalloc(ps->trend[q].n + 1, 1);
		panel_marks(ps, q, &ps->trend[q], marks);
		for (size_t i = 0; i < ps->trend[q].n && n < 64; i++, n++) {
			const struct series *s = &ps->trend[q].items[i];
			series_name(&p->queries[q], s, buf[n], sizeof buf[n]);
			if (marks[i] != PRIVACY_SHOWN)
				snprintf(buf[n] + strnlen(buf[n], sizeof buf[n] - 14), 14, " (suppressed)");
			names[n] = buf[n];
			values[n] = marks[i] == PRIVACY_SHOWN ? s->v : NULL;
			counts[n] = marks[i] == PRIVACY_SHOWN ? s->n : 0;
		}
		free(marks);
	}
	struct heatmap_args a = {names, values, counts, n, p->min, p->max, &p->unit, p->decimals,
				 p->direction};
	heatmap_draw(r, &a);
}

/* Whether any query of the panel has data. */
static int panel_has_data(const struct panel_state *ps)
{
	for (size_t q = 0; q < ps->p->nqueries; q++)
		if (ps->trend[q].n || ps->total[q].n)
			return 1;
	return 0;
}

/* Draw one panel: frame, then its body, an error, or "no data". */
static void view_draw_panel(const struct view *v, size_t k, double wall)
{
	const struct panel_state *ps = &v->ps[k];
	char note[320] = "";
	int stale = ps->error[0] != '\0';
	if (stale && ps->fetched > 0) {
		char age[24];
		double secs = floor(wall - ps->fetched);
		if (secs < 60) /* whole seconds: a note that changes less often */
			snprintf(age, sizeof age, "%.0fs", secs);
		else
			fmt_duration(age, sizeof age, secs);
		snprintf(note, sizeof note, "stale %s: %s", age, ps->error);
	} else if (ps->warning[0]) {
		snprintf(note, sizeof note, "warning: %s", ps->warning);
	}
	double value, delta;
	panel_figure(ps->p, panel_first(&ps->trend[0]), panel_first(&ps->total[0]), &value, &delta);
	enum level lvl = (ps->p->kind == PANEL_STAT || ps->p->kind == PANEL_BIGNUM ||
			  ps->p->kind == PANEL_GAUGE) && !panel_first_hidden(ps)
			     ? panel_level(ps->p, value)
			     : LEVEL_NONE; /* a hidden figure's level would tell of it */
	struct frame_args fa = {ps->p->title, note[0] ? note : NULL, lvl, k == v->focus, stale};
	struct rect in = frame_draw(ps->rect, &fa);
	if (in.h <= 0 || in.w <= 0)
		return;
	if (!panel_has_data(ps)) {
		message_draw(in, stale ? ps->error : "no data", stale ? ST_BAD : ST_MUTED);
		return;
	}
	switch (ps->p->kind) {
	case PANEL_STAT:
	case PANEL_BIGNUM:
		draw_stat(ps, in);
		break;
	case PANEL_TIMESERIES:
		draw_timeseries(ps, in, v->range);
		break;
	case PANEL_BAR:
		draw_bar(ps, in);
		break;
	case PANEL_GAUGE:
		draw_gauge(ps, in);
		break;
	case PANEL_TABLE:
		draw_table(ps, in);
		break;
	case PANEL_HEATMAP:
		draw_heatmap(ps, in);
		break;
	}
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
	int total = p->reduce == REDUCE_RANGE;
	const struct series_set *ss = total ? &ps->total[q] : &ps->trend[q];
	const struct fetch_slot *slot = &ps->slots[2 * q + (size_t)total];
	struct template_vars tv = {v->range, slot->step, p->queries[q].group, NULL};
	char err[160], labels[256], text[48];
	char *promql = p->queries[q].promql ? template_expand(p->queries[q].promql, &tv, err,
							       sizeof err)
					    : NULL;
	unsigned char *marks = xcalloc(ss->n + 1, 1);
	panel_marks(ps, q, ss, marks);
	for (size_t i = 0; i < ss->n; i++) {
		double t = NAN;
		double value = series_last(&ss->items[i], &t);
		series_labels(&ss->items[i], labels, sizeof labels);
		fmt_value(text, sizeof text, value, &p->unit, p->decimals);
		if (marks[i] != PRIVACY_SHOWN) {
			value = NAN;
			privacy_text(text, sizeof text, marks[i], ps->floor);
		}
		double per = p->queries[q].per;
		struct view_figure f = {p->title, q, labels, t, value,
					per > 0 ? per / slot->step : 1, text, promql};
		fn(ctx, &f);
	}
	free(marks);
	free(promql);
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
	return v->ps[k].error;
}

size_t view_focus(const struct view *v)
{
	return v->focus;
}

int view_errors(const struct view *v)
{
	int n = 0;
	for (size_t k = 0; k < v->n; k++)
		n += v->ps[k].error[0] != '\0';
	return n;
}

double view_oldest(const struct view *v)
{
	double oldest = 0;
	for (size_t k = 0; k < v->n; k++)
		if (v->ps[k].fetched > 0 && (oldest == 0 || v->ps[k].fetched < oldest))
			oldest = v->ps[k].fetched;
	return oldest;
}
