/*
 * rest.c: the native KPI-REST contract (docs/rest-api.md): the paths of its
 * requests and the parse of its answers, series and current values. The JSON
 * tree lives only inside one parse call; every string kept is sanitized.
 */
#include "client/rest.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/janswer.h"
#include "util/clocale.h"
#include "util/xalloc.h"

/* Labels one series may carry; past that the answer is refused, not truncated. */
#define REST_LIMIT_LABELS 512

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
		janswer_fail(err, errlen, "%s.labels is not an object of at most %d labels", what,
			     REST_LIMIT_LABELS);
		return -1;
	}
	json_object_foreach((json_t *)m, key, val)
	{
		if (!json_is_string(val)) {
			janswer_fail(err, errlen, "%s.labels.%s is not a string", what,
				     janswer_snip(a, sizeof a, key));
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
		janswer_fail(err, errlen, "series[%zu].points is not an array", i);
		return -1;
	}
	if (json_array_size(points) > JANSWER_LIMIT_POINTS) {
		janswer_fail(err, errlen, "series[%zu] has %zu points (at most %d)", i,
			     json_array_size(points), JANSWER_LIMIT_POINTS);
		return -1;
	}
	for (size_t k = 0; k < json_array_size(points); k++) {
		const json_t *p = json_array_get(points, k);
		const json_t *t = json_array_get(p, 0);
		double v;
		if (!json_is_array(p) || json_array_size(p) != 2 || !json_is_number(t)) {
			janswer_fail(err, errlen,
				     "series[%zu].points[%zu] is not a [time, value] pair", i, k);
			return -1;
		}
		if (janswer_value(json_array_get(p, 1), &v) != 0) {
			janswer_fail(err, errlen,
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
		janswer_fail(err, errlen, "the answer is %s, not an object", janswer_kind(root));
	else if (!json_is_array(list))
		janswer_fail(err, errlen, "no \"%s\" array in the answer", name);
	else if (json_array_size(list) > JANSWER_LIMIT_SERIES)
		janswer_fail(err, errlen, "%zu %s in the answer (at most %d)",
			     json_array_size(list), name, JANSWER_LIMIT_SERIES);
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
			janswer_fail(err, errlen, "%s is not an object", what);
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
			janswer_fail(err, errlen, "%s is not an object with a time \"t\"", what);
			return -1;
		}
		if (janswer_value(json_object_get(e, "v"), &v) != 0) {
			janswer_fail(err, errlen, "%s.v is not a number or null", what);
			return -1;
		}
		if (rest_labels(s, json_object_get(e, "labels"), what, err, errlen) != 0)
			return -1;
		series_push(s, json_number_value(t), isnan(v) ? NAN : v);
	}
	return 0;
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
	json_t *root = janswer_load(status, body, len, 1, err, errlen);
	if (root != NULL && read(root, &got, err, errlen) == 0) {
		series_set_append(out, &got);
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
