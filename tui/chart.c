/* chart.c: a line chart in Braille dots (2x4 per cell), with value and time axes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/draw.h"
#include "util/xalloc.h"

/* Most y labels, and the gap between time labels. */
#define CHART_YLABELS 5
#define CHART_TGAP    3
/* The largest magnitude the value axis spans. */
#define CHART_VMAX 1e300

/* The plot: cells of dots, which line owns each cell, the reference line's and the baseline's dots.
 */
struct chart_grid {
	int cols, rows; /* in cells */
	int cw, ch;	/* dots per cell: 2x4 in Braille, 1x1 in ASCII */
	unsigned char *bits;
	unsigned char *ref;
	unsigned char *base;
	signed char *owner;
};

/* The owner number that plots into the reference line's dots, and the baseline's. */
#define CHART_REF  (-1)
#define CHART_BASE (-2)

/* Where the chart's parts go inside its rect, and its scales. */
struct chart_layout {
	struct rect plot;
	int legend_y, axis_y; /* -1 when not drawn */
	int label_w;
	double lo, hi, step; /* value axis: ends and tick step */
	double t0, t1;	     /* time axis */
	int left;	     /* where time labels may start */
	int decimals;	     /* of the value labels */
};

/* Braille bit of the dot at column x (0..1), row y (0..3) of a cell: dot n is bit n-1. */
static const unsigned char chart_dot[4][2] = {
    {0x01, 0x08},
    {0x02, 0x10},
    {0x04, 0x20},
    {0x40, 0x80},
};

/* Widen [*lo, *hi] by the finite values of line l that fall in the time range. */
static void chart_extent_line(const struct chart_line *l, double t0, double t1, double *lo,
			      double *hi)
{
	for (size_t j = 0; j < l->n; j++) {
		double v = l->v[j];
		if (!isfinite(v) || !isfinite(l->t[j]) ||
		    (t1 > t0 && (l->t[j] < t0 || l->t[j] > t1)))
			continue;
		*lo = v < *lo ? v : *lo;
		*hi = v > *hi ? v : *hi;
	}
}

/* The range of the values to show; 0 when there are none. */
static int chart_extent(const struct chart_args *a, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < a->nlines; i++)
		chart_extent_line(&a->lines[i], a->t0, a->t1, lo, hi);
	if (*lo > *hi)
		return 0; /* a baseline alone is nothing to show */
	if (a->base)	  /* drawn on the same scale: how far from it the line is shows */
		chart_extent_line(a->base, a->t0, a->t1, lo, hi);
	if (isfinite(a->ref)) {
		*lo = a->ref < *lo ? a->ref : *lo;
		*hi = a->ref > *hi ? a->ref : *hi;
	}
	return 1;
}

/* The time axis: the one asked for, else the span of the data (t1 > t0 always). */
static void chart_trange(const struct chart_args *a, struct chart_layout *L)
{
	L->t0 = a->t0;
	L->t1 = a->t1;
	if (a->t1 > a->t0)
		return;
	L->t0 = INFINITY;
	L->t1 = -INFINITY;
	for (size_t i = 0; i < a->nlines; i++)
		for (size_t j = 0; j < a->lines[i].n; j++) {
			double t = a->lines[i].t[j];
			if (isfinite(t) && isfinite(a->lines[i].v[j])) {
				L->t0 = t < L->t0 ? t : L->t0;
				L->t1 = t > L->t1 ? t : L->t1;
			}
		}
	if (!(L->t1 > L->t0))
		L->t1 = L->t0 + 1;
}

/* The round step (1, 2 or 5 times a power of ten) nearest above x. */
static double chart_nice(double x)
{
	if (!(x > 0) || !isfinite(x))
		return 1;
	double p = pow(10, floor(log10(x)));
	double f = x / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* Set the value axis: rounded ends (unless fixed) and a step giving at most n labels. */
static void chart_scale(const struct chart_args *a, double lo, double hi, int n,
			struct chart_layout *L)
{
	if (!isnan(a->ymin))
		lo = a->ymin;
	if (!isnan(a->ymax))
		hi = a->ymax;
	lo = fmin(fmax(lo, -CHART_VMAX), CHART_VMAX); /* keeps hi - lo finite */
	hi = fmin(fmax(hi, -CHART_VMAX), CHART_VMAX);
	if (hi - lo < a->span && isnan(a->ymin) && isnan(a->ymax)) {
		double mid = lo / 2 + hi / 2; /* noise is not drawn as a cliff */
		lo = mid - a->span / 2;
		hi = mid + a->span / 2;
	}
	if (!(hi > lo)) {
		double d = lo != 0 ? fabs(lo) * 0.1 : 1;
		lo -= isnan(a->ymin) ? d : 0;
		hi = lo + (isnan(a->ymin) ? 2 : 1) * d;
	}
	L->step = chart_nice((hi - lo) / (n > 1 ? n - 1 : 1));
	for (int i = 0; i < 8 && ceil(hi / L->step) - floor(lo / L->step) > n; i++)
		L->step = chart_nice(L->step * 1.01);
	L->lo = isnan(a->ymin) ? floor(lo / L->step) * L->step : lo;
	L->hi = isnan(a->ymax) ? ceil(hi / L->step) * L->step : hi;
	if (!(L->hi > L->lo))
		L->hi = L->lo + L->step;
}

/* How many value labels suit a plot of rows rows. */
static int chart_nlabels(int rows)
{
	return rows >= 12 ? CHART_YLABELS : rows >= 7 ? 4 : rows >= 3 ? 3 : rows;
}

/* The k-th tick value. */
static double chart_tick(const struct chart_layout *L, int k)
{
	double v = ceil(L->lo / L->step - 1e-9) * L->step + k * L->step;
	return fabs(v) < L->step * 1e-9 ? 0 : v;
}

/*
 * Decimals for the value labels: as asked, else just enough for the step, for
 * the units whose decimals count digits of the shown number.
 */
static int chart_decimals(const struct chart_args *a, const struct chart_layout *L)
{
	enum unit_kind k = a->unit ? a->unit->kind : UNIT_NONE;
	double scale = k == UNIT_RATIO ? 100 : 1;
	int plain = k == UNIT_RATIO || k == UNIT_PERCENT || k == UNIT_NONE || k == UNIT_SCORE ||
		    k == UNIT_PER_HOUR;
	double big = fmax(fabs(L->lo), fabs(L->hi)) * scale;
	if (a->decimals >= 0 || !plain || big >= 10000)
		return a->decimals;
	int d = (int)ceil(-log10(L->step * scale) - 1e-9);
	return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* Widest value label. */
static int chart_label_width(const struct chart_args *a, const struct chart_layout *L)
{
	char buf[64];
	int w = 0;
	for (int k = 0; chart_tick(L, k) <= L->hi + L->step * 1e-9 && k < 64; k++) {
		fmt_value(buf, sizeof buf, chart_tick(L, k), a->unit, L->decimals);
		int tw = text_width(buf);
		w = tw > w ? tw : w;
	}
	return w;
}

/* True when a line has a name to put in the legend. */
static int chart_has_names(const struct chart_args *a)
{
	for (size_t i = 0; i < a->nlines; i++)
		if (a->lines[i].name && *a->lines[i].name)
			return 1;
	return 0;
}

/* Split r into legend row, plot, value labels and time axis. */
static void chart_layout(struct rect r, const struct chart_args *a, double lo, double hi,
			 struct chart_layout *L)
{
	int legend = a->legend && r.h >= 6 && chart_has_names(a);
	int axis = r.h >= 4;
	L->legend_y = legend ? r.y : -1;
	L->axis_y = axis ? r.y + r.h - 1 : -1;
	L->plot = (struct rect){r.y + legend, r.x, r.h - legend - axis, r.w};
	chart_scale(a, lo, hi, chart_nlabels(L->plot.h), L);
	L->decimals = chart_decimals(a, L);
	L->label_w = chart_label_width(a, L);
	if (L->label_w + 1 + 8 > r.w)
		L->label_w = 0;
	int off = L->label_w ? L->label_w + 1 : 0;
	L->plot.x += off;
	L->plot.w -= off;
	L->left = r.x;
}

/* Set dot (x, y) of the grid for line i (or CHART_REF, CHART_BASE); dots outside are dropped. */
static void chart_plot(struct chart_grid *g, int x, int y, int i)
{
	if (x < 0 || y < 0 || x >= g->cols * g->cw || y >= g->rows * g->ch)
		return;
	size_t c = (size_t)(y / g->ch) * (size_t)g->cols + (size_t)(x / g->cw);
	unsigned char bit = g->cw == 2 ? chart_dot[y % 4][x % 2] : 1;
	if (i < 0) {
		(i == CHART_BASE ? g->base : g->ref)[c] |= bit;
		return;
	}
	g->bits[c] |= bit;
	g->owner[c] = (signed char)(i % 128);
}

/* Join (x0, y0) to (x1, y1) with dots (Bresenham). */
static void chart_segment(struct chart_grid *g, int x0, int y0, int x1, int y1, int i)
{
	int dx = abs(x1 - x0), dy = -abs(y1 - y0);
	int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
	int err = dx + dy;
	for (;;) {
		chart_plot(g, x0, y0, i);
		if (x0 == x1 && y0 == y1)
			return;
		int e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

/* The dot column of time t. */
static int chart_x(const struct chart_grid *g, const struct chart_layout *L, double t)
{
	int pw = g->cols * g->cw;
	double x = (t - L->t0) / (L->t1 - L->t0) * (pw - 1);
	x = isnan(x) || x < -pw ? -pw : x > 2.0 * pw ? 2.0 * pw : x;
	return (int)lround(x);
}

/* The dot row of value v, held inside the plot. */
static int chart_y(const struct chart_grid *g, const struct chart_layout *L, double v)
{
	int ph = g->rows * g->ch;
	double y = (L->hi - v) / (L->hi - L->lo) * (ph - 1);
	y = isnan(y) || y < 0 ? 0 : y > ph - 1 ? ph - 1 : y;
	return (int)lround(y);
}

/* Plot line i: segments between consecutive finite points, a gap at each NaN. */
static void chart_line(struct chart_grid *g, const struct chart_layout *L,
		       const struct chart_line *l, int i)
{
	int have = 0, px = 0, py = 0;
	for (size_t j = 0; j < l->n; j++) {
		if (!isfinite(l->t[j]) || !isfinite(l->v[j])) {
			have = 0;
			continue;
		}
		int x = chart_x(g, L, l->t[j]), y = chart_y(g, L, l->v[j]);
		chart_segment(g, have ? px : x, have ? py : y, x, y, i);
		have = 1;
		px = x;
		py = y;
	}
}

/* Plot the reference line: every other dot along its row. */
static void chart_ref(struct chart_grid *g, const struct chart_layout *L, double ref)
{
	if (!isfinite(ref) || ref < L->lo || ref > L->hi)
		return;
	int y = chart_y(g, L, ref);
	for (int x = 0; x < g->cols * g->cw; x += 2)
		chart_plot(g, x, y, CHART_REF);
}

/* The UTF-8 text of Braille cell bits into buf (4 bytes). */
static void chart_braille(unsigned bits, char *buf)
{
	unsigned cp = 0x2800 + bits;
	buf[0] = (char)(0xe0 | cp >> 12);
	buf[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	buf[2] = (char)(0x80 | (cp & 0x3f));
	buf[3] = '\0';
}

/* Draw the grid's cells into the plot rect. */
static void chart_render(const struct chart_grid *g, struct rect p)
{
	const struct glyphs *gl = glyphs();
	for (int row = 0; row < g->rows; row++)
		for (int col = 0; col < g->cols; col++) {
			size_t c = (size_t)row * (size_t)g->cols + (size_t)col;
			/* a line over the reference over the baseline: the faintest gives way */
			unsigned bits = g->bits[c]  ? g->bits[c]
					: g->ref[c] ? g->ref[c]
						    : g->base[c];
			char buf[4];
			if (bits == 0)
				continue;
			if (gl->braille)
				chart_braille(bits, buf);
			enum style st = g->bits[c]  ? style_series((size_t)g->owner[c])
					: g->ref[c] ? ST_WARN
						    : ST_MUTED;
			const char *s = gl->braille  ? buf
					: g->bits[c] ? gl->dot
					: g->ref[c]  ? "."
						     : ":";
			draw_glyph(p.y + row, p.x + col, s, st);
		}
}

/* Draw the value labels right-aligned left of the plot, one per tick, none on the same row. */
static void chart_ylabels(const struct chart_args *a, const struct chart_layout *L,
			  const struct chart_grid *g)
{
	int last = -1;
	if (L->label_w == 0)
		return;
	for (int k = 0; k < 64; k++) {
		double v = chart_tick(L, k);
		if (v > L->hi + L->step * 1e-9)
			break;
		int row = chart_y(g, L, v) / g->ch;
		if (row == last)
			continue;
		char buf[64];
		fmt_value(buf, sizeof buf, v, a->unit, L->decimals);
		draw_text_right(L->plot.y + row, L->plot.x - 1, L->label_w, buf, ST_MUTED);
		last = row;
	}
}

/* A round time step (seconds) giving labels of width lw at least a gap apart in cols columns. */
static double chart_time_step(double span, int cols, int lw)
{
	static const double steps[] = {60,     120,    300,	600,	 900,	  1800,
				       3600,   7200,   10800,	21600,	 43200,	  86400,
				       172800, 604800, 1209600, 2592000, 7776000, 31536000};
	double most = cols / (double)(lw + CHART_TGAP);
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (span / steps[i] <= most)
			return steps[i];
	return span;
}

/* Seconds local time is ahead of UTC at t. */
static double chart_tz(double t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return (double)tm.tm_gmtoff;
}

/* The column of time a->mark under the plot (where a change began), or -1 for none. */
static int chart_mark_x(const struct chart_args *a, const struct chart_layout *L,
			const struct chart_grid *g)
{
	if (!(a->mark > 0) || a->mark < L->t0 || a->mark > L->t1)
		return -1;
	return L->plot.x + chart_x(g, L, a->mark) / g->cw;
}

/* Mark that column with an arrow on the time axis (or the plot's last row without one). */
static void chart_mark(const struct chart_args *a, const struct chart_layout *L,
		       const struct chart_grid *g)
{
	int x = chart_mark_x(a, L, g);
	if (x >= 0)
		draw_glyph(L->axis_y >= 0 ? L->axis_y : L->plot.y + L->plot.h - 1, x, glyphs()->up,
			   ST_WARN);
}

/* Draw time labels under the plot at round local times, none overlapping, nor the mark. */
static void chart_taxis(const struct chart_args *a, const struct chart_layout *L,
			const struct chart_grid *g)
{
	int mark = chart_mark_x(a, L, g);
	char buf[32];
	double span = L->t1 - L->t0;
	if (L->axis_y < 0 || span <= 0)
		return;
	int lw = (int)fmt_time_label(buf, sizeof buf, L->t0, span);
	double step = chart_time_step(span, L->plot.w, lw);
	double off = step >= 3600 ? chart_tz(L->t0) : 0;
	int next = L->left;
	double first = ceil((L->t0 + off) / step) * step - off;
	for (int k = 0; k < 1000 && first + k * step <= L->t1; k++) {
		double t = first + k * step;
		fmt_time_label(buf, sizeof buf, t, span);
		int w = text_width(buf);
		int end = L->plot.x + L->plot.w;
		int x = L->plot.x + chart_x(g, L, t) / g->cw - w / 2;
		x = x + w > end ? end - w : x;
		x = x < L->left ? L->left : x;
		if (x < next || x + w > end || (mark >= x - 1 && mark <= x + w))
			continue;
		draw_text(L->axis_y, x, w, buf, ST_MUTED);
		next = x + w + CHART_TGAP;
	}
}

/* Columns the legend entry of line l takes: mark, space, name. */
static int chart_entry_width(const struct chart_line *l)
{
	return l->name && *l->name ? 2 + text_width(l->name) : 0;
}

/* Draw the names of the lines, right-aligned on the legend row, as many as fit. */
static void chart_legend(struct rect r, const struct chart_args *a, int y)
{
	size_t n = 0;
	int total = 0;
	if (y < 0)
		return;
	for (; n < a->nlines; n++) {
		int ew = chart_entry_width(&a->lines[n]);
		int add = ew ? ew + (total ? 2 : 0) : 0;
		if (total + add > r.w)
			break;
		total += add;
	}
	int x = r.x + r.w - total;
	for (size_t i = 0; i < n; i++) {
		if (!chart_entry_width(&a->lines[i]))
			continue;
		draw_glyph(y, x, glyphs()->hline, style_series(i));
		x += 2;
		x += draw_text(y, x, r.x + r.w - x, a->lines[i].name, ST_MUTED) + 2;
	}
}

/* Make an empty grid over the plot rect. */
static void chart_grid_init(struct chart_grid *g, struct rect p)
{
	int braille = glyphs()->braille;
	g->cols = p.w;
	g->rows = p.h;
	g->cw = braille ? 2 : 1;
	g->ch = braille ? 4 : 1;
	size_t n = (size_t)p.w * (size_t)p.h;
	g->bits = xcalloc(n, 1);
	g->ref = xcalloc(n, 1);
	g->base = xcalloc(n, 1);
	g->owner = xcalloc(n, 1);
}

/* Free the grid's cells. */
static void chart_grid_done(struct chart_grid *g)
{
	free(g->bits);
	free(g->ref);
	free(g->base);
	free(g->owner);
}

/* Draw the chart into r: plot, value labels, time axis, legend; "no data" without points. */
void chart_draw(struct rect r, const struct chart_args *a)
{
	double lo, hi;
	struct chart_layout L;
	struct chart_grid g;
	if (r.h <= 0 || r.w <= 0)
		return;
	if (!chart_extent(a, &lo, &hi)) {
		message_draw(r, "no data", ST_MUTED);
		return;
	}
	chart_trange(a, &L);
	chart_layout(r, a, lo, hi, &L);
	if (L.plot.h <= 0 || L.plot.w <= 0)
		return;
	chart_grid_init(&g, L.plot);
	chart_ref(&g, &L, a->ref);
	if (a->base)
		chart_line(&g, &L, a->base, CHART_BASE);
	for (size_t i = 0; i < a->nlines; i++)
		chart_line(&g, &L, &a->lines[i], (int)i);
	chart_render(&g, L.plot);
	chart_ylabels(a, &L, &g);
	chart_taxis(a, &L, &g);
	chart_mark(a, &L, &g);
	chart_legend(r, a, L.legend_y);
	chart_grid_done(&g);
}
