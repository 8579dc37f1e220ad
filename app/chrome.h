/*
 * chrome.h: what surrounds the screen in front: the tab line, the status
 * line, and the help and panel-info overlays. Each draws from the app's
 * state and the screen's table; none changes what the app shows.
 */
#ifndef KPIDASH_CHROME_H
#define KPIDASH_CHROME_H

#include "app/app.h"
#include "tui/widgets.h"

/* The screen's area between the tab line and the status line. */
struct rect chrome_area(const struct app *a);
/* True when the terminal is below the minimum size. */
int chrome_too_small(const struct app *a);
/* The tab line: one tab a view, the current one highlighted. */
void chrome_tabs(const struct app *a);
/* The status line, when its text changed (or a->full): source, range, age, errors, hint. */
void chrome_status(struct app *a, double wall);
/* The help overlay from the keymap: the keys of the screen in front, then those of anywhere. */
void chrome_help(struct app *a);
/* The focused panel's description, unit, thresholds and queries over the view. */
void chrome_info(const struct app *a);
/* The whole screen's message when the terminal is too small. */
void chrome_too_small_draw(const struct app *a);

#endif
