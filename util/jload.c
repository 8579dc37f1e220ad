/* jload.c: JSON fields into our structs, every mistake named by file and path. */
#include "util/jload.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

/* Record an error at the current path; always returns -1. */
int jload_fail(struct jload *l, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errlen, "%s: %s: %s", l->file, l->path[0] ? l->path : "(top)", what);
	return -1;
}

/* Append ".key" or "[i]" to the path; returns the old length to restore. */
size_t jload_push(struct jload *l, const char *key, long index)
{
	size_t old = strlen(l->path);
	if (key)
		snprintf(l->path + old, sizeof l->path - old, "%s%s", old ? "." : "", key);
	else
		snprintf(l->path + old, sizeof l->path - old, "[%ld]", index);
	return old;
}

/* Check that object o has only the keys in allowed (NULL-terminated). */
int jload_keys(struct jload *l, json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		int ok = 0;
		for (size_t i = 0; allowed[i]; i++)
			ok |= strcmp(key, allowed[i]) == 0;
		if (!ok) {
			size_t old = jload_push(l, key, 0);
			jload_fail(l, "unknown key");
			l->path[old] = '\0';
			return -1;
		}
	}
	return 0;
}

/* A string member: copied to *out, NULL when absent and optional. */
int jload_string(struct jload *l, json_t *o, const char *key, int required, char **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	size_t old = jload_push(l, key, 0);
	int rc = 0;
	if (v == NULL && required)
		rc = jload_fail(l, "missing (expected a string)");
	else if (v && !json_is_string(v))
		rc = jload_fail(l, "expected a string");
	else if (v) /* shown on screen some day: made safe to draw here, once */
		*out = text_sanitize(json_string_value(v), json_string_length(v));
	l->path[old] = '\0';
	return rc;
}

/* A number member into *out; NaN when absent. */
int jload_number(struct jload *l, json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);
	*out = NAN;
	if (v == NULL)
		return 0;
	if (!json_is_number(v)) {
		size_t old = jload_push(l, key, 0);
		jload_fail(l, "expected a number");
		l->path[old] = '\0';
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

/* An integer member within [lo, hi] into *out; def when absent. */
int jload_int(struct jload *l, json_t *o, const char *key, int lo, int hi, int def,
		      int *out)
{
	json_t *v = json_object_get(o, key);
	*out = def;
	if (v == NULL)
		return 0;
	size_t old = jload_push(l, key, 0);
	int rc = 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		rc = jload_fail(l, "expected a whole number from %d to %d", lo, hi);
	else
		*out = (int)json_integer_value(v);
	l->path[old] = '\0';
	return rc;
}

/* Pick one of names[] (NULL-terminated) for member key; *out gets its index, def when absent. */
int jload_enum(struct jload *l, json_t *o, const char *key, const char *const *names,
		       int def, int *out)
{
	char *s;
	*out = def;
	if (jload_string(l, o, key, 0, &s) != 0)
		return -1;
	if (s == NULL)
		return 0;
	int rc = -1;
	for (int i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			rc = 0;
		}
	if (rc != 0) {
		size_t old = jload_push(l, key, 0);
		jload_fail(l, "unknown value '%s'", s);
		l->path[old] = '\0';
	}
	free(s);
	return rc;
}


/*
 * Member key of o as a non-empty array of what (for the message), each element
 * parsed by parse into a new array of elem-sized items, which is returned (the
 * caller owns it; NULL when there is no array). *n counts the items begun, so a
 * failure half-way (*rc = -1) can still be freed.
 */
void *jload_array(struct jload *l, json_t *o, const char *key, const char *what,
			  size_t elem, jload_elem_fn parse, size_t *n, int *rc)
{
	json_t *a = json_object_get(o, key);
	size_t old = jload_push(l, key, 0);
	*rc = -1;
	if (!json_is_array(a) || json_array_size(a) == 0) {
		jload_fail(l, "expected an array of at least one %s", what);
		return NULL;
	}
	char *base = xcalloc(json_array_size(a), elem);
	for (size_t i = 0; i < json_array_size(a); i++) {
		size_t o2 = jload_push(l, NULL, (long)i);
		*n = i + 1;
		if (parse(l, json_array_get(a, i), base + i * elem) != 0)
			return base;
		l->path[o2] = '\0';
	}
	l->path[old] = '\0';
	*rc = 0;
	return base;
}
