/*
 * screen.h: what every screen of the controller is, in the manner of tig's
 * view_ops: one const table of functions a screen (the dashboard, the
 * drill-down...) fills in, registered in screens.c. The screen in front gets
 * each key first; what it cannot use goes to the controller's global actions.
 * Key handlers do not call the controller: they return what must happen next
 * as reaction flags, and the loop does it once.
 */
#ifndef KPIDASH_APP_SCREEN_H
#define KPIDASH_APP_SCREEN_H

#include <stddef.h>

#include "app/app.h"

/* What must happen after a key; flags, several at once. */
enum reaction {
	REACT_NONE = 0,		/* done: the screen marked what it draws again itself */
	REACT_PASS = 1 << 0,	/* not this screen's key: the global actions get it */
	REACT_FULL = 1 << 1,	/* draw everything again */
	REACT_STATUS = 1 << 2,	/* the status line changed */
	REACT_REFETCH = 1 << 3, /* ask for the data in front now */
	REACT_LAYOUT = 1 << 4,	/* the screen in front, or its view, changed: lay it out */
	REACT_REPAINT = 1 << 5, /* the terminal itself must be painted anew (Ctrl-L) */
	REACT_SUSPEND = 1 << 6, /* stop to the shell (Ctrl-Z) */
	REACT_QUIT = 1 << 7,
};

/* What a screen's data is like, for the status line. */
struct screen_health {
	double oldest; /* wall time of the oldest good data shown, 0 for none yet */
	int errors;    /* units whose last fetch failed */
};

struct screen_ops {
	const char *name;	/* "dashboard", "drill-down" */
	enum key_where where;	/* its place in the keymap: the keys bound there reach it */
	const char *help_title; /* the help overlay's title over its keys */
	/* Draw what changed (everything when all); no output yet. */
	void (*draw)(struct app *a, int all, double wall);
	/*
	 * A key before the keymap sees it, for a line being edited; returns 1 when
	 * taken, with *r set. NULL when the screen edits no line.
	 */
	int (*edit)(struct app *a, const char *name, unsigned *r);
	/* The action of a key in its place; REACT_PASS when it is not the screen's. */
	unsigned (*key)(struct app *a, enum action act);
	/* Ask the source for what it shows, over the range ending at end. */
	void (*fetch)(struct app *a, double end, double range, double wall);
	/* True when an answer came back for an older question: ask again soon. */
	int (*wants_fetch)(const struct app *a);
	/* How its answers stand: their age and how many failed. */
	struct screen_health (*answer)(const struct app *a);
	/* The status line's hint ("Enter drill down  ? help  q quit"). */
	void (*hint)(const struct app *a, char *buf, size_t len);
};

/* The table of a screen by its id. */
const struct screen_ops *screen_ops(enum screen_id id);

/* The screens (app/screen_*.c), each one table. */
extern const struct screen_ops screen_dashboard;
extern const struct screen_ops screen_drill;
extern const struct screen_ops screen_changes;

#endif
