/* stat.c: a single figure, its change and trend; bignum_draw shows it in block digits. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"

/* The longest value text the big font draws, in characters. */
#define BIG_MAX 24

/* One character of the big font: width in columns and 5 rows of pixels ('#' set). */
struct big_glyph {
	char ch;
	int w;
	const char *rows[5];
};

static const struct big_glyph big_font[] = {
    {'0', 3, {"###", "# #", "# #", "# #", "###"}},
    {'1', 3, {" # ", "## ", " # ", " # ", "###"}},
    {'2', 3, {"###", "  #", "###", "#  ", "###"}},
    {'3', 3, {"###", "  #", " ##", "  #", "###"}},
    {'4', 3, {"# #", "# #", "###", "  #", "  #"}},
    {'5', 3, {"###", "#  ", "###", "  #", "###"}},
    {'6', 3, {"###", "#  ", "###", "# #", "###"}},
    {'7', 3, {"###", "  #", "  #", "  #", "  #"}},
    {'8', 3, {"###", "# #", "###", "# #", "###"}},
    {'9', 3, {"###", "# #", "###", "  #", "###"}},
    {'.', 1, {" ", " ", " ", " ", "#"}},
    {' ', 1, {" ", " ", " ", " ", " "}},
    {'%', 3, {"# #", "  #", " # ", "#  ", "# #"}},
    {'$', 3, {" ##", "#  ", " # ", "  #", "## "}},
    {'-', 3, {"   ", "   ", "###", "   ", "   "}},
    {'+', 3, {"   ", " # ", "###", " # ", "   "}},
    {'/', 3, {"  #", "  #", " # ", "#  ", "#  "}},
    {'k', 3, {"#  ", "# #", "## ", "# #", "# #"}},
    {'M', 5, {"#   #", "## ##", "# # #", "#   #", "#   #"}},
    {'G', 4, {"####", "#   ", "# ##", "#  #", "####"}},
    {'T', 3, {"###", " # ", " # ", " # ", " # "}},
    {'m', 5, {"     ", "     ", "#####", "# # #", "# # #"}},
    {'u', 3, {"   ", "   ", "# #", "# #", "###"}},
    {'s', 3, {"   ", "   ", " ##", " # ", "## "}},
    {'h', 3, {"#  ", "#  ", "###", "# #", "# #"}},
    {'d', 3, {"  #", "  #", "###", "# #", "###"}},
    {'p', 3, {"   ", "###", "# #", "###", "#  "}},
    {'E', 3, {"###", "#  ", "## ", "#  ", "###"}},
    {'U', 3, {"# #", "# #", "# #", "# #", "###"}},
    {'R', 3, {"## ", "# #", "## ", "# #", "# #"}},
};

/* What a stat shows, formatted once. */
struct stat_text {
	char value[64];
	char delta[64]; /* arrow and change, "" when there is none */
	enum style value_style, delta_style;
	const char *symbol; /* level symbol or NULL */
	int spark;	    /* a sparkline can be drawn */
};

/* The style that says whether change d is good news. */
static enum style stat_delta_style(double d, int good_dir)
{
	if (good_dir == 0 || d == 0)
		return ST_MUTED;
	return good_dir * d > 0 ? ST_OK : ST_BAD;
}

/* Format everything a stat shows. */
static void stat_text(const struct stat_args *a, struct stat_text *t)
{
	const struct glyphs *g = glyphs();
	fmt_value(t->value, sizeof t->value, a->value, a->unit, a->decimals);
	t->value_style = a->level == LEVEL_NONE ? ST_TITLE : level_style(a->level);
	t->symbol = a->level == LEVEL_WARN ? g->warn : a->level == LEVEL_BAD ? g->bad : NULL;
	t->delta[0] = '\0';
	t->delta_style = stat_delta_style(a->delta, a->good_dir);
	if (!isnan(a->delta)) {
		char num[48];
		fmt_delta(num, sizeof num, a->delta, a->unit, a->decimals);
		int zero = strpbrk(num, "123456789") == NULL; /* rounds to nothing: no direction */
		const char *arrow = zero ? g->flat : a->delta > 0 ? g->up : g->down;
		snprintf(t->delta, sizeof t->delta, "%s %s", arrow, num);
		if (zero)
			t->delta_style = ST_MUTED;
	}
	t->spark = a->spark != NULL && a->nspark > 1;
}

/* Columns the value line takes: symbol, space, value. */
static int stat_value_width(const struct stat_text *t)
{
	return text_width(t->value) + (t->symbol ? text_width(t->symbol) + 1 : 0);
}

/* Draw the value line (symbol first) from x in w columns; returns the columns used. */
static int stat_value_at(int y, int x, int w, const struct stat_text *t)
{
	int used = 0;
	if (t->symbol && w > text_width(t->value) + 1) {
		used = draw_text(y, x, w, t->symbol, t->value_style);
		used += draw_text(y, x + used, w - used, " ", ST_NORMAL);
	}
	return used + draw_text(y, x + used, w - used, t->value, t->value_style);
}

/* Draw text centred in the row of r. */
static void stat_centred(struct rect r, int y, const char *s, enum style st)
{
	int tw = text_width(s);
	int x = tw < r.w ? r.x + (r.w - tw) / 2 : r.x;
	draw_text(y, x, r.w, s, st);
}

/* Draw a sparkline of the stat's series centred in row y of r. */
static void stat_spark(struct rect r, int y, const struct stat_args *a)
{
	int n = a->nspark < (size_t)r.w ? (int)a->nspark : r.w;
	struct rect s = {y, r.x + (r.w - n) / 2, 1, n};
	enum style st = a->level == LEVEL_NONE ? ST_SERIES1 : level_style(a->level);
	sparkline_draw(s, a->spark, a->nspark, a->spark_span, st);
}

/* Everything on one row: the value, then the change if it fits. */
static void stat_one_row(struct rect r, const struct stat_text *t)
{
	int vw = stat_value_width(t), dw = text_width(t->delta);
	int both = t->delta[0] && vw + 2 + dw <= r.w;
	int total = both ? vw + 2 + dw : vw;
	int x = total < r.w ? r.x + (r.w - total) / 2 : r.x;
	int used = stat_value_at(r.y, x, r.w, t);
	if (both)
		draw_text(r.y, x + used + 2, dw, t->delta, t->delta_style);
}

/* Draw the lines below the figure (change, sparkline, caption) from row y while rows remain. */
static void stat_below(struct rect r, int y, const struct stat_args *a, const struct stat_text *t)
{
	int end = r.y + r.h;
	if (t->delta[0] && y < end)
		stat_centred(r, y++, t->delta, t->delta_style);
	if (t->spark && y < end)
		stat_spark(r, y++, a);
	if (a->caption && *a->caption && y < end)
		stat_centred(r, y, a->caption, ST_MUTED);
}

/* Rows the lines below the figure want. */
static int stat_below_rows(const struct stat_args *a, const struct stat_text *t)
{
	return (t->delta[0] != 0) + t->spark + (a->caption && *a->caption);
}

/* A figure, centred: value, change, sparkline, caption, as many as the rows allow. */
void stat_draw(struct rect r, const struct stat_args *a)
{
	struct stat_text t;
	if (r.h <= 0 || r.w <= 0)
		return;
	stat_text(a, &t);
	if (r.h == 1) {
		stat_one_row(r, &t);
		return;
	}
	int rows = 1 + stat_below_rows(a, &t);
	if (rows > r.h)
		rows = r.h;
	int y = r.y + (r.h - rows) / 2;
	int vw = stat_value_width(&t);
	stat_value_at(y, vw < r.w ? r.x + (r.w - vw) / 2 : r.x, r.w, &t);
	stat_below(r, y + 1, a, &t);
}

/* The big glyph for c, or NULL. */
static const struct big_glyph *big_find(char c)
{
	for (size_t i = 0; i < sizeof big_font / sizeof big_font[0]; i++)
		if (big_font[i].ch == c)
			return &big_font[i];
	return NULL;
}

/* Columns s takes in the big font, or -1 when a character is missing. */
static int big_width(const char *s)
{
	int w = 0;
	for (; *s; s++) {
		const struct big_glyph *g = big_find(*s);
		if (g == NULL || strlen(s) > BIG_MAX)
			return -1;
		w += g->w + (s[1] != '\0');
	}
	return w;
}

/* Whether pixel (row, col) of g is set; rows past the font are empty. */
static int big_pixel(const struct big_glyph *g, int row, int col)
{
	return row < 5 && g->rows[row][col] == '#';
}

/* The text of one screen row of s: half blocks over pixel rows 2k, 2k+1, or '#' per pixel. */
static void big_row(const char *s, int k, int ascii, char *out, size_t len)
{
	static const char *const half[4] = {" ", "\u2580", "\u2584", "\u2588"};
	size_t n = 0;
	for (; *s; s++) {
		const struct big_glyph *g = big_find(*s);
		for (int c = 0; c <= g->w; c++) {
			const char *cell = " ";
			if (c < g->w && ascii)
				cell = big_pixel(g, k, c) ? "#" : " ";
			else if (c < g->w)
				cell =
				    half[big_pixel(g, 2 * k, c) | big_pixel(g, 2 * k + 1, c) << 1];
			if (c == g->w && s[1] == '\0')
				break;
			size_t m = strlen(cell);
			if (n + m >= len)
				break;
			memcpy(out + n, cell, m);
			n += m;
		}
	}
	out[n] = '\0';
}

/* The figure in block digits with its change below; stat_draw when it does not fit. */
void bignum_draw(struct rect r, const struct stat_args *a)
{
	struct stat_text t;
	stat_text(a, &t);
	int ascii = !glyphs()->braille;
	int font_rows = ascii ? 5 : 3;
	int bw = big_width(t.value);
	int sym = t.symbol ? text_width(t.symbol) + 1 : 0;
	int change = isnan(a->delta) ? 0 : 1; /* big digits never push the change out */
	if (bw < 0 || r.h < font_rows + change || bw + sym > r.w) {
		stat_draw(r, a);
		return;
	}
	int rows = font_rows + stat_below_rows(a, &t);
	if (rows > r.h)
		rows = r.h;
	int y = r.y + (r.h - rows) / 2;
	int x = r.x + (r.w - bw - sym) / 2;
	if (t.symbol)
		draw_text(y + font_rows / 2, x, sym, t.symbol, t.value_style);
	for (int k = 0; k < font_rows; k++) {
		char line[BIG_MAX * 6 * 4 + 1];
		big_row(t.value, k, ascii, line, sizeof line);
		draw_text(y + k, x + sym, bw, line, t.value_style);
	}
	stat_below(r, y + font_rows, a, &t);
}
