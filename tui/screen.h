/*
 * screen.h: the terminal. Init and teardown, size, colour capability, and the
 * only place that sends anything to the terminal (screen_flush).
 */
#ifndef KPIDASH_SCREEN_H
#define KPIDASH_SCREEN_H

#include <stddef.h>

#include "tui/widgets.h"

struct screen_opts {
	int ascii;    /* force plain ASCII even in a UTF-8 locale */
	int no_color; /* monochrome even when the terminal has colour */
};

/*
 * Take the terminal: setlocale must have run. Fails (-1, err filled) when
 * stdout is not a terminal or its type is unknown, leaving it untouched.
 */
int screen_init(const struct screen_opts *o, char *err, size_t errlen);
/* Give the terminal back exactly as it was. Safe to call twice. */
void screen_done(void);
/* Give the terminal back for a while (Ctrl-Z), and take it again after. */
void screen_suspend(void);
void screen_resume(void);
/*
 * Restore the terminal from a signal handler: async-signal-safe writes of the
 * precomputed reset sequence and tcsetattr of the saved modes.
 */
void screen_emergency_restore(void);

/* Current size in rows and columns. */
void screen_size(int *rows, int *cols);
/* Re-read the size (TIOCGWINSZ) after SIGWINCH; returns 1 if it changed. */
int screen_resize(void);
/* True when drawing must stay within ASCII. */
int screen_ascii(void);

/* Blank the whole frame (after a resize or a view switch); no output yet. */
void screen_erase(void);
/* Forget what the terminal shows: the next flush repaints every cell (C-l). */
void screen_invalidate(void);
/* Send what changed since the last flush to the terminal: one doupdate. */
void screen_flush(void);

#endif
