/*
 * gallery: every widget drawn with known values in a fixed layout, for the
 * screen test (test_gallery.sh) and for a person to look at. Waits for 'q'.
 * usage: gallery [--ascii] [--mono] [--exhibit NAME] [--layout FILE] [--sweep FILE]
 * --exhibit draws one exhibit alone in a panel over the status line, for the
 * widgets that need more room than the gallery's layout gives (cohort).
 * --layout writes the rects it drew: "box y x h w" for framed panels and
 * "area y x h w" for the rest, so the test can check nothing leaks out.
 * --sweep draws every widget into rects of every small size instead, counts
 * the cells each one touched outside its rect, writes that to FILE and exits.
 */
#include <curses.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tui/screen.h"
#include "tui/widgets.h"

#define SPARK_N	   40
#define CHART_N	   121
#define CHART_T0   1699999200.0 /* 2023-11-14 22:00 UTC */
#define CHART_STEP 180.0
#define COHORT_N   5

struct gallery {
	double spark[SPARK_N];
	double cohort[COHORT_N][SPARK_N], cohort_total[SPARK_N];
	double t[CHART_N], quality[CHART_N], baseline[CHART_N], before[CHART_N];
};

/* One widget with its known values, drawn into any rect. */
struct exhibit {
	const char *name;
	void (*draw)(const struct gallery *g, struct rect r);
};

static const struct unit unit_ratio = {UNIT_RATIO, ""};
static const struct unit unit_seconds = {UNIT_SECONDS, ""};
static const struct unit unit_count = {UNIT_COUNT, ""};

/* Fill the series with known shapes: a rising wobble and two sine lines, one with a gap. */
static void gallery_data(struct gallery *g)
{
	for (int i = 0; i < SPARK_N; i++)
		g->spark[i] = 0.93 + 0.0005 * i + 0.006 * sin(i / 3.0);
	for (int i = 0; i < CHART_N; i++) {
		g->t[i] = CHART_T0 + CHART_STEP * i;
		g->quality[i] = 0.92 + 0.04 * sin(2 * M_PI * i / 60.0);
		g->baseline[i] = i >= 70 && i < 80 ? NAN : 0.86 + 0.03 * cos(2 * M_PI * i / 45.0);
		g->before[i] = 0.95 + 0.01 * sin(2 * M_PI * i / 30.0);
	}
	for (int i = 0; i < SPARK_N; i++) {
		g->cohort_total[i] = 0.90 + 0.01 * sin(i / 5.0);
		for (int k = 0; k < COHORT_N; k++)
			g->cohort[k][i] = 0.8 + 0.02 * sin(i / (2.0 + k)) + 0.001 * (k - 2) * i;
	}
}

/* A ratio of 95.1%, up 1.2 points where up is good, with its trend. */
static void ex_stat(const struct gallery *g, struct rect r)
{
	struct stat_args a = {0.951,	0.012,	 &unit_ratio,	 -1, 1, LEVEL_OK,
			      g->spark, SPARK_N, "target 95.0%", 0};
	stat_draw(r, &a);
}

/* A count in block digits. */
static void ex_bignum(const struct gallery *g, struct rect r)
{
	(void)g;
	struct stat_args a = {1284, 96, &unit_count, -1, 1, LEVEL_NONE, NULL, 0, "this week", 0};
	bignum_draw(r, &a);
}

/* A duration over its target: down is good, and it went down. */
static void ex_handle(const struct gallery *g, struct rect r)
{
	struct stat_args a = {192,	-14,	 &unit_seconds,	 -1, -1, LEVEL_WARN,
			      g->spark, SPARK_N, "target 2m30s", 0};
	stat_draw(r, &a);
}

/* A failing gauge with its target. */
static void ex_gauge(const struct gallery *g, struct rect r)
{
	(void)g;
	struct gauge_args a = {0.962, 0.9, 1.0, 0.98, &unit_ratio, -1, LEVEL_BAD, "SLA met"};
	gauge_draw(r, &a);
}

/* A chart without any data. */
static void ex_empty(const struct gallery *g, struct rect r)
{
	(void)g;
	struct chart_args a = {NULL, 0, 0, 0, &unit_ratio, -1, NAN, NAN, NAN, 1, 0, 0, NULL};
	chart_draw(r, &a);
}

/*
 * Two sine lines over six hours with a reference line at 88%, a change marked
 * 3 h in (01:00), and faintly above them the range before at about 95%.
 */
static void ex_chart(const struct gallery *g, struct rect r)
{
	struct chart_line lines[2] = {{g->t, g->quality, CHART_N, "quality"},
				      {g->t, g->baseline, CHART_N, "baseline"}};
	struct chart_line before = {g->t, g->before, CHART_N, "before"};
	struct chart_args a = {lines, 2, CHART_T0, CHART_T0 + 6 * 3600, &unit_ratio, -1, 0.88, NAN,
			       NAN,   1, 0,	   CHART_T0 + 3 * 3600, &before};
	chart_draw(r, &a);
}

/* The bars of three teams, one of each level, with a marker at 60%. */
static void ex_bar(const struct gallery *g, struct rect r)
{
	(void)g;
	static const struct bar_item items[3] = {{"Claims", 0.82, LEVEL_OK},
						 {"Billing", 0.64, LEVEL_WARN},
						 {"Support Tier 2", 0.41, LEVEL_BAD}};
	struct bar_args a = {items, 3, &unit_ratio, -1, 1.0, 0.6};
	bar_draw(r, &a);
}

/* A table of three rows, the second selected. */
static void ex_table(const struct gallery *g, struct rect r)
{
	(void)g;
	static const struct table_col cols[3] = {{"team", 0, 0}, {"value", 8, 1}, {"change", 8, 1}};
	static const struct table_cell cells[9] = {
	    {"Claims", ST_NORMAL, 0},	      {"95.1%", ST_OK, 0},   {"+1.2pp", ST_MUTED, 0},
	    {"Billing", ST_NORMAL, 0},	      {"88.4%", ST_WARN, 0}, {"-0.6pp", ST_MUTED, 0},
	    {"Support Tier 2", ST_NORMAL, 0}, {"71.0%", ST_BAD, 0},  {"-3.4pp", ST_MUTED, 0},
	};
	struct table_args a = {.cols = cols, .ncols = 3, .cells = cells, .nrows = 3, .selected = 1};
	table_draw(r, &a);
}

/* The four cells of a cohort: its name, value at a level, change, and the trend's blank cell. */
#define COHORT_ROW(team, value, level, change)                                                     \
	{team, ST_NORMAL, 0}, {value, level, 0}, {change, ST_MUTED, 0},                            \
	{                                                                                          \
		NULL, ST_NORMAL, 0                                                                 \
	}

/*
 * A drill-down's cohort table: sorted by value, highest first, with trends; one
 * cohort too small to show, its note across value, change and trend; the totals.
 */
static void ex_cohort(const struct gallery *g, struct rect r)
{
	static const struct table_col cols[4] = {
	    {"team", 0, 0}, {"value", 8, 1}, {"change", 8, 1}, {"trend", 12, 0}};
	static const struct table_cell cells[COHORT_N * 4] = {
	    COHORT_ROW("Claims", "97.2%", ST_OK, "+0.8pp"),
	    COHORT_ROW("Billing", "93.5%", ST_OK, "-1.1pp"),
	    COHORT_ROW("Support Tier 2", "88.4%", ST_WARN, "-0.6pp"),
	    COHORT_ROW("Onboarding", "71.0%", ST_BAD, "-3.4pp"),
	    {"Legal", ST_NORMAL, 0},
	    {"suppressed (< 5 people)", ST_MUTED, 3},
	    {0},
	    {0},
	};
	static const struct table_cell total[4] = {
	    COHORT_ROW("All teams", "90.6%", ST_OK, "+0.2pp")};
	const double *spark[COHORT_N] = {g->cohort[0], g->cohort[1], g->cohort[2], g->cohort[3],
					 NULL};
	static const size_t nspark[COHORT_N] = {SPARK_N, SPARK_N, SPARK_N, SPARK_N, 0};
	struct table_args a = {
	    .cols = cols,
	    .ncols = 4,
	    .cells = cells,
	    .nrows = COHORT_N,
	    .selected = 1,
	    .total = total,
	    .sort_col = 2,
	    .sort_desc = 1,
	    .spark_col = 4,
	    .spark = spark,
	    .nspark = nspark,
	    .total_spark = g->cohort_total,
	    .ntotal_spark = SPARK_N,
	};
	table_draw(r, &a);
}

/* The help overlay with four keys. */
static void ex_help(const struct gallery *g, struct rect r)
{
	(void)g;
	static const struct help_line help[4] = {
	    {"? F1", "show or hide this help"},
	    {"q C-c", "quit"},
	    {"Tab", "next view"},
	    {"r", "refresh now"},
	};
	help_draw(r, "kpidash keys", help, 4);
}

/* The status line: tabs at the left, source, range and key hints at the right. */
static void ex_status(const struct gallery *g, struct rect r)
{
	(void)g;
	static const struct status_seg segs[] = {
	    {"kpidash", ST_TAB_ACTIVE, 0}, {"1 Executive", ST_TAB, 0},
	    {"2 Operations", ST_TAB, 0},   {"demo seed 42", ST_STATUS, 1},
	    {"range 6h", ST_STATUS, 1},	   {"? help  q quit", ST_STATUS, 1},
	};
	statusbar_draw(r, segs, sizeof segs / sizeof segs[0]);
}

/* The message shown when the terminal is too small. */
static void ex_message(const struct gallery *g, struct rect r)
{
	(void)g;
	message_draw(r, "terminal too small: need 60x16, have 40x12", ST_BAD);
}

/* A frame with a long title, a level and a note. */
static void ex_frame(const struct gallery *g, struct rect r)
{
	(void)g;
	struct frame_args a = {"Answer quality vs baseline", "stale 3m", LEVEL_BAD, 1, 1, 0};
	frame_draw(r, &a);
}

/* A sparkline alone. */
static void ex_spark(const struct gallery *g, struct rect r)
{
	sparkline_draw(r, g->spark, SPARK_N, 0, ST_SERIES1);
}

/* A chart of extremes: huge, infinite and missing values and times, one point lines. */
static void ex_wild_chart(const struct gallery *g, struct rect r)
{
	(void)g;
	static const double t[5] = {0, 1e300, NAN, -INFINITY, 5};
	static const double v[5] = {1e308, -1e308, INFINITY, 3, NAN};
	struct chart_line lines[3] = {
	    {t, v, 5, "wild \xe4\xb8\xad\xe6\x96\x87"}, {t + 4, v + 3, 1, ""}, {t, v, 0, NULL}};
	struct chart_args a = {lines, 3, 5, 5, NULL, -1, -1e308, NAN, NAN, 1, 0, 0, &lines[1]};
	chart_draw(r, &a);
	static const double t2[3] = {1e20, 1e20 + 300, 1e20 + 600};
	struct chart_line far = {t2, v, 3, "far"};
	struct chart_args b = {&far, 1, 1e20, 1e20 + 600, &unit_ratio, 12,  NAN,
			       0,    0, 0,    0,	  0,	       NULL};
	chart_draw(r, &b);
}

/* Bars, gauge and big number of extremes. */
static void ex_wild_misc(const struct gallery *g, struct rect r)
{
	(void)g;
	static const struct bar_item items[3] = {
	    {"\xe4\xb8\xad\xe6\x96\x87 wide", 1e308, LEVEL_BAD},
	    {NULL, -INFINITY, LEVEL_WARN},
	    {"", NAN, LEVEL_OK},
	};
	struct bar_args b = {items, 3, NULL, -1, 1e-300, 1e300};
	struct gauge_args ga = {INFINITY, 1, 1, NAN, &unit_ratio, 40, LEVEL_WARN, NULL};
	struct stat_args s = {NAN, INFINITY, &unit_count, -1, 1, LEVEL_BAD, NULL, 1, "", 0};
	struct rect top = {r.y, r.x, r.h / 3, r.w}, mid = {r.y + r.h / 3, r.x, r.h / 3, r.w};
	struct rect bot = {r.y + 2 * (r.h / 3), r.x, r.h - 2 * (r.h / 3), r.w};
	bar_draw(top, &b);
	gauge_draw(mid, &ga);
	bignum_draw(bot, &s);
}

static const struct exhibit exhibits[] = {
    {"frame", ex_frame},	 {"stat", ex_stat},	  {"bignum", ex_bignum},
    {"stat-warn", ex_handle},	 {"gauge", ex_gauge},	  {"chart", ex_chart},
    {"chart-empty", ex_empty},	 {"bar", ex_bar},	  {"table", ex_table},
    {"cohort", ex_cohort},	 {"help", ex_help},	  {"status", ex_status},
    {"message", ex_message},	 {"sparkline", ex_spark}, {"wild-chart", ex_wild_chart},
    {"wild-misc", ex_wild_misc},
};

/* Note a rect in the layout file. */
static void gallery_note(FILE *layout, const char *kind, struct rect r)
{
	if (layout)
		fprintf(layout, "%s %d %d %d %d\n", kind, r.y, r.x, r.h, r.w);
}

/* A framed panel: the box, then the widget inside it. */
static void gallery_panel(const struct gallery *g, FILE *layout, struct rect r, const char *title,
			  enum level l, void (*draw)(const struct gallery *, struct rect))
{
	struct frame_args fa = {title, NULL, l, draw == ex_stat, 0, 0};
	if (draw == ex_bar) {
		fa.note = "stale 3m";
		fa.stale = 1;
	}
	gallery_note(layout, "box", r);
	draw(g, frame_draw(r, &fa));
}

/* The top row: stat, bignum, a warned stat, a failing gauge and (when wide) an empty chart. */
static void gallery_top(const struct gallery *g, FILE *layout, struct rect r, int n)
{
	static const struct {
		const char *title;
		enum level level;
		void (*draw)(const struct gallery *, struct rect);
	} top[5] = {
	    {"Automation", LEVEL_OK, ex_stat},	    {"Tasks done", LEVEL_NONE, ex_bignum},
	    {"Handle time", LEVEL_WARN, ex_handle}, {"SLA compliance", LEVEL_BAD, ex_gauge},
	    {"Queue wait", LEVEL_NONE, ex_empty},
	};
	int w = r.w / n;
	for (int i = 0; i < n; i++) {
		struct rect p = {r.y, r.x + i * w, r.h, i == n - 1 ? r.w - i * w : w};
		gallery_panel(g, layout, p, top[i].title, top[i].level, top[i].draw);
	}
}

/* Lay the whole screen out and draw it. */
static void gallery_draw(const struct gallery *g, FILE *layout)
{
	int rows, cols;
	screen_size(&rows, &cols);
	screen_erase();
	int top = rows >= 40 ? 8 : 6;
	int rest = rows - 1 - top;
	int mid = rest - rest / 2, y = top + mid;
	int cw = cols * 5 / 8, tw = cols / 2;
	gallery_top(g, layout, (struct rect){0, 0, top, cols}, cols >= 120 ? 5 : 4);
	gallery_panel(g, layout, (struct rect){top, 0, mid, cw}, "Answer quality vs baseline",
		      LEVEL_NONE, ex_chart);
	gallery_panel(g, layout, (struct rect){top, cw, mid, cols - cw}, "Team adoption",
		      LEVEL_NONE, ex_bar);
	gallery_panel(g, layout, (struct rect){y, 0, rest / 2, tw}, "Resolution by team",
		      LEVEL_NONE, ex_table);
	struct rect help = {y, tw, rest / 2, cols - tw}, status = {rows - 1, 0, 1, cols};
	gallery_note(layout, "area", help);
	ex_help(g, help);
	gallery_note(layout, "area", status);
	ex_status(g, status);
	screen_flush();
}

/* The exhibit called name, or NULL. */
static const struct exhibit *gallery_find(const char *name)
{
	for (size_t i = 0; i < sizeof exhibits / sizeof exhibits[0]; i++)
		if (strcmp(exhibits[i].name, name) == 0)
			return &exhibits[i];
	return NULL;
}

/* One exhibit alone: a panel titled with its name over the whole screen but the status line. */
static void gallery_alone(const struct gallery *g, FILE *layout, const struct exhibit *e)
{
	int rows, cols;
	screen_size(&rows, &cols);
	screen_erase();
	struct rect p = {0, 0, rows - 1, cols}, status = {rows - 1, 0, 1, cols};
	struct frame_args fa = {e->name, NULL, LEVEL_NONE, 0, 0, 0};
	gallery_note(layout, "box", p);
	e->draw(g, frame_draw(p, &fa));
	gallery_note(layout, "area", status);
	ex_status(g, status);
	screen_flush();
}

/* Cells of the screen outside r that are not blank in the plain style. */
static int sweep_leaks(struct rect r)
{
	int rows, cols, n = 0;
	screen_size(&rows, &cols);
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < cols; x++) {
			if (y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w)
				continue;
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			if (mvwin_wch(stdscr, y, x, &cc) == ERR)
				continue;
			getcchar(&cc, wc, &a, &pair, NULL);
			n += wc[0] != L' ' || (a & ~A_COLOR) != 0 || pair != 0;
		}
	return n;
}

/* Draw exhibit e into r on a blank screen; returns the cells it touched outside r. */
static int sweep_one(const struct gallery *g, const struct exhibit *e, struct rect r)
{
	screen_erase();
	e->draw(g, r);
	return sweep_leaks(r);
}

/* Draw e at size h x w in the middle, flush with the screen's corner and past it; count leaks. */
static int sweep_size(const struct gallery *g, const struct exhibit *e, int h, int w, FILE *out)
{
	int rows, cols, leaks = 0;
	screen_size(&rows, &cols);
	struct rect at[3] = {{2, 3, h, w},
			     {rows - (h > 0 ? h : 0), cols - (w > 0 ? w : 0), h, w},
			     {rows - 2, cols - 3, h, w}};
	for (int k = 0; k < 3; k++) {
		int n = sweep_one(g, e, at[k]);
		if (n)
			fprintf(out, "leak %s h=%d w=%d at %d,%d: %d cells\n", e->name, h, w,
				at[k].y, at[k].x, n);
		leaks += n != 0;
	}
	return leaks;
}

/* Draw every exhibit at every small size, inside and at the screen's edges; report to out. */
static int gallery_sweep(const struct gallery *g, FILE *out)
{
	int bad = 0;
	for (size_t i = 0; i < sizeof exhibits / sizeof exhibits[0]; i++) {
		int cases = 0, leaks = 0;
		for (int h = -1; h <= 9; h++)
			for (int w = -1; w <= 44; w++, cases += 3)
				leaks += sweep_size(g, &exhibits[i], h, w, out);
		fprintf(out, "exhibit %s cases %d leaks %d\n", exhibits[i].name, cases, leaks);
		bad += leaks;
	}
	return bad;
}

/* Wait for 'q' (or the end of input), reading stdin unbuffered. */
static void gallery_wait(void)
{
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	char c;
	while (read(STDIN_FILENO, &c, 1) == 1 && c != 'q')
		;
}

/* What the command line asks for besides the screen's options. */
struct gallery_opts {
	const char *layout, *sweep;
	const struct exhibit *alone; /* --exhibit NAME, or NULL for the whole gallery */
};

/* Read the options into o and go; 0 when they make sense. */
static int gallery_args(int argc, char **argv, struct screen_opts *o, struct gallery_opts *go)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ascii") == 0)
			o->ascii = 1;
		else if (strcmp(argv[i], "--mono") == 0)
			theme_select("mono", NULL, 0);
		else if (strcmp(argv[i], "--layout") == 0 && i + 1 < argc)
			go->layout = argv[++i];
		else if (strcmp(argv[i], "--sweep") == 0 && i + 1 < argc)
			go->sweep = argv[++i];
		else if (strcmp(argv[i], "--exhibit") == 0 && i + 1 < argc &&
			 (go->alone = gallery_find(argv[i + 1])) != NULL)
			i++;
		else
			return -1;
	}
	return 0;
}

/* Draw the gallery (or run the sweep) and wait for q. */
int main(int argc, char **argv)
{
	static struct gallery g;
	struct screen_opts o = {0, 0};
	struct gallery_opts go = {NULL, NULL, NULL};
	char err[256];
	setlocale(LC_ALL, "");
	if (gallery_args(argc, argv, &o, &go) != 0) {
		fputs("usage: gallery [--ascii] [--mono] [--exhibit NAME] [--layout FILE] "
		      "[--sweep FILE]\n",
		      stderr);
		return 2;
	}
	const char *path = go.sweep ? go.sweep : go.layout;
	FILE *out = fopen(path ? path : "/dev/null", "w");
	if (out == NULL) {
		perror(path);
		return 1;
	}
	gallery_data(&g);
	if (screen_init(&o, err, sizeof err) != 0) {
		fprintf(stderr, "gallery: %s\n", err);
		fclose(out);
		return 1;
	}
	int status = 0;
	if (go.sweep) {
		status = gallery_sweep(&g, out) != 0;
	} else {
		if (go.alone)
			gallery_alone(&g, out, go.alone);
		else
			gallery_draw(&g, out);
		fflush(out);
		gallery_wait();
	}
	screen_done();
	fclose(out);
	return status;
}
