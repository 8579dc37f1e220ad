/* statusbar.c: the status line and centred messages. */
#include <string.h>

#include "tui/draw.h"

/* Lines message_draw wraps a text into, at most. */
#define MSG_LINES 16

/* Columns a segment takes: its text with a space each side. */
static int status_width(const struct status_seg *s)
{
	return s->text && *s->text ? text_width(s->text) + 2 : 0;
}

/* Draw " text " from x in at most w columns; returns the columns used. */
static int status_seg_at(int y, int x, int w, const struct status_seg *s)
{
	if (w < 3 || status_width(s) == 0)
		return 0;
	int used = draw_text(y, x, 1, " ", s->style);
	used += draw_text(y, x + used, w - 2, s->text, s->style);
	return used + draw_text(y, x + used, 1, " ", s->style);
}

/* Draw the right-packed segments, the last one at the edge; returns the columns they take. */
static int status_right(struct rect r, const struct status_seg *segs, size_t n)
{
	int xend = r.x + r.w;
	for (size_t i = n; i-- > 0;) {
		if (!segs[i].right)
			continue;
		int sw = status_width(&segs[i]);
		if (sw > xend - r.x)
			sw = xend - r.x; /* cut, rather than lose what it says */
		if (sw < 3)
			break;
		xend -= status_seg_at(r.y, xend - sw, sw, &segs[i]);
	}
	return r.x + r.w - xend;
}

/* Fill the line, pack the right segments, then the left ones in what remains. */
void statusbar_draw(struct rect r, const struct status_seg *segs, size_t n)
{
	if (r.h <= 0 || r.w <= 0)
		return;
	struct rect line = {r.y, r.x, 1, r.w};
	draw_fill(line, ST_STATUS);
	int room = r.w - status_right(line, segs, n);
	int x = r.x;
	for (size_t i = 0; i < n && room - (x - r.x) >= 3; i++)
		if (!segs[i].right)
			x += status_seg_at(r.y, x, room - (x - r.x), &segs[i]);
}

/* Columns the n bytes at s take. */
static int msg_width(const char *s, size_t n)
{
	char buf[512];
	n = n < sizeof buf ? n : sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return text_width(buf);
}

/* Split text into lines of at most w columns at spaces (a longer word alone); returns the count. */
static int msg_wrap(const char *text, int w, const char **start, int *len, int max)
{
	int n = 0;
	const char *p = text;
	while (n < max) {
		p += strspn(p, " ");
		if (*p == '\0')
			break;
		size_t cut = strcspn(p, " ");
		for (;;) {
			size_t next = cut + strspn(p + cut, " ");
			if (p[next] == '\0')
				break;
			next += strcspn(p + next, " ");
			if (msg_width(p, next) > w)
				break;
			cut = next;
		}
		start[n] = p;
		len[n++] = (int)cut;
		p += cut;
	}
	return n;
}

/* Draw the first len bytes of s centred in row y of r. */
static void msg_line(struct rect r, int y, const char *s, int len, enum style st)
{
	char buf[512];
	size_t k = (size_t)len < sizeof buf ? (size_t)len : sizeof buf - 1;
	memcpy(buf, s, k);
	buf[k] = '\0';
	int tw = text_width(buf);
	draw_text(y, tw < r.w ? r.x + (r.w - tw) / 2 : r.x, r.w, buf, st);
}

/* Text wrapped on spaces and centred in r; the last line that fits is cut. */
void message_draw(struct rect r, const char *text, enum style st)
{
	const char *start[MSG_LINES];
	int len[MSG_LINES];
	if (r.h <= 0 || r.w <= 0 || text == NULL)
		return;
	int n = msg_wrap(text, r.w, start, len, r.h < MSG_LINES ? r.h : MSG_LINES);
	int y = r.y + (r.h - n) / 2;
	for (int i = 0; i < n; i++) {
		int last = i == n - 1 && start[i][len[i]] != '\0';
		msg_line(r, y + i, start[i], last ? (int)strlen(start[i]) : len[i], st);
	}
}
