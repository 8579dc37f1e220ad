/* bar.c: horizontal bars, one per row: label, bar in eighths of a cell, value. */
#include <math.h>
#include <stdio.h>

#include "tui/draw.h"

/* The widest label column, and the bar a label may leave at least (unless a third of the width). */
#define BAR_LABEL_MAX 24
#define BAR_MIN	      10

/* Columns of each part of a row. */
struct bar_cols {
	int label, bar, symbol, value;
	double max;
};

/* The level symbol of an item, or NULL. */
static const char *bar_symbol(enum level l)
{
	return l == LEVEL_WARN ? glyphs()->warn : l == LEVEL_BAD ? glyphs()->bad : NULL;
}

/* The value of a full bar: the one given, else the largest item (1 when nothing is positive). */
static double bar_max(const struct bar_args *a)
{
	double m = a->max;
	if (isfinite(m) && m > 0)
		return m;
	m = 0;
	for (size_t i = 0; i < a->n; i++)
		if (isfinite(a->items[i].value) && a->items[i].value > m)
			m = a->items[i].value;
	return m > 0 ? m : 1;
}

/* Share the width among label, bar, symbol and value for the rows shown. */
static void bar_columns(struct rect r, const struct bar_args *a, size_t rows, struct bar_cols *c)
{
	char buf[64];
	*c = (struct bar_cols){0, 0, 0, 0, bar_max(a)};
	for (size_t i = 0; i < rows; i++) {
		const struct bar_item *it = &a->items[i];
		int lw = it->label ? text_width(it->label) : 0;
		fmt_value(buf, sizeof buf, it->value, a->unit, a->decimals);
		int vw = text_width(buf);
		const char *sym = bar_symbol(it->level);
		int sw = sym ? text_width(sym) + 1 : 0;
		c->label = lw > c->label ? lw : c->label;
		c->value = vw > c->value ? vw : c->value;
		c->symbol = sw > c->symbol ? sw : c->symbol;
	}
	int cap = r.w - c->symbol - c->value - 2 - BAR_MIN;
	cap = cap > r.w / 3 ? cap : r.w / 3;
	cap = cap < BAR_LABEL_MAX ? cap : BAR_LABEL_MAX;
	c->label = c->label < cap ? c->label : cap;
	c->bar = r.w - c->label - 1 - 1 - c->symbol - c->value;
	if (c->bar < 3)
		c->bar = 0;
}

/* Draw the bar of value v from x in w columns, with the reference mark. */
static void bar_bar(int y, int x, int w, double v, double max, double ref, enum style st)
{
	const struct glyphs *g = glyphs();
	double f = isfinite(v) && v > 0 ? v / max : 0;
	long e = lround((f < 1 ? f : 1) * w * 8);
	int i = 0;
	for (; i < e / 8; i++)
		draw_glyph(y, x + i, g->eighth[7], st);
	if (e % 8)
		draw_glyph(y, x + i, g->eighth[e % 8 - 1], st);
	if (isfinite(ref) && ref >= 0) {
		double at = ref / max;
		long m = lround((at < 1 ? at : 1) * w);
		draw_glyph(y, x + (int)(m < w ? m : w - 1), g->marker, ST_TITLE);
	}
}

/* Draw one item on row y. */
static void bar_row(struct rect r, int y, const struct bar_args *a, const struct bar_item *it,
		    const struct bar_cols *c)
{
	char buf[64];
	enum style st = it->level == LEVEL_NONE ? ST_SERIES1 : level_style(it->level);
	int x = r.x;
	if (c->label) {
		draw_text(y, x, c->label, it->label ? it->label : "", ST_NORMAL);
		x += c->label + 1;
	}
	if (c->bar)
		bar_bar(y, x, c->bar, it->value, c->max, a->ref, st);
	fmt_value(buf, sizeof buf, it->value, a->unit, a->decimals);
	int xend = r.x + r.w;
	int used = draw_text_right(y, xend, c->value < r.w ? c->value : r.w, buf,
				   it->level == LEVEL_NONE ? ST_NORMAL : st);
	const char *sym = bar_symbol(it->level);
	if (sym && c->value + c->symbol <= r.w)
		draw_text(y, xend - used - c->symbol, c->symbol, sym, st);
}

/* One bar per row (spaced when there is room), "... N more" when they do not all fit. */
void bar_draw(struct rect r, const struct bar_args *a)
{
	if (r.h <= 0 || r.w <= 0 || a->n == 0)
		return;
	size_t rows = a->n <= (size_t)r.h ? a->n : (size_t)r.h;
	int more = rows < a->n && r.h >= 2;
	if (more)
		rows--;
	int pitch = (size_t)r.h >= 2 * a->n - 1 ? 2 : 1; /* a blank row between bars if room */
	struct bar_cols c;
	bar_columns(r, a, rows, &c);
	for (size_t i = 0; i < rows; i++)
		bar_row(r, r.y + pitch * (int)i, a, &a->items[i], &c);
	if (more) {
		char buf[48];
		snprintf(buf, sizeof buf, "%s %zu more", glyphs()->ellipsis, a->n - rows);
		draw_text(r.y + (int)rows, r.x, r.w, buf, ST_MUTED);
	}
}

size_t bar_text(char *buf, size_t len, double fraction, int cells)
{
	const struct glyphs *g = glyphs();
	size_t o = 0;
	double f = isfinite(fraction) ? fmin(1, fmax(0, fraction)) : 0;
	int eighths = (int)lround(f * cells * 8);
	buf[0] = '\0';
	for (int c = 0; c < cells && len > 0; c++) {
		int e = eighths - c * 8;
		const char *s = e >= 8 ? g->eighth[7] : e > 0 ? g->eighth[e - 1] : g->gauge_empty;
		int n = snprintf(buf + o, len - o, "%s", s);
		if (n < 0 || (size_t)n >= len - o)
			break;
		o += (size_t)n;
	}
	return o;
}
