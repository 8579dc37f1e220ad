/* theme.c: the theme files parsed into curses attributes and colour pairs, one pair per element. */
#include "tui/theme.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "util/embed.h"

/* A colour: -1 the terminal's default, 0..255 an xterm index; fallback (-1: nearest) for 8/16. */
struct theme_color {
	short c, fallback;
};

struct theme_style {
	struct theme_color fg, bg;
	attr_t attrs;
};

struct theme {
	struct theme_style st[ST_COUNT];
};

static const char *const theme_elements[ST_COUNT] = {
#define X(id, name) name,
    THEME_ELEMENTS(X)
#undef X
};

static const char *const theme_colors[16] = {
    "black",	  "red",	   "green",	  "yellow",	 "blue",	"magenta",
    "cyan",	  "white",	   "brightblack", "brightred",	 "brightgreen", "brightyellow",
    "brightblue", "brightmagenta", "brightcyan",  "brightwhite",
};

static const struct {
	const char *name;
	attr_t attr;
} theme_attrs[] = {
    {"bold", A_BOLD},
    {"dim", A_DIM},
    {"reverse", A_REVERSE},
    {"underline", A_UNDERLINE},
};

/* The xterm palette's first 16 colours, for mapping 256 colours down. */
static const unsigned char theme_rgb16[16][3] = {
    {0, 0, 0},	   {205, 0, 0},	    {0, 205, 0},     {205, 205, 0},   {0, 0, 238}, {205, 0, 205},
    {0, 205, 205}, {229, 229, 229}, {127, 127, 127}, {255, 0, 0},     {0, 255, 0}, {255, 255, 0},
    {92, 92, 255}, {255, 0, 255},   {0, 255, 255},   {255, 255, 255},
};

static struct {
	struct theme cur;	/* the selected theme */
	struct theme mono;	/* attributes used when there is no colour */
	attr_t extra[ST_COUNT]; /* what stands in for bright colours on 8-colour terminals */
	int loaded;
	int dirty; /* colour pairs need init_pair */
	int color; /* the screen shows colour: theme_apply says so */
} theme;

/* Write why a theme is refused into err; returns -1. */
static int theme_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* The element named s, or -1. */
static int theme_element(const char *s)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (strcmp(s, theme_elements[i]) == 0)
			return i;
	return -1;
}

/* Parse a colour name or number (no fallback part) into *c; 0 on success. */
static int theme_color_one(const char *s, short *c)
{
	if (strcmp(s, "default") == 0) {
		*c = -1;
		return 0;
	}
	for (int i = 0; i < 16; i++)
		if (strcmp(s, theme_colors[i]) == 0) {
			*c = (short)i;
			return 0;
		}
	char *end;
	long v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || v > 255)
		return -1;
	*c = (short)v;
	return 0;
}

/* Parse "colour" or "index/colour" (the second used on terminals without 256 colours). */
static int theme_color(const char *s, struct theme_color *out)
{
	char first[32];
	size_t n = strcspn(s, "/");
	if (n >= sizeof first)
		return -1;
	memcpy(first, s, n);
	first[n] = '\0';
	out->fallback = -1;
	if (s[n] == '/' && (theme_color_one(s + n + 1, &out->fallback) != 0 || out->fallback > 15))
		return -1;
	return theme_color_one(first, &out->c);
}

/* The attribute named s, or 0 when there is none by that name. */
static attr_t theme_attr(const char *s)
{
	for (size_t i = 0; i < sizeof theme_attrs / sizeof theme_attrs[0]; i++)
		if (strcmp(s, theme_attrs[i].name) == 0)
			return theme_attrs[i].attr;
	return 0;
}

/* Parse one line's words (comment removed) into t; 0 when valid or blank, else -1 with err. */
static int theme_line(char *line, int lineno, struct theme *t, int *set, char *err, size_t len)
{
	char *save, *w[8];
	int n = 0;
	for (char *p = strtok_r(line, " \t\r", &save); p; p = strtok_r(NULL, " \t\r", &save))
		if (n < 8)
			w[n++] = p;
		else
			return theme_fail(err, len, "line %d: too many words", lineno);
	if (n == 0)
		return 0;
	int e = theme_element(w[0]);
	if (e < 0)
		return theme_fail(err, len, "line %d: unknown element '%s'", lineno, w[0]);
	if (n < 3)
		return theme_fail(err, len, "line %d: expected '%s fg bg [attr...]'", lineno, w[0]);
	struct theme_style st = {.attrs = A_NORMAL};
	for (int i = 1; i < 3; i++)
		if (theme_color(w[i], i == 1 ? &st.fg : &st.bg) != 0)
			return theme_fail(err, len, "line %d: unknown colour '%s'", lineno, w[i]);
	for (int i = 3; i < n; i++) {
		attr_t a = theme_attr(w[i]);
		if (a == 0)
			return theme_fail(err, len, "line %d: unknown attribute '%s'", lineno,
					  w[i]);
		st.attrs |= a;
	}
	t->st[e] = st;
	set[e] = 1;
	return 0;
}

/* Parse a theme's text into t (elements it leaves out look like normal); 0 or -1 with err. */
static int theme_parse(const char *text, struct theme *t, char *err, size_t len)
{
	int set[ST_COUNT] = {0};
	int lineno = 0;
	char line[256];
	t->st[ST_NORMAL] = (struct theme_style){{-1, -1}, {-1, -1}, A_NORMAL};
	while (*text) {
		size_t n = strcspn(text, "\n");
		lineno++;
		if (n >= sizeof line)
			return theme_fail(err, len, "line %d: too long", lineno);
		memcpy(line, text, n);
		line[n] = '\0';
		text += n + (text[n] == '\n');
		line[strcspn(line, "#")] = '\0';
		if (theme_line(line, lineno, t, set, err, len) != 0)
			return -1;
	}
	for (int i = 0; i < ST_COUNT; i++)
		if (!set[i])
			t->st[i] = t->st[ST_NORMAL];
	return 0;
}

/* The compiled-in theme called name, or NULL. */
static const struct embedded *theme_find(const char *name)
{
	for (size_t i = 0; i < embedded_themes_count; i++)
		if (strcmp(embedded_themes[i].name, name) == 0)
			return &embedded_themes[i];
	return NULL;
}

/* Parse the compiled-in theme name into t; 0 or -1 with err. */
static int theme_load(const char *name, struct theme *t, char *err, size_t len)
{
	const struct embedded *e = theme_find(name);
	if (e == NULL)
		return theme_fail(err, len, "no theme '%s'", name);
	char why[160];
	if (theme_parse(e->text, t, why, sizeof why) != 0)
		return theme_fail(err, len, "theme '%s': %s", name, why);
	return 0;
}

/* Load the default theme and the mono attributes once. */
static void theme_ready(void)
{
	char err[200];
	if (theme.loaded)
		return;
	theme.loaded = 1;
	theme.dirty = 1;
	if (theme_load("mono", &theme.mono, err, sizeof err) != 0)
		memset(&theme.mono, 0, sizeof theme.mono);
	if (theme_load("dark", &theme.cur, err, sizeof err) != 0)
		theme.cur = theme.mono;
}

/* Make the compiled-in theme name current; its pairs are set at the next draw. */
int theme_select(const char *name, char *err, size_t errlen)
{
	struct theme t;
	theme_ready();
	if (theme_load(name, &t, err, errlen) != 0)
		return -1;
	theme.cur = t;
	theme.dirty = 1;
	return 0;
}

/* The style of the n-th line of a chart. */
enum style style_series(size_t n)
{
	return (enum style)(ST_SERIES1 + n % 8);
}

/* The style that shows level l. */
enum style level_style(enum level l)
{
	switch (l) {
	case LEVEL_OK:
		return ST_OK;
	case LEVEL_WARN:
		return ST_WARN;
	case LEVEL_BAD:
		return ST_BAD;
	default:
		return ST_NORMAL;
	}
}

/* The nearest of the 16 standard colours to xterm colour c (16..255). */
static short theme_nearest(short c)
{
	int r, g, b;
	if (c >= 232) {
		r = g = b = 8 + 10 * (c - 232);
	} else {
		static const int level[6] = {0, 95, 135, 175, 215, 255};
		r = level[(c - 16) / 36], g = level[(c - 16) / 6 % 6], b = level[(c - 16) % 6];
	}
	short best = 0;
	long bestd = -1;
	for (short i = 0; i < 16; i++) {
		long dr = r - theme_rgb16[i][0], dg = g - theme_rgb16[i][1];
		long db = b - theme_rgb16[i][2];
		long d = dr * dr + dg * dg + db * db;
		if (bestd < 0 || d < bestd)
			bestd = d, best = i;
	}
	return best;
}

/*
 * The colour the terminal can show for tc; dflt stands for "default" when -1
 * is not allowed. With 8 colours a bright foreground becomes its base colour
 * made bold (grey: white made dim), added to *extra when extra is given.
 */
static short theme_fit(struct theme_color tc, int have_default, short dflt, attr_t *extra)
{
	short c = tc.c;
	if (c < 0)
		return have_default ? -1 : dflt;
	if (c < COLORS)
		return c;
	if (tc.fallback >= 0)
		c = tc.fallback;
	else if (c >= 16)
		c = theme_nearest(c);
	if (c < COLORS)
		return c;
	if (extra)
		*extra |= c == 8 ? A_DIM : A_BOLD;
	return c == 8 ? COLOR_WHITE : (short)(c % 8);
}

/* Give every element its colour pair, once after each theme change. */
static void theme_pairs(void)
{
	if (!theme.dirty || !theme.color)
		return;
	theme.dirty = 0;
	int have_default = use_default_colors() == OK;
	for (int i = 0; i < ST_COUNT && i + 1 < COLOR_PAIRS; i++) {
		const struct theme_style *s = &theme.cur.st[i];
		theme.extra[i] = 0;
		short fg = theme_fit(s->fg, have_default, COLOR_WHITE, &theme.extra[i]);
		short bg = theme_fit(s->bg, have_default, COLOR_BLACK, NULL);
		init_pair((short)(i + 1), fg, bg);
	}
}

/* Note whether the screen shows colour and (re)initialise the colour pairs now. */
void theme_apply(int color)
{
	theme_ready();
	theme.color = color;
	theme.dirty = 1;
	theme_pairs();
}

/* The attributes of st: colour pair and attributes, or the mono attributes without colour. */
attr_t style_attr(enum style st)
{
	theme_ready();
	if ((int)st < 0 || st >= ST_COUNT)
		st = ST_NORMAL;
	if (!theme.color)
		return theme.mono.st[st].attrs;
	theme_pairs();
	attr_t a = theme.cur.st[st].attrs | theme.extra[st];
	if ((int)st + 1 < COLOR_PAIRS)
		a |= COLOR_PAIR(st + 1);
	return a;
}
