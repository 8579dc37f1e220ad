/*
 * kinds.h: the panel kinds, one row a kind: its name in dashboards, how many
 * points its data wants across its width, whether its border shows the
 * headline figure's level, and how it draws. A new kind is a row in kinds.c
 * plus its own file (views/kind_NAME.c) with the two functions.
 */
#ifndef KPIDASH_KINDS_H
#define KPIDASH_KINDS_H

#include <stddef.h>

#include "views/panel.h"

struct panel_type {
	const char *name; /* as a dashboard's "kind" names it */
	/* Points a panel of this kind asks for across w inner columns (clamped by the view). */
	int (*points)(int w);
	int level; /* the border marks the headline figure's threshold level */
	/* Draw the body inside the border, from the panel's data; no output yet. */
	void (*draw)(const struct panel_state *ps, struct rect in,
		     const struct panel_draw_ctx *ctx);
};

/* The kind named name, or NULL. */
const struct panel_type *panel_type_find(const char *name);
/* The kinds' names in table order, NULL-terminated (for messages and the loader). */
const char *const *panel_type_names(void);

/* Each kind's own functions (views/kind_*.c). */
int kind_points_width(int w);
int kind_points_fixed(int w);
void kind_stat_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx);
void kind_bignum_draw(const struct panel_state *ps, struct rect in,
		      const struct panel_draw_ctx *ctx);
int kind_chart_points(int w);
/*
 * The line of a chart its baseline is drawn under, faintly: its one line, or the
 * line whose shift is marked; 0 when there is none (or ps is no chart). *query
 * gets its query, *line its series (NULL while the one line has not come).
 */
int kind_chart_shadowed(const struct panel_state *ps, size_t *query, const struct series **line);
void kind_chart_draw(const struct panel_state *ps, struct rect in,
		     const struct panel_draw_ctx *ctx);
void kind_bar_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx);
void kind_gauge_draw(const struct panel_state *ps, struct rect in,
		     const struct panel_draw_ctx *ctx);
void kind_table_draw(const struct panel_state *ps, struct rect in,
		     const struct panel_draw_ctx *ctx);
/* The good shares of the entity of series s (any of its queries' series) into *in. */
void kind_slo_input(const struct panel_state *ps, const struct series *s, struct slo_input *in);
/* An SLO status's level: page bad, ticket warn, ok ok, unknown none. */
enum level kind_slo_level(enum slo_status s);
void kind_slo_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx);
int kind_heatmap_points(int w);
void kind_heatmap_draw(const struct panel_state *ps, struct rect in,
		       const struct panel_draw_ctx *ctx);

#endif
