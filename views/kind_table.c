/*
 * kind_table.c: "table" panels: a row a series with its figure and change,
 * the worst first; or, when its queries are columns, a row an entity (a
 * model, a team) with a figure a column, each in its own unit, window and
 * thresholds, the rows with the worst level first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define MT_ROWS 64
#define MT_COLS 8 /* the queries a table shows as columns, at most */

/* One row of a table of columns: an entity and its figure in each column. */
struct mt_row {
	const char *name; /* borrowed from a series' label */
	double v[MT_COLS];
	enum level level[MT_COLS];
	enum level worst;
	double key;	      /* the first column's figure, smaller when worse */
	unsigned char hidden; /* the privacy floor hides the entity: enum privacy_mark, or 0 */
};

/* The rows' order: the worst level first, then the first column's worst figure, then name. */
static int mt_cmp(const void *a, const void *b)
{
	const struct mt_row *x = a, *y = b;
	if (x->worst != y->worst)
		return (int)y->worst - (int)x->worst;
	if (isnan(x->key) != isnan(y->key))
		return isnan(x->key) - isnan(y->key);
	if (!isnan(x->key) && x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The row named name, added when new; NULL when the table is full. */
static struct mt_row *mt_row(struct mt_row *rows, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	if (*n == MT_ROWS)
		return NULL;
	struct mt_row *r = &rows[(*n)++];
	*r = (struct mt_row){.name = name};
	for (size_t c = 0; c < MT_COLS; c++)
		r->v[c] = NAN;
	return r;
}

/* Gather the entities of every column query; returns the rows. */
static size_t mt_gather(const struct panel_state *ps, struct mt_row *rows, size_t ncols)
{
	size_t n = 0;
	for (size_t c = 0; c < ncols; c++) {
		const struct panel_query *q = &ps->p->queries[c];
		const struct series_set *ss = &ps->total[c];
		unsigned char *marks = calloc(ss->n + 1, 1);
		if (marks == NULL)
			continue;
		panel_marks(ps, c, ss, marks);
		for (size_t i = 0; i < ss->n; i++) {
			const struct series *s = &ss->items[i];
			const char *name = q->group ? series_label(s, q->group) : NULL;
			struct mt_row *r = mt_row(rows, &n, name ? name : "");
			if (r == NULL)
				break;
			double delta;
			panel_figure(ps, s, panel_match(&ps->base[c], s), &r->v[c], &delta);
			if (marks[i] != PRIVACY_SHOWN && !r->hidden)
				r->hidden = marks[i];
		}
		free(marks);
	}
	double sign = ps->p->queries[0].direction > 0 ? 1 : -1; /* low is worse when up is good */
	for (size_t i = 0; i < n; i++) {
		rows[i].worst = LEVEL_NONE;
		for (size_t c = 0; c < ncols; c++) {
			if (rows[i].hidden)
				rows[i].v[c] = NAN; /* nothing a hidden entity has may be drawn */
			rows[i].level[c] = query_level(&ps->p->queries[c], rows[i].v[c]);
			if (rows[i].level[c] > rows[i].worst)
				rows[i].worst = rows[i].level[c];
		}
		rows[i].key = sign * rows[i].v[0];
	}
	return n;
}

/* The header of column c and the width it needs. */
static const char *mt_head(const struct panel *p, size_t c, int *width)
{
	const char *h = p->queries[c].column ? p->queries[c].column : "";
	int hw = (int)strlen(h);
	*width = hw > 7 ? hw : 7;
	return h;
}

/*
 * A table of columns: one row an entity, one column a query, the worst rows
 * first. The columns that fit beside an entity's name (at least 8 cells) are
 * shown, in their order: the first ones are the ones that matter most.
 */
static void table_columns(const struct panel_state *ps, struct rect in)
{
	const struct panel *p = ps->p;
	size_t ncols = p->nqueries < MT_COLS ? p->nqueries : MT_COLS;
	int used = 8;
	for (size_t c = 0; c < ncols; c++) {
		int cw;
		mt_head(p, c, &cw);
		if (used + 2 + cw > in.w) {
			ncols = c > 0 ? c : 1;
			break;
		}
		used += 2 + cw;
	}
	struct mt_row rows[MT_ROWS];
	size_t n = mt_gather(ps, rows, ncols);
	qsort(rows, n, sizeof *rows, mt_cmp);
	static char text[MT_ROWS][MT_COLS][24];
	struct table_cell cells[MT_ROWS * (MT_COLS + 1)];
	size_t w = ncols + 1;
	for (size_t i = 0; i < n; i++) {
		cells[i * w] = (struct table_cell){.text = rows[i].name, .style = ST_NORMAL};
		if (rows[i].hidden) {
			privacy_text(text[i][0], sizeof text[i][0], rows[i].hidden, ps->floor);
			cells[i * w + 1] = (struct table_cell){
			    .text = text[i][0], .style = ST_MUTED, .span = (int)ncols};
			continue;
		}
		for (size_t c = 0; c < ncols; c++) {
			const struct panel_query *q = &p->queries[c];
			fmt_value(text[i][c], sizeof text[i][c], rows[i].v[c], &q->unit,
				  q->decimals);
			cells[i * w + 1 + c] = (struct table_cell){
			    .text = text[i][c], .style = level_style(rows[i].level[c])};
		}
	}
	struct table_col cols[MT_COLS + 1];
	cols[0] = (struct table_col){p->queries[0].group ? p->queries[0].group : "series", 0, 0};
	for (size_t c = 0; c < ncols; c++) {
		int cw;
		const char *h = mt_head(p, c, &cw);
		cols[1 + c] = (struct table_col){h, cw, 1};
	}
	struct table_args a = {
	    .cols = cols, .ncols = w, .cells = cells, .nrows = n, .selected = -1};
	table_draw(in, &a);
}

/* Name, value, change; the worst first (the largest when neither way is good). */
void kind_table_draw(const struct panel_state *ps, struct rect in, const struct panel_draw_ctx *ctx)
{
	(void)ctx;
	const struct panel *p = ps->p;
	if (p->queries[0].column) {
		table_columns(ps, in);
		return;
	}
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
