/*
 * rest.c: JSON REST backends: the native KPI-REST contract's paths and
 * answers, and foreign JSON read through compiled paths. The JSON tree lives
 * only inside one parse call; every string kept is sanitized.
 */
#include "client/rest.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clocale.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Bounds on what one answer may hold; past them the answer is refused, not truncated. */
#define REST_LIMIT_SERIES 20000	  /* series in one answer: a dashboard cannot show more */
#define REST_LIMIT_POINTS 100000  /* points in one series */
#define REST_LIMIT_LABELS 512	  /* labels on one series */
#define REST_LIMIT_VALUES 1000000 /* values one path may yield */
#define REST_LIMIT_PATH	  1024	  /* characters in a path */

/* JSON as we read it: any value at the top, every number a double. */
#define REST_JSON_FLAGS (JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL)

/* ---- messages ---- */

/* Copy s into buf (size bytes), cut at a character boundary with "...": a quote for a message. */
static const char *rest_snip(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n < size) {
		memcpy(buf, s, n + 1);
		return buf;
	}
	n = size - 4;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

/* Write a printf-style message into err on one line, sanitized, cut at a character boundary. */
static void rest_fail(char *err, size_t errlen, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (char *p = msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	char *clean = text_sanitize(msg, strlen(msg));
	size_t n = strlen(clean);
	if (n >= errlen) {
		n = errlen - 1;
		while (n > 0 && ((unsigned char)clean[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(err, clean, n);
	err[n] = '\0';
	free(clean);
}

/* A JSON value's kind in words, for messages. */
static const char *rest_kind(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return "null";
	}
}

/* ---- numbers ---- */

/* Read a whole number written as a string ("12.5", "NaN", "-Inf"); 0, or -1 when it is not one. */
static int rest_number(const char *s, double *v)
{
	char *end;
	if (s[0] == '\0' || s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return -1;
	*v = strtod(s, &end);
	return *end == '\0' ? 0 : -1;
}

/* A point's value of the native contract: a number, null or a number as a string; 0 or -1. */
static int rest_value(const json_t *j, double *v)
{
	if (j == NULL || json_is_null(j)) {
		*v = NAN;
		return 0;
	}
	if (json_is_number(j)) {
		*v = json_number_value(j);
		return 0;
	}
	return json_is_string(j) ? rest_number(json_string_value(j), v) : -1;
}

/* Print v into buf: a whole number as digits, else the shortest form that reads back the same. */
static void rest_number_format(char *buf, size_t size, double v)
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

/* ---- paths of the native contract ---- */

/* A growable string, and whether a query string has begun in it. */
struct rest_buf {
	char *s;
	size_t n, cap;
	int query;
};

/* Append the n bytes at s to b. */
static void rest_buf_put(struct rest_buf *b, const char *s, size_t n)
{
	xgrow(&b->s, &b->cap, b->n + n + 1, 1);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* Append the string s to b. */
static void rest_buf_add(struct rest_buf *b, const char *s)
{
	rest_buf_put(b, s, strlen(s));
}

/* Append s percent-encoded: everything but RFC 3986's unreserved characters. */
static void rest_buf_escape(struct rest_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p != NULL && *p != '\0'; p++) {
		char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
		int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' ||
			    *p == '~';
		if (plain)
			rest_buf_put(b, (const char *)p, 1);
		else
			rest_buf_put(b, enc, 3);
	}
}

/* Begin the parameter name: '?' for the first, '&' after. */
static void rest_buf_param(struct rest_buf *b, const char *name)
{
	rest_buf_add(b, b->query ? "&" : "?");
	b->query = 1;
	rest_buf_add(b, name);
	rest_buf_add(b, "=");
}

/*
 * Write t as plain decimal seconds, at most three decimals, no trailing zeros,
 * never e-notation nor a comma. Returns 0, or -1 when t is not a finite time.
 */
static int rest_time_format(char *buf, size_t size, double t)
{
	if (!isfinite(t) || fabs(t) >= 1e15)
		return -1;
	long long ms = llround(t * 1000.0);
	unsigned long long a = ms < 0 ? (unsigned long long)-ms : (unsigned long long)ms;
	int n = snprintf(buf, size, "%s%llu", ms < 0 ? "-" : "", a / 1000);
	if (a % 1000 != 0) {
		n += snprintf(buf + n, size - (size_t)n, ".%03llu", a % 1000);
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
	}
	return 0;
}

/* Append "name=t" when t is a finite time. */
static void rest_buf_time(struct rest_buf *b, const char *name, double t)
{
	char num[48];
	if (rest_time_format(num, sizeof num, t) != 0)
		return;
	rest_buf_param(b, name);
	rest_buf_add(b, num);
}

/* Append group_by and filter of q, when it has them. */
static void rest_buf_cohort(struct rest_buf *b, const struct kpi_query *q)
{
	size_t k = 0;
	if (q->group_by != NULL && q->group_by[0] != '\0') {
		rest_buf_param(b, "group_by");
		rest_buf_escape(b, q->group_by);
	}
	for (size_t i = 0; q->filter != NULL && i < q->nfilter; i++) {
		if (q->filter[i].name == NULL)
			continue;
		if (k++ == 0)
			rest_buf_param(b, "filter");
		else
			rest_buf_add(b, ",");
		rest_buf_escape(b, q->filter[i].name);
		rest_buf_add(b, ":");
		rest_buf_escape(b, q->filter[i].value);
	}
}

/* "/v1/kpi/<id>?start&end&step[&group_by][&filter]"; the caller frees it. */
char *rest_path_series(const struct kpi_query *q)
{
	struct rest_buf b = {0};
	rest_buf_add(&b, "/v1/kpi/");
	rest_buf_escape(&b, q->kpi);
	rest_buf_time(&b, "start", q->start);
	rest_buf_time(&b, "end", q->end);
	rest_buf_time(&b, "step", q->step);
	rest_buf_cohort(&b, q);
	return b.s;
}

/* "/v1/kpi/<id>/current[?at][&group_by][&filter]"; the caller frees it. */
char *rest_path_current(const struct kpi_query *q, double at)
{
	struct rest_buf b = {0};
	rest_buf_add(&b, "/v1/kpi/");
	rest_buf_escape(&b, q->kpi);
	rest_buf_add(&b, "/current");
	rest_buf_time(&b, "at", at);
	rest_buf_cohort(&b, q);
	return b.s;
}

/* ---- the envelope ---- */

/* The first line of body (at most 100 bytes) into buf, for a message. */
static void rest_first_line(char *buf, size_t size, const char *body, size_t len)
{
	size_t n = 0;
	while (n < len && n + 1 < size && n < 100 && body[n] != '\n' && body[n] != '\r' &&
	       body[n] != '\0')
		n++;
	memcpy(buf, body, n);
	buf[n] = '\0';
}

/* Say why body is not JSON: empty, an error page, or broken JSON. */
static void rest_not_json(long status, const char *body, size_t len, const json_error_t *je,
			  char *err, size_t errlen)
{
	char line[128];
	size_t i = 0;
	while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
		i++;
	rest_first_line(line, sizeof line, body + i, len - i);
	if (i == len && status >= 300)
		rest_fail(err, errlen, "HTTP %ld with an empty answer", status);
	else if (i == len)
		rest_fail(err, errlen, "an empty answer, not JSON");
	else if (line[0] == '<')
		rest_fail(err, errlen, "HTTP %ld with a web page, not JSON (check the URL)",
			  status);
	else if (status >= 300)
		rest_fail(err, errlen, "HTTP %ld: %s", status, line);
	else
		rest_fail(err, errlen, "not JSON: %s at line %d col %d", je->text, je->line,
			  je->column);
}

/* Fill err from an error answer: {"error": {code, message}}, {"error": "..."} or {"message"}. */
static void rest_error_answer(const json_t *root, long status, char *err, size_t errlen)
{
	const json_t *e = json_object_get(root, "error");
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *msg = json_string_value(json_object_get(e, "message"));
	char a[64], b[400];
	if (msg == NULL)
		msg = json_string_value(e);
	if (msg == NULL && e == NULL)
		msg = json_string_value(json_object_get(root, "message"));
	if (code != NULL && msg != NULL)
		rest_fail(err, errlen, "%s: %s", rest_snip(a, sizeof a, code),
			  rest_snip(b, sizeof b, msg));
	else if (code != NULL || msg != NULL)
		rest_fail(err, errlen, "%s", rest_snip(b, sizeof b, code ? code : msg));
	else if (status >= 300)
		rest_fail(err, errlen, "HTTP %ld without an error message", status);
	else
		rest_fail(err, errlen, "an error answer without a message");
}

/*
 * Parse body into a new tree the caller json_decref's. NULL with err filled
 * when it is not JSON, when the status is 300 or more, or (native) when it
 * carries a non-null "error".
 */
static json_t *rest_load(long status, const char *body, size_t len, int native, char *err,
			 size_t errlen)
{
	json_error_t je;
	json_t *root =
	    json_loadb(body != NULL ? body : "", body != NULL ? len : 0, REST_JSON_FLAGS, &je);
	if (root == NULL) {
		rest_not_json(status, body != NULL ? body : "", body != NULL ? len : 0, &je, err,
			      errlen);
		return NULL;
	}
	const json_t *e = json_object_get(root, "error");
	if (status >= 300 || (native && e != NULL && !json_is_null(e))) {
		rest_error_answer(root, status, err, errlen);
		json_decref(root);
		return NULL;
	}
	return root;
}

/* ---- answers of the native contract ---- */

/* Set the pairs of object m (at what, e.g. "series[2]") as labels of s. */
static int rest_labels(struct series *s, const json_t *m, const char *what, char *err,
		       size_t errlen)
{
	const char *key;
	json_t *val;
	char a[64];
	if (m == NULL || json_is_null(m))
		return 0;
	if (!json_is_object(m) || json_object_size(m) > REST_LIMIT_LABELS) {
		rest_fail(err, errlen, "%s.labels is not an object of at most %d labels", what,
			  REST_LIMIT_LABELS);
		return -1;
	}
	json_object_foreach((json_t *)m, key, val) {
		if (!json_is_string(val)) {
			rest_fail(err, errlen, "%s.labels.%s is not a string", what,
				  rest_snip(a, sizeof a, key));
			return -1;
		}
		series_label_set(s, key, json_string_value(val));
	}
	return 0;
}

/* Read the points [[t, v], ...] of series[i] into s. */
static int rest_points(struct series *s, const json_t *points, size_t i, char *err, size_t errlen)
{
	if (!json_is_array(points)) {
		rest_fail(err, errlen, "series[%zu].points is not an array", i);
		return -1;
	}
	if (json_array_size(points) > REST_LIMIT_POINTS) {
		rest_fail(err, errlen, "series[%zu] has %zu points (at most %d)", i,
			  json_array_size(points), REST_LIMIT_POINTS);
		return -1;
	}
	for (size_t k = 0; k < json_array_size(points); k++) {
		const json_t *p = json_array_get(points, k);
		const json_t *t = json_array_get(p, 0);
		double v;
		if (!json_is_array(p) || json_array_size(p) != 2 || !json_is_number(t)) {
			rest_fail(err, errlen,
				  "series[%zu].points[%zu] is not a [time, value] pair", i, k);
			return -1;
		}
		if (rest_value(json_array_get(p, 1), &v) != 0) {
			rest_fail(err, errlen,
				  "series[%zu].points[%zu] has a value that is not a "
				  "number or null",
				  i, k);
			return -1;
		}
		series_push(s, json_number_value(t), isnan(v) ? NAN : v);
	}
	series_sort(s);
	return 0;
}

/* The array member name of root, or NULL with err saying the answer lacks it. */
static const json_t *rest_list(const json_t *root, const char *name, char *err, size_t errlen)
{
	const json_t *list = json_object_get(root, name);
	if (!json_is_object(root))
		rest_fail(err, errlen, "the answer is %s, not an object", rest_kind(root));
	else if (!json_is_array(list))
		rest_fail(err, errlen, "no \"%s\" array in the answer", name);
	else if (json_array_size(list) > REST_LIMIT_SERIES)
		rest_fail(err, errlen, "%zu %s in the answer (at most %d)", json_array_size(list),
			  name, REST_LIMIT_SERIES);
	else
		return list;
	return NULL;
}

/* Read root's "series" into got. */
static int rest_series_list(const json_t *root, struct series_set *got, char *err, size_t errlen)
{
	const json_t *list = rest_list(root, "series", err, errlen);
	char what[48];
	if (list == NULL)
		return -1;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *e = json_array_get(list, i);
		struct series *s = series_set_add(got);
		snprintf(what, sizeof what, "series[%zu]", i);
		if (!json_is_object(e)) {
			rest_fail(err, errlen, "%s is not an object", what);
			return -1;
		}
		if (rest_labels(s, json_object_get(e, "labels"), what, err, errlen) != 0 ||
		    rest_points(s, json_object_get(e, "points"), i, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Read root's "values" [{labels, t, v}] into got, one point a series. */
static int rest_values_list(const json_t *root, struct series_set *got, char *err, size_t errlen)
{
	const json_t *list = rest_list(root, "values", err, errlen);
	char what[48];
	double v;
	if (list == NULL)
		return -1;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *e = json_array_get(list, i);
		const json_t *t = json_object_get(e, "t");
		struct series *s = series_set_add(got);
		snprintf(what, sizeof what, "values[%zu]", i);
		if (!json_is_object(e) || !json_is_number(t)) {
			rest_fail(err, errlen, "%s is not an object with a time \"t\"", what);
			return -1;
		}
		if (rest_value(json_object_get(e, "v"), &v) != 0) {
			rest_fail(err, errlen, "%s.v is not a number or null", what);
			return -1;
		}
		if (rest_labels(s, json_object_get(e, "labels"), what, err, errlen) != 0)
			return -1;
		series_push(s, json_number_value(t), isnan(v) ? NAN : v);
	}
	return 0;
}

/* Move every series of src to the end of dst; src is left empty. */
static void rest_append(struct series_set *dst, struct series_set *src)
{
	for (size_t i = 0; i < src->n; i++)
		*series_set_add(dst) = src->items[i];
	free(src->items);
	series_set_init(src);
}

/* Parse a native answer with read (series or values) into out; 0, or -1 with err. */
static int rest_parse_native(long status, const char *body, size_t len, struct series_set *out,
			     int (*read)(const json_t *, struct series_set *, char *, size_t),
			     char *err, size_t errlen)
{
	struct c_locale loc;
	struct series_set got;
	int rc = -1;
	c_locale_enter(&loc);
	series_set_init(&got);
	json_t *root = rest_load(status, body, len, 1, err, errlen);
	if (root != NULL && read(root, &got, err, errlen) == 0) {
		rest_append(out, &got);
		rc = 0;
	}
	json_decref(root);
	series_set_done(&got);
	c_locale_leave(&loc);
	return rc;
}

/* Parse a /v1/kpi/<id> answer into out (appended to); 0, or -1 with err. */
int rest_parse_series(long status, const char *body, size_t len, struct series_set *out, char *err,
		      size_t errlen)
{
	return rest_parse_native(status, body, len, out, rest_series_list, err, errlen);
}

/* Parse a /v1/kpi/<id>/current answer into out (appended to); 0, or -1 with err. */
int rest_parse_current(long status, const char *body, size_t len, struct series_set *out, char *err,
		       size_t errlen)
{
	return rest_parse_native(status, body, len, out, rest_values_list, err, errlen);
}

/* ---- compiled paths ---- */

/* What one step of a path does. */
enum rest_step_kind {
	STEP_KEY,    /* .name or ["name"]: an object's member */
	STEP_INDEX,  /* [n], [-n]: an array's element, from the end when negative */
	STEP_ALL,    /* [*] or .*: every element or member value */
	STEP_SELECT, /* [name=value]: the first element whose member name equals value */
	STEP_NAME,   /* ~: the member name or index that led here */
};

/* One step of a compiled path. */
struct rest_step {
	enum rest_step_kind kind;
	char *key;  /* KEY: the member; SELECT: the member compared */
	char *want; /* SELECT: the value as written, unquoted */
	int quoted; /* SELECT: want was quoted, so only a string equals it */
	long index; /* INDEX */
	size_t end; /* where the step ends in the path's text, for messages */
};

struct rest_map {
	char *text;
	struct rest_step steps[REST_MAP_STEPS];
	size_t n;
	size_t multi; /* wildcards: the length of a value's indexes */
};

/* A path being compiled: its text, where we are, and where errors go. */
struct rest_lex {
	const char *s;
	size_t pos;
	char *err;
	size_t errlen;
};

/* Fail the compile at the current character with a reason. */
static int rest_lex_fail(struct rest_lex *lx, const char *why)
{
	char a[80];
	rest_fail(lx->err, lx->errlen, "%s at character %zu of '%s'", why, lx->pos + 1,
		  rest_snip(a, sizeof a, lx->s));
	return -1;
}

/* True when c ends a bare member name. */
static int rest_lex_stop(char c)
{
	return c == '\0' || c == '.' || c == '[' || c == ']' || c == '~';
}

/* Read a bare name up to one of stop (or the end) into a new string in *out. */
static int rest_lex_bare(struct rest_lex *lx, const char *stop, char **out)
{
	size_t from = lx->pos;
	while (lx->s[lx->pos] != '\0' && strchr(stop, lx->s[lx->pos]) == NULL)
		lx->pos++;
	if (lx->pos == from)
		return rest_lex_fail(lx, "a name expected");
	*out = xstrndup(lx->s + from, lx->pos - from);
	return 0;
}

/* Read a "quoted" string (\" and \\ escape) into a new string in *out. */
static int rest_lex_quoted(struct rest_lex *lx, char **out)
{
	size_t from = lx->pos++, o = 0;
	char *q = xmalloc(strlen(lx->s + from) + 1);
	while (lx->s[lx->pos] != '"') {
		if (lx->s[lx->pos] == '\\' && lx->s[lx->pos + 1] != '\0')
			lx->pos++;
		if (lx->s[lx->pos] == '\0') {
			free(q);
			lx->pos = from;
			return rest_lex_fail(lx, "unterminated string");
		}
		q[o++] = lx->s[lx->pos++];
	}
	lx->pos++;
	q[o] = '\0';
	*out = q;
	return 0;
}

/* Expect c at the current character and move past it. */
static int rest_lex_expect(struct rest_lex *lx, char c)
{
	char why[32];
	if (lx->s[lx->pos] != c) {
		snprintf(why, sizeof why, "'%c' expected", c);
		return rest_lex_fail(lx, why);
	}
	lx->pos++;
	return 0;
}

/* Read an index [n] or [-n] (after the '['). */
static int rest_lex_index(struct rest_lex *lx, struct rest_step *st)
{
	char *end;
	const char *from = lx->s + lx->pos;
	st->kind = STEP_INDEX;
	st->index = strtol(from, &end, 10);
	if (end == from || (from[0] == '-' && (from[1] < '0' || from[1] > '9')) || end - from > 10)
		return rest_lex_fail(lx, "an index expected");
	lx->pos += (size_t)(end - from);
	return rest_lex_expect(lx, ']');
}

/* Read the value of a selection [name=value] (after the '='). */
static int rest_lex_want(struct rest_lex *lx, struct rest_step *st)
{
	st->kind = STEP_SELECT;
	if (lx->s[lx->pos] == '"') {
		st->quoted = 1;
		if (rest_lex_quoted(lx, &st->want) != 0)
			return -1;
	} else {
		size_t from = lx->pos;
		while (lx->s[lx->pos] != '\0' && lx->s[lx->pos] != ']')
			lx->pos++;
		st->want = xstrndup(lx->s + from, lx->pos - from);
	}
	return rest_lex_expect(lx, ']');
}

/* Read a bracket step: [*], [n], ["key"], [name=value] or [name="value"]. */
static int rest_lex_bracket(struct rest_lex *lx, struct rest_step *st)
{
	const char *s = lx->s + ++lx->pos;
	if (s[0] == '*') {
		st->kind = STEP_ALL;
		lx->pos++;
		return rest_lex_expect(lx, ']');
	}
	if (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))
		return rest_lex_index(lx, st);
	if (s[0] == '"') {
		if (rest_lex_quoted(lx, &st->key) != 0)
			return -1;
		st->kind = STEP_KEY;
		if (lx->s[lx->pos] == ']') {
			lx->pos++;
			return 0;
		}
	} else if (rest_lex_bare(lx, "=]", &st->key) != 0) {
		return -1;
	}
	if (rest_lex_expect(lx, '=') != 0)
		return -1;
	return rest_lex_want(lx, st);
}

/* Read a member step (after its '.', or the path's first name): a name or '*'. */
static int rest_lex_member(struct rest_lex *lx, struct rest_step *st)
{
	if (lx->s[lx->pos] == '*' && rest_lex_stop(lx->s[lx->pos + 1])) {
		st->kind = STEP_ALL;
		lx->pos++;
		return 0;
	}
	st->kind = STEP_KEY;
	if (rest_lex_stop(lx->s[lx->pos]))
		return rest_lex_fail(lx, "a name expected");
	return rest_lex_bare(lx, ".[]~", &st->key);
}

/* Read the step at the current character into st. */
static int rest_lex_step(struct rest_lex *lx, struct rest_step *st, int first)
{
	char c = lx->s[lx->pos];
	if (c == '[')
		return rest_lex_bracket(lx, st);
	if (c == '~') {
		st->kind = STEP_NAME;
		lx->pos++;
		return 0;
	}
	if (c == '.') {
		lx->pos++;
		return rest_lex_member(lx, st);
	}
	if (first && c != ']')
		return rest_lex_member(lx, st);
	return rest_lex_fail(lx, c == ']' ? "unexpected ']'" : "'.' or '[' expected");
}

/* Free a compiled path (NULL is fine). */
void rest_map_free(struct rest_map *m)
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
static int rest_map_check(struct rest_lex *lx, struct rest_map *m)
{
	const struct rest_step *st = &m->steps[m->n - 1];
	if (st->kind == STEP_ALL && ++m->multi > REST_MAP_WILDCARDS)
		return rest_lex_fail(lx, "too many wildcards");
	if (st->kind == STEP_NAME && m->n == 1)
		return rest_lex_fail(lx, "'~' needs a step before it");
	if (st->kind == STEP_NAME && lx->s[lx->pos] != '\0')
		return rest_lex_fail(lx, "'~' must end the path");
	return 0;
}

/* Compile path into *out (the caller frees it with rest_map_free); 0, or -1 with err. */
int rest_map_compile(const char *path, struct rest_map **out, char *err, size_t errlen)
{
	struct rest_lex lx = {path, 0, err, errlen};
	*out = NULL;
	if (path == NULL || path[0] == '\0' || strlen(path) > REST_LIMIT_PATH) {
		rest_fail(err, errlen,
			  path == NULL || path[0] == '\0' ? "an empty path"
							  : "a path over %d characters",
			  REST_LIMIT_PATH);
		return -1;
	}
	struct rest_map *m = xcalloc(1, sizeof *m);
	m->text = xstrdup(path);
	size_t start = path[0] == '$' && rest_lex_stop(path[1]) && path[1] != ']' && path[1] != '~';
	lx.pos = start;
	while (path[lx.pos] != '\0') {
		if (m->n == REST_MAP_STEPS) {
			rest_lex_fail(&lx, "too many steps");
			rest_map_free(m);
			return -1;
		}
		struct rest_step *st = &m->steps[m->n++];
		if (rest_lex_step(&lx, st, lx.pos == start) != 0 || rest_map_check(&lx, m) != 0) {
			rest_map_free(m);
			return -1;
		}
		st->end = lx.pos;
	}
	*out = m;
	return 0;
}

/* The path as written; borrowed from m. */
const char *rest_map_text(const struct rest_map *m)
{
	return m->text;
}

/* ---- walking a path ---- */

/* What a path's values are read as. */
enum rest_role { ROLE_VALUE, ROLE_TIME, ROLE_LABEL };

/* One value a path led to, read as its role asks. */
struct rest_hit {
	double num; /* value or time (NaN: a gap) */
	char *text; /* label, owned */
};

/* One path walked over one answer: its hits and each hit's wildcard indexes. */
struct rest_walk {
	const struct rest_map *m;
	enum rest_role role;
	struct rest_hit *hits;
	size_t n, cap;
	size_t *idx; /* n * m->multi indexes, in hit order */
	size_t idx_cap;
	size_t cur[REST_MAP_WILDCARDS]; /* the indexes of the element being walked */
	size_t depth;			/* wildcards passed */
	char trail[160];		/* where the walk is, concretely, for messages */
	char *err;
	size_t errlen;
};

/* Where a message says a walk failed: the path up to step k, and the element after a wildcard. */
static void rest_walk_fail(struct rest_walk *w, size_t k, const char *why)
{
	char a[160];
	const struct rest_map *m = w->m;
	size_t end = m->n > 0 ? m->steps[k].end : strlen(m->text);
	size_t n = end < sizeof a - 4 ? end : sizeof a - 4;
	while (n < end && n > 0 && ((unsigned char)m->text[n] & 0xc0) == 0x80)
		n--;
	memcpy(a, m->text, n);
	strcpy(a + n, n < end ? "..." : "");
	if (w->depth > 0)
		rest_fail(w->err, w->errlen, "%s at %s (%s)", why, a, w->trail);
	else
		rest_fail(w->err, w->errlen, "%s at %s", why, a);
}

/* The text of a JSON number or string j for a label, in a new string. */
static char *rest_label_text(const json_t *j)
{
	char num[40];
	if (json_is_string(j))
		return xstrdup(json_string_value(j));
	if (json_is_number(j)) {
		rest_number_format(num, sizeof num, json_number_value(j));
		return xstrdup(num);
	}
	if (json_is_boolean(j))
		return xstrdup(json_is_true(j) ? "true" : "false");
	return NULL;
}

/* Read j as a value or time into *v (NULL, null, "" and "NaN" are NaN); 0 or -1. */
static int rest_hit_number(const json_t *j, double *v)
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
	return rest_value(j, v);
}

/* Say why j (at step k) cannot be a number. */
static int rest_hit_bad(struct rest_walk *w, size_t k, const json_t *j)
{
	char why[120], a[48];
	if (json_is_string(j))
		snprintf(why, sizeof why, "\"%s\" is not a number",
			 rest_snip(a, sizeof a, json_string_value(j)));
	else
		snprintf(why, sizeof why, "%s, not a number,", rest_kind(j));
	rest_walk_fail(w, k, why);
	return -1;
}

/* Keep j (NULL: missing) as the walk's next hit, read as its role asks. */
static int rest_walk_hit(struct rest_walk *w, const json_t *j)
{
	struct rest_hit h = {NAN, NULL};
	size_t k = w->m->n > 0 ? w->m->n - 1 : 0;
	if (w->n >= REST_LIMIT_VALUES) {
		rest_fail(w->err, w->errlen, "more than %d values at %s", REST_LIMIT_VALUES,
			  w->m->text);
		return -1;
	}
	if (w->role == ROLE_LABEL) {
		h.text = j == NULL || json_is_null(j) ? xstrdup("") : rest_label_text(j);
		if (h.text == NULL) {
			rest_walk_fail(w, k,
				       json_is_object(j) ? "an object, not a label,"
							 : "an array, not a label,");
			return -1;
		}
	} else if (rest_hit_number(j, &h.num) != 0) {
		return rest_hit_bad(w, k, j);
	} else if (w->role == ROLE_TIME && isnan(h.num)) {
		rest_walk_fail(w, k, "no time");
		return -1;
	}
	xgrow(&w->hits, &w->cap, w->n + 1, sizeof *w->hits);
	xgrow(&w->idx, &w->idx_cap, (w->n + 1) * w->m->multi + 1, sizeof *w->idx); /* never NULL */
	memcpy(w->idx + w->n * w->m->multi, w->cur, w->m->multi * sizeof *w->idx);
	w->hits[w->n++] = h;
	return 0;
}

/* Walk on from j at step k (defined below: the steps and it call each other). */
static int rest_walk_from(struct rest_walk *w, const json_t *j, size_t k, const char *key,
			  size_t index);

/* True when a wildcard comes at step k or after. */
static int rest_walk_more(const struct rest_walk *w, size_t k)
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
static int rest_walk_child(struct rest_walk *w, const json_t *child, size_t k, const char *key,
			   size_t index, const char *why)
{
	size_t mark = strlen(w->trail);
	size_t room = sizeof w->trail - mark;
	char a[48];
	int rc;
	if (key != NULL)
		snprintf(w->trail + mark, room, "%s%s", mark ? "." : "",
			 rest_snip(a, sizeof a, key));
	else
		snprintf(w->trail + mark, room, "[%zu]", index);
	if (child != NULL && json_is_null(child))
		child = NULL;
	if (child == NULL && w->depth == 0 && k + 1 < w->m->n) {
		rest_walk_fail(w, k, why);
		rc = -1;
	} else if (child == NULL && rest_walk_more(w, k + 1)) {
		rc = 0;
	} else {
		rc = rest_walk_from(w, child, k + 1, key, index);
	}
	w->trail[mark] = '\0';
	return rc;
}

/* Step k is a member name: follow it in object j. */
static int rest_walk_key(struct rest_walk *w, const json_t *j, size_t k)
{
	const char *key = w->m->steps[k].key;
	char why[120], a[64];
	if (!json_is_object(j)) {
		snprintf(why, sizeof why, "%s has no key '%s'", rest_kind(j),
			 rest_snip(a, sizeof a, key));
		rest_walk_fail(w, k, why);
		return -1;
	}
	snprintf(why, sizeof why, "%s '%s'", json_object_get(j, key) ? "null for key" : "no key",
		 rest_snip(a, sizeof a, key));
	return rest_walk_child(w, json_object_get(j, key), k, key, 0, why);
}

/* Step k is an index: follow it in array j (from the end when negative). */
static int rest_walk_index(struct rest_walk *w, const json_t *j, size_t k)
{
	long i = w->m->steps[k].index;
	size_t n = json_array_size(j);
	char why[120];
	if (!json_is_array(j)) {
		snprintf(why, sizeof why, "%s has no index", rest_kind(j));
		rest_walk_fail(w, k, why);
		return -1;
	}
	size_t at = i < 0 ? n - (size_t)-i : (size_t)i;
	int in = i < 0 ? (size_t)-i <= n : (size_t)i < n;
	snprintf(why, sizeof why, "index %ld out of range (%zu element%s)", i, n,
		 n == 1 ? "" : "s");
	return rest_walk_child(w, in ? json_array_get(j, at) : NULL, k, NULL, in ? at : 0, why);
}

/* The i-th element of array j or member value of object j (its name in *key), or NULL. */
static const json_t *rest_walk_nth(const json_t *j, void **it, size_t i, const char **key)
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
static long rest_walk_count(struct rest_walk *w, const json_t *j, size_t k)
{
	char why[80];
	if (json_is_array(j))
		return (long)json_array_size(j);
	if (json_is_object(j))
		return (long)json_object_size(j);
	snprintf(why, sizeof why, "%s has no elements", rest_kind(j));
	rest_walk_fail(w, k, why);
	return -1;
}

/* Step k is a wildcard: walk on from every element or member value of j. */
static int rest_walk_all(struct rest_walk *w, const json_t *j, size_t k)
{
	long n = rest_walk_count(w, j, k);
	void *it = NULL;
	const char *key;
	int rc = n < 0 ? -1 : 0;
	size_t d = w->depth++;
	for (long i = 0; rc == 0 && i < n; i++) {
		const json_t *e = rest_walk_nth(j, &it, (size_t)i, &key);
		w->cur[d] = (size_t)i;
		rc = rest_walk_child(w, e, k, key, (size_t)i, "");
	}
	w->depth--;
	return rc;
}

/* True when e is an object whose member key equals step st's value. */
static int rest_walk_match(const struct rest_step *st, const json_t *e)
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
		return rest_number(st->want, &want) == 0 && json_number_value(v) == want;
	if (json_is_null(v) || json_is_boolean(v))
		return strcmp(st->want, rest_kind(v)) == 0;
	return 0;
}

/* Step k is a selection: walk on from the first element of j that matches. */
static int rest_walk_select(struct rest_walk *w, const json_t *j, size_t k)
{
	const struct rest_step *st = &w->m->steps[k];
	long n = rest_walk_count(w, j, k);
	void *it = NULL;
	const char *key;
	char why[160], a[48], b[48];
	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		const json_t *e = rest_walk_nth(j, &it, (size_t)i, &key);
		if (rest_walk_match(st, e))
			return rest_walk_child(w, e, k, key, (size_t)i, "");
	}
	snprintf(why, sizeof why, "no element with %s=%s", rest_snip(a, sizeof a, st->key),
		 rest_snip(b, sizeof b, st->want));
	return rest_walk_child(w, NULL, k, st->key, 0, why);
}

/* Walk from j (NULL: missing) at step k, reached under key (or index): hits for what it yields. */
static int rest_walk_from(struct rest_walk *w, const json_t *j, size_t k, const char *key,
			  size_t index)
{
	if (k == w->m->n)
		return rest_walk_hit(w, j);
	if (w->m->steps[k].kind == STEP_NAME) {
		json_t *name = key != NULL ? json_string(key) : json_real((double)index);
		int rc = rest_walk_hit(w, name);
		json_decref(name);
		return rc;
	}
	if (j == NULL)
		return rest_walk_hit(w, NULL);
	switch (w->m->steps[k].kind) {
	case STEP_KEY:
		return rest_walk_key(w, j, k);
	case STEP_INDEX:
		return rest_walk_index(w, j, k);
	case STEP_ALL:
		return rest_walk_all(w, j, k);
	default:
		return rest_walk_select(w, j, k);
	}
}

/* Walk m over root for role into w (freed with rest_walk_done); 0, or -1 with err. */
static int rest_walk_run(struct rest_walk *w, const struct rest_map *m, enum rest_role role,
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
		rest_fail(err, errlen, "the answer is null, at %s", m->text);
		return -1;
	}
	return rest_walk_from(w, root, 0, NULL, 0);
}

/* Free what a walk holds. */
static void rest_walk_done(struct rest_walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->hits[i].text);
	free(w->hits);
	free(w->idx);
}

/* ---- values into series ---- */

/* Compare the n indexes at a and b. */
static int rest_idx_cmp(const size_t *a, const size_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* The hit of w whose indexes are key (w->m->multi of them), found by bisection, or -1. */
static long rest_walk_find(const struct rest_walk *w, const size_t *key)
{
	size_t lo = 0, hi = w->n, d = w->m->multi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = rest_idx_cmp(w->idx + mid * d, key, d);
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
static const char *rest_idx_text(char *buf, size_t size, const size_t *idx, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 24 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "[%zu]", idx[i]);
	return buf;
}

/* The values, times and labels of one extract, and the series they make. */
struct rest_join {
	const struct rest_mapping *mp;
	struct rest_walk v, t, l;
	long *series_of; /* per label hit (or [0] without labels): its series in got, or -1 */
	struct series_set got;
	char *err;
	size_t errlen;
};

/* Check that the time and label paths have no more wildcards than the value path. */
static int rest_join_check(struct rest_join *jn)
{
	const struct rest_map *v = jn->mp->value;
	const struct rest_map *o[2] = {jn->mp->time, jn->mp->label};
	const char *what[2] = {"time", "label"};
	char a[80], b[80];
	for (int i = 0; i < 2; i++) {
		if (o[i] == NULL || o[i]->multi <= v->multi)
			continue;
		rest_fail(jn->err, jn->errlen,
			  "the %s path '%s' has more wildcards than the value path '%s'", what[i],
			  rest_snip(a, sizeof a, o[i]->text), rest_snip(b, sizeof b, v->text));
		return -1;
	}
	return 0;
}

/* The series value i goes into (made on first use), or NULL with err. */
static struct series *rest_join_series(struct rest_join *jn, size_t i)
{
	const size_t *idx = jn->v.idx + i * jn->v.m->multi;
	long l = 0;
	char a[80], b[80], c[64];
	if (jn->mp->label != NULL && (l = rest_walk_find(&jn->l, idx)) < 0) {
		rest_fail(jn->err, jn->errlen, "no label in '%s' for the value %s of '%s'",
			  rest_snip(a, sizeof a, jn->l.m->text),
			  rest_idx_text(c, sizeof c, idx, jn->v.m->multi),
			  rest_snip(b, sizeof b, jn->v.m->text));
		return NULL;
	}
	if (jn->series_of[l] < 0) {
		if (jn->got.n >= REST_LIMIT_SERIES) {
			rest_fail(jn->err, jn->errlen, "more than %d series", REST_LIMIT_SERIES);
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
static int rest_join_time(struct rest_join *jn, size_t i, const struct series *s, double *t)
{
	const size_t *idx = jn->v.idx + i * jn->v.m->multi;
	char a[80], b[80], c[64];
	long h;
	*t = jn->mp->at;
	if (jn->mp->time == NULL && s->n == 0)
		return 0;
	if (jn->mp->time == NULL) {
		rest_fail(jn->err, jn->errlen,
			  "several values at '%s' and no time path: give one "
			  "(points of a series) or a label path (a series each)",
			  rest_snip(a, sizeof a, jn->v.m->text));
		return -1;
	}
	if ((h = rest_walk_find(&jn->t, idx + jn->v.m->multi - jn->t.m->multi)) < 0) {
		rest_fail(jn->err, jn->errlen, "no time in '%s' for the value %s of '%s'",
			  rest_snip(a, sizeof a, jn->t.m->text),
			  rest_idx_text(c, sizeof c, idx, jn->v.m->multi),
			  rest_snip(b, sizeof b, jn->v.m->text));
		return -1;
	}
	*t = jn->t.hits[h].num;
	return 0;
}

/* Put every value into its series at its time. */
static int rest_join_run(struct rest_join *jn)
{
	size_t nl = jn->mp->label != NULL ? jn->l.n : 1;
	jn->series_of = xmalloc((nl + 1) * sizeof *jn->series_of);
	for (size_t i = 0; i <= nl; i++)
		jn->series_of[i] = -1;
	for (size_t i = 0; i < jn->v.n; i++) {
		struct series *s = rest_join_series(jn, i);
		double t;
		if (s == NULL || rest_join_time(jn, i, s, &t) != 0)
			return -1;
		if (s->n >= REST_LIMIT_POINTS) {
			rest_fail(jn->err, jn->errlen, "more than %d points in one series",
				  REST_LIMIT_POINTS);
			return -1;
		}
		series_push(s, t, jn->v.hits[i].num);
	}
	for (size_t i = 0; i < jn->got.n; i++)
		series_sort(&jn->got.items[i]);
	return 0;
}

/* Walk the paths over root and join what they yield into jn->got. */
static int rest_join_root(struct rest_join *jn, const json_t *root)
{
	const struct rest_mapping *mp = jn->mp;
	if (rest_join_check(jn) != 0 ||
	    rest_walk_run(&jn->v, mp->value, ROLE_VALUE, root, jn->err, jn->errlen) != 0 ||
	    rest_walk_run(&jn->t, mp->time, ROLE_TIME, root, jn->err, jn->errlen) != 0 ||
	    rest_walk_run(&jn->l, mp->label, ROLE_LABEL, root, jn->err, jn->errlen) != 0)
		return -1;
	return rest_join_run(jn);
}

/* Read the answer through m's paths into out (appended to); 0, or -1 with err. */
int rest_map_extract(const struct rest_mapping *m, long status, const char *body, size_t len,
		     struct series_set *out, char *err, size_t errlen)
{
	struct c_locale loc;
	struct rest_join jn;
	int rc = -1;
	if (m == NULL || m->value == NULL) {
		rest_fail(err, errlen, "no value path");
		return -1;
	}
	memset(&jn, 0, sizeof jn);
	jn.mp = m;
	jn.err = err;
	jn.errlen = errlen;
	series_set_init(&jn.got);
	c_locale_enter(&loc);
	json_t *root = rest_load(status, body, len, 0, err, errlen);
	if (root != NULL && rest_join_root(&jn, root) == 0) {
		rest_append(out, &jn.got);
		rc = 0;
	}
	json_decref(root);
	rest_walk_done(&jn.v);
	rest_walk_done(&jn.t);
	rest_walk_done(&jn.l);
	free(jn.series_of);
	series_set_done(&jn.got);
	c_locale_leave(&loc);
	return rc;
}
