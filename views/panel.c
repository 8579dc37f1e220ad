/* panel.c: figures, names, levels and privacy marks of a panel's data, for every kind. */
#include "views/panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "views/privacy.h"

/* The level of v by thresholds warn and bad, worse the way direction says is bad. */
static enum level level_of(int direction, double warn, double bad, double v)
{
	if (isnan(v) || (isnan(warn) && isnan(bad)))
		return LEVEL_NONE;
	/* a level holds when the value is strictly worse than its threshold */
	double s = direction < 0 ? -1.0 : 1.0; /* compare so that lower is worse */
	if (!isnan(bad) && s * v < s * bad)
		return LEVEL_BAD;
	if (!isnan(warn) && s * v < s * warn)
		return LEVEL_WARN;
	return LEVEL_OK;
}

enum level panel_level(const struct panel *p, double v)
{
	return level_of(p->direction, p->warn, p->bad, v);
}

enum level query_level(const struct panel_query *q, double v)
{
	return level_of(q->direction, q->warn, q->bad, v);
}

const struct series *panel_first(const struct series_set *ss)
{
	return ss->n ? &ss->items[0] : NULL;
}

void panel_figure(const struct panel_state *ps, const struct series *t, const struct series *b,
		  double *value, double *delta)
{
	*value = *delta = NAN;
	size_t i = t ? t->n : 0;
	while (i > 0 && isnan(t->v[i - 1]))
		i--; /* a gap at the end (a missed scrape): the last window that has a figure */
	if (i == 0)
		return;
	*value = t->v[i - 1];
	double then = NAN; /* without a baseline: no change, rather than a change of 0 */
	if (ps->baseline > 0)
		then = b && b->n ? b->v[b->n - 1] : NAN;
	else if (i >= 2)
		then = t->v[i - 2];
	*delta = *value - then;
}

const struct series *panel_match(const struct series_set *ss, const struct series *s)
{
	for (size_t i = 0; s && i < ss->n; i++) {
		const struct series *o = &ss->items[i];
		size_t k = 0;
		while (k < s->nlabels && k < o->nlabels &&
		       strcmp(s->labels[k].name, o->labels[k].name) == 0 &&
		       strcmp(s->labels[k].value, o->labels[k].value) == 0)
			k++;
		if (k == s->nlabels && k == o->nlabels)
			return o;
	}
	return NULL;
}

void panel_headline(const struct panel_state *ps, double *value, double *delta)
{
	const struct series *t = panel_first(&ps->total[0]);
	panel_figure(ps, t, panel_match(&ps->base[0], t), value, delta);
}

void panel_series_name(const struct panel_query *q, const struct series *s, char *buf, size_t len)
{
	if (q->legend == NULL) {
		const char *g = q->group ? series_label(s, q->group) : NULL;
		const char *l =
		    q->url
			? series_label(s, q->foreign.label_name ? q->foreign.label_name : "series")
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

/* The people of the cohort of series s (grouped by group) among the panel's heads; NaN when
 * unknown. */
static double panel_people(const struct panel_state *ps, const char *group, const struct series *s)
{
	const char *head_group =
	    ps->p->queries[0].group; /* the cohorts the heads were counted by */
	const char *name = group ? series_label(s, group) : NULL;
	int same_cohorts = (group == NULL) == (head_group == NULL) &&
			   (group == NULL || strcmp(group, head_group) == 0);
	if (!same_cohorts)
		return NAN;
	for (size_t h = 0; h < ps->heads.n; h++) {
		const char *hn = head_group ? series_label(&ps->heads.items[h], head_group) : NULL;
		if (group == NULL || (name && hn && strcmp(name, hn) == 0))
			return series_last(&ps->heads.items[h], NULL);
	}
	return NAN;
}

void panel_marks(const struct panel_state *ps, size_t q, const struct series_set *ss,
		 unsigned char *marks)
{
	memset(marks, PRIVACY_SHOWN, ss->n);
	if (!ps->p->privacy || ss->n == 0)
		return;
	const char *group = ps->p->queries[q].group;
	double *people = xcalloc(ss->n, sizeof *people);
	for (size_t i = 0; i < ss->n; i++)
		people[i] = panel_people(ps, group, &ss->items[i]);
	if (group)
		privacy_mark(people, ss->n, ps->floor, marks);
	else
		for (size_t i = 0; i < ss->n; i++)
			marks[i] = privacy_ok(people[i], ps->floor) ? PRIVACY_SHOWN : PRIVACY_SMALL;
	free(people);
}

int panel_first_hidden(const struct panel_state *ps)
{
	const struct series_set *ss = &ps->total[0];
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

int panel_has_data(const struct panel_state *ps)
{
	for (size_t q = 0; q < ps->p->nqueries; q++)
		if (ps->trend[q].n || ps->total[q].n)
			return 1;
	return 0;
}

size_t panel_items(const struct panel_state *ps, struct panel_item *items, size_t max)
{
	const struct panel *p = ps->p;
	size_t n = 0;
	for (size_t q = 0; q < p->nqueries; q++) {
		const struct series_set *ss = &ps->total[q];
		unsigned char *marks = xcalloc(ss->n + 1, 1);
		panel_marks(ps, q, ss, marks);
		for (size_t i = 0; i < ss->n && n < max; i++, n++) {
			const struct series *s = &ss->items[i];
			panel_series_name(&p->queries[q], s, items[n].name, sizeof items[n].name);
			panel_figure(ps, s, panel_match(&ps->base[q], s), &items[n].value,
				     &items[n].delta);
			items[n].mark = marks[i];
			if (marks[i] != PRIVACY_SHOWN)
				items[n].value = items[n].delta = NAN;
		}
		free(marks);
	}
	return n;
}

double panel_span(const struct panel *p, double level)
{
	double span = isfinite(level) ? fabs(level) * 0.1 : 0;
	if (!isnan(p->warn) && !isnan(p->bad) && 2 * fabs(p->warn - p->bad) > span)
		span = 2 * fabs(p->warn - p->bad);
	return span;
}

void panel_draw_suppressed(const struct panel_state *ps, struct rect r)
{
	char why[64];
	privacy_text(why, sizeof why, PRIVACY_SMALL, ps->floor);
	message_draw(r, why, ST_MUTED);
}

/* A count per point of the trend (increase over $step, no "per"): its size follows the step. */
int query_per_step(const struct panel_query *q)
{
	const char *e = q->promql;
	return q->per == 0 && e && strstr(e, "[$step]") && strstr(e, "increase(") &&
	       !strchr(e, '/');
}

int panel_judged(const struct panel *p, size_t q)
{
	return !p->detect_off && !p->queries[q].detect_off && !query_per_step(&p->queries[q]);
}

enum level panel_shift(const struct panel *p, size_t q, const struct series *trend,
		       struct detection *d)
{
	d->kind = DETECT_NONE;
	if (!panel_judged(p, q) || trend == NULL || !detect_series(trend, &p->detect, d))
		return LEVEL_NONE;
	const struct panel_query *pq = &p->queries[q];
	/* material: a tenth of normal, or half the way from normal to the first threshold;
	 * bad: far off its noise, and a quarter of normal or all that way */
	double need = 0.1 * fabs(d->normal), big = 0.25 * fabs(d->normal);
	double th = isnan(pq->warn) ? pq->bad : pq->warn, moved = fabs(d->now - d->normal);
	if (!isnan(th) && fabs(th - d->normal) > 0) {
		need = fmin(need, 0.5 * fabs(th - d->normal));
		big = fmin(big, fabs(th - d->normal));
	}
	if ((pq->direction != 0 && d->sign == pq->direction) || moved < need) {
		d->kind = DETECT_NONE; /* better than it was, or too small to call a person for */
		return LEVEL_NONE;
	}
	return d->sigmas >= SHIFT_BAD_SIGMAS && moved >= big ? LEVEL_BAD : LEVEL_WARN;
}

enum level panel_worst_shift(const struct panel_state *ps, struct detection *d)
{
	return panel_worst_line(ps, d, NULL, NULL);
}

enum level panel_worst_line(const struct panel_state *ps, struct detection *d, size_t *query,
			    const struct series **line)
{
	enum level worst = LEVEL_NONE;
	d->kind = DETECT_NONE;
	for (size_t q = 0; q < ps->p->nqueries && !ps->p->detect_off; q++) {
		const struct series_set *ss = &ps->judge[q];
		unsigned char *marks = xcalloc(ss->n + 1, 1);
		panel_marks(ps, q, ss, marks);
		for (size_t i = 0; i < ss->n; i++) {
			struct detection one;
			enum level l = marks[i] == PRIVACY_SHOWN
					   ? panel_shift(ps->p, q, &ss->items[i], &one)
					   : LEVEL_NONE;
			if (l > worst ||
			    (l == worst && l != LEVEL_NONE && one.sigmas > d->sigmas)) {
				worst = l;
				*d = one;
				if (query)
					*query = q;
				if (line)
					*line = &ss->items[i];
			}
		}
		free(marks);
	}
	return worst;
}
