/* kind_chart.c: "timeseries" panels: every series of every query as a Braille line. */
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "views/kinds.h"
#include "views/privacy.h"

/* Two points a cell (Braille), beside the y labels. */
int kind_chart_points(int w)
{
	return (w - 8) * 2;
}

int kind_chart_shadowed(const struct panel_state *ps, size_t *query, const struct series **line)
{
	struct detection d;
	if (strcmp(ps->p->type->name, "timeseries") != 0)
		return 0;
	*query = 0;
	*line = NULL;
	if (ps->p->nqueries == 1 && ps->trend[0].n <= 1) {
		*line = ps->trend[0].n ? &ps->trend[0].items[0] : NULL;
		return 1;
	}
	return panel_worst_line(ps, &d, query, line) != LEVEL_NONE;
}

/*
 * A chart of every series a panel may show (hidden cohorts draw no line); under
 * a chart's one line, faintly, the same a baseline back.
 */
void kind_chart_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx)
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
				continue;
			panel_series_name(&p->queries[q], s, names[n], sizeof names[n]);
			lines[n] = (struct chart_line){s->t, s->v, s->n, names[n]};
			n++;
			if (s->n && s->t[s->n - 1] > t1)
				t1 = s->t[s->n - 1];
		}
		free(marks);
	}
	/* the baseline: the line a baseline back, moved forward onto the same times */
	size_t sq;
	const struct series *line, *sh = NULL;
	if (kind_chart_shadowed(ps, &sq, &line) && sq == ps->shadow_q)
		sh = ps->shadow.n == 1 ? &ps->shadow.items[0]
		     : line	       ? panel_match(&ps->shadow, line)
				       : NULL;
	double *bt = sh ? xcalloc(sh->n + 1, sizeof *bt) : NULL;
	for (size_t i = 0; sh && i < sh->n; i++)
		bt[i] = sh->t[i] + ps->shadow_off;
	struct chart_line base = {bt, sh ? sh->v : NULL, sh ? sh->n : 0, "baseline"};
	double value, delta;
	panel_headline(ps, &value, &delta);
	struct detection d;
	double mark = panel_worst_shift(ps, &d) != LEVEL_NONE ? d.since : 0;
	struct chart_args a = {lines,
			       n,
			       t1 - ctx->range,
			       t1,
			       &p->unit,
			       p->decimals,
			       p->ref,
			       p->min,
			       p->max,
			       n > 1,
			       panel_span(p, value),
			       mark,
			       sh ? &base : NULL};
	chart_draw(in, &a);
	free(bt);
}
