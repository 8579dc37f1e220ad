/*
 * jload.h: reading JSON files into our own structs, with errors a person can act
 * on: "file:line:col: json.path: what was expected", one problem a line. The
 * position is the value's (the key's for an unknown key; for a missing member,
 * the object's that lacks it), from util/jpos; "file: json.path: what" when it
 * is not known. Used by the dashboard and config loaders; json_t stays inside them.
 */
#ifndef KPIDASH_JLOAD_H
#define KPIDASH_JLOAD_H

#include <jansson.h>
#include <stddef.h>

struct jpos;

/* The largest file jload_read takes. */
#define JLOAD_MAX_FILE (64u << 20)

/* Where the parser is, for error messages. */
struct jload {
	const char *file;
	char *err; /* the messages so far, one a line (no final newline) */
	size_t errlen;
	const struct jpos *pos; /* where each value sits in the text, or NULL for no line:col */
	int go_on;		/* unknown keys do not stop the load: check problems at the end */
	int problems;		/* messages written to err */
	char path[512];		/* escaped as util/jpos.h says: "rows[0].panels[2].unit" */
};

/*
 * Read the file at path (at most JLOAD_MAX_FILE bytes) into a new NUL-terminated
 * buffer the caller frees, its length in *len; NULL with "path: why" in err.
 */
char *jload_read(const char *path, size_t *len, char *err, size_t errlen);
/*
 * Parse text (len bytes) for l, emptying l->err first. Returns the root (a new
 * reference), or NULL with "file:line:col: what" (jansson's position) in l->err.
 * *pos gets where each value sits, or NULL; it is also set as l->pos, borrows
 * text, and the caller frees it with jpos_free once done with l.
 */
json_t *jload_parse(struct jload *l, const char *text, size_t len, struct jpos **pos);

/* "file:line:col: json.path", made safe to print, for a value checked later than the load. */
void jload_place(struct jload *l, char *buf, size_t len);
/* Add a problem at the current path as a line of l->err; always returns -1. */
int jload_fail(struct jload *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append ".key" (escaped) or "[index]" (key NULL) to the path; returns the length to restore. */
size_t jload_push(struct jload *l, const char *key, long index);
/*
 * Check that object o has only the keys in allowed (NULL-terminated). Every
 * other key is a problem: "unknown key 'colour' (did you mean 'color'?)", or
 * "(expected one of: a, b)" when no allowed key is near. Returns -1 when there
 * was one, but 0 with l->go_on (the caller then looks at l->problems).
 */
int jload_keys(struct jload *l, json_t *o, const char *const *allowed);
/* A string member, sanitized, into *out (the caller frees); NULL when absent and optional. */
int jload_string(struct jload *l, json_t *o, const char *key, int required, char **out);
/* A number member into *out; NaN when absent. */
int jload_number(struct jload *l, json_t *o, const char *key, double *out);
/* An integer member within [lo, hi] into *out; def when absent. */
int jload_int(struct jload *l, json_t *o, const char *key, int lo, int hi, int def, int *out);
/*
 * One of names[] (NULL-terminated) for member key; *out gets its index, def when
 * absent. Anything else is "unknown value 'x'" with a did-you-mean or the list.
 */
int jload_enum(struct jload *l, json_t *o, const char *key, const char *const *names, int def,
	       int *out);

/* Parses one element of an array into item (a struct of the array's kind). */
typedef int (*jload_elem_fn)(struct jload *l, json_t *o, void *item);
/*
 * Member key of o as a non-empty array of what (for the message), each element
 * parsed by parse into a new array of elem-sized items, which is returned (the
 * caller owns it; NULL when there is no array). *n counts the items begun, so a
 * failure half-way (*rc = -1) can still be freed.
 */
void *jload_array(struct jload *l, json_t *o, const char *key, const char *what, size_t elem,
		  jload_elem_fn parse, size_t *n, int *rc);

#endif
