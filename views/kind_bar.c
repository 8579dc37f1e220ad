/* kind_bar.c: "bar" panels: a horizontal bar a series. */
#include <stdio.h>
#include <string.h>

#include "views/kinds.h"
#include "views/privacy.h"

/* Bars, gauges and tables show one figure a series: a couple of dozen points are plenty. */
int kind_points_fixed(int w)
{
	(void)w;
	return 24;
}

/* A bar a series: name, bar, figure; a hidden cohort keeps its name and no bar. */
void kind_bar_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx)
{
	(void)ctx;
	struct panel_item items[64];
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
	bar_draw(in, &a);
}
