/* gauge.c: a value between min and max as a filled track, with its target marked. */
#include <math.h>
#include <stdio.h>

#include "tui/draw.h"

/* Where v falls between min and max, as 0..1 (0 for NaN or an empty range). */
static double gauge_fraction(double v, double min, double max)
{
	if (!isfinite(v) || !(max > min))
		return 0;
	double f = (v - min) / (max - min);
	return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* The column of the target in a track of w columns, or -1. */
static int gauge_target_col(const struct gauge_args *a, int w)
{
	if (!isfinite(a->target) || !(a->max > a->min) || w <= 0)
		return -1;
	long m = lround(gauge_fraction(a->target, a->min, a->max) * w);
	return m >= w ? w - 1 : (int)m;
}

/* The style of the filled part and the figure. */
static enum style gauge_style(const struct gauge_args *a)
{
	return a->level == LEVEL_NONE ? ST_SERIES1 : level_style(a->level);
}

/* Draw the track in w columns from x: filled in eighths, then empty, then the target mark. */
static void gauge_track(int y, int x, int w, const struct gauge_args *a)
{
	const struct glyphs *g = glyphs();
	long e = lround(gauge_fraction(a->value, a->min, a->max) * w * 8);
	int i = 0;
	for (; i < e / 8; i++)
		draw_glyph(y, x + i, g->eighth[7], gauge_style(a));
	if (e % 8)
		draw_glyph(y, x + i++, g->eighth[e % 8 - 1], gauge_style(a));
	for (; i < w; i++)
		draw_glyph(y, x + i, g->gauge_empty, ST_MUTED);
	int t = gauge_target_col(a, w);
	if (t >= 0)
		draw_glyph(y, x + t, g->marker, ST_TITLE);
}

/* Draw the figure, its level symbol first, from x in w columns; returns the columns used. */
static int gauge_value(int y, int x, int w, const struct gauge_args *a)
{
	char buf[64];
	const char *sym = a->level == LEVEL_WARN  ? glyphs()->warn
			  : a->level == LEVEL_BAD ? glyphs()->bad
						  : NULL;
	enum style st = a->level == LEVEL_NONE ? ST_TITLE : level_style(a->level);
	int used = 0;
	fmt_value(buf, sizeof buf, a->value, a->unit, a->decimals);
	if (sym && w > text_width(buf) + 2) {
		used = draw_text(y, x, w, sym, st);
		used += draw_text(y, x + used, w - used, " ", ST_NORMAL);
	}
	return used + draw_text(y, x + used, w - used, buf, st);
}

/* Columns the figure takes with its symbol. */
static int gauge_value_width(const struct gauge_args *a)
{
	char buf[64];
	fmt_value(buf, sizeof buf, a->value, a->unit, a->decimals);
	return text_width(buf) + (a->level == LEVEL_WARN || a->level == LEVEL_BAD ? 2 : 0);
}

/* Under the track: min at the left, max at the right, the target under its mark if it fits. */
static void gauge_scale(struct rect r, int y, const struct gauge_args *a)
{
	char lo[32], hi[32], tg[48], tv[32];
	fmt_value(lo, sizeof lo, a->min, a->unit, a->decimals);
	fmt_value(hi, sizeof hi, a->max, a->unit, a->decimals);
	int lw = draw_text(y, r.x, r.w, lo, ST_MUTED);
	int hw = text_width(hi);
	if (lw + 1 + hw > r.w)
		return;
	draw_text_right(y, r.x + r.w, hw, hi, ST_MUTED);
	int t = gauge_target_col(a, r.w);
	if (t < 0)
		return;
	fmt_value(tv, sizeof tv, a->target, a->unit, a->decimals);
	snprintf(tg, sizeof tg, "target %s", tv);
	int tw = text_width(tg);
	int x = r.x + t - tw / 2;
	if (x >= r.x + lw + 2 && x + tw <= r.x + r.w - hw - 2)
		draw_text(y, x, tw, tg, ST_MUTED);
}

/* One row: the track, then the figure at the right. */
static void gauge_one_row(struct rect r, const struct gauge_args *a)
{
	int vw = gauge_value_width(a);
	if (r.w - vw - 1 < 4) {
		gauge_value(r.y, r.x, r.w, a);
		return;
	}
	gauge_track(r.y, r.x, r.w - vw - 1, a);
	gauge_value(r.y, r.x + r.w - vw, vw, a);
}

/* The gauge: figure and caption, track, then its scale, as the rows allow. */
void gauge_draw(struct rect r, const struct gauge_args *a)
{
	if (r.h <= 0 || r.w <= 0)
		return;
	if (r.h == 1) {
		gauge_one_row(r, a);
		return;
	}
	int rows = r.h >= 3 ? 3 : 2;
	int y = r.y + (r.h - rows) / 2;
	int used = gauge_value(y, r.x, r.w, a);
	if (a->caption && *a->caption && used + 2 < r.w)
		draw_text_right(y, r.x + r.w, r.w - used - 2, a->caption, ST_MUTED);
	gauge_track(y + 1, r.x, r.w, a);
	if (rows == 3)
		gauge_scale(r, y + 2, a);
}
