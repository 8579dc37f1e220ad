/*
 * keys.h: keyboard input (libtermkey, kept behind this one file) and the
 * keymap: every action is declared once, with its keys and its help text;
 * dispatch, the help overlay and the man page's key list all come from it.
 */
#ifndef KPIDASH_KEYS_H
#define KPIDASH_KEYS_H

#include <stddef.h>

/*
 * X(action, where, keys separated by spaces, help text); keys use libtermkey's
 * names. where: ANY anywhere, VIEW on a dashboard, COHORT in a drill-down,
 * CHANGES in the what-changed list; a key bound in the current place wins over
 * the same key bound ANY.
 */
#define KEYMAP(X)                                                                                  \
	X(HELP, ANY, "? F1", "show or hide this help")                                             \
	X(INFO, ANY, "i", "about the focused panel: what it shows, its query")                     \
	X(QUIT, ANY, "q C-c", "quit (Esc closes help first)")                                      \
	X(VIEW_1, ANY, "1", "executive view")                                                      \
	X(VIEW_2, ANY, "2", "operations view")                                                     \
	X(VIEW_3, ANY, "3", "model health view")                                                   \
	X(VIEW_4, ANY, "4", "HR adoption view")                                                    \
	X(VIEW_NEXT, ANY, "Tab", "next view")                                                      \
	X(VIEW_PREV, ANY, "S-Tab", "previous view")                                                \
	X(FOCUS_LEFT, VIEW, "h Left", "focus the panel to the left")                               \
	X(FOCUS_DOWN, VIEW, "j Down", "focus the panel below")                                     \
	X(FOCUS_UP, VIEW, "k Up", "focus the panel above")                                         \
	X(FOCUS_RIGHT, VIEW, "l Right", "focus the panel to the right")                            \
	X(OPEN, VIEW, "Enter", "break the focused panel down by cohort")                           \
	X(DRILL, COHORT, "Enter", "drill into the selected cohort")                                \
	X(UP, COHORT, "Backspace Escape", "up one level; from the top, the dashboard")             \
	X(TOP, COHORT, "0", "back to the dashboard")                                               \
	X(LABEL, COHORT, "d", "break down by the next cohort label")                               \
	X(ROW_DOWN, COHORT, "j Down", "next row")                                                  \
	X(ROW_UP, COHORT, "k Up", "previous row")                                                  \
	X(PAGE_DOWN, COHORT, "PageDown C-f", "next page")                                          \
	X(PAGE_UP, COHORT, "PageUp C-b", "previous page")                                          \
	X(FIRST, COHORT, "g Home", "first row")                                                    \
	X(LAST, COHORT, "G End", "last row")                                                       \
	X(SORT, COHORT, "s", "sort by the next column")                                            \
	X(REVERSE, COHORT, "S", "reverse the sort")                                                \
	X(FILTER, COHORT, "/", "filter cohorts by name (Enter keeps it, Esc clears it)")           \
	X(HEAT, COHORT, "h", "heat grid of cohorts by time; again for the table")                  \
	X(COMPARE, COHORT, "c", "treatment against control; again for the table")                  \
	X(EXPORT, COHORT, "e", "write the table as CSV in the working directory")                  \
	X(CHANGES, ANY, "w", "what changed: everything abnormal now, worst first")                 \
	X(CH_OPEN, CHANGES, "Enter", "drill down into the entry's panel, at its cohort")           \
	X(CH_BACK, CHANGES, "Backspace Escape w", "back to the dashboard")                         \
	X(CH_DOWN, CHANGES, "j Down", "next entry")                                                \
	X(CH_UP, CHANGES, "k Up", "previous entry")                                                \
	X(CH_FIRST, CHANGES, "g Home", "first entry")                                              \
	X(CH_LAST, CHANGES, "G End", "last entry")                                                 \
	X(RANGE_SHORTER, ANY, "-", "shorter time range")                                           \
	X(RANGE_LONGER, ANY, "+ =", "longer time range")                                           \
	X(PAN_BACK, ANY, "[", "back in time by half the range")                                    \
	X(PAN_FORWARD, ANY, "]", "forward in time by half the range, up to now")                   \
	X(NOW, VIEW, "0", "back to now")                                                           \
	X(BASELINE, ANY, "b", "compare with: the window before, yesterday, last week")             \
	X(REFRESH, ANY, "r", "refresh now")                                                        \
	X(REDRAW, ANY, "C-l", "redraw the screen")                                                 \
	X(SUSPEND, ANY, "C-z", "suspend to the shell (fg brings it back)")                         \
	X(CLOSE, ANY, "Escape", "close the overlay")

/* Where a key is bound. */
enum key_where { KEYS_ANY, KEYS_VIEW, KEYS_COHORT, KEYS_CHANGES, KEYS_PLACES };

enum action {
	ACT_NONE = 0,
#define X(id, where, keys, help) ACT_##id,
	KEYMAP(X)
#undef X
	    ACT_COUNT
};

struct keymap_entry {
	const char *keys;
	enum action action;
	enum key_where where;
	const char *help;
};

/* The keymap table, in the order help shows it; *n gets its length. */
const struct keymap_entry *keymap(size_t *n);
/* The action bound to a key name ("q", "S-Tab", "C-l") in place where; ACT_NONE if unbound. */
enum action keymap_lookup(const char *key, enum key_where where);

/* Input: one libtermkey instance. */
struct keys;

/* Read keys from fd (a terminal); NULL with err filled on failure. The caller frees it. */
struct keys *keys_new(int fd, char *err, size_t errlen);
/* An instance fed only by keys_push, for tests; TERM type "xterm". */
struct keys *keys_new_abstract(void);
/* Restore the terminal's modes and free k. */
void keys_free(struct keys *k);
/* Give the terminal's input modes back (Ctrl-Z), and take them again. */
void keys_stop(struct keys *k);
void keys_start(struct keys *k);
/* The fd to poll for input, -1 for an abstract instance. */
int keys_fd(const struct keys *k);
/* Feed bytes (abstract instances only). */
void keys_push(struct keys *k, const char *bytes, size_t n);

enum keys_result {
	KEYS_NONE,  /* nothing buffered */
	KEYS_KEY,   /* a key: name filled */
	KEYS_AGAIN, /* a partial sequence: call keys_force after *wait_ms */
	KEYS_EOF,   /* input closed */
};
/* Read what the terminal sent, after poll said the fd is readable. */
void keys_readable(struct keys *k);
/* Take the next buffered key. */
enum keys_result keys_next(struct keys *k, char *name, size_t len, int *wait_ms);
/* After the wait, take a partial sequence as what it is (a lone Esc). */
enum keys_result keys_force(struct keys *k, char *name, size_t len);

#endif
