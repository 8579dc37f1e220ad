/* dashboard.c: load a dashboard's JSON into our own structs, checking every field. */
#include "views/dashboard.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"
#include "views/template.h"
#include "util/xalloc.h"

/* Where the parser is, for error messages. */
struct loader {
	const char *file;
	char *err;
	size_t errlen;
	char path[256];
};

/* Record an error at the current path; always returns -1. */
static int loader_fail(struct loader *l, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errlen, "%s:0:0: %s: %s", l->file, l->path[0] ? l->path : "(top)", what);
	return -1;
}

/* Append ".key" or "[i]" to the path; returns the old length to restore. */
static size_t loader_push(struct loader *l, const char *key, long index)
{
	size_t old = strlen(l->path);
	if (key)
		snprintf(l->path + old, sizeof l->path - old, "%s%s", old ? "." : "", key);
	else
		snprintf(l->path + old, sizeof l->path - old, "[%ld]", index);
	return old;
}

/* Check that object o has only the keys in allowed (NULL-terminated). */
static int loader_keys(struct loader *l, json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		int ok = 0;
		for (size_t i = 0; allowed[i]; i++)
			ok |= strcmp(key, allowed[i]) == 0;
		if (!ok) {
			size_t old = loader_push(l, key, 0);
			loader_fail(l, "unknown key");
			l->path[old] = '\0';
			return -1;
		}
	}
	return 0;
}

/* A string member: copied to *out, NULL when absent and optional. */
static int loader_string(struct loader *l, json_t *o, const char *key, int required, char **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	size_t old = loader_push(l, key, 0);
	int rc = 0;
	if (v == NULL && required)
		rc = loader_fail(l, "missing (expected a string)");
	else if (v && !json_is_string(v))
		rc = loader_fail(l, "expected a string");
	else if (v) /* shown on screen some day: made safe to draw here, once */
		*out = text_sanitize(json_string_value(v), json_string_length(v));
	l->path[old] = '\0';
	return rc;
}

/* A number member into *out; NaN when absent. */
static int loader_number(struct loader *l, json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);
	*out = NAN;
	if (v == NULL)
		return 0;
	if (!json_is_number(v)) {
		size_t old = loader_push(l, key, 0);
		loader_fail(l, "expected a number");
		l->path[old] = '\0';
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

/* An integer member within [lo, hi] into *out; def when absent. */
static int loader_int(struct loader *l, json_t *o, const char *key, int lo, int hi, int def,
		      int *out)
{
	json_t *v = json_object_get(o, key);
	*out = def;
	if (v == NULL)
		return 0;
	size_t old = loader_push(l, key, 0);
	int rc = 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		rc = loader_fail(l, "expected a whole number from %d to %d", lo, hi);
	else
		*out = (int)json_integer_value(v);
	l->path[old] = '\0';
	return rc;
}

/* Pick one of names[] (NULL-terminated) for member key; *out gets its index, def when absent. */
static int loader_enum(struct loader *l, json_t *o, const char *key, const char *const *names,
		       int def, int *out)
{
	char *s;
	*out = def;
	if (loader_string(l, o, key, 0, &s) != 0)
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
		size_t old = loader_push(l, key, 0);
		loader_fail(l, "unknown value '%s'", s);
		l->path[old] = '\0';
	}
	free(s);
	return rc;
}

/* A query's "filter": an object of label: value strings. */
static int loader_filter(struct loader *l, json_t *o, struct panel_query *q)
{
	json_t *f = json_object_get(o, "filter");
	if (f == NULL)
		return 0;
	size_t old = loader_push(l, "filter", 0);
	if (!json_is_object(f)) {
		loader_fail(l, "expected an object of label: value");
		l->path[old] = '\0';
		return -1;
	}
	q->filter = xcalloc(json_object_size(f) + 1, sizeof *q->filter);
	const char *key;
	json_t *v;
	json_object_foreach(f, key, v) {
		if (!json_is_string(v)) {
			loader_push(l, key, 0);
			loader_fail(l, "expected a string");
			l->path[old] = '\0';
			return -1;
		}
		q->filter[q->nfilter].name = xstrdup(key);
		q->filter[q->nfilter++].value = xstrdup(json_string_value(v));
	}
	l->path[old] = '\0';
	return 0;
}

/* Parses one element of an array into item (a struct of the array's kind). */
typedef int (*loader_elem_fn)(struct loader *l, json_t *o, void *item);

/*
 * Member key of o as a non-empty array of what (for the message), each element
 * parsed by parse into a new array of elem-sized items, which is returned (the
 * caller owns it; NULL when there is no array). *n counts the items begun, so a
 * failure half-way (*rc = -1) can still be freed.
 */
static void *loader_array(struct loader *l, json_t *o, const char *key, const char *what,
			  size_t elem, loader_elem_fn parse, size_t *n, int *rc)
{
	json_t *a = json_object_get(o, key);
	size_t old = loader_push(l, key, 0);
	*rc = -1;
	if (!json_is_array(a) || json_array_size(a) == 0) {
		loader_fail(l, "expected an array of at least one %s", what);
		return NULL;
	}
	char *base = xcalloc(json_array_size(a), elem);
	for (size_t i = 0; i < json_array_size(a); i++) {
		size_t o2 = loader_push(l, NULL, (long)i);
		*n = i + 1;
		if (parse(l, json_array_get(a, i), base + i * elem) != 0)
			return base;
		l->path[o2] = '\0';
	}
	l->path[old] = '\0';
	*rc = 0;
	return base;
}

/* A PromQL template must use only variables that exist. */
static int loader_promql(struct loader *l, const char *promql)
{
	char why[128];
	struct template_vars v = {3600, 60};
	char *text = promql ? template_expand(promql, &v, why, sizeof why) : NULL;
	if (promql == NULL || text != NULL) {
		free(text);
		return 0;
	}
	size_t old = loader_push(l, "promql", 0);
	loader_fail(l, "%s", why);
	l->path[old] = '\0';
	return -1;
}

/* One entry of a panel's "queries". */
static int loader_query(struct loader *l, json_t *o, void *item)
{
	struct panel_query *q = item;
	static const char *const keys[] = {"kpi", "group", "filter", "legend", "per", "promql", NULL};
	static const char *const pers[] = {"none", "minute", "hour", "day", NULL};
	static const double per_seconds[] = {0, 60, 3600, 86400};
	int per;
	if (!json_is_object(o))
		return loader_fail(l, "expected an object");
	if (loader_keys(l, o, keys) || loader_string(l, o, "kpi", 1, &q->kpi) ||
	    loader_string(l, o, "promql", 0, &q->promql) || loader_promql(l, q->promql) ||
	    loader_string(l, o, "group", 0, &q->group) ||
	    loader_string(l, o, "legend", 0, &q->legend) ||
	    loader_enum(l, o, "per", pers, 0, &per) || loader_filter(l, o, q))
		return -1;
	q->per = per_seconds[per];
	return 0;
}

/* A panel's "unit", defaulting to none. */
static int loader_unit(struct loader *l, json_t *o, struct unit *u)
{
	char *s;
	if (loader_string(l, o, "unit", 0, &s) != 0)
		return -1;
	int rc = unit_parse(s ? s : "none", u);
	if (rc != 0) {
		size_t old = loader_push(l, "unit", 0);
		loader_fail(l, "unknown unit '%s'", s);
		l->path[old] = '\0';
	}
	free(s);
	return rc;
}

/* Thresholds must be ordered the way the direction says is worse. */
static int loader_thresholds(struct loader *l, json_t *o, struct panel *p)
{
	json_t *t = json_object_get(o, "thresholds");
	p->warn = p->bad = NAN;
	if (t == NULL)
		return 0;
	static const char *const keys[] = {"warn", "bad", NULL};
	size_t old = loader_push(l, "thresholds", 0);
	int rc = -1;
	if (!json_is_object(t))
		loader_fail(l, "expected an object {\"warn\": n, \"bad\": n}");
	else if (loader_keys(l, t, keys) == 0 && loader_number(l, t, "warn", &p->warn) == 0 &&
		 loader_number(l, t, "bad", &p->bad) == 0) {
		if (p->direction > 0 && p->bad > p->warn)
			loader_fail(l, "bad must be below warn when up is good");
		else if (p->direction < 0 && p->bad < p->warn)
			loader_fail(l, "bad must be above warn when down is good");
		else
			rc = 0;
	}
	l->path[old] = '\0';
	return rc;
}

/* One panel. */
static int loader_panel(struct loader *l, json_t *o, void *item)
{
	struct panel *p = item;
	static const char *const keys[] = {"title", "description", "kind",  "unit",   "decimals",
					   "direction", "thresholds", "target", "min", "max", "ref",
					   "value", "width", "queries", NULL};
	static const char *const kinds[] = {"stat", "bignum", "timeseries", "bar",
					    "gauge", "table", NULL};
	static const char *const dirs[] = {"down", "none", "up", NULL};
	static const char *const reduces[] = {"last", "range", NULL};
	int kind, dir, reduce;
	if (!json_is_object(o))
		return loader_fail(l, "expected an object");
	if (loader_keys(l, o, keys) || loader_string(l, o, "title", 1, &p->title) ||
	    loader_string(l, o, "description", 0, &p->description) ||
	    loader_enum(l, o, "kind", kinds, -1, &kind) || loader_unit(l, o, &p->unit) ||
	    loader_int(l, o, "decimals", -1, 6, -1, &p->decimals) ||
	    loader_enum(l, o, "direction", dirs, 1, &dir) ||
	    loader_enum(l, o, "value", reduces, 0, &reduce) ||
	    loader_int(l, o, "width", 1, 12, 1, &p->width) ||
	    loader_number(l, o, "target", &p->target) || loader_number(l, o, "min", &p->min) ||
	    loader_number(l, o, "max", &p->max) || loader_number(l, o, "ref", &p->ref))
		return -1;
	if (kind < 0) {
		size_t old = loader_push(l, "kind", 0);
		loader_fail(l, "missing (expected one of stat, bignum, timeseries, bar, gauge, table)");
		l->path[old] = '\0';
		return -1;
	}
	p->kind = (enum panel_kind)kind;
	p->direction = dir - 1;
	p->reduce = (enum panel_reduce)reduce;
	if (loader_thresholds(l, o, p) != 0)
		return -1;
	int rc;
	p->queries = loader_array(l, o, "queries", "query", sizeof *p->queries, loader_query,
				  &p->nqueries, &rc);
	return rc;
}

/* One row of panels. */
static int loader_row(struct loader *l, json_t *o, void *item)
{
	static const char *const keys[] = {"height", "grow", "panels", NULL};
	struct row *r = item;
	if (!json_is_object(o))
		return loader_fail(l, "expected an object");
	if (loader_keys(l, o, keys) || loader_int(l, o, "height", 3, 100, 5, &r->height) ||
	    loader_int(l, o, "grow", 0, 100, 0, &r->grow))
		return -1;
	int rc;
	r->panels = loader_array(l, o, "panels", "panel", sizeof *r->panels, loader_panel,
				 &r->npanels, &rc);
	return rc;
}

/* The top level: name, title, rows. */
static int loader_dashboard(struct loader *l, json_t *o, struct dashboard *d)
{
	static const char *const keys[] = {"name", "title", "rows", NULL};
	if (!json_is_object(o))
		return loader_fail(l, "expected an object");
	if (loader_keys(l, o, keys) || loader_string(l, o, "name", 1, &d->name) ||
	    loader_string(l, o, "title", 1, &d->title))
		return -1;
	int rc;
	d->rows = loader_array(l, o, "rows", "row", sizeof *d->rows, loader_row, &d->nrows, &rc);
	return rc;
}

int dashboard_parse(const char *text, size_t len, const char *file, struct dashboard *out,
		    char *err, size_t errlen)
{
	struct loader l = {.file = file, .err = err, .errlen = errlen};
	json_error_t je;
	memset(out, 0, sizeof *out);
	err[0] = '\0';
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, errlen, "%s:%d:%d: %s", file, je.line, je.column, je.text);
		return -1;
	}
	int rc = loader_dashboard(&l, root, out);
	json_decref(root);
	if (rc != 0)
		dashboard_done(out);
	return rc;
}

/* Free what a query owns. */
static void query_done(struct panel_query *q)
{
	for (size_t i = 0; i < q->nfilter; i++) {
		free(q->filter[i].name);
		free(q->filter[i].value);
	}
	free(q->filter);
	free(q->kpi);
	free(q->promql);
	free(q->group);
	free(q->legend);
}

/* Free what a panel owns. */
static void panel_done(struct panel *p)
{
	for (size_t i = 0; i < p->nqueries; i++)
		query_done(&p->queries[i]);
	free(p->queries);
	free(p->title);
	free(p->description);
}

void dashboard_done(struct dashboard *d)
{
	for (size_t r = 0; r < d->nrows; r++) {
		for (size_t i = 0; i < d->rows[r].npanels; i++)
			panel_done(&d->rows[r].panels[i]);
		free(d->rows[r].panels);
	}
	free(d->rows);
	free(d->name);
	free(d->title);
	memset(d, 0, sizeof *d);
}

enum level panel_level(const struct panel *p, double v)
{
	if (isnan(v) || (isnan(p->warn) && isnan(p->bad)))
		return LEVEL_NONE;
	/* a level holds when the value is strictly worse than its threshold */
	double s = p->direction < 0 ? -1.0 : 1.0; /* compare so that lower is worse */
	if (!isnan(p->bad) && s * v < s * p->bad)
		return LEVEL_BAD;
	if (!isnan(p->warn) && s * v < s * p->warn)
		return LEVEL_WARN;
	return LEVEL_OK;
}
