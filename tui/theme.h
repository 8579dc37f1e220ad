/* theme.h: colours by meaning, read from the theme files in themes/. */
#ifndef KPIDASH_THEME_H
#define KPIDASH_THEME_H

#include <stddef.h>

/* Semantic elements; code never names a colour, only one of these. */
#define THEME_ELEMENTS(X)                                                                          \
	X(NORMAL, "normal")                                                                        \
	X(TITLE, "title")                                                                          \
	X(MUTED, "muted")                                                                          \
	X(BORDER, "border")                                                                        \
	X(FOCUS, "focus")                                                                          \
	X(OK, "ok")                                                                                \
	X(WARN, "warn")                                                                            \
	X(BAD, "bad")                                                                              \
	X(STALE, "stale")                                                                          \
	X(STATUS, "status")                                                                        \
	X(TAB, "tab")                                                                              \
	X(TAB_ACTIVE, "tab_active")                                                                \
	X(SERIES1, "series1")                                                                      \
	X(SERIES2, "series2")                                                                      \
	X(SERIES3, "series3")                                                                      \
	X(SERIES4, "series4")                                                                      \
	X(SERIES5, "series5")                                                                      \
	X(SERIES6, "series6")                                                                      \
	X(SERIES7, "series7")                                                                      \
	X(SERIES8, "series8")

enum style {
#define X(id, name) ST_##id,
	THEME_ELEMENTS(X)
#undef X
	    ST_COUNT
};

/* The style of the n-th series of a chart (wraps after 8). */
enum style style_series(size_t n);

/* A threshold verdict; the view decides it, the widget shows it by colour and symbol. */
enum level { LEVEL_NONE, LEVEL_OK, LEVEL_WARN, LEVEL_BAD };

/* The style that shows a level (NORMAL for NONE). */
enum style level_style(enum level l);

/*
 * Select a theme by name before or after screen_init; colour is used only
 * when the terminal has it and NO_COLOR is unset. 0 on success, -1 if no such
 * theme (err gets why).
 */
int theme_select(const char *name, char *err, size_t errlen);

#endif
