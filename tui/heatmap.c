/* heatmap.c: cohorts by time, each cell shaded by its value, with the scale below. */
#include <math.h>
#include <stdio.h>

#include "tui/draw.h"

/* Shades from low to high: five steps, then their ASCII stand-ins. */
static const char *const heat_utf8[5] = {"\u00b7", "\u2591", "\u2592", "\u2593", "\u2588"};
static const char *const heat_ascii[5] = {".", ":", "+", "*", "#"};

/* The range of every finite value of a, unless the caller fixed it. */
static void heat_range(const struct heatmap_args *a, double *lo, double *hi)
{
	*lo = a->lo;
	*hi = a->hi;
	if (!isnan(*lo) && !isnan(*hi))
		return;
	double l = INFINITY, h = -INFINITY;
	for (size_t r = 0; r < a->nrows; r++)
		for (size_t i = 0; i < a->counts[r]; i++)
			if (isfinite(a->values[r][i])) {
				l = fmin(l, a->values[r][i]);
				h = fmax(h, a->values[r][i]);
			}
	*lo = isnan(*lo) ? l : *lo;
	*hi = isnan(*hi) ? h : *hi;
}

/* The style of a fraction f (0 low .. 1 high) of the scale, by which way is good. */
static enum style heat_style(double f, int good_dir)
{
	if (good_dir == 0)
		return ST_SERIES1;
	double good = good_dir > 0 ? f : 1 - f;
	return good >= 2.0 / 3 ? ST_OK : good >= 1.0 / 3 ? ST_WARN : ST_BAD;
}

/* One cohort's row of cells from x, w wide. */
static void heat_row(int y, int x, int w, const double *v, size_t n, double lo, double hi,
		     int good_dir)
{
	const char *const *shade = glyphs()->braille ? heat_utf8 : heat_ascii;
	for (int c = 0; c < w; c++) {
		double val =
		    v && n ? values_bucket(v, n, (size_t)c, (size_t)w) : NAN; /* none: blank */
		if (isnan(val)) {
			draw_glyph(y, x + c, " ", ST_NORMAL);
			continue;
		}
		double f = hi > lo ? (val - lo) / (hi - lo) : 0.5;
		f = f < 0 ? 0 : f > 1 ? 1 : f;
		draw_glyph(y, x + c, shade[(int)lround(f * 4)], heat_style(f, good_dir));
	}
}

/* The scale on the last row: the low shade and value, then the high ones. */
static void heat_scale(int y, int x, int w, const struct heatmap_args *a, double lo, double hi)
{
	const char *const *shade = glyphs()->braille ? heat_utf8 : heat_ascii;
	char l[32], h[32], line[96];
	fmt_value(l, sizeof l, lo, a->unit, a->decimals);
	fmt_value(h, sizeof h, hi, a->unit, a->decimals);
	snprintf(line, sizeof line, "%s %s .. %s %s", shade[0], l, shade[4], h);
	draw_text(y, x, w, line, ST_MUTED);
}

void heatmap_draw(struct rect r, const struct heatmap_args *a)
{
	if (r.h <= 0 || r.w <= 2 || a->nrows == 0)
		return;
	double lo, hi;
	heat_range(a, &lo, &hi);
	int namew = 0;
	for (size_t i = 0; i < a->nrows; i++)
		namew = text_width(a->names[i]) > namew ? text_width(a->names[i]) : namew;
	namew = namew > r.w / 3 ? r.w / 3 : namew;
	int rows = r.h > 1 ? r.h - 1 : r.h;
	for (int i = 0; i < rows && (size_t)i < a->nrows; i++) {
		draw_text(r.y + i, r.x, namew, a->names[i], ST_NORMAL);
		heat_row(r.y + i, r.x + namew + 1, r.w - namew - 1, a->values[i], a->counts[i], lo,
			 hi, a->good_dir);
	}
	if (r.h > 1 && isfinite(lo) && isfinite(hi))
		heat_scale(r.y + r.h - 1, r.x, r.w, a, lo, hi);
}
