/*
 * keys.h: keyboard input (libtermkey, kept behind this one file) and the
 * keymap: every action is declared once, with its keys and its help text;
 * dispatch, the help overlay and the man page's key list all come from it.
 */
#ifndef KPIDASH_KEYS_H
#define KPIDASH_KEYS_H

#include <stddef.h>

/* X(action, keys separated by spaces, help text); keys use libtermkey's names. */
#define KEYMAP(X)                                                          \
	X(HELP, "? F1", "show or hide this help")                           \
	X(INFO, "i", "about the focused panel: what it shows, its query")   \
	X(QUIT, "q C-c", "quit (Esc closes help first)")                    \
	X(VIEW_1, "1", "executive view")                                    \
	X(VIEW_2, "2", "operations view")                                   \
	X(VIEW_3, "3", "model health view")                                 \
	X(VIEW_4, "4", "HR adoption view")                                  \
	X(VIEW_NEXT, "Tab", "next view")                                    \
	X(VIEW_PREV, "S-Tab", "previous view")                              \
	X(FOCUS_LEFT, "h Left", "focus the panel to the left")              \
	X(FOCUS_DOWN, "j Down", "focus the panel below")                    \
	X(FOCUS_UP, "k Up", "focus the panel above")                        \
	X(FOCUS_RIGHT, "l Right", "focus the panel to the right")           \
	X(RANGE_SHORTER, "-", "shorter time range")                         \
	X(RANGE_LONGER, "+ =", "longer time range")                         \
	X(REFRESH, "r", "refresh now")                                      \
	X(REDRAW, "C-l", "redraw the screen")                               \
	X(SUSPEND, "C-z", "suspend to the shell (fg brings it back)")       \
	X(CLOSE, "Escape", "close the overlay")

enum action {
	ACT_NONE = 0,
#define X(id, keys, help) ACT_##id,
	KEYMAP(X)
#undef X
	ACT_COUNT
};

struct keymap_entry {
	const char *keys;
	enum action action;
	const char *help;
};

/* The keymap table, in the order help shows it; *n gets its length. */
const struct keymap_entry *keymap(size_t *n);
/* The action bound to a key name ("q", "S-Tab", "C-l"); ACT_NONE if unbound. */
enum action keymap_lookup(const char *key);

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
