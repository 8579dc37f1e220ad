/* table.c: a header row and rows of cells in fixed and shared-width columns. */
#include "tui/draw.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

/* Columns between two cells, and the width a flexible column wants at least. */
#define TABLE_GAP 2
#define TABLE_FLEX_MIN 8

/* The widest text of column i: its title and its cells. */
static int table_content(const struct table_args *a, size_t i)
{
	int w = text_width(a->cols[i].title);
	for (size_t r = 0; r < a->nrows; r++) {
		int cw = text_width(a->cells[r * a->ncols + i].text);
		w = cw > w ? cw : w;
	}
	return w;
}

/*
 * Give each column its width: fixed ones as asked, the rest shared by the
 * flexible ones. When that leaves them too little, fixed columns shrink to
 * what they hold, then the gap to one column. Returns the gap.
 */
static int table_widths(int w, const struct table_args *a, int *cw)
{
	int fixed = 0, flex = 0, gap = TABLE_GAP, gaps = (int)a->ncols - 1;
	for (size_t i = 0; i < a->ncols; i++) {
		cw[i] = a->cols[i].width > 0 ? a->cols[i].width : 0;
		flex += cw[i] == 0;
	}
	for (int step = 0; step < 3; step++) {
		fixed = 0;
		for (size_t i = 0; i < a->ncols; i++)
			fixed += cw[i];
		if (w - fixed - gap * gaps >= flex * TABLE_FLEX_MIN)
			break;
		for (size_t i = 0; step == 0 && i < a->ncols; i++)
			if (cw[i] > 0 && table_content(a, i) < cw[i])
				cw[i] = table_content(a, i);
		gap = step == 1 ? 1 : gap;
	}
	int rest = w - fixed - gap * gaps;
	int share = flex && rest > 0 ? rest / flex : 0;
	int extra = flex && rest > 0 ? rest % flex : 0;
	for (size_t i = 0; i < a->ncols; i++)
		if (a->cols[i].width <= 0)
			cw[i] = share + (extra-- > 0);
	return gap;
}

/*
 * Draw text in the column at x of width w, right-aligned if the column says so;
 * a warn or bad cell carries its level's symbol too, so it reads without colour.
 */
static void table_cell(int y, int x, int w, const struct table_col *c, const char *s,
		       enum style level, enum style st)
{
	char marked[128];
	if (w <= 0 || s == NULL)
		return;
	if (level == ST_WARN || level == ST_BAD) {
		snprintf(marked, sizeof marked, "%s %s",
			 level == ST_WARN ? glyphs()->warn : glyphs()->bad, s);
		s = marked;
	}
	if (c->right)
		draw_text_right(y, x + w, w, s, st);
	else
		draw_text(y, x, w, s, st);
}

/* Draw one row of texts (or the header when cells is NULL) on row y. */
static void table_row(struct rect r, int y, const struct table_args *a, const int *cw, int gap,
		      const struct table_cell *cells, int selected)
{
	int x = r.x, end = r.x + r.w;
	if (selected)
		draw_fill((struct rect){y, r.x, 1, r.w}, ST_FOCUS);
	for (size_t i = 0; i < a->ncols && x < end; i++) {
		int w = cw[i] < end - x ? cw[i] : end - x;
		const char *s = cells ? cells[i].text : a->cols[i].title;
		enum style st = cells ? cells[i].style : ST_TITLE;
		table_cell(y, x, w, &a->cols[i], s, st, selected ? ST_FOCUS : st);
		x += cw[i] + gap;
	}
}

/* Header, then the rows from top that fit; the selected one highlighted. */
void table_draw(struct rect r, const struct table_args *a)
{
	if (r.h <= 0 || r.w <= 0 || a->ncols == 0)
		return;
	int *cw = xcalloc(a->ncols, sizeof *cw);
	int gap = table_widths(r.w, a, cw);
	table_row(r, r.y, a, cw, gap, NULL, 0);
	for (int k = 1; k < r.h; k++) {
		size_t row = a->top + (size_t)k - 1;
		if (row >= a->nrows)
			break;
		table_row(r, r.y + k, a, cw, gap, &a->cells[row * a->ncols],
			  (long)row == a->selected);
	}
	free(cw);
}
