/*
 * bench_cohort: a drill-down of 10,000 cohorts of 60 points each, timed the
 * way a person uses it: the rows built and first sorted, re-sorted, reversed,
 * filtered and unfiltered, the selection sent to the end, and the table drawn
 * at 160x48 through the real screen into a pty that a child drains.
 * usage: bench_cohort   (prints one line of medians of 21 runs)
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client/series.h"
#include "tui/screen.h"
#include "views/cohort.h"

#define NCOHORTS 10000
#define NPOINTS	 60
#define RUNS	 21
#define ROWS	 48
#define COLS	 160
#define END	 1795435200.0 /* 2026-11-23T12:00:00Z */

static const char dash_json[] =
    "{\"name\": \"bench\", \"title\": \"Bench\", \"rows\": [{\"height\": 5, \"panels\": [\n"
    "  {\"title\": \"Tasks by team\", \"kind\": \"table\", \"unit\": \"count\",\n"
    "   \"direction\": \"up\", \"thresholds\": {\"warn\": 300, \"bad\": 100},\n"
    "   \"drill\": [\"team\", \"role\"],\n"
    "   \"queries\": [{\"kpi\": \"tasks_completed\", \"group\": \"team\"}]}]}]}\n";

/* What is timed: one field per measurement, in the order printed. */
enum { M_BUILD, M_SORT, M_REVERSE, M_FILTER, M_UNFILTER, M_MOVE, M_DRAW, M_SORTDRAW, NMEAS };
static const char *const meas_name[NMEAS] = {
    "build", "sort", "reverse", "filter", "unfilter", "move", "draw", "sort+draw",
};

/* The monotonic clock in milliseconds. */
static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A small deterministic generator: the same cohorts every run. */
static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static double rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* 10,000 cohorts team=cohort-NNNNN, noisy trends; every 500th has no data, 1% of points are gaps.
 */
static void build_rows(struct series_set *ss)
{
	series_set_init(ss);
	for (int i = 0; i < NCOHORTS; i++) {
		struct series *s = series_set_add(ss);
		char name[32];
		snprintf(name, sizeof name, "cohort-%05d", i);
		series_label_set(s, "team", name);
		double level = 50 + 950 * rnd(), slope = (rnd() - 0.5) * 8;
		for (int j = 0; j < NPOINTS; j++) {
			double v = level + slope * j + 20 * (rnd() - 0.5);
			if (i % 500 == 7 || rnd() < 0.01)
				v = NAN;
			series_push(s, END - (NPOINTS - 1 - j) * 60.0, v);
		}
	}
}

/* A deep copy of src into dst (uninitialised): take_rows consumes what it is given. */
static void set_copy(struct series_set *dst, const struct series_set *src)
{
	series_set_init(dst);
	for (size_t i = 0; i < src->n; i++)
		series_copy(series_set_add(dst), &src->items[i]);
}

/* For qsort: doubles ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of n (odd) values; sorts v. */
static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return v[n / 2];
}

/* A duration for people: microseconds under a tenth of a millisecond. */
static void fmt_ms(char *buf, size_t len, double ms)
{
	if (ms < 0.1)
		snprintf(buf, len, "%.1f us", ms * 1e3);
	else
		snprintf(buf, len, "%.2f ms", ms);
}

/* The drained side of the pty: a child reads and drops what the screen writes, till EOF. */
static pid_t pty_drain(int master, int slave)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	close(slave); /* else the master never sees the end */
	char buf[65536];
	for (;;) {
		ssize_t n = read(master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(0);
	}
}

/*
 * Make a 160x48 pty this process's terminal (stdin and stdout), drained by a
 * child; *out gets the old stdout for the results. -1 with why in err.
 */
static int pty_take(FILE **out, pid_t *child, char *err, size_t errlen)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
		snprintf(err, errlen, "no pty: %s", strerror(errno));
		return -1;
	}
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	struct winsize ws = {ROWS, COLS, 0, 0};
	if (slave < 0 || ioctl(slave, TIOCSWINSZ, &ws) != 0) {
		snprintf(err, errlen, "no pty: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	*child = pty_drain(master, slave);
	if (*child < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	close(master);
	*out = fdopen(dup(STDOUT_FILENO), "w");
	if (*out == NULL || dup2(slave, STDIN_FILENO) < 0 || dup2(slave, STDOUT_FILENO) < 0) {
		snprintf(err, errlen, "dup: %s", strerror(errno));
		return -1;
	}
	close(slave);
	return 0;
}

/* Draw the whole drill-down and send it: forced full repaint when full, else what changed. */
static void draw(struct cohort *c, int full)
{
	screen_erase();
	cohort_draw(c, 1, END);
	if (full)
		screen_invalidate();
	screen_flush();
}

/*
 * Time every measurement RUNS times into ms[measurement][run]. Each run opens
 * the panel afresh, so that each sorts the same way: built by value, then by
 * change, reversed; drawn at the end of the table, then reversed and drawn.
 */
static void bench(struct cohort *c, const struct dashboard *d, const struct series_set *rows,
		  double ms[NMEAS][RUNS])
{
	char err[256];
	for (int r = 0; r < RUNS; r++) {
		if (cohort_open(c, d, &d->rows[0].panels[0], err, sizeof err) != 0)
			abort(); /* it opened in main */
		struct series_set copy;
		set_copy(&copy, rows);
		double t = now_ms();
		cohort_take_rows(c, &copy);
		ms[M_BUILD][r] = now_ms() - t;
		series_set_done(&copy);

		t = now_ms();
		cohort_sort_next(c);
		ms[M_SORT][r] = now_ms() - t;
		t = now_ms();
		cohort_sort_reverse(c);
		ms[M_REVERSE][r] = now_ms() - t;
		t = now_ms();
		cohort_filter(c, "12");
		ms[M_FILTER][r] = now_ms() - t;
		t = now_ms();
		cohort_filter(c, "");
		ms[M_UNFILTER][r] = now_ms() - t;
		cohort_move(c, LONG_MIN, 0);
		t = now_ms();
		cohort_move(c, LONG_MAX, 0);
		ms[M_MOVE][r] = now_ms() - t;
		t = now_ms();
		draw(c, 1);
		ms[M_DRAW][r] = now_ms() - t;
		t = now_ms();
		cohort_sort_reverse(c);
		draw(c, 0);
		ms[M_SORTDRAW][r] = now_ms() - t;
	}
}

/* A UTF-8 locale when there is one, as in a person's terminal. */
static void bench_locale(void)
{
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	if (cs == NULL || (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "utf8") != 0))
		setlocale(LC_ALL, "C.UTF-8");
}

int main(void)
{
	char err[512];
	struct dashboard d;
	if (dashboard_parse(dash_json, strlen(dash_json), "bench.json", &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench_cohort: %s\n", err);
		return 1;
	}
	struct cohort *c = cohort_new(5);
	if (cohort_open(c, &d, &d.rows[0].panels[0], err, sizeof err) != 0) {
		fprintf(stderr, "bench_cohort: %s\n", err);
		return 1;
	}
	struct series_set rows;
	build_rows(&rows);

	bench_locale();
	setenv("TERM", "xterm-256color", 1);
	unsetenv("LINES"); /* the pty's size rules */
	unsetenv("COLUMNS");
	FILE *out;
	pid_t child;
	struct screen_opts so = {0, 0};
	if (pty_take(&out, &child, err, sizeof err) != 0 ||
	    screen_init(&so, err, sizeof err) != 0) {
		fprintf(stderr, "bench_cohort: %s\n", err);
		return 1;
	}
	int srows, scols;
	screen_size(&srows, &scols);
	cohort_layout(c, (struct rect){0, 0, srows, scols});

	static double ms[NMEAS][RUNS];
	bench(c, &d, &rows, ms);
	size_t shown = cohort_rows(c);

	screen_done();
	close(STDIN_FILENO);
	close(STDOUT_FILENO);
	waitpid(child, NULL, 0);

	fprintf(out, "cohort %d rows (%zu shown, %dx%d):", NCOHORTS, shown, scols, srows);
	for (int m = 0; m < NMEAS; m++) {
		char buf[32];
		fmt_ms(buf, sizeof buf, median(ms[m], RUNS));
		fprintf(out, "%s %s %s", m ? "," : "", meas_name[m], buf);
	}
	fprintf(out, " (median of %d)\n", RUNS);
	fclose(out);
	series_set_done(&rows);
	cohort_free(c);
	dashboard_done(&d);
	return 0;
}
