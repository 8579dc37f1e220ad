/*
 * draw.h: tui-internal primitives over the screen's one window. Only files
 * in tui/ include this; it is where curses meets the widgets.
 */
#ifndef KPIDASH_DRAW_H
#define KPIDASH_DRAW_H

#include <curses.h>

#include "tui/theme.h"
#include "tui/widgets.h"

/* Glyphs for the current mode: UTF-8 or plain ASCII. */
struct glyphs {
	const char *up, *down, *flat; /* change arrows */
	const char *ok, *warn, *bad;  /* level symbols, shown without colour too */
	const char *spark[8];	      /* sparkline, lowest to highest */
	const char *eighth[8];	      /* horizontal bar partials, 1/8 .. 8/8 */
	const char *hline, *vline;
	const char *tl, *tr, *bl, *br; /* box corners */
	const char *ellipsis;
	const char *gauge_empty, *marker;
	const char *dot; /* chart point without Braille */
	int braille;	 /* Braille cells are available */
};
const struct glyphs *glyphs(void);

/* The curses attributes of a style in the selected theme (theme.c). */
attr_t style_attr(enum style st);
/*
 * Say whether the screen shows colour (1) or not (0) and (re)initialise the
 * colour pairs of the selected theme: screen_init calls it after start_color.
 */
void theme_apply(int color);

/* The mean of the finite values of v[0..n) that fall in cell i of cells (NaN for none). */
double values_bucket(const double *v, size_t n, size_t i, size_t cells);

/* Display width of UTF-8 s in columns (wcwidth; invalid bytes count 1). */
int text_width(const char *s);
/*
 * Draw s at (y, x) in at most maxw columns, cut with an ellipsis if longer.
 * s must be sanitized already. Returns the columns used.
 */
int draw_text(int y, int x, int maxw, const char *s, enum style st);
/* Draw s right-aligned so that it ends at column xend (exclusive). */
int draw_text_right(int y, int xend, int maxw, const char *s, enum style st);
/* Draw one glyph (one column) at (y, x). */
void draw_glyph(int y, int x, const char *g, enum style st);
/* Fill r with spaces in style st. */
void draw_fill(struct rect r, enum style st);
/* A box on the border of r. */
void draw_box(struct rect r, enum style st);

#endif
