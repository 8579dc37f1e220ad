/* changes.c: the what-changed list: threshold breaches and detected shifts, worst first. */
#include "views/changes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/format.h"
#include "util/xalloc.h"
#include "views/panel.h"

/* What one pass over a view needs beside the list. */
struct pass {
	struct changes *c;
	size_t view;
};

/* Fill buf with s's labels as name=value,... */
static void labels_text(const struct series *s, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; s && i < s->nlabels && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s=%s", i ? "," : "", s->labels[i].name,
				      s->labels[i].value);
}

/*
 * When the figure's level began: walking its points back from their end while
 * each point is at least as bad, the time of the first (NaN when the trend
 * does not show it); *from gets that point's index, and *normal the mean of
 * the points before it (NaN with fewer than 3: it was always so).
 */
static double level_since(const struct view_series *vs, enum level level, size_t *from,
			  double *normal)
{
	/* the detectors' points, the same at any width; the trend only while they are out */
	const struct series *t = vs->judge && vs->judge->n ? vs->judge : vs->trend;
	const struct panel_query *q = &vs->p->queries[vs->query];
	double since = NAN;
	if (query_per_step(q)) { /* its points are counts per step: nothing to read in them */
		*normal = NAN;
		*from = 1;
		return NAN;
	}
	size_t i = t ? t->n : 0, first = i;
	while (i > 0 && isnan(t->v[i - 1]))
		i--;
	for (; i > 0; i--) {
		double v = t->v[i - 1];
		if (isnan(v))
			continue; /* a gap does not end a run */
		if (query_level(q, v) < level)
			break;
		since = t->t[i - 1];
		first = i - 1;
	}
	double sum = 0;
	size_t n = 0;
	for (size_t k = 0; t && k < first && k < t->n; k++)
		if (!isnan(t->v[k])) {
			sum += t->v[k];
			n++;
		}
	*normal = n >= 3 ? sum / (double)n : NAN;
	*from = first;
	return since;
}

void change_title(const struct change *e, char *buf, size_t len)
{
	if (e->kinds & CHANGE_SLO) { /* what its burn calls for, not a span's column */
		snprintf(buf, len, "%s / %s", e->p->title,
			 e->level == LEVEL_BAD ? "page" : "ticket");
		return;
	}
	const struct panel_query *q = &e->p->queries[e->query];
	/* which of several lines: a column's name, or a fixed legend ("p99", not "{{team}}") */
	const char *col = q->column;
	if (col == NULL && e->p->nqueries > 1 && q->legend && !strchr(q->legend, '{'))
		col = q->legend;
	snprintf(buf, len, "%s%s%s", e->p->title, col ? " / " : "", col ? col : "");
}

void change_window(const struct change *e, char *buf, size_t len)
{
	if (e->kinds == CHANGE_SHIFT)
		fmt_duration(buf, len, e->window); /* the time since it changed: "4h42m" */
	else if (e->p->queries[e->query].window == WINDOW_NOW)
		snprintf(buf, len, "now");
	else
		fmt_range(buf, len, e->window);
}

void change_kinds_text(const struct change *e, char *buf, size_t len)
{
	static const char *const names[] = {"threshold", "shift", "slo"};
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < 3 && o < len; i++)
		if (e->kinds & (1u << i))
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? "," : "", names[i]);
}

/* The same figure on two views (one KPI, one window, one cohort): the list names it once. */
static int change_same(const struct change *a, const struct change *b)
{
	const struct panel_query *x = &a->p->queries[a->query], *y = &b->p->queries[b->query];
	const char *kx = x->promql ? x->promql : x->kpi, *ky = y->promql ? y->promql : y->kpi;
	return kx && ky && strcmp(kx, ky) == 0 && a->window == b->window && x->nfilter == 0 &&
	       y->nfilter == 0 && strcmp(a->series, b->series) == 0;
}

/* How far past its bad threshold (or warn) a figure is, relative to the threshold. */
static double past(const struct panel_query *q, double v, enum level level)
{
	double th = level == LEVEL_BAD ? q->bad : q->warn;
	double d = fabs(v - th) / fmax(fabs(th), 1e-9);
	return (level == LEVEL_BAD ? 10 : 1) * (1 + d);
}

/* How far a detected change has moved from normal, relative to normal, on past()'s scale. */
static double moved(const struct detection *d, enum level level)
{
	double rel = fabs(d->now - d->normal) / fmax(fabs(d->normal), 1e-9);
	return (level == LEVEL_BAD ? 10 : 1) * (1 + rel);
}

/* The entry's cohort as a drill path: its series' labels (path_cut when one does not fit). */
static void change_path(struct change *e, const struct view_series *vs)
{
	for (size_t i = 0; vs->windows && i < vs->windows->nlabels; i++) {
		const struct label *l = &vs->windows->labels[i];
		if (e->npath == CHANGE_MAX_PATH || strlen(l->name) >= sizeof e->path[0].name ||
		    strlen(l->value) >= sizeof e->path[0].value) {
			e->path_cut = 1; /* the cohort cannot be named whole: no drivers */
			break;
		}
		snprintf(e->path[e->npath].name, sizeof e->path[0].name, "%s", l->name);
		snprintf(e->path[e->npath].value, sizeof e->path[0].value, "%s", l->value);
		e->npath++;
	}
}

/*
 * An SLO's entity whose burn calls for a page or a ticket: its good share now
 * against the objective, worst first by how fast the fastest calling pair burns.
 */
static void pass_slo(struct pass *ps, const struct view_series *vs)
{
	const struct slo_params *sp = vs->p->slo;
	const struct slo_eval *e = vs->slo;
	struct changes *c = ps->c;
	xgrow(&c->items, &c->cap, c->n + 1, sizeof *c->items);
	struct change *x = &c->items[c->n++];
	double burn = e->pair >= 0 ? e->burn[e->pair][0] / sp->pairs[e->pair].factor : 1;
	*x = (struct change){
	    .level = vs->level,
	    .kinds = CHANGE_SLO,
	    .view = ps->view,
	    .panel = vs->panel,
	    .query = vs->query,
	    .p = vs->p,
	    .now = vs->value,
	    .normal = sp->objective,
	    .since = NAN,
	    .window = vs->window,
	    .score = (vs->level == LEVEL_BAD ? 10 : 1) * (1 + burn),
	};
	labels_text(vs->windows, x->series, sizeof x->series);
	change_path(x, vs);
}

/*
 * One series of a view: an entry when its figure is past a threshold, or its
 * trend has changed for the worse (a detection), or both.
 */
static void pass_series(void *ctx, const struct view_series *vs)
{
	struct pass *ps = ctx;
	int breach = vs->level >= LEVEL_WARN, shift = vs->shift_level >= LEVEL_WARN;
	if (vs->stale || !(breach || shift))
		return; /* a stale figure is not news of now */
	const struct panel_query *q = &vs->p->queries[vs->query];
	struct changes *c = ps->c;
	if (vs->slo) {
		pass_slo(ps, vs);
		return;
	}
	xgrow(&c->items, &c->cap, c->n + 1, sizeof *c->items);
	struct change *e = &c->items[c->n++];
	enum level level = breach && vs->level > vs->shift_level ? vs->level : vs->shift_level;
	*e = (struct change){
	    .level = level,
	    .kinds = (breach ? CHANGE_THRESHOLD : 0u) | (shift ? CHANGE_SHIFT : 0u),
	    .view = ps->view,
	    .panel = vs->panel,
	    .query = vs->query,
	    .p = vs->p,
	    .now = vs->value,
	    .window = vs->window,
	    .score = breach ? past(q, vs->value, vs->level) : 0,
	};
	size_t from;
	e->since = level_since(vs, breach ? vs->level : LEVEL_WARN, &from, &e->normal);
	e->all_range = breach && !isnan(e->since) && from == 0;
	if (shift) { /* the detectors tell better when it began and what was normal */
		e->since = vs->shift.since;
		e->normal = vs->shift.normal;
		e->all_range = 0;
		e->score = fmax(e->score, moved(&vs->shift, level));
		const struct series *t = vs->judge;
		/* alone, it reads as its level since it changed, not a window half before */
		if (!breach && t && t->n) {
			e->now = vs->shift.now;
			e->window = t->t[t->n - 1] - vs->shift.since;
		}
	}
	labels_text(vs->windows, e->series, sizeof e->series);
	change_path(e, vs);
	for (size_t i = 0; i + 1 < c->n; i++)
		if (change_same(&c->items[i], e)) {
			c->n--; /* listed already, from an earlier view */
			return;
		}
}

/*
 * Worst first: bad before warnings; within a level what began within the
 * range before what has been so all along, then the farthest from normal.
 */
static int change_cmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	if (x->level != y->level)
		return (int)y->level - (int)x->level;
	if (x->all_range != y->all_range)
		return x->all_range - y->all_range;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->view != y->view)
		return x->view < y->view ? -1 : 1;
	if (x->panel != y->panel)
		return x->panel < y->panel ? -1 : 1;
	return strcmp(x->series, y->series);
}

void changes_build(struct changes *c, struct view *const *views, size_t n)
{
	c->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct pass ps = {c, i};
		view_each_series(views[i], pass_series, &ps);
	}
	if (c->n)
		qsort(c->items, c->n, sizeof *c->items, change_cmp);
}

void changes_done(struct changes *c)
{
	free(c->items);
	memset(c, 0, sizeof *c);
}

void changes_count(const struct changes *c, int *bad, int *warn)
{
	*bad = *warn = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (c->items[i].level == LEVEL_BAD)
			(*bad)++;
		else
			(*warn)++;
	}
}
