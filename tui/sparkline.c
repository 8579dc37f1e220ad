/* sparkline.c: a row of eighth-height blocks, one cell per value or per bucket of values. */
#include <math.h>

#include "tui/draw.h"

/* The mean of the non-NaN values v[from..to), NaN when there are none. */
static double spark_mean(const double *v, size_t from, size_t to)
{
	double sum = 0;
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		if (!isnan(v[i]) && !isinf(v[i])) {
			sum += v[i];
			n++;
		}
	return n ? sum / (double)n : NAN;
}

double values_bucket(const double *v, size_t n, size_t i, size_t cells)
{
	size_t from = i * n / cells, to = (i + 1) * n / cells;
	return spark_mean(v, from, to > from ? to : from + 1);
}

/* One row of blocks for v, bucketed into the width, scaled to their range or min_span. */
void sparkline_draw(struct rect r, const double *v, size_t n, double min_span, enum style st)
{
	if (r.h <= 0 || r.w <= 0 || v == NULL || n == 0)
		return;
	size_t cells = n < (size_t)r.w ? n : (size_t)r.w;
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < cells; i++) {
		double x = values_bucket(v, n, i, cells);
		if (!isnan(x)) {
			lo = x < lo ? x : lo;
			hi = x > hi ? x : hi;
		}
	}
	if (hi - lo < min_span) { /* noise stays near the middle line */
		double mid = lo / 2 + hi / 2;
		lo = mid - min_span / 2;
		hi = mid + min_span / 2;
	}
	const struct glyphs *g = glyphs();
	for (size_t i = 0; i < cells; i++) {
		double x = values_bucket(v, n, i, cells);
		if (isnan(x)) {
			draw_glyph(r.y, r.x + (int)i, " ", ST_NORMAL);
			continue;
		}
		double f = hi > lo ? (x - lo) / (hi - lo) : 0.5;
		int k = isnan(f) ? 3 : (int)lround((f < 0 ? 0 : f > 1 ? 1 : f) * 7);
		draw_glyph(r.y, r.x + (int)i, g->spark[k < 0 ? 0 : k > 7 ? 7 : k], st);
	}
}
