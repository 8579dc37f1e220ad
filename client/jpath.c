/*
 * jpath.c: the JSON path language: a lexer that compiles a path into steps,
 * a walker that follows the steps through a parsed answer and keeps what they
 * lead to with the wildcard indexes that got there, and a join that lines
 * values, times and labels up by those indexes into series. The JSON tree
 * lives only inside jpath_extract; every string kept is sanitized.
 */
#include "client/jpath.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/janswer.h"
#include "util/clocale.h"
#include "util/xalloc.h"

/* Bounds on a path and what it may yield; past them it is refused, not truncated. */
#define JPATH_LIMIT_VALUES 1000000 /* values one path may yield */
#define JPATH_LIMIT_PATH   1024	   /* characters in a path */

/* ---- compiled paths ---- */

/* What one step of a path does. */
enum jpath_step_kind {
	STEP_KEY,    /* .name or ["name"]: an object's member */
	STEP_INDEX,  /* [n], [-n]: an array's element, from the end when negative */
	STEP_ALL,    /* [*] or .*: every element or member value */
	STEP_SELECT, /* [name=value]: the first element whose member name equals value */
	STEP_NAME,   /* ~: the member name or index that led here */
};

/* One step of a compiled path. */
struct jpath_step {
	enum jpath_step_kind kind;
	char *key;  /* KEY: the member; SELECT: the member compared */
	char *want; /* SELECT: the value as written, unquoted */
	int quoted; /* SELECT: want was quoted, so only a string equals it */
	long index; /* INDEX */
	size_t end; /* where the step ends in the path's text, for messages */
};

/* A compiled path: its text, its steps and how many wildcards they hold. */
struct jpath {
	char *text;
	struct jpath_step steps[JPATH_STEPS];
	size_t n;
	size_t multi; /* wildcards: the length of a value's indexes */
};

/* A path being compiled: its text, where we are, and where errors go. */
struct jpath_lex {
	const char *s;
	size_t pos;
	char *err;
	size_t errlen;
};

/* Fail the compile at the current character with a reason. */
static int jpath_lex_fail(struct jpath_lex *lx, const char *why)
{
	char a[80];
	janswer_fail(lx->err, lx->errlen, "%s at character %zu of '%s'", why, lx->pos + 1,
		     janswer_snip(a, sizeof a, lx->s));
	return -1;
}

/* True when c ends a bare member name. */
static int jpath_lex_stop(char c)
{
	return c == '\0' || c == '.' || c == '[' || c == ']' || c == '~';
}

/* Read a bare name up to one of stop (or the end) into a new string in *out. */
static int jpath_lex_bare(struct jpath_lex *lx, const char *stop, char **out)
{
	size_t from = lx->pos;
	while (lx->s[lx->pos] != '\0' && strchr(stop, lx->s[lx->pos]) == NULL)
		lx->pos++;
	if (lx->pos == from)
		return jpath_lex_fail(lx, "a name expected");
	*out = xstrndup(lx->s + from, lx->pos - from);
	return 0;
}

/* Read a "quoted" string (\" and \\ escape) into a new string in *out. */
static int jpath_lex_quoted(struct jpath_lex *lx, char **out)
{
	size_t from = lx->pos++, o = 0;
	char *q = xmalloc(strlen(lx->s + from) + 1);
	while (lx->s[lx->pos] != '"') {
		if (lx->s[lx->pos] == '\\' && lx->s[lx->pos + 1] != '\0')
			lx->pos++;
		if (lx->s[lx->pos] == '\0') {
			free(q);
			lx->pos = from;
			return jpath_lex_fail(lx, "unterminated string");
		}
		q[o++] = lx->s[lx->pos++];
	}
	lx->pos++;
	q[o] = '\0';
	*out = q;
	return 0;
}

/* Expect c at the current character and move past it. */
static int jpath_lex_expect(struct jpath_lex *lx, char c)
{
	char why[32];
	if (lx->s[lx->pos] != c) {
		snprintf(why, sizeof why, "'%c' expected", c);
		return jpath_lex_fail(lx, why);
	}
	lx->pos++;
	return 0;
}

/* Read an index [n] or [-n] (after the '['). */
static int jpath_lex_index(struct jpath_lex *lx, struct jpath_step *st)
{
	char *end;
	const char *from = lx->s + lx->pos;
	st->kind = STEP_INDEX;
	st->index = strtol(from, &end, 10);
	if (end == from || (from[0] == '-' && (from[1] < '0' || from[1] > '9')) || end - from > 10)
		return jpath_lex_fail(lx, "an index expected");
	lx->pos += (size_t)(end - from);
	return jpath_lex_expect(lx, ']');
}

/* Read the value of a selection [name=value] (after the '='). */
static int jpath_lex_want(struct jpath_lex *lx, struct jpath_step *st)
{
	st->kind = STEP_SELECT;
	if (lx->s[lx->pos] == '"') {
		st->quoted = 1;
		if (jpath_lex_quoted(lx, &st->want) != 0)
			return -1;
	} else {
		size_t from = lx->pos;
		while (lx->s[lx->pos] != '\0' && lx->s[lx->pos] != ']')
			lx->pos++;
		st->want = xstrndup(lx->s + from, lx->pos - from);
	}
	return jpath_lex_expect(lx, ']');
}

/* Read a bracket step: [*], [n], ["key"], [name=value] or [name="value"]. */
static int jpath_lex_bracket(struct jpath_lex *lx, struct jpath_step *st)
{
	const char *s = lx->s + ++lx->pos;
	if (s[0] == '*') {
		st->kind = STEP_ALL;
		lx->pos++;
		return jpath_lex_expect(lx, ']');
	}
	if (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))
		return jpath_lex_index(lx, st);
	if (s[0] == '"') {
		if (jpath_lex_quoted(lx, &st->key) != 0)
			return -1;
		st->kind = STEP_KEY;
		if (lx->s[lx->pos] == ']') {
			lx->pos++;
			return 0;
		}
	} else if (jpath_lex_bare(lx, "=]", &st->key) != 0) {
		return -1;
	}
	if (jpath_lex_expect(lx, '=') != 0)
		return -1;
	return jpath_lex_want(lx, st);
}

/* Read a member step (after its '.', or the path's first name): a name or '*'. */
static int jpath_lex_member(struct jpath_lex *lx, struct jpath_step *st)
{
	if (lx->s[lx->pos] == '*' && jpath_lex_stop(lx->s[lx->pos + 1])) {
		st->kind = STEP_ALL;
		lx->pos++;
		return 0;
	}
	st->kind = STEP_KEY;
	if (jpath_lex_stop(lx->s[lx->pos]))
		return jpath_lex_fail(lx, "a name expected");
	return jpath_lex_bare(lx, ".[]~", &st->key);
}

/* Read the step at the current character into st. */
static int jpath_lex_step(struct jpath_lex *lx, struct jpath_step *st, int first)
{
	char c = lx->s[lx->pos];
	if (c == '[')
		return jpath_lex_bracket(lx, st);
	if (c == '~') {
		st->kind = STEP_NAME;
		lx->pos++;
		return 0;
	}
	if (c == '.') {
		lx->pos++;
		return jpath_lex_member(lx, st);
	}
	if (first && c != ']')
		return jpath_lex_member(lx, st);
	return jpath_lex_fail(lx, c == ']' ? "unexpected ']'" : "'.' or '[' expected");
}

/* Free a compiled path (NULL is fine). */
void jpath_free(struct jpath *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->steps[i].key);
		free(m->steps[i].want);
	}
	free(m->text);
	free(m);
}

/* Check the step just read against the path's limits: wildcards, '~' only last. */
static int jpath_check(struct jpath_lex *lx, struct jpath *m)
{
	const struct jpath_step *st = &m->steps[m->n - 1];
	if (st->kind == STEP_ALL && ++m->multi > JPATH_WILDCARDS)
		return jpath_lex_fail(lx, "too many wildcards");
	if (st->kind == STEP_NAME && m->n == 1)
		return jpath_lex_fail(lx, "'~' needs a step before it");
	if (st->kind == STEP_NAME && lx->s[lx->pos] != '\0')
		return jpath_lex_fail(lx, "'~' must end the path");
	return 0;
}

/* Compile path into *out (the caller frees it with jpath_free); 0, or -1 with err. */
int jpath_compile(const char *path, struct jpath **out, char *err, size_t errlen)
{
	struct jpath_lex lx = {path, 0, err, errlen};
	*out = NULL;
	if (path == NULL || path[0] == '\0' || strlen(path) > JPATH_LIMIT_PATH) {
		janswer_fail(err, errlen,
			     path == NULL || path[0] == '\0' ? "an empty path"
							     : "a path over %d characters",
			     JPATH_LIMIT_PATH);
		return -1;
	}
	struct jpath *m = xcalloc(1, sizeof *m);
	m->text = xstrdup(path);
	size_t start =
	    path[0] == '$' && jpath_lex_stop(path[1]) && path[1] != ']' && path[1] != '~';
	lx.pos = start;
	while (path[lx.pos] != '\0') {
		if (m->n == JPATH_STEPS) {
			jpath_lex_fail(&lx, "too many steps");
			jpath_free(m);
			return -1;
		}
		struct jpath_step *st = &m->steps[m->n++];
		if (jpath_lex_step(&lx, st, lx.pos == start) != 0 || jpath_check(&lx, m) != 0) {
			jpath_free(m);
			return -1;
		}
		st->end = lx.pos;
	}
	*out = m;
	return 0;
}

/* The path as written; borrowed from m. */
const char *jpath_text(const struct jpath *m)
{
	return m->text;
}

/* ---- walking a path ---- */

/* What a path's values are read as. */
enum jpath_role { ROLE_VALUE, ROLE_TIME, ROLE_LABEL };

/* One value a path led to, read as its role asks. */
struct jpath_hit {
	double num; /* value or time (NaN: a gap) */
	char *text; /* label, owned */
};

/* One path walked over one answer: its hits and each hit's wildcard indexes. */
struct jpath_walk {
	const struct jpath *m;
	enum jpath_role role;
	struct jpath_hit *hits;
	size_t n, cap;
	size_t *idx; /* n * m->multi indexes, in hit order */
	size_t idx_cap;
	size_t cur[JPATH_WILDCARDS]; /* the indexes of the element being walked */
	size_t depth;		     /* wildcards passed */
	char trail[160];	     /* where the walk is, concretely, for messages */
	char *err;
	size_t errlen;
};

/* Where a message says a walk failed: the path up to step k, and the element after a wildcard. */
static void jpath_walk_fail(struct jpath_walk *w, size_t k, const char *why)
{
	char a[160];
	const struct jpath *m = w->m;
	size_t end = m->n > 0 ? m->steps[k].end : strlen(m->text);
	size_t n = end < sizeof a - 4 ? end : sizeof a - 4;
	while (n < end && n > 0 && ((unsigned char)m->text[n] & 0xc0) == 0x80)
		n--;
	memcpy(a, m->text, n);
	strcpy(a + n, n < end ? "..." : "");
	if (w->depth > 0)
		janswer_fail(w->err, w->errlen, "%s at %s (%s)", why, a, w->trail);
	else
		janswer_fail(w->err, w->errlen, "%s at %s", why, a);
}

/* Print v into buf: a whole number as digits, else the shortest form that reads back the same. */
static void jpath_number_format(char *buf, size_t size, double v)
{
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, size, "%.0f", v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* The text of a JSON number or string j for a label, in a new string. */
static char *jpath_label_text(const json_t *j)
{
	char num[40];
	if (json_is_string(j))
		return xstrdup(json_string_value(j));
	if (json_is_number(j)) {
		jpath_number_format(num, sizeof num, json_number_value(j));
		return xstrdup(num);
	}
	if (json_is_boolean(j))
		return xstrdup(json_is_true(j) ? "true" : "false");
	return NULL;
}

/* Read j as a value or time into *v (NULL, null, "" and "NaN" are NaN); 0 or -1. */
static int jpath_hit_number(const json_t *j, double *v)
{
	*v = NAN;
	if (j == NULL || json_is_null(j))
		return 0;
	if (json_is_boolean(j)) {
		*v = json_is_true(j) ? 1 : 0;
		return 0;
	}
	if (json_is_string(j) && json_string_value(j)[0] == '\0')
		return 0;
	return janswer_value(j, v);
}

/* Say why j (at step k) cannot be a number. */
static int jpath_hit_bad(struct jpath_walk *w, size_t k, const json_t *j)
{
	char why[120], a[48];
	if (json_is_string(j))
		snprintf(why, sizeof why, "\"%s\" is not a number",
			 janswer_snip(a, sizeof a, json_string_value(j)));
	else
		snprintf(why, sizeof why, "%s, not a number,", janswer_kind(j));
	jpath_walk_fail(w, k, why);
	return -1;
}

/* Keep j (NULL: missing) as the walk's next hit, read as its role asks. */
static int jpath_walk_hit(struct jpath_walk *w, const json_t *j)
{
	struct jpath_hit h = {NAN, NULL};
	size_t k = w->m->n > 0 ? w->m->n - 1 : 0;
	if (w->n >= JPATH_LIMIT_VALUES) {
		janswer_fail(w->err, w->errlen, "more than %d values at %s", JPATH_LIMIT_VALUES,
			     w->m->text);
		return -1;
	}
	if (w->role == ROLE_LABEL) {
		h.text = j == NULL || json_is_null(j) ? xstrdup("") : jpath_label_text(j);
		if (h.text == NULL) {
			jpath_walk_fail(w, k,
					json_is_object(j) ? "an object, not a label,"
							  : "an array, not a label,");
			return -1;
		}
	} else if (jpath_hit_number(j, &h.num) != 0) {
		return jpath_hit_bad(w, k, j);
	} else if (w->role == ROLE_TIME && isnan(h.num)) {
		jpath_walk_fail(w, k, "no time");
		return -1;
	}
	xgrow(&w->hits, &w->cap, w->n + 1, sizeof *w->hits);
	xgrow(&w->idx, &w->idx_cap, (w->n + 1) * w->m->multi + 1, sizeof *w->idx); /* never NULL */
	memcpy(w->idx + w->n * w->m->multi, w->cur, w->m->multi * sizeof *w->idx);
	w->hits[w->n++] = h;
	return 0;
}

/* Walk on from j at step k (defined below: the steps and it call each other). */
static int jpath_walk_from(struct jpath_walk *w, const json_t *j, size_t k, const char *key,
			   size_t index);

/* True when a wildcard comes at step k or after. */
static int jpath_walk_more(const struct jpath_walk *w, size_t k)
{
	for (; k < w->m->n; k++)
		if (w->m->steps[k].kind == STEP_ALL)
			return 1;
	return 0;
}

/*
 * Go on from the child step k found (NULL: none, why says so) under key or
 * index: missing on the way before any wildcard is an error; at the last
 * step, or after a wildcard, a gap (nothing when a wildcard follows).
 */
static int jpath_walk_child(struct jpath_walk *w, const json_t *child, size_t k, const char *key,
			    size_t index, const char *why)
{
	size_t mark = strlen(w->trail);
	size_t room = sizeof w->trail - mark;
	char a[48];
	int rc;
	if (key != NULL)
		snprintf(w->trail + mark, room, "%s%s", mark ? "." : "",
			 janswer_snip(a, sizeof a, key));
	else
		snprintf(w->trail + mark, room, "[%zu]", index);
	if (child != NULL && json_is_null(child))
		child = NULL;
	if (child == NULL && w->depth == 0 && k + 1 < w->m->n) {
		jpath_walk_fail(w, k, why);
		rc = -1;
	} else if (child == NULL && jpath_walk_more(w, k + 1)) {
		rc = 0;
	} else {
		rc = jpath_walk_from(w, child, k + 1, key, index);
	}
	w->trail[mark] = '\0';
	return rc;
}

/* Step k is a member name: follow it in object j. */
static int jpath_walk_key(struct jpath_walk *w, const json_t *j, size_t k)
{
	const char *key = w->m->steps[k].key;
	char why[120], a[64];
	if (!json_is_object(j)) {
		snprintf(why, sizeof why, "%s has no key '%s'", janswer_kind(j),
			 janswer_snip(a, sizeof a, key));
		jpath_walk_fail(w, k, why);
		return -1;
	}
	snprintf(why, sizeof why, "%s '%s'", json_object_get(j, key) ? "null for key" : "no key",
		 janswer_snip(a, sizeof a, key));
	return jpath_walk_child(w, json_object_get(j, key), k, key, 0, why);
}

/* Step k is an index: follow it in array j (from the end when negative). */
static int jpath_walk_index(struct jpath_walk *w, const json_t *j, size_t k)
{
	long i = w->m->steps[k].index;
	size_t n = json_array_size(j);
	char why[120];
	if (!json_is_array(j)) {
		snprintf(why, sizeof why, "%s has no index", janswer_kind(j));
		jpath_walk_fail(w, k, why);
		return -1;
	}
	size_t at = i < 0 ? n - (size_t)-i : (size_t)i;
	int in = i < 0 ? (size_t)-i <= n : (size_t)i < n;
	snprintf(why, sizeof why, "index %ld out of range (%zu element%s)", i, n,
		 n == 1 ? "" : "s");
	return jpath_walk_child(w, in ? json_array_get(j, at) : NULL, k, NULL, in ? at : 0, why);
}

/* The i-th element of array j or member value of object j (its name in *key), or NULL. */
static const json_t *jpath_walk_nth(const json_t *j, void **it, size_t i, const char **key)
{
	*key = NULL;
	if (json_is_array(j))
		return json_array_get(j, i);
	*it = i == 0 ? json_object_iter((json_t *)j) : json_object_iter_next((json_t *)j, *it);
	if (*it == NULL)
		return NULL;
	*key = json_object_iter_key(*it);
	return json_object_iter_value(*it);
}

/* How many elements (array) or members (object) j has; -1 with a message when neither. */
static long jpath_walk_count(struct jpath_walk *w, const json_t *j, size_t k)
{
	char why[80];
	if (json_is_array(j))
		return (long)json_array_size(j);
	if (json_is_object(j))
		return (long)json_object_size(j);
	snprintf(why, sizeof why, "%s has no elements", janswer_kind(j));
	jpath_walk_fail(w, k, why);
	return -1;
}

/* Step k is a wildcard: walk on from every element or member value of j. */
static int jpath_walk_all(struct jpath_walk *w, const json_t *j, size_t k)
{
	long n = jpath_walk_count(w, j, k);
	void *it = NULL;
	const char *key;
	int rc = n < 0 ? -1 : 0;
	size_t d = w->depth++;
	for (long i = 0; rc == 0 && i < n; i++) {
		const json_t *e = jpath_walk_nth(j, &it, (size_t)i, &key);
		w->cur[d] = (size_t)i;
		rc = jpath_walk_child(w, e, k, key, (size_t)i, "");
	}
	w->depth--;
	return rc;
}

/* True when e is an object whose member key equals step st's value. */
static int jpath_walk_match(const struct jpath_step *st, const json_t *e)
{
	const json_t *v = json_object_get(e, st->key);
	double want;
	if (v == NULL)
		return 0;
	if (json_is_string(v))
		return strcmp(json_string_value(v), st->want) == 0;
	if (st->quoted)
		return 0;
	if (json_is_number(v))
		return janswer_number(st->want, &want) == 0 && json_number_value(v) == want;
	if (json_is_null(v) || json_is_boolean(v))
		return strcmp(st->want, janswer_kind(v)) == 0;
	return 0;
}

/* Step k is a selection: walk on from the first element of j that matches. */
static int jpath_walk_select(struct jpath_walk *w, const json_t *j, size_t k)
{
	const struct jpath_step *st = &w->m->steps[k];
	long n = jpath_walk_count(w, j, k);
	void *it = NULL;
	const char *key;
	char why[160], a[48], b[48];
	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		const json_t *e = jpath_walk_nth(j, &it, (size_t)i, &key);
		if (jpath_walk_match(st, e))
			return jpath_walk_child(w, e, k, key, (size_t)i, "");
	}
	snprintf(why, sizeof why, "no element with %s=%s", janswer_snip(a, sizeof a, st->key),
		 janswer_snip(b, sizeof b, st->want));
	return jpath_walk_child(w, NULL, k, st->key, 0, why);
}

/* Walk from j (NULL: missing) at step k, reached under key (or index): hits for what it yields. */
static int jpath_walk_from(struct jpath_walk *w, const json_t *j, size_t k, const char *key,
			   size_t index)
{
	if (k == w->m->n)
		return jpath_walk_hit(w, j);
	if (w->m->steps[k].kind == STEP_NAME) {
		json_t *name = key != NULL ? json_string(key) : json_real((double)index);
		int rc = jpath_walk_hit(w, name);
		json_decref(name);
		return rc;
	}
	if (j == NULL)
		return jpath_walk_hit(w, NULL);
	switch (w->m->steps[k].kind) {
	case STEP_KEY:
		return jpath_walk_key(w, j, k);
	case STEP_INDEX:
		return jpath_walk_index(w, j, k);
	case STEP_ALL:
		return jpath_walk_all(w, j, k);
	default:
		return jpath_walk_select(w, j, k);
	}
}

/* Walk m over root for role into w (freed with jpath_walk_done); 0, or -1 with err. */
static int jpath_walk_run(struct jpath_walk *w, const struct jpath *m, enum jpath_role role,
			  const json_t *root, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	w->m = m;
	w->role = role;
	w->err = err;
	w->errlen = errlen;
	if (m == NULL)
		return 0;
	if (m->n > 0 && json_is_null(root) && m->steps[0].kind != STEP_NAME) {
		janswer_fail(err, errlen, "the answer is null, at %s", m->text);
		return -1;
	}
	return jpath_walk_from(w, root, 0, NULL, 0);
}

/* Free what a walk holds. */
static void jpath_walk_done(struct jpath_walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->hits[i].text);
	free(w->hits);
	free(w->idx);
}

/* ---- values into series ---- */

/* Compare the n indexes at a and b. */
static int jpath_idx_cmp(const size_t *a, const size_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* The hit of w whose indexes are key (w->m->multi of them), found by bisection, or -1. */
static long jpath_walk_find(const struct jpath_walk *w, const size_t *key)
{
	size_t lo = 0, hi = w->n, d = w->m->multi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = jpath_idx_cmp(w->idx + mid * d, key, d);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Write indexes as "[0][5]" into buf, for a message. */
static const char *jpath_idx_text(char *buf, size_t size, const size_t *idx, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 24 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "[%zu]", idx[i]);
	return buf;
}

/* The values, times and labels of one extract, and the series they make. */
struct jpath_join {
	const struct jpath_mapping *mp;
	struct jpath_walk v, t, l;
	long *series_of; /* per label hit (or [0] without labels): its series in got, or -1 */
	struct series_set got;
	char *err;
	size_t errlen;
};

/* Check that the time and label paths have no more wildcards than the value path. */
static int jpath_join_check(struct jpath_join *jn)
{
	const struct jpath *v = jn->mp->value;
	const struct jpath *o[2] = {jn->mp->time, jn->mp->label};
	const char *what[2] = {"time", "label"};
	char a[80], b[80];
	for (int i = 0; i < 2; i++) {
		if (o[i] == NULL || o[i]->multi <= v->multi)
			continue;
		janswer_fail(jn->err, jn->errlen,
			     "the %s path '%s' has more wildcards than the value path '%s'",
			     what[i], janswer_snip(a, sizeof a, o[i]->text),
			     janswer_snip(b, sizeof b, v->text));
		return -1;
	}
	return 0;
}

/* The series value i goes into (made on first use), or NULL with err. */
static struct series *jpath_join_series(struct jpath_join *jn, size_t i)
{
	const size_t *idx = jn->v.idx + i * jn->v.m->multi;
	long l = 0;
	char a[80], b[80], c[64];
	if (jn->mp->label != NULL && (l = jpath_walk_find(&jn->l, idx)) < 0) {
		janswer_fail(jn->err, jn->errlen, "no label in '%s' for the value %s of '%s'",
			     janswer_snip(a, sizeof a, jn->l.m->text),
			     jpath_idx_text(c, sizeof c, idx, jn->v.m->multi),
			     janswer_snip(b, sizeof b, jn->v.m->text));
		return NULL;
	}
	if (jn->series_of[l] < 0) {
		if (jn->got.n >= JANSWER_LIMIT_SERIES) {
			janswer_fail(jn->err, jn->errlen, "more than %d series",
				     JANSWER_LIMIT_SERIES);
			return NULL;
		}
		jn->series_of[l] = (long)jn->got.n;
		struct series *s = series_set_add(&jn->got);
		if (jn->mp->label != NULL)
			series_label_set(s, jn->mp->label_name ? jn->mp->label_name : "series",
					 jn->l.hits[l].text);
	}
	return &jn->got.items[jn->series_of[l]];
}

/* The time of value i: the time hit with the same last indexes, or "at"; 0 or -1 with err. */
static int jpath_join_time(struct jpath_join *jn, size_t i, const struct series *s, double *t)
{
	const size_t *idx = jn->v.idx + i * jn->v.m->multi;
	char a[80], b[80], c[64];
	long h;
	*t = jn->mp->at;
	if (jn->mp->time == NULL && s->n == 0)
		return 0;
	if (jn->mp->time == NULL) {
		janswer_fail(jn->err, jn->errlen,
			     "several values at '%s' and no time path: give one "
			     "(points of a series) or a label path (a series each)",
			     janswer_snip(a, sizeof a, jn->v.m->text));
		return -1;
	}
	if ((h = jpath_walk_find(&jn->t, idx + jn->v.m->multi - jn->t.m->multi)) < 0) {
		janswer_fail(jn->err, jn->errlen, "no time in '%s' for the value %s of '%s'",
			     janswer_snip(a, sizeof a, jn->t.m->text),
			     jpath_idx_text(c, sizeof c, idx, jn->v.m->multi),
			     janswer_snip(b, sizeof b, jn->v.m->text));
		return -1;
	}
	*t = jn->t.hits[h].num;
	return 0;
}

/* Put every value into its series at its time. */
static int jpath_join_run(struct jpath_join *jn)
{
	size_t nl = jn->mp->label != NULL ? jn->l.n : 1;
	jn->series_of = xmalloc((nl + 1) * sizeof *jn->series_of);
	for (size_t i = 0; i <= nl; i++)
		jn->series_of[i] = -1;
	for (size_t i = 0; i < jn->v.n; i++) {
		struct series *s = jpath_join_series(jn, i);
		double t;
		if (s == NULL || jpath_join_time(jn, i, s, &t) != 0)
			return -1;
		if (s->n >= JANSWER_LIMIT_POINTS) {
			janswer_fail(jn->err, jn->errlen, "more than %d points in one series",
				     JANSWER_LIMIT_POINTS);
			return -1;
		}
		series_push(s, t, jn->v.hits[i].num);
	}
	for (size_t i = 0; i < jn->got.n; i++)
		series_sort(&jn->got.items[i]);
	return 0;
}

/* Walk the paths over root and join what they yield into jn->got. */
static int jpath_join_root(struct jpath_join *jn, const json_t *root)
{
	const struct jpath_mapping *mp = jn->mp;
	if (jpath_join_check(jn) != 0 ||
	    jpath_walk_run(&jn->v, mp->value, ROLE_VALUE, root, jn->err, jn->errlen) != 0 ||
	    jpath_walk_run(&jn->t, mp->time, ROLE_TIME, root, jn->err, jn->errlen) != 0 ||
	    jpath_walk_run(&jn->l, mp->label, ROLE_LABEL, root, jn->err, jn->errlen) != 0)
		return -1;
	return jpath_join_run(jn);
}

/* Read the answer through m's paths into out (appended to); 0, or -1 with err. */
int jpath_extract(const struct jpath_mapping *m, long status, const char *body, size_t len,
		  struct series_set *out, char *err, size_t errlen)
{
	struct c_locale loc;
	struct jpath_join jn;
	int rc = -1;
	if (m == NULL || m->value == NULL) {
		janswer_fail(err, errlen, "no value path");
		return -1;
	}
	memset(&jn, 0, sizeof jn);
	jn.mp = m;
	jn.err = err;
	jn.errlen = errlen;
	series_set_init(&jn.got);
	c_locale_enter(&loc);
	json_t *root = janswer_load(status, body, len, 0, err, errlen);
	if (root != NULL && jpath_join_root(&jn, root) == 0) {
		series_set_append(out, &jn.got);
		rc = 0;
	}
	json_decref(root);
	jpath_walk_done(&jn.v);
	jpath_walk_done(&jn.t);
	jpath_walk_done(&jn.l);
	free(jn.series_of);
	series_set_done(&jn.got);
	c_locale_leave(&loc);
	return rc;
}
