/* kind_chart.c: "timeseries" panels: every series of every query as a Braille line. */
#include <stdlib.h>

#include "util/xalloc.h"
#include "views/kinds.h"
#include "views/privacy.h"

/* Two points a cell (Braille), beside the y labels. */
int kind_chart_points(int w)
{
	return (w - 8) * 2;
}

/* A chart of every series a panel may show; hidden cohorts draw no line. */
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
	double value, delta;
	panel_headline(ps, &value, &delta);
	struct detection d;
	double mark = panel_worst_shift(ps, &d) != LEVEL_NONE ? d.since : 0;
	struct chart_args a = {
	    lines,  n,	   t1 - ctx->range,	 t1,  &p->unit, p->decimals, p->ref, p->min,
	    p->max, n > 1, panel_span(p, value), mark};
	chart_draw(in, &a);
}
