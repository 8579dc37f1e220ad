/*
 * app.c: the controller's loop. It waits on the network, the keyboard and a
 * signal pipe together, carries out what keys and signals ask for, refreshes
 * when due, and draws what changed in one update.
 */
#include "app/app.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/chrome.h"
#include "app/dashboards.h"
#include "app/input.h"
#include "app/screen.h"
#include "tui/screen.h"
#include "tui/theme.h"
#include "util/clock.h"

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

/* The source the options name: a Prometheus or KPI-REST backend, else the demo. */
static void app_source(struct app *a)
{
	if (a->opt.prometheus_url || a->opt.rest_url) {
		a->conn = options_conn(&a->opt);
		a->src = a->opt.rest_url ? source_rest_new(a->http, &a->conn)
					 : source_prometheus_new(a->http, &a->conn);
	} else {
		a->src = source_demo_new(a->opt.seed, a->http);
	}
}

int app_setup(struct app *a)
{
	char err[256];
	a->cohort = cohort_new(a->opt.privacy_floor);
	a->explain = explain_new(a->opt.privacy_floor);
	a->baseline = a->opt.baseline; /* --baseline: b steps on from it */
	if (dashboards_load(a) != 0 || dashboards_select(a) != 0)
		return 2;
	if (a->opt.theme && theme_select(a->opt.theme, err, sizeof err) != 0) {
		fprintf(stderr, "kpidash: --theme: %s\n", err);
		return 2;
	}
	a->http = http_new(err, sizeof err);
	if (a->http == NULL) {
		fprintf(stderr, "kpidash: %s\n", err);
		return 1;
	}
	app_source(a);
	if (signals_init() != 0) {
		fprintf(stderr, "kpidash: cannot make the signal pipe\n");
		return 1;
	}
	return 0;
}

/* Lay the view and the drill-down out in the space between the tab line and the status line. */
static void app_layout(struct app *a)
{
	screen_size(&a->rows, &a->cols);
	struct rect area = chrome_area(a);
	if (!chrome_too_small(a))
		for (size_t i = 0; i < a->nviews; i++) /* the others too: what changed reads them */
			view_layout(a->views[i], area);
	cohort_layout(a->cohort, area);
	a->full = 1;
}

/* Fetch what the screen in front shows, and schedule the next refresh. */
static void app_refresh(struct app *a)
{
	double wall = clock_wall();
	screen_ops(a->screen)->fetch(a, app_end(a), app_range(a), wall);
	/* the views not in front feed the what-changed count, at a sixth of the pace */
	if (a->screen != SCREEN_CHANGES && wall >= a->others_due) {
		for (size_t i = 0; i < a->nviews; i++)
			if (i != a->cur)
				view_fetch(a->views[i], a->src, app_end(a), a->range[i],
					   app_baselines[a->baseline].seconds, wall);
		a->others_due = wall + 6 * a->opt.refresh;
	}
	a->next_refresh = wall + a->opt.refresh;
	a->status_dirty = 1;
}

/* Draw what changed, then send it to the terminal in one update. */
static void app_render(struct app *a)
{
	double wall = clock_wall();
	if (chrome_too_small(a)) {
		if (!a->full)
			return;
		screen_erase();
		chrome_too_small_draw(a);
	} else {
		if (a->full) {
			screen_erase();
			chrome_tabs(a);
		}
		changes_build(&a->changes, a->views, a->nviews);
		screen_ops(a->screen)->draw(a, a->full, wall);
		chrome_status(a, wall);
		if (a->overlay == ACT_HELP)
			chrome_help(a);
		else if (a->overlay == ACT_INFO)
			chrome_info(a);
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

/* Carry out what a key asked for, in the order that makes each step see the last. */
static void app_react(struct app *a, unsigned r)
{
	if (r & REACT_QUIT)
		a->quit = 1;
	if (r & REACT_STATUS)
		a->status_dirty = 1;
	if (r & REACT_REPAINT)
		screen_invalidate();
	if (r & REACT_FULL)
		a->full = 1;
	if (r & REACT_LAYOUT)
		app_layout(a);
	if (r & REACT_REFETCH)
		app_refresh(a);
	if (r & REACT_SUSPEND)
		app_suspend(a);
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
			app_react(a, input_key(a, name));
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
	if (screen_ops(a->screen)->wants_fetch(a))
		return 0; /* asked for more at once (drivers after one that named no one) */
	double ms = (a->next_refresh - clock_wall()) * 1000;
	return ms < 0 ? 0 : (int)ceil(ms);
}

/* The one loop: wait on the network, the keyboard and the signal pipe; refresh; render. */
static int app_loop(struct app *a)
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
				app_react(a, input_key(a, name));
			key_wait = app_keys(a, 0);
		}
		if (clock_wall() >= a->next_refresh || screen_ops(a->screen)->wants_fetch(a))
			app_refresh(a);
	}
	return 0;
}

int app_run(struct app *a)
{
	char err[256];
	struct screen_opts so = {a->opt.ascii, a->opt.no_color};
	if (screen_init(&so, err, sizeof err) != 0) {
		fprintf(stderr, "kpidash: %s\n", err);
		return 1;
	}
	a->keys = keys_new(STDIN_FILENO, err, sizeof err);
	if (a->keys == NULL) {
		screen_done();
		fprintf(stderr, "kpidash: %s\n", err);
		return 1;
	}
	return app_loop(a);
}

void app_done(struct app *a)
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
	explain_free(a->explain);
	changes_done(&a->changes);
	options_done(&a->opt);
}
