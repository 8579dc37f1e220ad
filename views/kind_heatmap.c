/* kind_heatmap.c: "heatmap" panels: a row a series, its points the columns, shaded by value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "views/kinds.h"
#include "views/privacy.h"

/* A cell a point, beside the names. */
int kind_heatmap_points(int w)
{
	return w - 14;
}

/* Every series of every query a row; a hidden cohort keeps its name and shows nothing. */
void kind_heatmap_draw(const struct panel_state *ps, struct rect in,
		       const struct panel_draw_ctx *ctx)
{
	(void)ctx;
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
			panel_series_name(&p->queries[q], s, buf[n], sizeof buf[n]);
			if (marks[i] != PRIVACY_SHOWN)
				snprintf(buf[n] + strnlen(buf[n], sizeof buf[n] - 14), 14,
					 " (suppressed)");
			names[n] = buf[n];
			values[n] = marks[i] == PRIVACY_SHOWN ? s->v : NULL;
			counts[n] = marks[i] == PRIVACY_SHOWN ? s->n : 0;
		}
		free(marks);
	}
	struct heatmap_args a = {names,	 values,   counts,	n,	     p->min,
				 p->max, &p->unit, p->decimals, p->direction};
	heatmap_draw(in, &a);
}
