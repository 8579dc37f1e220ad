/* kind_table.c: "table" panels: a row a series with its figure and change, the worst first. */
#include <math.h>
#include <stdlib.h>

#include "views/kinds.h"
#include "views/privacy.h"

/* Order items by key, smallest first, NaN last. */
static int item_cmp(const void *a, const void *b)
{
	double x = ((const struct panel_item *)a)->key, y = ((const struct panel_item *)b)->key;
	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	return (x > y) - (x < y);
}

/* Name, value, change; the worst first (the largest when neither way is good). */
void kind_table_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx)
{
	(void)ctx;
	const struct panel *p = ps->p;
	struct panel_item items[64];
	size_t n = panel_items(ps, items, 64);
	for (size_t i = 0; i < n; i++)
		items[i].key = p->direction > 0 ? items[i].value : -items[i].value;
	qsort(items, n, sizeof *items, item_cmp);
	char text[64][2][40];
	struct table_cell cells[64 * 3];
	int hidden = 0;
	for (size_t i = 0; i < n; i++) {
		fmt_value(text[i][0], sizeof text[i][0], items[i].value, &p->unit, p->decimals);
		fmt_delta(text[i][1], sizeof text[i][1], items[i].delta, &p->unit, p->decimals);
		enum level l = panel_level(p, items[i].value);
		cells[i * 3] = (struct table_cell){.text = items[i].name, .style = ST_NORMAL};
		cells[i * 3 + 1] = (struct table_cell){.text = text[i][0], .style = level_style(l)};
		cells[i * 3 + 2] = (struct table_cell){.text = text[i][1], .style = ST_MUTED};
		if (items[i].mark != PRIVACY_SHOWN) {
			privacy_text(text[i][0], sizeof text[i][0], items[i].mark, ps->floor);
			cells[i * 3 + 1] =
			    (struct table_cell){.text = text[i][0], .style = ST_MUTED, .span = 2};
			hidden = 1;
		}
	}
	const char *group = p->queries[0].group;
	/* room for "suppressed (< 5 people)" across value and change when a row says it */
	struct table_col cols[] = {
	    {group ? group : "series", 0, 0}, {"value", hidden ? 13 : 8, 1}, {"change", 8, 1}};
	struct table_args a = {
	    .cols = cols, .ncols = 3, .cells = cells, .nrows = n, .selected = -1};
	table_draw(in, &a);
}
