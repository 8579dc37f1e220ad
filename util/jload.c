/* jload.c: JSON fields into our structs, every mistake named by file and path. */
#include "util/jload.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/jpos.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Read the file at path (at most JLOAD_MAX_FILE bytes) into a new buffer; NULL with err. */
char *jload_read(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0, got = 1;
	char *buf = NULL;
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while (got > 0 && n <= JLOAD_MAX_FILE) {
		xgrow(&buf, &cap, n + 65536, 1);
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	}
	int bad = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (bad || n > JLOAD_MAX_FILE) {
		snprintf(err, errlen, "%s: %s", path, bad ? strerror(bad) : "larger than 64 MiB");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Parse text for l: the root, or NULL with jansson's syntax error; positions into *pos. */
json_t *jload_parse(struct jload *l, const char *text, size_t len, struct jpos **pos)
{
	json_error_t je;
	*pos = NULL;
	l->pos = NULL;
	l->problems = 0;
	if (l->errlen > 0)
		l->err[0] = '\0';
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(l->err, l->errlen, "%s:%d:%d: %s", l->file, je.line, je.column, je.text);
		l->problems++;
		return NULL;
	}
	l->pos = *pos = jpos_scan(text, len);
	return root;
}

/* The position for a problem at l's path: the value's (or key's), else its object's. */
static int jload_where(const struct jload *l, int key, int *line, int *col)
{
	char parent[sizeof l->path];
	if (jpos_find(l->pos, l->path, key, line, col) == 0)
		return 0;
	snprintf(parent, sizeof parent, "%.*s", (int)jpos_parent(l->path), l->path);
	return key ? -1 : jpos_find(l->pos, parent, 0, line, col);
}

/* "file:line:col: path" for the current path (its key's position when key is set), unsafe. */
static void jload_format_place(struct jload *l, int key, char *buf, size_t len)
{
	char where[32] = "";
	int line, col;
	if (jload_where(l, key, &line, &col) == 0)
		snprintf(where, sizeof where, ":%d:%d", line, col);
	snprintf(buf, len, "%s%s: %s", l->file, where, l->path[0] ? l->path : "(top)");
}

void jload_place(struct jload *l, char *buf, size_t len)
{
	char place[1024];
	jload_format_place(l, 0, place, sizeof place);
	char *safe = text_sanitize(place, strlen(place));
	snprintf(buf, len, "%s", safe);
	free(safe);
}

/* Add the problem what at the path (at its key's position when key is set) as a line of l->err. */
static void jload_report(struct jload *l, int key, const char *what)
{
	char place[1024], msg[1600];
	jload_format_place(l, key, place, sizeof place);
	snprintf(msg, sizeof msg, "%s: %s", place, what);
	/* a key or a file name may hold anything: the line is made safe to print */
	char *safe = text_sanitize(msg, strlen(msg));
	size_t used = l->errlen ? strlen(l->err) : 0;
	if (used + 1 < l->errlen)
		snprintf(l->err + used, l->errlen - used, "%s%s", used ? "\n" : "", safe);
	free(safe);
	l->problems++;
}

/* Add a problem at the current path as a line of l->err; always returns -1. */
int jload_fail(struct jload *l, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	jload_report(l, 0, what);
	return -1;
}

/* Append ".key" (escaped) or "[i]" to the path; returns the old length to restore. */
size_t jload_push(struct jload *l, const char *key, long index)
{
	size_t old = strlen(l->path);
	if (key && old && old + 1 < sizeof l->path)
		l->path[old] = '.', l->path[old + 1] = '\0';
	size_t at = strlen(l->path);
	if (key)
		jpos_escape(l->path + at, sizeof l->path - at, key);
	else
		snprintf(l->path + at, sizeof l->path - at, "[%ld]", index);
	return old;
}

/* The optimal-string-alignment (Damerau-Levenshtein) distance of a and b, SIZE_MAX when long. */
static size_t jload_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), row[3][65] = {{0}};
	if (n > 64 || m > 64)
		return SIZE_MAX;
	for (size_t j = 0; j <= m; j++)
		row[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t *cur = row[i % 3], *up = row[(i - 1) % 3], *up2 = row[(i + 1) % 3];
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t d = up[j - 1] + (a[i - 1] != b[j - 1]);
			d = up[j] + 1 < d ? up[j] + 1 : d;
			d = cur[j - 1] + 1 < d ? cur[j - 1] + 1 : d;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    up2[j - 2] + 1 < d)
				d = up2[j - 2] + 1;
			cur[j] = d;
		}
	}
	return row[n % 3][m];
}

/* The name in names (NULL-terminated) nearest to s, if near enough to be a slip; else NULL. */
static const char *jload_nearest(const char *s, const char *const *names)
{
	size_t len = strlen(s), best = (len <= 4 ? 1 : 2) + 1;
	const char *near = NULL;
	for (size_t i = 0; names[i]; i++) {
		size_t d = jload_distance(s, names[i]);
		if (d < best && d < len) {
			best = d;
			near = names[i];
		}
	}
	return near;
}

/* What to suggest for s among names: " (did you mean 'x'?)" or " (expected one of: a, b)". */
static void jload_suggest(char *buf, size_t len, const char *s, const char *const *names)
{
	const char *near = jload_nearest(s, names);
	if (near) {
		snprintf(buf, len, " (did you mean '%s'?)", near);
		return;
	}
	size_t at = (size_t)snprintf(buf, len, " (expected one of: ");
	for (size_t i = 0; names[i] && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "", names[i]);
	if (at < len)
		snprintf(buf + at, len - at, ")");
}

/* Report the unknown key of an object, at the key's position. */
static void jload_unknown(struct jload *l, const char *key, const char *const *allowed)
{
	char hint[400], what[512];
	jload_suggest(hint, sizeof hint, key, allowed);
	snprintf(what, sizeof what, "unknown key '%s'%s", key, hint);
	size_t old = jload_push(l, key, 0);
	jload_report(l, 1, what);
	l->path[old] = '\0';
}

/* Check that object o has only the keys in allowed (NULL-terminated), naming every other. */
int jload_keys(struct jload *l, json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;
	int rc = 0;
	json_object_foreach(o, key, v)
	{
		int ok = 0;
		for (size_t i = 0; allowed[i]; i++)
			ok |= strcmp(key, allowed[i]) == 0;
		if (!ok) {
			jload_unknown(l, key, allowed);
			rc = -1;
		}
	}
	return l->go_on ? 0 : rc;
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
int jload_int(struct jload *l, json_t *o, const char *key, int lo, int hi, int def, int *out)
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
int jload_enum(struct jload *l, json_t *o, const char *key, const char *const *names, int def,
	       int *out)
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
		char hint[400];
		jload_suggest(hint, sizeof hint, s, names);
		size_t old = jload_push(l, key, 0);
		jload_fail(l, "unknown value '%s'%s", s, hint);
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
void *jload_array(struct jload *l, json_t *o, const char *key, const char *what, size_t elem,
		  jload_elem_fn parse, size_t *n, int *rc)
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
