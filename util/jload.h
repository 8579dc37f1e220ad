/*
 * jload.h: reading JSON files into our own structs, with errors a person can act
 * on: "file: json.path: what was expected" ("file:line:col: ..." for syntax).
 * Used by the dashboard and config loaders; json_t stays inside them.
 */
#ifndef KPIDASH_JLOAD_H
#define KPIDASH_JLOAD_H

#include <jansson.h>
#include <stddef.h>

/* Where the parser is, for error messages. */
struct jload {
	const char *file;
	char *err;
	size_t errlen;
	char path[256];
};

/* Record an error at the current path; always returns -1. */
int jload_fail(struct jload *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append ".key" (or "[index]" when key is NULL) to the path; returns the old length to restore. */
size_t jload_push(struct jload *l, const char *key, long index);
/* Check that object o has only the keys in allowed (NULL-terminated). */
int jload_keys(struct jload *l, json_t *o, const char *const *allowed);
/* A string member, sanitized, into *out (the caller frees); NULL when absent and optional. */
int jload_string(struct jload *l, json_t *o, const char *key, int required, char **out);
/* A number member into *out; NaN when absent. */
int jload_number(struct jload *l, json_t *o, const char *key, double *out);
/* An integer member within [lo, hi] into *out; def when absent. */
int jload_int(struct jload *l, json_t *o, const char *key, int lo, int hi, int def, int *out);
/* One of names[] (NULL-terminated) for member key; *out gets its index, def when absent. */
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
