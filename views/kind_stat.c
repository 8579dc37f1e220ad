/* kind_stat.c: "stat" and "bignum" panels: one figure, its change and its trend. */
#include <math.h>
#include <stdio.h>

#include "views/kinds.h"

/* Points for a sparkline across the panel: one a column. */
int kind_points_width(int w)
{
	return w;
}

/* The figure's arguments for the widgets, from the panel's first series. */
static void stat_args(const struct panel_state *ps, struct stat_args *a, char *caption, size_t len)
{
	const struct panel *p = ps->p;
	const struct series *s = panel_first(&ps->trend[0]);
	double value, delta;
	panel_headline(ps, &value, &delta);
	caption[0] = '\0';
	if (!isnan(p->target)) {
		char tbuf[32];
		fmt_value(tbuf, sizeof tbuf, p->target, &p->unit, p->decimals);
		snprintf(caption, len, "target %s", tbuf);
	}
	*a = (struct stat_args){value,
				delta,
				&p->unit,
				p->decimals,
				p->direction,
				panel_level(p, value),
				s ? s->v : NULL,
				s ? s->n : 0,
				caption[0] ? caption : NULL,
				panel_span(p, value)};
}

/* A stat panel's body: the figure, its change and a sparkline. */
void kind_stat_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx)
{
	(void)ctx;
	struct stat_args a;
	char caption[64];
	if (panel_first_hidden(ps)) {
		panel_draw_suppressed(ps, in);
		return;
	}
	stat_args(ps, &a, caption, sizeof caption);
	stat_draw(in, &a);
}

/* A bignum panel's body: the same figure in large digits where there is room. */
void kind_bignum_draw(const struct panel_state *ps, struct rect in,
		      const struct panel_draw_ctx *ctx)
{
	(void)ctx;
	struct stat_args a;
	char caption[64];
	if (panel_first_hidden(ps)) {
		panel_draw_suppressed(ps, in);
		return;
	}
	stat_args(ps, &a, caption, sizeof caption);
	bignum_draw(in, &a);
}
