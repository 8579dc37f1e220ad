/*
 * app.h: the controller. The running program's state (what was asked for,
 * the views, the source, the screen in front) and the one event loop that
 * waits on the network, the keyboard and the signals, refreshes, and draws.
 *
 * The screens (app/screen.h) and the chrome (tabs, status line, overlays)
 * read and change this state; only the loop in app.c acts on what they ask
 * for, by the reactions their key handlers return.
 */
#ifndef KPIDASH_APP_H
#define KPIDASH_APP_H

#include <stddef.h>

#include "app/options.h"
#include "client/http.h"
#include "client/source.h"
#include "tui/keys.h"
#include "views/changes.h"
#include "views/cohort.h"
#include "views/dashboard.h"
#include "views/explain.h"
#include "views/view.h"

#define APP_MIN_COLS  60
#define APP_MIN_ROWS  16
#define APP_MAX_VIEWS 16

/* The screens, bottom first: the dashboard is always there, the others open over it. */
enum screen_id { SCREEN_DASHBOARD, SCREEN_DRILL, SCREEN_CHANGES, SCREEN_COUNT };

struct app {
	struct options opt;
	struct http_conn conn; /* how to reach a network source, from opt */
	struct dashboard dash[APP_MAX_VIEWS];
	struct view *views[APP_MAX_VIEWS];
	size_t nviews, cur;	     /* the dashboards, and the one shown */
	double range[APP_MAX_VIEWS]; /* each view's range, seconds: its own until changed */
	double pan;		     /* seconds the range ends before now, 0 for now */
	size_t baseline;	     /* what changes compare with: an index of app_baselines */
	struct source *src;
	struct http *http;
	struct keys *keys;
	struct cohort
	    *cohort; /* the drill-down, open or not: it outlives the answers it asked for */
	enum screen_id screen;	 /* in front */
	struct changes changes;	 /* what is abnormal across the views, as of the last frame */
	struct explain *explain; /* the drivers of its first entries: it outlives their answers */
	size_t change_sel;	 /* the entry selected on the what-changed screen */
	double others_due;	 /* wall time the views not in front are asked again */
	int filtering;		 /* '/' was pressed: keys edit the cohort filter */
	char filter[64];
	char message[320]; /* a one-off line for the status bar ("wrote x.csv"), or "" */
	int rows, cols;
	enum action overlay; /* ACT_HELP or ACT_INFO while that overlay is open, else ACT_NONE */
	size_t help_top;     /* the first help line shown, when they do not all fit */
	int full;	     /* everything must be drawn again */
	int status_dirty;
	char status_last[1024];
	double next_refresh;
	long frames;
	int quit;
};

/* What a figure's change compares with ("b" steps through them). */
struct app_baseline {
	double seconds; /* back from the figure's window, 0 for the window just before */
	const char *name;
};
#define APP_NBASELINES 3
extern const struct app_baseline app_baselines[APP_NBASELINES];

/* The range shown on the view in front, and where it ends (the data clock, less the pan). */
double app_range(const struct app *a);
double app_end(const struct app *a);

/*
 * Set a up from its options (already parsed into a->opt): the dashboards, the
 * first view, the theme, the source and the signals. Returns 0, or the exit
 * status (2 for what the user asked wrong, 1 otherwise) with the reason on
 * stderr; a->opt is left for app_done either way.
 */
int app_setup(struct app *a);
/* Take the terminal and run until the user quits; the exit status. */
int app_run(struct app *a);
/* Free everything a holds and give the terminal back. */
void app_done(struct app *a);

#endif
