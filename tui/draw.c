/* draw.c: the drawing primitives; the one widget-side file that calls curses. */
#include "tui/draw.h"

#include <wchar.h>

#include "tui/screen.h"

/* The longest run drawn by one call, in characters. */
#define DRAW_RUN 1024

static const struct glyphs glyphs_utf8 = {
    .up = "\u25b2",
    .down = "\u25bc",
    .flat = "\u25b6",
    .ok = "\u2713",
    .warn = "!",
    .bad = "\u2717",
    .spark = {"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"},
    .eighth = {"\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589", "\u2588"},
    .hline = "\u2500",
    .vline = "\u2502",
    .tl = "\u250c",
    .tr = "\u2510",
    .bl = "\u2514",
    .br = "\u2518",
    .ellipsis = "\u2026",
    .gauge_empty = "\u2591",
    .marker = "\u2503",
    .dot = "\u2022",
    .braille = 1,
};

static const struct glyphs glyphs_ascii = {
    .up = "^",
    .down = "v",
    .flat = "-",
    .ok = "+",
    .warn = "!",
    .bad = "X",
    .spark = {"_", ".", ":", "-", "=", "+", "*", "#"},
    .eighth = {" ", " ", " ", "#", "#", "#", "#", "#"},
    .hline = "-",
    .vline = "|",
    .tl = "+",
    .tr = "+",
    .bl = "+",
    .br = "+",
    .ellipsis = "...",
    .gauge_empty = ".",
    .marker = "|",
    .dot = "*",
    .braille = 0,
};

/* The glyph set of the mode the screen is in. */
const struct glyphs *glyphs(void)
{
	return screen_ascii() ? &glyphs_ascii : &glyphs_utf8;
}

/* Decode one UTF-8 character of s into *c; returns the bytes used (a bad byte is one U+FFFD). */
static int draw_decode(const char *s, wchar_t *c)
{
	const unsigned char *u = (const unsigned char *)s;
	int n = u[0] < 0x80   ? 1
		: u[0] < 0xc2 ? 0
		: u[0] < 0xe0 ? 2
		: u[0] < 0xf0 ? 3
		: u[0] < 0xf5 ? 4
			      : 0;
	if (n <= 1) {
		*c = n ? u[0] : 0xfffd;
		return 1;
	}
	unsigned long v = u[0] & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*c = 0xfffd;
			return 1;
		}
		v = v << 6 | (u[i] & 0x3f);
	}
	int overlong = (n == 3 && v < 0x800) || (n == 4 && v < 0x10000);
	*c = overlong || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ? 0xfffd : (wchar_t)v;
	return n;
}

/* The character actually drawn for c: anything past ASCII is '?' in ASCII mode. */
static wchar_t draw_shown(wchar_t c)
{
	if (c < 0x20 || c == 0x7f || (screen_ascii() && c > 0x7e))
		return L'?';
	return c;
}

/* Columns taken by the shown form of c. */
static int draw_cwidth(wchar_t c)
{
	int w = wcwidth(draw_shown(c));
	return w < 0 ? 1 : w;
}

/* Columns s takes on screen, as draw_text would show it. */
int text_width(const char *s)
{
	int w = 0;
	while (s && *s) {
		wchar_t c;
		s += draw_decode(s, &c);
		w += draw_cwidth(c);
	}
	return w;
}

/* The columns at (y, x) that are on the screen, at most maxw. */
static int draw_room(int y, int x, int maxw)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || maxw <= 0)
		return 0;
	return maxw < COLS - x ? maxw : COLS - x;
}

/* Put n characters of ws at (y, x) in style st. */
static void draw_run(int y, int x, const wchar_t *ws, int n, enum style st)
{
	if (n <= 0)
		return;
	attr_t a = style_attr(st);
	wattr_set(stdscr, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
	mvwaddnwstr(stdscr, y, x, ws, n);
	wattr_set(stdscr, A_NORMAL, 0, NULL);
}

/* Append characters of s to buf[*n] while they fit in room columns; returns the columns taken. */
static int draw_take(const char *s, int room, wchar_t *buf, int *n)
{
	int used = 0;
	while (*s && *n < DRAW_RUN) {
		wchar_t c;
		int k = draw_decode(s, &c);
		int cw = draw_cwidth(c);
		if (used + cw > room)
			break;
		buf[(*n)++] = draw_shown(c);
		used += cw;
		s += k;
	}
	return used;
}

/* Draw s from (y, x) in at most maxw columns (and on screen), the ellipsis marking a cut. */
int draw_text(int y, int x, int maxw, const char *s, enum style st)
{
	maxw = draw_room(y, x, maxw);
	if (maxw <= 0 || s == NULL || *s == '\0')
		return 0;
	if (maxw > DRAW_RUN / 2)
		maxw = DRAW_RUN / 2;
	wchar_t buf[DRAW_RUN];
	int n = 0, used;
	const char *ell = glyphs()->ellipsis;
	int ellw = text_width(ell);
	if (text_width(s) <= maxw || maxw <= ellw) {
		used = draw_take(s, maxw, buf, &n);
	} else {
		used = draw_take(s, maxw - ellw, buf, &n);
		used += draw_take(ell, ellw, buf, &n);
	}
	draw_run(y, x, buf, n, st);
	return used;
}

/* Draw s so that it ends just before column xend, cut to maxw columns. */
int draw_text_right(int y, int xend, int maxw, const char *s, enum style st)
{
	int w = text_width(s);
	if (w > maxw)
		w = maxw;
	if (w <= 0)
		return 0;
	return draw_text(y, xend - w, w, s, st);
}

/* Draw the one-column glyph g at (y, x). */
void draw_glyph(int y, int x, const char *g, enum style st)
{
	draw_text(y, x, 1, g, st);
}

/* Draw n copies of the one-column glyph g from (y, x). */
static void draw_repeat(int y, int x, int n, const char *g, enum style st)
{
	n = draw_room(y, x, n);
	if (n > DRAW_RUN)
		n = DRAW_RUN;
	wchar_t c, buf[DRAW_RUN];
	draw_decode(g, &c);
	c = draw_shown(c);
	for (int i = 0; i < n; i++)
		buf[i] = c;
	draw_run(y, x, buf, n, st);
}

/* Blank r with spaces in style st. */
void draw_fill(struct rect r, enum style st)
{
	for (int i = 0; i < r.h; i++)
		draw_repeat(r.y + i, r.x, r.w, " ", st);
}

/* A horizontal line of w columns from (y, x). */
static void draw_hline(int y, int x, int w, enum style st)
{
	draw_repeat(y, x, w, glyphs()->hline, st);
}

/* A box on the border of r; a line when r is one row or column. */
void draw_box(struct rect r, enum style st)
{
	const struct glyphs *g = glyphs();
	if (r.h <= 0 || r.w <= 0)
		return;
	if (r.h == 1 || r.w == 1) {
		for (int i = 0; i < r.h; i++)
			draw_repeat(r.y + i, r.x, r.w, r.h == 1 ? g->hline : g->vline, st);
		return;
	}
	draw_glyph(r.y, r.x, g->tl, st);
	draw_hline(r.y, r.x + 1, r.w - 2, st);
	draw_glyph(r.y, r.x + r.w - 1, g->tr, st);
	for (int i = 1; i < r.h - 1; i++) {
		draw_glyph(r.y + i, r.x, g->vline, st);
		draw_glyph(r.y + i, r.x + r.w - 1, g->vline, st);
	}
	draw_glyph(r.y + r.h - 1, r.x, g->bl, st);
	draw_hline(r.y + r.h - 1, r.x + 1, r.w - 2, st);
	draw_glyph(r.y + r.h - 1, r.x + r.w - 1, g->br, st);
}
