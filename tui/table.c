/* table.c: a header row, rows of cells in fixed and shared-width columns, a totals row. */
#include "tui/draw.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Columns between two cells, the width a flexible column wants at least, and
 * the cells a sparkline keeps when space is short (fewer read as noise).
 */
#define TABLE_GAP	2
#define TABLE_FLEX_MIN	8
#define TABLE_SPARK_MIN 8

/* What one draw works out before the first row: the rect, the columns' widths, the gap. */
struct table_grid {
	struct rect r;
	const struct table_args *a;
	int *cw;
	int gap;
};

/* One row as table_row draws it: its cells, the spark column's series, how it is shown. */
struct table_line {
	const struct table_cell *cells;
	const double *spark;
	size_t nspark;
	int selected;
	int total;
};

/* The sort marker: an arrow pointing the way the column is ordered. */
static const char *table_marker(const struct table_args *a)
{
	return a->sort_desc ? glyphs()->down : glyphs()->up;
}

/* Columns the cell at i covers, its span cut at the row's end (at least 1). */
static size_t table_span(const struct table_args *a, const struct table_cell *row, size_t i)
{
	size_t n = row[i].span > 1 ? (size_t)row[i].span : 1;
	return n < a->ncols - i ? n : a->ncols - i;
}

/* Columns the level symbol and its space take before a WARN or BAD cell's text. */
static int table_mark_width(enum style st)
{
	if (st == ST_WARN)
		return text_width(glyphs()->warn) + 1;
	if (st == ST_BAD)
		return text_width(glyphs()->bad) + 1;
	return 0;
}

/* The header's width in column i: its title, and the sort marker after it. */
static int table_title_width(const struct table_args *a, size_t i)
{
	int w = text_width(a->cols[i].title);
	if (a->sort_col == (int)i + 1)
		w += (w > 0) + text_width(table_marker(a));
	return w;
}

/* The points of data row r's sparkline, 0 when it has none. */
static size_t table_nspark(const struct table_args *a, size_t r)
{
	if (a->spark == NULL || a->nspark == NULL || a->spark[r] == NULL)
		return 0;
	return a->nspark[r];
}

/* Raise need[i] to the width of cell c's text and level symbol. */
static void table_need_cell(const struct table_cell *c, size_t i, int *need)
{
	int mark = table_mark_width(c->style);
	size_t room = need[i] > mark ? (size_t)(need[i] - mark) : 0;
	/* No UTF-8 character is wider than its bytes: a short text cannot widen the column. */
	if (c->text == NULL || strnlen(c->text, room + 1) <= room)
		return;
	int w = mark + text_width(c->text);
	need[i] = w > need[i] ? w : need[i];
}

/*
 * Raise need[] to what one row's texts show in the columns still below their
 * cap. A spanning cell counts for none of its columns, and a sparkline for
 * nothing: it buckets its points into whatever width it is given.
 */
static void table_need_row(const struct table_args *a, const struct table_cell *row, const int *cap,
			   int *need)
{
	for (size_t i = 0; i < a->ncols; i += table_span(a, row, i))
		if (need[i] < cap[i] && table_span(a, row, i) == 1 && (int)i + 1 != a->spark_col)
			table_need_cell(&row[i], i, need);
}

/* True while some text column is still below its cap, so more rows could widen it. */
static int table_need_open(const struct table_args *a, const int *cap, const int *need)
{
	for (size_t i = 0; i < a->ncols; i++)
		if (need[i] < cap[i] && (int)i + 1 != a->spark_col)
			return 1;
	return 0;
}

/*
 * What each column shows at most, measured up to cap[i]: the header, the totals
 * and every row, not only those on screen, so that widths stay put while
 * scrolling. Measuring stops once every text column has reached its cap.
 */
static void table_need(const struct table_args *a, const int *cap, int *need)
{
	for (size_t i = 0; i < a->ncols; i++) {
		need[i] = table_title_width(a, i);
		if ((int)i + 1 == a->spark_col && need[i] < TABLE_SPARK_MIN)
			need[i] = TABLE_SPARK_MIN;
	}
	if (a->total)
		table_need_row(a, a->total, cap, need);
	for (size_t r = 0; r < a->nrows && table_need_open(a, cap, need); r++)
		table_need_row(a, &a->cells[r * a->ncols], cap, need);
}

/* Columns left for the flexible ones once the fixed ones and the gaps are taken. */
static int table_rest(int w, const struct table_args *a, const int *cw, int gap)
{
	int rest = w - gap * ((int)a->ncols - 1);
	for (size_t i = 0; i < a->ncols; i++)
		rest -= cw[i];
	return rest;
}

/*
 * Give each column its width: fixed ones as asked, the rest shared by the
 * flexible ones. When that leaves them too little, fixed columns shrink to
 * what they hold, then the gap to one column. Returns the gap.
 */
static int table_widths(int w, const struct table_args *a, int *cw)
{
	int flex = 0, gap = TABLE_GAP;
	for (size_t i = 0; i < a->ncols; i++) {
		cw[i] = a->cols[i].width > 0 ? a->cols[i].width : 0;
		flex += cw[i] == 0;
	}
	if (table_rest(w, a, cw, gap) < flex * TABLE_FLEX_MIN) {
		int *need = xcalloc(a->ncols, sizeof *need);
		table_need(a, cw, need);
		for (size_t i = 0; i < a->ncols; i++)
			cw[i] = need[i] < cw[i] ? need[i] : cw[i];
		free(need);
		if (table_rest(w, a, cw, gap) < flex * TABLE_FLEX_MIN)
			gap = 1;
	}
	int rest = table_rest(w, a, cw, gap);
	int share = flex && rest > 0 ? rest / flex : 0;
	int extra = flex && rest > 0 ? rest % flex : 0;
	for (size_t i = 0; i < a->ncols; i++)
		if (a->cols[i].width <= 0)
			cw[i] = share + (extra-- > 0);
	return gap;
}

/*
 * Draw text in the column at x of width w, right-aligned if asked; a warn or
 * bad cell carries its level's symbol too, so it reads without colour.
 */
static void table_text(int y, int x, int w, int right, const char *s, enum style level,
		       enum style st)
{
	char marked[128];
	if (w <= 0 || s == NULL)
		return;
	if (level == ST_WARN || level == ST_BAD) {
		snprintf(marked, sizeof marked, "%s %s",
			 level == ST_WARN ? glyphs()->warn : glyphs()->bad, s);
		s = marked;
	}
	if (right)
		draw_text_right(y, x + w, w, s, st);
	else
		draw_text(y, x, w, s, st);
}

/* The header of column i at x, w wide: a cut title keeps the sort marker after it. */
static void table_head(int y, int x, int w, const struct table_args *a, size_t i)
{
	const struct table_col *c = &a->cols[i];
	if (a->sort_col != (int)i + 1) {
		table_text(y, x, w, c->right, c->title, ST_TITLE, ST_TITLE);
		return;
	}
	const char *m = table_marker(a);
	int mw = text_width(m), tw = text_width(c->title);
	if (w < mw)
		return;
	int room = w - mw - 1;
	int shown = tw < room ? tw : room > 0 ? room : 0;
	int used = shown + (shown > 0) + mw;
	int x0 = c->right ? x + w - used : x;
	if (shown > 0)
		draw_text(y, x0, shown, c->title, ST_TITLE);
	draw_text(y, x0 + used - mw, mw, m, ST_TITLE);
}

/* The header row: titles over the columns, in the widths the rows use. */
static void table_header(const struct table_grid *t)
{
	int x = t->r.x, end = t->r.x + t->r.w;
	for (size_t i = 0; i < t->a->ncols && x < end; i++) {
		int w = t->cw[i] < end - x ? t->cw[i] : end - x;
		table_head(t->r.y, x, w, t->a, i);
		x += t->cw[i] + t->gap;
	}
}

/* The style a cell of row l is drawn in: the selection's over all, TITLE for plain totals. */
static enum style table_style(const struct table_line *l, enum style st)
{
	if (l->selected)
		return ST_FOCUS;
	return l->total && st == ST_NORMAL ? ST_TITLE : st;
}

/* The style of a sparkline in row l: the cell's own when it has one, else MUTED. */
static enum style table_spark_style(const struct table_line *l, enum style st)
{
	if (l->selected)
		return ST_FOCUS;
	return st == ST_NORMAL ? ST_MUTED : st;
}

/* Draw row l on line y; a spanning cell takes the widths and gaps of the columns it covers. */
static void table_row(const struct table_grid *t, int y, const struct table_line *l)
{
	const struct table_args *a = t->a;
	int x = t->r.x, end = t->r.x + t->r.w;
	if (l->selected)
		draw_fill((struct rect){y, t->r.x, 1, t->r.w}, ST_FOCUS);
	for (size_t i = 0, n; i < a->ncols && x < end; i += n) {
		const struct table_cell *c = &l->cells[i];
		n = table_span(a, l->cells, i);
		int span = t->cw[i];
		for (size_t k = 1; k < n; k++)
			span += t->gap + t->cw[i + k];
		int w = span < end - x ? span : end - x;
		if (n == 1 && (int)i + 1 == a->spark_col)
			sparkline_draw((struct rect){y, x, 1, w}, l->spark, l->nspark,
				       a->spark_span, table_spark_style(l, c->style));
		else
			table_text(y, x, w, n == 1 && a->cols[i].right, c->text, c->style,
				   table_style(l, c->style));
		x += span + t->gap;
	}
}

/* Data rows that fit in r under the header, and above the totals row when there is one. */
static int table_room(struct rect r, const struct table_args *a)
{
	return r.h - 1 - (a->total != NULL && r.h >= 2);
}

int table_page(struct rect r, const struct table_args *a)
{
	int room = table_room(r, a);
	return room > 1 ? room : 1;
}

/* The first row to show: top, or the one that fills the last page when top is past it. */
static size_t table_top(const struct table_args *a, int room)
{
	size_t page = room > 0 ? (size_t)room : 0;
	size_t last = a->nrows > page ? a->nrows - page : 0;
	return a->top < last ? a->top : last;
}

/* Header, the rows from top that fit, the selected one highlighted, then the totals row. */
void table_draw(struct rect r, const struct table_args *a)
{
	if (r.h <= 0 || r.w <= 0 || a->ncols == 0)
		return;
	struct table_grid t = {r, a, xcalloc(a->ncols, sizeof *t.cw), 0};
	t.gap = table_widths(r.w, a, t.cw);
	table_header(&t);
	int room = table_room(r, a);
	size_t top = table_top(a, room);
	for (int k = 0; k < room && top + (size_t)k < a->nrows; k++) {
		size_t row = top + (size_t)k;
		struct table_line l = {&a->cells[row * a->ncols], a->spark ? a->spark[row] : NULL,
				       table_nspark(a, row), (long)row == a->selected, 0};
		table_row(&t, r.y + 1 + k, &l);
	}
	if (a->total && r.h >= 2) {
		struct table_line l = {a->total, a->total_spark, a->ntotal_spark, 0, 1};
		table_row(&t, r.y + r.h - 1, &l);
	}
	free(t.cw);
}
