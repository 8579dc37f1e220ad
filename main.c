/*
 * main.c: kpidash's options, the dashboards it shows, and the one event loop.
 * Everything else lives in client/ (data), views/ (dashboards) and tui/ (terminal).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "client/http.h"
#include "options.h"
#include "client/source.h"
#include "tui/keys.h"
#include "tui/screen.h"
#include "tui/theme.h"
#include "tui/widgets.h"
#include "util/embed.h"
#include "util/xalloc.h"
#include "views/cohort.h"
#include "views/dashboard.h"
#include "views/view.h"

#define MIN_COLS 60
#define MIN_ROWS 16
#define MAX_VIEWS 16

/* The running program. */
struct app {
	struct options opt;
	struct http_conn conn;  /* how to reach a network source, from opt */
	struct dashboard dash[MAX_VIEWS];
	struct view *views[MAX_VIEWS];
	size_t nviews, cur;
	struct source *src;
	struct http *http;
	struct keys *keys;
	struct cohort *cohort; /* the drill-down, open or not: it outlives the answers it asked for */
	int filtering;         /* '/' was pressed: keys edit the cohort filter */
	char filter[64];
	char message[320];     /* a one-off line for the status bar ("wrote x.csv"), or "" */
	int rows, cols;
	enum action overlay; /* ACT_HELP or ACT_INFO while that overlay is open, else ACT_NONE */
	size_t help_top;     /* the first help line shown, when they do not all fit */
	int full;          /* everything must be drawn again */
	int status_dirty;
	char status_last[800];
	double next_refresh;
	long frames;
	int quit;
};

/* The signal pipe: handlers write the signal's number, the loop reads it. */
static int sig_pipe[2] = {-1, -1};

/* Handler for signals the loop deals with: only write a byte. */
static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	(void)!write(sig_pipe[1], &b, 1);
	errno = saved;
}

/* Handler for crashes: give the terminal back, then die of the same signal. */
static void on_fatal(int sig)
{
	screen_emergency_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Route signals: the loop's through the pipe, crashes through on_fatal. */
static int signals_init(void)
{
	if (pipe(sig_pipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	int loop_sigs[] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT};
	for (size_t i = 0; i < sizeof loop_sigs / sizeof *loop_sigs; i++)
		sigaction(loop_sigs[i], &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	int fatal[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
	for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
		sigaction(fatal[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* Wall-clock seconds. */
static double now_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Seconds for the data: the fixed clock when set, else the wall clock to the minute. */
static double now_data(const struct app *a)
{
	if (!isnan(a->opt.clock))
		return a->opt.clock;
	return floor(now_wall() / 60) * 60;
}

/* The time ranges -/+ step through. */
static const double ranges[] = {3600, 6 * 3600, 24 * 3600, 7 * 86400, 30 * 86400};
#define NRANGES (sizeof ranges / sizeof ranges[0])

/* Read a whole file (at most 4 MiB) into a NUL-terminated buffer the caller frees; NULL with err. */
static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 4u << 20;
	char *buf = xmalloc(cap + 1);
	*len = fread(buf, 1, cap + 1, f);
	int bad = ferror(f) || *len > cap;
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "%s: %s", path, *len > cap ? "larger than 4 MiB" : "read error");
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* Take d as a view: it replaces a view of the same name, else comes after the others. */
static int add_dashboard(struct app *a, struct dashboard *d, const char *file)
{
	for (size_t i = 0; i < a->nviews; i++)
		if (strcmp(a->dash[i].name, d->name) == 0) {
			dashboard_done(&a->dash[i]);
			a->dash[i] = *d;
			return 0;
		}
	if (a->nviews == MAX_VIEWS) {
		fprintf(stderr, "kpidash: %s: more than %d views\n", file, MAX_VIEWS);
		dashboard_done(d);
		return -1;
	}
	a->dash[a->nviews++] = *d;
	return 0;
}

/* Print a loader's problems, one a line, each as kpidash's. */
static void print_problems(const char *err)
{
	for (const char *p = err; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(stderr, "kpidash: %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/*
 * Parse text from file as a dashboard for the configured source and add it;
 * -1 (with its problems printed) if it is broken.
 */
static int load_dashboard(struct app *a, const char *text, size_t len, const char *file)
{
	char err[4096];
	struct dashboard d;
	enum check_source src = a->opt.prometheus_url ? CHECK_SOURCE_PROMETHEUS : CHECK_SOURCE_DEMO;
	if (check_dashboard(text, len, file, src, &d, err, sizeof err) != 0) {
		print_problems(err);
		return -1;
	}
	return add_dashboard(a, &d, file);
}

/* Load a user's dashboard file. */
static int load_dashboard_file(struct app *a, const char *path)
{
	char err[512];
	size_t len;
	char *text = read_file(path, &len, err, sizeof err);
	if (text == NULL) {
		fprintf(stderr, "kpidash: %s\n", err);
		return -1;
	}
	int rc = load_dashboard(a, text, len, path);
	free(text);
	return rc;
}

/* Only *.json names, for scandir. */
static int json_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
}

/* Load $XDG_CONFIG_HOME/kpidash/dashboards/ (~/.config/...), in name order; none is fine. */
static int load_dashboard_dir(struct app *a)
{
	char dir[1024], path[1400];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(dir, sizeof dir, "%s/kpidash/dashboards", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.config/kpidash/dashboards", home);
	else
		return 0;
	struct dirent **names;
	int n = scandir(dir, &names, json_name, alphasort), rc = 0;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (rc == 0)
			rc = load_dashboard_file(a, path);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return rc;
}

/*
 * The views: the shipped dashboards, then the user's directory, then --dashboard
 * files, a later one replacing an earlier one of the same name. A broken file
 * stops kpidash before the screen is taken (-1, with a message).
 */
static int load_dashboards(struct app *a)
{
	for (size_t i = 0; i < embedded_views_count; i++) {
		char file[64];
		snprintf(file, sizeof file, "views/%s.json", embedded_views[i].name);
		if (load_dashboard(a, embedded_views[i].text, embedded_views[i].len, file) != 0)
			return -1;
	}
	if (load_dashboard_dir(a) != 0)
		return -1;
	for (size_t i = 0; i < a->opt.ndashboards; i++)
		if (load_dashboard_file(a, a->opt.dashboards[i]) != 0)
			return -1;
	for (size_t i = 0; i < a->nviews; i++)
		a->views[i] = view_new(&a->dash[i], a->opt.privacy_floor);
	return 0;
}

/* Choose the first view by --view; -1 when no view has that name. */
static int select_first_view(struct app *a)
{
	if (a->opt.view == NULL)
		return 0;
	for (size_t i = 0; i < a->nviews; i++)
		if (strcmp(a->dash[i].name, a->opt.view) == 0) {
			a->cur = i;
			return 0;
		}
	fprintf(stderr, "kpidash: --view: no view named '%s' (have:", a->opt.view);
	for (size_t i = 0; i < a->nviews; i++)
		fprintf(stderr, " %s", a->dash[i].name);
	fputs(")\n", stderr);
	return -1;
}

/* True when the terminal is below the minimum size. */
static int too_small(const struct app *a)
{
	return a->rows < MIN_ROWS || a->cols < MIN_COLS;
}

/* Lay the current view out in the space between the tab line and the status line. */
static void app_layout(struct app *a)
{
	screen_size(&a->rows, &a->cols);
	struct rect area = {1, 0, a->rows - 2, a->cols};
	if (!too_small(a))
		view_layout(a->views[a->cur], area);
	cohort_layout(a->cohort, area);
	a->full = 1;
}

/* Fetch the current view's data now and schedule the next refresh. */
static void app_refresh(struct app *a)
{
	double wall = now_wall();
	if (cohort_active(a->cohort)) /* only what is on the screen is asked for */
		cohort_fetch(a->cohort, a->src, now_data(a), a->opt.range, wall);
	else
		view_fetch(a->views[a->cur], a->src, now_data(a), a->opt.range, wall);
	a->next_refresh = wall + a->opt.refresh;
	a->status_dirty = 1;
}

/* Switch to view i: lay it out and fetch it. */
static void app_switch(struct app *a, size_t i)
{
	if (i >= a->nviews || (i == a->cur && !cohort_active(a->cohort)))
		return;
	cohort_close(a->cohort);
	a->filtering = 0;
	a->cur = i;
	app_layout(a);
	app_refresh(a);
}

/* Draw the tab line: one tab per view, the current one highlighted. */
static void draw_tabs(const struct app *a)
{
	struct status_seg segs[MAX_VIEWS + 1];
	char names[MAX_VIEWS][64];
	size_t n = 0;
	for (size_t i = 0; i < a->nviews; i++, n++) {
		snprintf(names[i], sizeof names[i], " %zu %s ", i + 1, a->dash[i].title);
		segs[n] = (struct status_seg){names[i], i == a->cur ? ST_TAB_ACTIVE : ST_TAB, 0};
	}
	segs[n++] = (struct status_seg){" kpidash ", ST_TITLE, 1};
	statusbar_draw((struct rect){0, 0, 1, a->cols}, segs, n);
}

/* The status line's text for the data's age: "fresh" while within two refreshes. */
static void status_age(const struct app *a, char *buf, size_t len)
{
	double oldest = cohort_active(a->cohort) ? cohort_fetched(a->cohort)
						 : view_oldest(a->views[a->cur]);
	double age = now_wall() - oldest;
	if (oldest == 0)
		snprintf(buf, len, "waiting for data");
	else if (age < 2 * a->opt.refresh + 1)
		snprintf(buf, len, "fresh");
	else {
		char d[24];
		if (age < 60)
			snprintf(d, sizeof d, "%.0fs", floor(age));
		else
			fmt_duration(d, sizeof d, floor(age));
		snprintf(buf, len, "data %s old", d);
	}
}

/* The status line's source segment: the demo's seed, or the engine and what is wrong with it. */
static enum style status_source(const struct app *a, char *buf, size_t len)
{
	const char *problem = source_problem(a->src);
	if (source_pure(a->src))
		snprintf(buf, len, " %s seed %llu ", source_name(a->src), a->opt.seed);
	else if (problem[0])
		snprintf(buf, len, " %s: %s ", source_name(a->src), problem);
	else
		snprintf(buf, len, " %s%s ", source_name(a->src),
			 a->opt.insecure ? " (TLS NOT VERIFIED)" : "");
	return problem[0] || a->opt.insecure ? ST_BAD : ST_STATUS;
}

/* Draw the status line when its text changed (or everything is redrawn). */
static void draw_status(struct app *a)
{
	char src[160], range[16], rng[32], age[48], agebuf[64], errs[32], all[800], hint[352];
	int drill = cohort_active(a->cohort);
	int nerr = drill ? cohort_error(a->cohort)[0] != '\0' : view_errors(a->views[a->cur]);
	enum style src_style = status_source(a, src, sizeof src);
	fmt_range(range, sizeof range, a->opt.range);
	snprintf(rng, sizeof rng, " range %s ", range);
	status_age(a, age, sizeof age);
	snprintf(agebuf, sizeof agebuf, " %s ", age);
	snprintf(errs, sizeof errs, " %d error%s ", nerr, nerr == 1 ? "" : "s");
	if (a->message[0])
		snprintf(hint, sizeof hint, " %s ", a->message);
	else if (a->filtering)
		snprintf(hint, sizeof hint, " filter: %s_  Enter keep  Esc clear ", a->filter);
	else
		snprintf(hint, sizeof hint, drill ? " Enter drill  Esc up  ? help "
						  : " Enter drill down  ? help  q quit ");
	snprintf(all, sizeof all, "%s|%s|%s|%s|%s", src, rng, agebuf, errs, hint);
	if (!a->full && !a->status_dirty && strcmp(all, a->status_last) == 0)
		return;
	snprintf(a->status_last, sizeof a->status_last, "%s", all);
	struct status_seg segs[] = {
		{src, src_style, 0},
		{rng, ST_STATUS, 0},
		{agebuf, ST_STATUS, 0},
		{errs, nerr ? ST_BAD : ST_STATUS, 0},
		{hint, a->message[0] ? ST_WARN : ST_STATUS, 1},
	};
	statusbar_draw((struct rect){a->rows - 1, 0, 1, a->cols}, segs, sizeof segs / sizeof *segs);
	a->status_dirty = 0;
}

/* Draw the help overlay from the keymap. */
static void draw_help(struct app *a)
{
	size_t n, m = 0;
	const struct keymap_entry *k = keymap(&n);
	struct help_line lines[ACT_COUNT];
	enum key_where here = cohort_active(a->cohort) ? KEYS_COHORT : KEYS_VIEW;
	for (int pass = 0; pass < 2; pass++) /* the keys of this place first, then those of anywhere */
		for (size_t i = 0; i < n && m < ACT_COUNT; i++)
			if (k[i].where == (pass ? KEYS_ANY : here))
				lines[m++] = (struct help_line){k[i].keys, k[i].help};
	struct rect r = {1, 0, a->rows - 2, a->cols};
	size_t rows = (size_t)help_rows(r, m);
	if (a->help_top + rows > m) /* scrolled past the end, or the screen grew */
		a->help_top = m > rows ? m - rows : 0;
	help_draw_from(r, here == KEYS_COHORT ? "kpidash keys: drill-down" : "kpidash keys", lines,
		       m, a->help_top);
}

/* Draw the focused panel's description, unit, thresholds and queries over the view. */
static void draw_info(const struct app *a)
{
	const struct view *v = a->views[a->cur];
	const struct panel *p = view_panel(v, view_focus(v));
	struct help_line lines[24];
	char buf[6][48];
	size_t n = 0;
	static const char *const dirs[] = {"down is good", "neither way", "up is good"};
	lines[n++] = (struct help_line){"shows", p->description ? p->description : p->title};
	lines[n++] = (struct help_line){"unit", unit_name(&p->unit)};
	lines[n++] = (struct help_line){"direction", dirs[p->direction + 1]};
	const double marks[] = {p->warn, p->bad, p->target};
	static const char *const names[] = {"warn past", "bad past", "target"};
	for (size_t i = 0; i < 3; i++)
		if (!isnan(marks[i])) {
			fmt_value(buf[i], sizeof buf[i], marks[i], &p->unit, p->decimals);
			lines[n++] = (struct help_line){names[i], buf[i]};
		}
	for (size_t q = 0; q < p->nqueries && n + 2 <= sizeof lines / sizeof *lines; q++) {
		lines[n++] = (struct help_line){"KPI", p->queries[q].kpi};
		if (p->queries[q].promql)
			lines[n++] = (struct help_line){"PromQL", p->queries[q].promql};
	}
	help_draw((struct rect){1, 0, a->rows - 2, a->cols}, p->title, lines, n);
}

/* Draw what changed, then send it to the terminal in one update. */
static void app_render(struct app *a)
{
	double wall = now_wall();
	if (too_small(a)) {
		if (!a->full)
			return;
		char msg[96];
		snprintf(msg, sizeof msg, "terminal too small: need %dx%d, have %dx%d", MIN_COLS,
			 MIN_ROWS, a->cols, a->rows);
		screen_erase();
		message_draw((struct rect){0, 0, a->rows, a->cols}, msg, ST_WARN);
	} else {
		if (a->full) {
			screen_erase();
			draw_tabs(a);
		}
		if (cohort_active(a->cohort))
			cohort_draw(a->cohort, a->full, wall);
		else
			view_draw(a->views[a->cur], a->full, wall);
		draw_status(a);
		if (a->overlay == ACT_HELP)
			draw_help(a);
		else if (a->overlay == ACT_INFO)
			draw_info(a);
	}
	a->full = 0;
	screen_flush();
	a->frames++;
	if (a->opt.frames && a->frames >= a->opt.frames)
		a->quit = 1;
}

/*
 * Ctrl-Z: give the terminal back, stop for real, and take it again when the
 * shell continues us (fg). The size may have changed meanwhile.
 */
static void app_suspend(struct app *a)
{
	keys_stop(a->keys);
	screen_suspend();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* stopped here until SIGCONT */
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTSTP, &sa, NULL);
	keys_start(a->keys);
	screen_resume();
	app_layout(a);
}

/* Step the time range to the next shorter (dir < 0) or longer of ranges[], and refresh. */
static void app_range(struct app *a, int dir)
{
	size_t i = 0;
	while (i + 1 < NRANGES && ranges[i] < a->opt.range)
		i++;
	if (dir < 0 && i > 0)
		i--;
	else if (dir > 0 && ranges[i] <= a->opt.range && i + 1 < NRANGES)
		i++;
	a->opt.range = ranges[i];
	app_refresh(a);
}

/* Say why something could not be done, in the status bar until the next key. */
static void app_say(struct app *a, const char *msg)
{
	snprintf(a->message, sizeof a->message, "%s", msg);
	a->status_dirty = 1;
}

/* Open the drill-down of the focused panel and ask for its data. */
static void app_open(struct app *a)
{
	char err[160];
	const struct view *v = a->views[a->cur];
	if (cohort_open(a->cohort, &a->dash[a->cur], view_panel(v, view_focus(v)), err,
			sizeof err) != 0) {
		app_say(a, err);
		return;
	}
	a->full = 1;
	app_refresh(a);
}

/* After a change of what the drill-down shows: draw it all, and ask at once. */
static void app_cohort_changed(struct app *a)
{
	a->full = 1;
	app_refresh(a); /* the dashboard too, when it is back: its data may be old */
}

/* Write the cohort table as CSV and say where. */
static void app_export(struct app *a)
{
	char name[256], err[320], msg[320];
	if (cohort_export(a->cohort, a->dash[a->cur].name, name, sizeof name, err, sizeof err) != 0)
		app_say(a, err);
	else {
		snprintf(msg, sizeof msg, "wrote %s", name);
		app_say(a, msg);
	}
}

/* The drill-down's own actions; 0 when act is not one of them. */
static int app_cohort_action(struct app *a, enum action act)
{
	char err[160] = "";
	int rc = 0;
	struct cohort *c = a->cohort;
	switch (act) {
	case ACT_OPEN:
		app_open(a);
		return 1;
	case ACT_DRILL:
		rc = cohort_drill(c, err, sizeof err);
		break;
	case ACT_UP:
		cohort_up(c);
		break;
	case ACT_TOP:
		cohort_close(c);
		break;
	case ACT_LABEL:
		cohort_next_label(c);
		break;
	case ACT_HEAT:
		rc = cohort_mode(c, COHORT_HEAT, err, sizeof err);
		break;
	case ACT_COMPARE:
		rc = cohort_mode(c, COHORT_COMPARE, err, sizeof err);
		break;
	case ACT_SORT:
		cohort_sort_next(c);
		return 1;
	case ACT_REVERSE:
		cohort_sort_reverse(c);
		return 1;
	case ACT_ROW_DOWN:
	case ACT_ROW_UP:
		cohort_move(c, act == ACT_ROW_DOWN ? 1 : -1, 0);
		return 1;
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
		cohort_move(c, act == ACT_PAGE_DOWN ? 1 : -1, 1);
		return 1;
	case ACT_FIRST:
	case ACT_LAST:
		cohort_move(c, act == ACT_FIRST ? LONG_MIN : LONG_MAX, 0);
		return 1;
	case ACT_FILTER:
		a->filtering = 1;
		snprintf(a->filter, sizeof a->filter, "%s", cohort_filter_text(c));
		a->status_dirty = 1;
		return 1;
	case ACT_EXPORT:
		app_export(a);
		return 1;
	default:
		return 0;
	}
	if (rc != 0)
		app_say(a, err);
	else
		app_cohort_changed(a);
	return 1;
}

/* A key while the filter is being typed: text, Backspace, Enter keeps it, Esc clears it. */
static void app_filter_key(struct app *a, const char *name)
{
	size_t n = strlen(a->filter);
	if (strcmp(name, "Enter") == 0 || strcmp(name, "Escape") == 0) {
		if (strcmp(name, "Escape") == 0)
			a->filter[0] = '\0';
		a->filtering = 0;
	} else if (strcmp(name, "Backspace") == 0) {
		while (n > 0 && ((unsigned char)a->filter[n - 1] & 0xC0) == 0x80)
			n--; /* a whole UTF-8 character */
		a->filter[n > 0 ? n - 1 : 0] = '\0';
	} else if (strcmp(name, "C-u") == 0) {
		a->filter[0] = '\0';
	} else {
		const char *text = strcmp(name, "Space") == 0 ? " " : name;
		int printable = (unsigned char)text[0] >= 0x80 ||
				(strlen(text) == 1 && text[0] >= 0x20 && text[0] < 0x7f);
		if (printable && n + strlen(text) < sizeof a->filter)
			memcpy(a->filter + n, text, strlen(text) + 1);
	}
	cohort_filter(a->cohort, a->filter);
	a->status_dirty = 1;
}

/* Scroll the help when it does not fit (j/k and the drill-down's paging keys); 0 for other keys. */
static int app_help_scroll(struct app *a, enum action act)
{
	switch (act) {
	case ACT_FOCUS_DOWN:
	case ACT_ROW_DOWN:
		a->help_top++;
		break;
	case ACT_FOCUS_UP:
	case ACT_ROW_UP:
	case ACT_FIRST:
		a->help_top = act == ACT_FIRST || a->help_top == 0 ? 0 : a->help_top - 1;
		break;
	case ACT_PAGE_DOWN:
	case ACT_LAST:
		a->help_top += act == ACT_LAST ? ACT_COUNT : 10;
		break;
	case ACT_PAGE_UP:
		a->help_top = a->help_top > 10 ? a->help_top - 10 : 0;
		break;
	default:
		return 0;
	}
	a->full = 1;
	return 1;
}

/* Do what a key's action says. */
static void app_action(struct app *a, enum action act)
{
	struct view *v = a->views[a->cur];
	if (a->message[0]) {
		a->message[0] = '\0'; /* said once: gone with the next key */
		a->status_dirty = 1;
	}
	if (a->overlay != ACT_NONE && (act == ACT_CLOSE || act == ACT_UP || act == ACT_QUIT ||
				       act == ACT_HELP || act == ACT_INFO)) {
		a->overlay = ACT_NONE; /* any of these closes what is open first */
		a->full = 1;
		return;
	}
	if (a->overlay == ACT_HELP && app_help_scroll(a, act))
		return;
	if (a->overlay == ACT_NONE && app_cohort_action(a, act))
		return;
	switch (act) {
	case ACT_QUIT:
		a->quit = 1;
		break;
	case ACT_HELP:
	case ACT_INFO:
		a->overlay = act;
		a->help_top = 0;
		a->full = 1;
		break;
	case ACT_VIEW_1:
	case ACT_VIEW_2:
	case ACT_VIEW_3:
	case ACT_VIEW_4:
		app_switch(a, (size_t)(act - ACT_VIEW_1));
		break;
	case ACT_VIEW_NEXT:
		app_switch(a, (a->cur + 1) % a->nviews);
		break;
	case ACT_VIEW_PREV:
		app_switch(a, (a->cur + a->nviews - 1) % a->nviews);
		break;
	case ACT_FOCUS_LEFT:
		view_focus_move(v, -1, 0);
		break;
	case ACT_FOCUS_RIGHT:
		view_focus_move(v, 1, 0);
		break;
	case ACT_FOCUS_UP:
		view_focus_move(v, 0, -1);
		break;
	case ACT_FOCUS_DOWN:
		view_focus_move(v, 0, 1);
		break;
	case ACT_RANGE_SHORTER:
		app_range(a, -1);
		break;
	case ACT_RANGE_LONGER:
		app_range(a, 1);
		break;
	case ACT_REFRESH:
		app_refresh(a);
		break;
	case ACT_REDRAW:
		screen_invalidate();
		a->full = 1;
		break;
	case ACT_SUSPEND:
		app_suspend(a);
		break;
	default:
		break;
	}
}

/* Act on the signals the pipe has delivered. */
static void app_signals(struct app *a)
{
	unsigned char b[16];
	ssize_t n;
	while ((n = read(sig_pipe[0], b, sizeof b)) > 0)
		for (ssize_t i = 0; i < n; i++) {
			switch (b[i]) {
			case SIGWINCH:
				if (screen_resize())
					app_layout(a);
				break;
			case SIGTSTP:
				app_suspend(a);
				break;
			case SIGCONT:
				break; /* resumed by the shell after a stop we did not ask for */
			default:
				a->quit = 1;
			}
		}
}

/* One key by name: to the filter being typed, or to the action bound here. */
static void app_key(struct app *a, const char *name)
{
	if (a->filtering && cohort_active(a->cohort) && a->overlay == ACT_NONE)
		app_filter_key(a, name);
	else
		app_action(a, keymap_lookup(name, cohort_active(a->cohort) ? KEYS_COHORT
									   : KEYS_VIEW));
}

/* Take every key libtermkey has; returns the ms to wait for a partial sequence, or -1. */
static int app_keys(struct app *a, int readable)
{
	char name[64];
	int wait_ms = -1;
	if (readable)
		keys_readable(a->keys);
	for (;;) {
		enum keys_result r = keys_next(a->keys, name, sizeof name, &wait_ms);
		if (r == KEYS_KEY)
			app_key(a, name);
		else if (r == KEYS_EOF)
			a->quit = 1;
		if (r != KEYS_KEY)
			return r == KEYS_AGAIN ? wait_ms : -1;
		if (a->quit)
			return -1;
	}
}

/* Milliseconds until the next refresh is due, at least 0. */
static int app_timeout(const struct app *a)
{
	double ms = (a->next_refresh - now_wall()) * 1000;
	return ms < 0 ? 0 : (int)ceil(ms);
}

/* The one loop: wait on the network, the keyboard and the signal pipe; refresh; render. */
static int app_run(struct app *a)
{
	int key_wait = -1;
	char err[256];
	app_layout(a);
	app_refresh(a);
	while (!a->quit) {
		app_render(a);
		if (a->quit)
			break;
		int timeout = app_timeout(a);
		if (key_wait >= 0 && key_wait < timeout)
			timeout = key_wait;
		struct pollfd fds[2] = {{.fd = keys_fd(a->keys)}, {.fd = sig_pipe[0]}};
		if (http_wait(a->http, fds, 2, timeout, err, sizeof err) != 0) {
			screen_done();
			fprintf(stderr, "kpidash: %s\n", err);
			return 1;
		}
		if (fds[1].revents)
			app_signals(a);
		if (fds[0].revents)
			key_wait = app_keys(a, 1);
		else if (key_wait >= 0) {
			char name[64];
			if (keys_force(a->keys, name, sizeof name) == KEYS_KEY)
				app_key(a, name);
			key_wait = app_keys(a, 0);
		}
		if (now_wall() >= a->next_refresh ||
		    (cohort_active(a->cohort) ? cohort_wants_fetch(a->cohort)
					      : view_wants_fetch(a->views[a->cur])))
			app_refresh(a);
	}
	return 0;
}

/* Print one figure as a tab-separated line: view, panel, query, series, time, value, scale, text, PromQL. */
static void once_print(void *ctx, const struct view_figure *f)
{
	printf("%s\t%s\t%zu\t%s\t%.3f\t%.17g\t%.17g\t%s\t%s\n", (const char *)ctx, f->panel,
	       f->query, f->series, f->t, f->value, f->scale, f->text, f->promql ? f->promql : "");
}

/* True while a view in [from, to) still waits for answers. */
static int once_pending(const struct app *a, size_t from, size_t to)
{
	int n = 0;
	for (size_t i = from; i < to; i++)
		n += view_pending(a->views[i]);
	return n;
}

/*
 * --once: fetch every panel of the chosen view (or of all) as a 160x48 screen
 * would, through the same loop, then print each figure, and each failure on
 * stderr. Exit status 1 when a panel failed.
 */
static int app_once(struct app *a)
{
	char err[256];
	struct pollfd none[1];
	size_t from = a->opt.view ? a->cur : 0, to = a->opt.view ? a->cur + 1 : a->nviews;
	double deadline = now_wall() + a->opt.timeout + 5;
	setlocale(LC_NUMERIC, "C"); /* machine-readable numbers */
	for (size_t i = from; i < to; i++) {
		view_layout(a->views[i], (struct rect){1, 0, 46, 160});
		view_fetch(a->views[i], a->src, now_data(a), a->opt.range, now_wall());
	}
	while (once_pending(a, from, to) > 0 && now_wall() < deadline)
		if (http_wait(a->http, none, 0, 100, err, sizeof err) != 0)
			break;
	int failed = 0;
	for (size_t i = from; i < to; i++) {
		view_figures(a->views[i], once_print, a->dash[i].name);
		for (size_t k = 0; k < view_panel_count(a->views[i]); k++)
			if (view_panel_error(a->views[i], k)[0]) {
				fprintf(stderr, "kpidash: %s: %s: %s\n", a->dash[i].name,
					view_panel_title(a->views[i], k), view_panel_error(a->views[i], k));
				failed = 1;
			}
	}
	if (source_problem(a->src)[0])
		fprintf(stderr, "kpidash: %s: %s\n", source_name(a->src), source_problem(a->src));
	return failed;
}

/*
 * Set the drill-down of panel p to --drill's "label=value,...,label" path;
 * -1 with why in err when p cannot be broken down that way.
 */
static int once_drill_path(struct app *a, const struct panel *p, char *err, size_t errlen)
{
	char spec[512];
	const char *group = NULL;
	snprintf(spec, sizeof spec, "%s", a->opt.drill);
	if (cohort_open(a->cohort, &a->dash[a->cur], p, err, errlen) != 0)
		return -1;
	for (char *save, *part = strtok_r(spec, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(part, '=');
		if (group) {
			snprintf(err, errlen, "'%s' follows the label to group by ('%s'): it must be last",
				 part, group);
			return -1;
		}
		if (eq == NULL) {
			group = part; /* the label to group by: applied once the path is set */
			continue;
		}
		*eq = '\0';
		if (eq == part || eq[1] == '\0') {
			snprintf(err, errlen, "'%s=%s': expected label=value", part, eq + 1);
			return -1;
		}
		if (cohort_push(a->cohort, part, eq + 1, err, errlen) != 0)
			return -1;
	}
	return group ? cohort_set_label(a->cohort, group, err, errlen) : 0;
}

/*
 * --once --drill: each panel of the view that can be broken down by the
 * path (or only --panel), fetched in turn, as one CSV on stdout. Exit 1 when
 * an answer failed, 2 when no panel could be broken down that way.
 */
static int app_once_drill(struct app *a)
{
	char err[256];
	struct pollfd none[1];
	const struct view *v = a->views[a->cur];
	int done = 0, failed = 0;
	setlocale(LC_NUMERIC, "C");
	if (strspn(a->opt.drill, ", ") == strlen(a->opt.drill)) {
		fprintf(stderr, "kpidash: --drill: expected LABEL or LABEL=VALUE,...,LABEL\n");
		return 2;
	}
	int titled = 0;
	for (size_t k = 0; k < view_panel_count(v); k++) {
		const struct panel *p = view_panel(v, k);
		if (a->opt.panel && strcasecmp(a->opt.panel, p->title) != 0)
			continue;
		titled = 1;
		if (once_drill_path(a, p, err, sizeof err) != 0) {
			if (a->opt.panel)
				fprintf(stderr, "kpidash: --drill: %s\n", err);
			continue;
		}
		double deadline = now_wall() + a->opt.timeout + 5;
		cohort_fetch(a->cohort, a->src, now_data(a), a->opt.range, now_wall());
		while (cohort_pending(a->cohort) > 0 && now_wall() < deadline)
			if (http_wait(a->http, none, 0, 100, err, sizeof err) != 0)
				break;
		if (cohort_error(a->cohort)[0]) {
			fprintf(stderr, "kpidash: %s: %s: %s\n", a->dash[a->cur].name, p->title,
				cohort_error(a->cohort));
			failed = 1;
		}
		cohort_csv(a->cohort, stdout, a->dash[a->cur].name, done == 0);
		done++;
	}
	cohort_close(a->cohort);
	if (a->opt.panel && !titled) {
		fprintf(stderr, "kpidash: --panel: view %s has no panel titled '%s'\n",
			a->dash[a->cur].name, a->opt.panel);
		return 2;
	}
	if (done == 0) {
		fprintf(stderr, "kpidash: --drill %s: no panel of view %s can be broken down that way\n",
			a->opt.drill, a->dash[a->cur].name);
		return 2;
	}
	return failed;
}

/* Free everything the app holds. */
static void app_done(struct app *a)
{
	keys_free(a->keys);
	screen_done();
	for (size_t i = 0; i < a->nviews; i++) {
		view_free(a->views[i]);
		dashboard_done(&a->dash[i]);
	}
	http_free(a->http); /* first: no answer may come back to a freed source */
	source_free(a->src);
	cohort_free(a->cohort);
	options_done(&a->opt);
}

int main(int argc, char **argv)
{
	static struct app app;
	char err[256];
	setlocale(LC_ALL, "");
	int rc = options_parse(argc, argv, &app.opt);
	if (rc == 0 && app.opt.check) {
		rc = check_files(app.opt.check, app.opt.ncheck,
				 app.opt.prometheus_url ? CHECK_SOURCE_PROMETHEUS : CHECK_SOURCE_DEMO,
				 stdout);
		options_done(&app.opt);
		return rc;
	}
	if (rc != 0) {
		options_done(&app.opt);
		return rc < 0 ? 0 : 2;
	}
	app.cohort = cohort_new(app.opt.privacy_floor);
	if (load_dashboards(&app) != 0 || select_first_view(&app) != 0) {
		app_done(&app);
		return 2;
	}
	if (app.opt.theme && theme_select(app.opt.theme, err, sizeof err) != 0) {
		fprintf(stderr, "kpidash: --theme: %s\n", err);
		app_done(&app);
		return 2;
	}
	app.http = http_new(err, sizeof err);
	if (app.http && (app.opt.prometheus_url || app.opt.rest_url)) {
		app.conn = options_conn(&app.opt);
		app.src = app.opt.rest_url ? source_rest_new(app.http, &app.conn)
					   : source_prometheus_new(app.http, &app.conn);
	} else if (app.http) {
		app.src = source_demo_new(app.opt.seed, app.http);
	}
	if (app.http == NULL || signals_init() != 0) {
		fprintf(stderr, "kpidash: %s\n", app.http ? "cannot make the signal pipe" : err);
		app_done(&app);
		return 1;
	}
	if (app.opt.once) {
		rc = app.opt.drill ? app_once_drill(&app) : app_once(&app);
		app_done(&app);
		return rc;
	}
	struct screen_opts so = {app.opt.ascii, app.opt.no_color};
	if (screen_init(&so, err, sizeof err) != 0) {
		fprintf(stderr, "kpidash: %s\n", err);
		app_done(&app);
		return 1;
	}
	app.keys = keys_new(STDIN_FILENO, err, sizeof err);
	if (app.keys == NULL) {
		screen_done();
		fprintf(stderr, "kpidash: %s\n", err);
		app_done(&app);
		return 1;
	}
	rc = app_run(&app);
	app_done(&app);
	return rc;
}
