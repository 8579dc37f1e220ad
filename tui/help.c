/* help.c: the help overlay, a focused box of keys and what they do. */
#include <stdio.h>

#include "tui/draw.h"

/* Widths of the key and text columns of the help. */
static void help_widths(const struct help_line *lines, size_t n, int *kw, int *tw)
{
	*kw = *tw = 0;
	for (size_t i = 0; i < n; i++) {
		int k = text_width(lines[i].keys), t = text_width(lines[i].text);
		*kw = k > *kw ? k : *kw;
		*tw = t > *tw ? t : *tw;
	}
}

/* The centred box of the help in r: the lines, a blank row above and below, a border. */
static struct rect help_box(struct rect r, const char *title, int kw, int tw, size_t n)
{
	int w = 4 + kw + 3 + tw; /* frame_draw keeps a border and a space each side */
	int tt = text_width(title) + 6;
	w = w > tt ? w : tt;
	w = w < r.w ? w : r.w;
	int h = (int)n + 4 < r.h ? (int)n + 4 : r.h;
	return (struct rect){r.y + (r.h - h) / 2, r.x + (r.w - w) / 2, h, w};
}

/* A focused box centred in r, keys in one column and what they do in the other. */
void help_draw(struct rect r, const char *title, const struct help_line *lines, size_t n)
{
	help_draw_from(r, title, lines, n, 0);
}

/* Lines of the help the box in r has room for: its height less the border and blank rows. */
int help_rows(struct rect r, size_t n)
{
	int h = (int)n + 4 < r.h ? (int)n + 4 : r.h;
	int rows = h - 2 - (h - 2 >= (int)n + 2 ? 2 : 0);
	return rows > 0 ? rows : 0;
}

/* The help from line top on, the border's note saying which lines are shown when not all fit. */
void help_draw_from(struct rect r, const char *title, const struct help_line *lines, size_t n,
		    size_t top)
{
	int kw, tw;
	char note[64] = "";
	if (r.h <= 0 || r.w <= 0)
		return;
	help_widths(lines, n, &kw, &tw);
	struct rect b = help_box(r, title ? title : "", kw, tw, n);
	size_t rows = (size_t)help_rows(r, n);
	if (rows < n) { /* more than fits: say so, and where we are */
		top = top + rows > n ? n - rows : top;
		snprintf(note, sizeof note, "%zu-%zu of %zu, j/k", top + 1, top + rows, n);
	} else {
		top = 0;
	}
	struct frame_args fa = {title, note[0] ? note : NULL, LEVEL_NONE, 1, 0, 0};
	struct rect in = frame_draw(b, &fa);
	if (in.h <= 0 || in.w <= 0)
		return;
	int pad = in.h >= (int)n + 2;
	int kcol = kw < in.w / 2 ? kw : in.w / 2;
	for (size_t i = top; i < n && (int)(i - top) < in.h - pad; i++) {
		int y = in.y + pad + (int)(i - top);
		draw_text(y, in.x, kcol, lines[i].keys, ST_TITLE);
		draw_text(y, in.x + kcol + 3, in.w - kcol - 3, lines[i].text, ST_NORMAL);
	}
}
