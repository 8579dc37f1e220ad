/* kind_gauge.c: "gauge" panels: the first series' figure between the panel's ends. */
#include <math.h>

#include "views/kinds.h"

/* A gauge from min (0) to max (1 for ratios, else 100), with the target marked. */
void kind_gauge_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx)
{
	(void)ctx;
	const struct panel *p = ps->p;
	double value, delta;
	if (panel_first_hidden(ps)) {
		panel_draw_suppressed(ps, in);
		return;
	}
	panel_headline(ps, &value, &delta);
	int ratio = p->unit.kind == UNIT_RATIO;
	struct gauge_args a = {value,
			       isnan(p->min) ? 0 : p->min,
			       isnan(p->max) ? (ratio ? 1 : 100) : p->max,
			       p->target,
			       &p->unit,
			       p->decimals,
			       panel_level(p, value),
			       NULL};
	gauge_draw(in, &a);
}
