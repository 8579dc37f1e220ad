/* frame.c: a panel's box, with its title, level symbol and note in the top border. */
#include "tui/draw.h"

/* Columns a note keeps however long the title ("stale 4s: no…"). */
#define FRAME_NOTE_MIN 14

/* The symbol that marks a title of level l, or NULL (only warnings and failures are marked). */
static const char *frame_symbol(enum level l)
{
	if (l == LEVEL_WARN)
		return glyphs()->warn;
	if (l == LEVEL_BAD)
		return glyphs()->bad;
	return NULL;
}

/* Draw " sym title " from x in at most w columns; returns the columns used. */
static int frame_title(int y, int x, int w, const struct frame_args *a)
{
	const char *sym = frame_symbol(a->level);
	enum style st = a->focused ? ST_FOCUS : ST_TITLE;
	if (w < 3 || ((a->title == NULL || *a->title == '\0') && sym == NULL))
		return 0;
	int used = draw_text(y, x, 1, " ", st);
	if (sym) {
		used += draw_text(y, x + used, w - used - 1, sym, level_style(a->level));
		used += draw_text(y, x + used, w - used - 1, " ", st);
	}
	if (a->shift) { /* it changed, and which way */
		const char *arrow = a->shift > 0 ? glyphs()->up : glyphs()->down;
		used += draw_text(y, x + used, w - used - 1, arrow, ST_WARN);
		used += draw_text(y, x + used, w - used - 1, " ", st);
	}
	if (a->title)
		used += draw_text(y, x + used, w - used - 1, a->title, st);
	used += draw_text(y, x + used, w - used, " ", st);
	return used;
}

/* Draw the note ending at xend in at most w columns, padded by a space on each side. */
static void frame_note(int y, int xend, int w, const struct frame_args *a)
{
	enum style st = a->stale ? ST_STALE : ST_MUTED;
	if (a->note == NULL || *a->note == '\0' || w < 5)
		return;
	int used = draw_text_right(y, xend - 1, w - 2, a->note, st);
	draw_text(y, xend - used - 2, 1, " ", st);
	draw_text(y, xend - 1, 1, " ", st);
}

/* Columns the title wants: its text, the symbol and the padding. */
static int frame_title_width(const struct frame_args *a)
{
	const char *sym = frame_symbol(a->level);
	return (a->title ? text_width(a->title) : 0) + (sym ? text_width(sym) + 1 : 0) +
	       (a->shift ? text_width(glyphs()->up) + 1 : 0) + 2;
}

/* Clear r, box it, put title and note in the top border; returns the inside less a margin. */
struct rect frame_draw(struct rect r, const struct frame_args *a)
{
	struct rect in = {r.y + 1, r.x + 1, r.h - 2, r.w - 2};
	if (r.h <= 0 || r.w <= 0)
		return in;
	draw_fill(r, ST_NORMAL);
	draw_box(r, a->focused ? ST_TITLE : ST_BORDER);
	if (r.h < 2 || r.w < 4)
		return in;
	int room = r.w - 4; /* a corner and one line on each side */
	int tw = frame_title_width(a);
	int nw = a->note && *a->note ? text_width(a->note) + 2 : 0;
	/* the title first; the note has what is left, but never less than a glance needs */
	int note_room = room - tw - 1;
	int note_min = nw < FRAME_NOTE_MIN ? nw : FRAME_NOTE_MIN;
	if (note_room < note_min)
		note_room = note_min;
	if (nw > note_room)
		nw = note_room;
	int used = frame_title(r.y, r.x + 2, nw >= 5 ? room - nw - 1 : room, a);
	if (nw >= 5 && used + nw < room)
		frame_note(r.y, r.x + r.w - 2, nw, a);
	if (r.w >= 8) {
		in.x++;
		in.w -= 2;
	}
	return in;
}
