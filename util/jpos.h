/*
 * jpos.h: where each value and each object key sits in a JSON text, since
 * jansson keeps no positions of values. A strict, linear scan (RFC 8259, and
 * jansson's limits: nesting at most 2048 deep, no \u0000, valid UTF-8) records
 * every value; positions are then found by JSON path.
 *
 * Paths are spelled like jload's: "" is the top, then "name" or ".name" for a
 * member and "[3]" for an element: "rows[0].panels[2].unit". Inside a name, a
 * backslash escapes the next character: "\." "\[" "\]" "\\", and "\xHH" (two
 * hex digits) stands for the byte 0xHH; jpos_escape writes names that way
 * (controls as \xHH). An empty name is "" after a '.' ("a..b"); a top-level
 * member with an empty name cannot be named.
 *
 * Lines and columns are 1-based. A column counts characters (UTF-8 code
 * points; a tab is one), like jansson's syntax-error column, and only '\n'
 * ends a line. A value's position is that of its first character (the '{',
 * '[', '"', '-', digit or letter); a key's is that of its opening quote.
 */
#ifndef KPIDASH_JPOS_H
#define KPIDASH_JPOS_H

#include <stddef.h>

/* Deepest nesting of arrays and objects accepted, as in jansson. */
#define JPOS_MAX_DEPTH 2048

struct jpos;

/*
 * Scan text (len bytes; borrowed: it must stay unchanged until jpos_free).
 * Returns the positions (the caller frees them with jpos_free), or NULL when
 * text is not one valid JSON value, is nested too deep, or is 4 GiB or more.
 */
struct jpos *jpos_scan(const char *text, size_t len);
/*
 * Set *line and *col to the position of the value at path, or of its key
 * when key is non-zero. Returns 0, or -1 (leaving them alone) when there is
 * no such value, it has no key (an element, the top) or path is malformed.
 */
int jpos_find(const struct jpos *p, const char *path, int key, int *line, int *col);
/* Free p; NULL is fine. */
void jpos_free(struct jpos *p);

/*
 * Write name escaped as a path component at buf (len bytes, always
 * NUL-terminated when len > 0, cut short when full). Returns the length the
 * whole would have, like snprintf.
 */
size_t jpos_escape(char *buf, size_t len, const char *name);
/* The length of the path of path's parent ("a.b[2]" -> 3, "a" -> 0); 0 for "". */
size_t jpos_parent(const char *path);

#endif
