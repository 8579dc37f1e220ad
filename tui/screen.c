/* screen.c: the terminal's one owner. Nothing else in kpidash writes to it. */
#include "tui/screen.h"

#include <curses.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "tui/draw.h"

static struct {
	SCREEN *scr;
	int active;
	int ascii;
	int have_termios;
	struct termios saved; /* the terminal's modes before we touched it */
	char restore[256];    /* escape sequences that undo what we set, for signal handlers */
	size_t restore_len;
} screen;

/* Append terminfo capability cap (if the terminal has it) to the emergency restore string. */
static void screen_restore_add(const char *cap)
{
	char *s = tigetstr((char *)cap);
	if (s == NULL || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (screen.restore_len + n >= sizeof screen.restore)
		return;
	memcpy(screen.restore + screen.restore_len, s, n);
	screen.restore_len += n;
}

/* True when the locale's character set is UTF-8. */
static int screen_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* True when the user asked for no colour through the environment (NO_COLOR set and non-empty). */
static int screen_no_color_env(void)
{
	const char *v = getenv("NO_COLOR");
	return v && *v;
}

/* Set up colours when the terminal has them and nobody said no; the theme learns which. */
static void screen_colors(const struct screen_opts *o)
{
	int color = 0;
	if (!o->no_color && !screen_no_color_env() && has_colors()) {
		start_color();
		use_default_colors();
		color = 1;
	}
	theme_apply(color);
}

int screen_init(const struct screen_opts *o, char *err, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "not a terminal: run kpidash in a terminal, or use --once");
		return -1;
	}
	const char *term = getenv("TERM");
	if (term == NULL || *term == '\0') {
		snprintf(err, errlen, "TERM is not set: cannot drive the terminal");
		return -1;
	}
	screen.have_termios = tcgetattr(STDIN_FILENO, &screen.saved) == 0;
	screen.scr = newterm(NULL, stdout, stdin);
	if (screen.scr == NULL) {
		snprintf(err, errlen, "unknown terminal type '%s' (check TERM)", term);
		return -1;
	}
	set_term(screen.scr);
	screen.active = 1;
	screen.ascii = o->ascii || !screen_locale_utf8();
	screen.restore_len = 0;
	screen_restore_add("sgr0");
	screen_restore_add("cnorm");
	screen_restore_add("rmkx");
	screen_restore_add("rmcup");
	nonl();
	noecho();
	curs_set(0);
	leaveok(stdscr, TRUE);
	screen_colors(o);
	return 0;
}

void screen_done(void)
{
	if (!screen.active)
		return;
	screen.active = 0;
	curs_set(1);
	endwin();
	delscreen(screen.scr);
	screen.scr = NULL;
	if (screen.have_termios)
		tcsetattr(STDIN_FILENO, TCSANOW, &screen.saved);
}

void screen_suspend(void)
{
	if (!screen.active)
		return;
	curs_set(1);
	endwin();
}

void screen_resume(void)
{
	if (!screen.active)
		return;
	curs_set(0);
	screen_resize();
	clearok(curscr, TRUE);
}

void screen_emergency_restore(void)
{
	if (!screen.active)
		return;
	if (screen.restore_len)
		(void)!write(STDOUT_FILENO, screen.restore, screen.restore_len);
	(void)!write(STDOUT_FILENO, "\r\n", 2);
	if (screen.have_termios)
		tcsetattr(STDIN_FILENO, TCSANOW, &screen.saved);
}

void screen_size(int *rows, int *cols)
{
	*rows = LINES;
	*cols = COLS;
}

int screen_resize(void)
{
	struct winsize ws;
	if (!screen.active || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
		return 0;
	if (ws.ws_row == 0 || ws.ws_col == 0)
		return 0;
	if (ws.ws_row == LINES && ws.ws_col == COLS)
		return 0;
	resizeterm(ws.ws_row, ws.ws_col);
	return 1;
}

int screen_ascii(void)
{
	return screen.ascii;
}

void screen_erase(void)
{
	werase(stdscr);
}

void screen_invalidate(void)
{
	clearok(curscr, TRUE);
}

void screen_flush(void)
{
	wnoutrefresh(stdscr);
	doupdate();
}
