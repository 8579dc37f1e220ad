/*
 * prom.c: the Prometheus HTTP API v1 (and Thanos, Mimir, VictoriaMetrics):
 * request forms, and answers turned into our own structs. The JSON tree lives
 * only inside one parse call; every string kept is sanitized.
 */
#include "client/prom.h"

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
#define PROM_LIMIT_SERIES  20000  /* series in one answer: a dashboard cannot show more */
#define PROM_LIMIT_POINTS  100000 /* points in one series: VictoriaMetrics allows 30,000 */
#define PROM_LIMIT_LABELS  512	  /* labels on one series */
#define PROM_LIMIT_STRINGS 200000 /* label names or values, alerts */

/* One parse: the C locale for numbers, the answer's root, and where results go. */
struct prom_parse {
	struct c_locale numbers; /* the C locale while the parse lasts */
	json_t *root;		 /* owned; freed by prom_parse_done */
	struct prom_result *res;
	size_t histograms; /* native-histogram samples skipped */
};

/* ---- forms ---- */

/* True when c goes into a form as itself (RFC 3986 unreserved). */
static int prom_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* Append s percent-encoded at out + o (room for three bytes a byte); returns the new end. */
static size_t prom_escape_into(char *out, size_t o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (prom_unreserved(*p)) {
			out[o++] = (char)*p;
			continue;
		}
		out[o++] = '%';
		out[o++] = hex[*p >> 4];
		out[o++] = hex[*p & 15];
	}
	out[o] = '\0';
	return o;
}

/*
 * Write t as plain decimal seconds, at most three decimals, no trailing zeros,
 * never e-notation nor a locale's comma. Returns 0, or -1 when t is not finite
 * or too large to mean a time.
 */
static int prom_time_format(char *buf, size_t size, double t)
{
	if (!isfinite(t) || fabs(t) >= 1e15) /* 1e15 s is past any server's range */
		return -1;
	long long ms = llround(t * 1000.0);
	unsigned long long a = ms < 0 ? (unsigned long long)-ms : (unsigned long long)ms;
	int n = snprintf(buf, size, "%s%llu.%03llu", ms < 0 ? "-" : "", a / 1000, a % 1000);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	return 0;
}

/* Append "&name=t" to out at o when t is finite (an absent parameter means the server's now). */
static size_t prom_param_into(char *out, size_t o, const char *name, double t)
{
	char num[48];
	if (prom_time_format(num, sizeof num, t) != 0)
		return o;
	o += (size_t)snprintf(out + o, 64, "&%s=%s", name, num);
	return o;
}

/* A form "query=<promql>" with room for the time parameters after it; the caller frees it. */
static char *prom_form_start(const char *promql, size_t *o)
{
	if (promql == NULL)
		promql = "";
	char *out = xmalloc(strlen(promql) * 3 + 6 + 4 * 64 + 1);
	memcpy(out, "query=", 7);
	*o = prom_escape_into(out, 6, promql);
	return out;
}

/* The form of an instant query at t (t not finite: the server's now); the caller frees it. */
char *prom_form_query(const char *promql, double t)
{
	size_t o;
	char *out = prom_form_start(promql, &o);
	prom_param_into(out, o, "time", t);
	return out;
}

/* The form of a range query; a parameter that is not finite is left out. The caller frees it. */
char *prom_form_query_range(const char *promql, double start, double end, double step)
{
	size_t o;
	char *out = prom_form_start(promql, &o);
	o = prom_param_into(out, o, "start", start);
	o = prom_param_into(out, o, "end", end);
	prom_param_into(out, o, "step", step);
	return out;
}

/* ---- strings we keep ---- */

/* Copy src sanitized, on one line, clipped to size at a character boundary (an ellipsis if cut). */
static void prom_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	char *flat = xstrndup(src, n);
	for (char *p = flat; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	char *clean = text_sanitize(flat, n);
	free(flat);
	n = strlen(clean);
	if (n >= size) {
		n = size - 4; /* room for U+2026 and the NUL */
		while (n > 0 && ((unsigned char)clean[n] & 0xc0) == 0x80)
			n--;
		memcpy(clean + n, "\xe2\x80\xa6", 4);
		n += 3;
	}
	memcpy(dst, clean, n + 1);
	free(clean);
}

/* Say why the answer is refused: res->ok 0 and the message (printf-style) in res->error. */
static void prom_fail(struct prom_result *res, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	res->ok = 0;
	prom_copy(res->error, sizeof res->error, msg);
}

/* A sanitized heap copy of s; the caller frees it. */
static char *prom_strdup(const char *s)
{
	return text_sanitize(s, strlen(s));
}

/* True when hay contains needle, ignoring ASCII case; a NULL hay contains nothing. */
static int prom_mentions(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; hay != NULL && *hay != '\0'; hay++) {
		size_t i = 0;
		while (i < n && hay[i] != '\0' && (hay[i] | 0x20) == (needle[i] | 0x20))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

/* ---- numbers ---- */

/* Parse a Prometheus value string ("1.5e-07", "NaN", "+Inf") in the C locale; 0 or -1. */
static int prom_number(const char *s, double *v)
{
	char *end;
	if (s[0] == '\0' || s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return -1;
	*v = strtod(s, &end);
	return *end == '\0' ? 0 : -1;
}

/* The JSON number j as seconds into *t; 0, or -1 when j is not a number. */
static int prom_time(const json_t *j, double *t)
{
	if (!json_is_number(j))
		return -1;
	*t = json_number_value(j);
	return 0;
}

/* ---- the envelope ---- */

/* Start a parse: res cleared, numbers read in the C locale until prom_parse_done. */
static void prom_parse_init(struct prom_parse *pp, struct prom_result *res)
{
	memset(res, 0, sizeof *res);
	memset(pp, 0, sizeof *pp);
	pp->res = res;
	c_locale_enter(&pp->numbers);
}

/* End a parse: the JSON freed, the caller's locale back. */
static void prom_parse_done(struct prom_parse *pp)
{
	json_decref(pp->root);
	pp->root = NULL;
	c_locale_leave(&pp->numbers);
}

/* The first line of body (at most 120 bytes) into buf, for a message. */
static void prom_first_line(char *buf, size_t size, const char *body, size_t len)
{
	size_t n = 0;
	while (n < len && n + 1 < size && n < 120 && body[n] != '\n' && body[n] != '\r' &&
	       body[n] != '\0')
		n++;
	memcpy(buf, body, n);
	buf[n] = '\0';
}

/* True when the len bytes at body contain the string s. */
static int prom_contains(const char *body, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(body + i, s, n) == 0)
			return 1;
	return 0;
}

/* Explain a body that is not JSON: a wrong path (404), a proxy's error page, or broken JSON. */
static void prom_not_json(long status, const char *body, size_t len, const json_error_t *err,
			  struct prom_result *res)
{
	static const char p404[] = "404 page not found";
	char line[128];
	if (status == 404 || (len >= sizeof p404 - 1 && memcmp(body, p404, sizeof p404 - 1) == 0)) {
		prom_fail(res,
			  "not a Prometheus API here (HTTP 404: check the URL and path prefix)");
		return;
	}
	prom_first_line(line, sizeof line, body, len);
	if (status >= 400 && prom_contains(body, len, "unsupported path")) /* VictoriaMetrics */
		prom_fail(res,
			  "not a Prometheus API here (HTTP %ld, unsupported path: check the "
			  "URL and path prefix)",
			  status);
	else if (status >= 400 && line[0] == '<')
		prom_fail(res, "HTTP %ld with a web page, not the Prometheus API", status);
	else if (status >= 400 && line[0] != '\0')
		prom_fail(res, "HTTP %ld: %s", status, line);
	else
		prom_fail(res, "invalid JSON from the server: %s at line %d col %d", err->text,
			  err->line, err->column);
}

/* Append the strings of array j (called what) to buf, "; " between; -1 when j is not one. */
static int prom_join(char *buf, size_t size, const json_t *j, const char *what,
		     struct prom_result *res)
{
	size_t i;
	const json_t *w;
	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_array(j)) {
		prom_fail(res, "%s is not an array", what);
		return -1;
	}
	for (i = 0; i < json_array_size(j); i++) {
		w = json_array_get(j, i);
		if (!json_is_string(w)) {
			prom_fail(res, "%s[%zu] is not a string", what, i);
			return -1;
		}
		size_t o = strlen(buf);
		char *clean = prom_strdup(json_string_value(w));
		if (o + 3 < size)
			snprintf(buf + o, size - o, "%s%s", o > 0 ? "; " : "", clean);
		free(clean);
	}
	return 0;
}

/* True when a warning tells of a partial answer rather than a PromQL annotation. */
static int prom_warning_partial(const json_t *warnings)
{
	size_t i;
	const json_t *w;
	for (i = 0; i < json_array_size(warnings); i++) {
		w = json_array_get(warnings, i);
		if (strncmp(json_string_value(w), "PromQL ", 7) != 0)
			return 1;
	}
	return 0;
}

/* Read warnings, infos and isPartial into res; -1 when one has the wrong type. */
static int prom_notes(const json_t *root, struct prom_result *res)
{
	char buf[1024] = "";
	const json_t *warnings = json_object_get(root, "warnings");
	const json_t *partial = json_object_get(root, "isPartial");
	if (prom_join(buf, sizeof buf, warnings, "warnings", res) != 0 ||
	    prom_join(buf, sizeof buf, json_object_get(root, "infos"), "infos", res) != 0)
		return -1;
	if (partial != NULL && !json_is_boolean(partial) && !json_is_null(partial)) {
		prom_fail(res, "isPartial is not a boolean");
		return -1;
	}
	prom_copy(res->warnings, sizeof res->warnings, buf);
	res->partial =
	    json_is_true(partial) || (json_is_array(warnings) && prom_warning_partial(warnings));
	return 0;
}

/* Fill res from an error answer: errorType (a word, or VictoriaMetrics' "422") and error. */
static void prom_take_error(const json_t *root, long status, struct prom_result *res)
{
	const json_t *type = json_object_get(root, "errorType");
	const json_t *error = json_object_get(root, "error");
	struct prom_result notes = {0};
	char num[32];
	if (prom_notes(root, &notes) == 0) { /* kept when well formed: the error comes first */
		memcpy(res->warnings, notes.warnings, sizeof res->warnings);
		res->partial = notes.partial;
	}
	if (json_is_string(type)) {
		prom_copy(res->error_type, sizeof res->error_type, json_string_value(type));
	} else if (json_is_integer(type)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(type));
		prom_copy(res->error_type, sizeof res->error_type, num);
	}
	if (json_is_string(error) && json_string_value(error)[0] != '\0')
		prom_fail(res, "%s", json_string_value(error));
	else if (status >= 400)
		prom_fail(res, "HTTP %ld without an error message", status);
	else
		prom_fail(res, "the server answered an error without a message");
}

/* True when the answer root is an error: status "error", HTTP 4xx/5xx, or error fields alone. */
static int prom_is_error(const json_t *root, const char *st, long status)
{
	if (st != NULL)
		return strcmp(st, "error") == 0 || status >= 400;
	return status >= 400 || json_object_get(root, "errorType") != NULL ||
	       json_object_get(root, "error") != NULL;
}

/*
 * Parse body and check its envelope. Returns the answer's data (borrowed from
 * pp->root), or NULL with res->error saying why.
 */
static json_t *prom_envelope(struct prom_parse *pp, long status, const char *body, size_t len)
{
	json_error_t err;
	struct prom_result *res = pp->res;
	if (body == NULL || len == 0) {
		prom_fail(res, "empty answer from the server (HTTP %ld)", status);
		return NULL;
	}
	pp->root = json_loadb(body, len, 0, &err);
	if (pp->root == NULL) {
		prom_not_json(status, body, len, &err, res);
		return NULL;
	}
	if (!json_is_object(pp->root)) {
		prom_fail(res, "the answer is not a JSON object (not the Prometheus API v1?)");
		return NULL;
	}
	const json_t *stj = json_object_get(pp->root, "status");
	if (stj != NULL && !json_is_string(stj)) {
		prom_fail(res, "status is not a string");
		return NULL;
	}
	const char *st = json_string_value(stj);
	if (prom_is_error(pp->root, st, status)) {
		prom_take_error(pp->root, status, res);
		return NULL;
	}
	if (st != NULL && strcmp(st, "success") != 0) {
		prom_fail(res, "unknown status \"%.40s\"", st);
		return NULL;
	}
	if (prom_notes(pp->root, res) != 0)
		return NULL;
	json_t *data = json_object_get(pp->root, "data");
	if (data == NULL)
		prom_fail(res, "no data in the answer");
	return data;
}

/* ---- query answers ---- */

/* The index given to prom_sample for a pair that is not an array element. */
#define PROM_NO_INDEX ((size_t)-1)

/* Name the place of a failing sample: what, then [k] unless k is PROM_NO_INDEX. */
static void prom_sample_fail(struct prom_result *res, const char *what, size_t k, const char *why)
{
	if (k == PROM_NO_INDEX)
		prom_fail(res, "%s %s", what, why);
	else
		prom_fail(res, "%s[%zu] %s", what, k, why);
}

/* Read the sample pair [t, "v"] (what[k]) into *t and *v; -1 with res->error. */
static int prom_sample(const json_t *pair, const char *what, size_t k, double *t, double *v,
		       struct prom_result *res)
{
	char why[80];
	if (!json_is_array(pair) || json_array_size(pair) != 2) {
		prom_sample_fail(res, what, k, "is not a [time, \"value\"] pair");
		return -1;
	}
	if (prom_time(json_array_get(pair, 0), t) != 0) {
		prom_sample_fail(res, what, k, "has a time that is not a number");
		return -1;
	}
	const json_t *vj = json_array_get(pair, 1);
	if (!json_is_string(vj)) {
		prom_sample_fail(res, what, k, "has a value that is not a string");
		return -1;
	}
	if (prom_number(json_string_value(vj), v) != 0) {
		snprintf(why, sizeof why, "has \"%.40s\", not a number", json_string_value(vj));
		prom_sample_fail(res, what, k, why);
		return -1;
	}
	return 0;
}

/* Set every pair of the metric object m (of result[i]) as labels of s. */
static int prom_labels(struct series *s, const json_t *m, size_t i, struct prom_result *res)
{
	const char *key;
	json_t *val;
	if (m == NULL || json_is_null(m))
		return 0;
	if (!json_is_object(m)) {
		prom_fail(res, "result[%zu].metric is not an object", i);
		return -1;
	}
	if (json_object_size(m) > PROM_LIMIT_LABELS) {
		prom_fail(res, "result[%zu] has %zu labels (at most %d)", i, json_object_size(m),
			  PROM_LIMIT_LABELS);
		return -1;
	}
	json_object_foreach((json_t *)m, key, val)
	{
		if (!json_is_string(val)) {
			prom_fail(res, "result[%zu].metric.%.60s is not a string", i, key);
			return -1;
		}
		series_label_set(s, key, json_string_value(val));
	}
	return 0;
}

/* Read the matrix element e (result[i]) into a new series of out, or skip a histogram-only one. */
static int prom_matrix_one(struct prom_parse *pp, const json_t *e, size_t i, struct series_set *out)
{
	const json_t *values = json_object_get(e, "values");
	const json_t *hist = json_object_get(e, "histograms");
	const json_t *pair;
	size_t k;
	char what[48];
	if (values == NULL && hist != NULL) {
		pp->histograms += json_is_array(hist) ? json_array_size(hist) : 1;
		return 0;
	}
	if (!json_is_array(values)) {
		prom_fail(pp->res, "result[%zu].values is not an array", i);
		return -1;
	}
	if (json_array_size(values) > PROM_LIMIT_POINTS) {
		prom_fail(pp->res, "result[%zu] has %zu points (at most %d): use a longer step", i,
			  json_array_size(values), PROM_LIMIT_POINTS);
		return -1;
	}
	if (json_is_array(hist))
		pp->histograms += json_array_size(hist);
	struct series *s = series_set_add(out);
	if (prom_labels(s, json_object_get(e, "metric"), i, pp->res) != 0)
		return -1;
	snprintf(what, sizeof what, "result[%zu].values", i);
	for (k = 0; k < json_array_size(values); k++) {
		pair = json_array_get(values, k);
		double t, v;
		if (prom_sample(pair, what, k, &t, &v, pp->res) != 0)
			return -1;
		series_push(s, t, v);
	}
	series_sort(s);
	return 0;
}

/* Read the vector element e (result[i]) into a new series of out, or skip a histogram sample. */
static int prom_vector_one(struct prom_parse *pp, const json_t *e, size_t i, struct series_set *out)
{
	const json_t *value = json_object_get(e, "value");
	double t, v;
	char what[48];
	if (value == NULL && json_object_get(e, "histogram") != NULL) {
		pp->histograms++;
		return 0;
	}
	if (value == NULL) {
		prom_fail(pp->res, "result[%zu] has no value", i);
		return -1;
	}
	snprintf(what, sizeof what, "result[%zu].value", i);
	if (prom_sample(value, what, PROM_NO_INDEX, &t, &v, pp->res) != 0)
		return -1;
	struct series *s = series_set_add(out);
	if (prom_labels(s, json_object_get(e, "metric"), i, pp->res) != 0)
		return -1;
	series_push(s, t, v);
	return 0;
}

/* Read a vector or matrix result array into out. */
static int prom_series_list(struct prom_parse *pp, const json_t *result, int matrix,
			    struct series_set *out)
{
	size_t i;
	const json_t *e;
	if (!json_is_array(result)) {
		prom_fail(pp->res, "result is not an array");
		return -1;
	}
	if (json_array_size(result) > PROM_LIMIT_SERIES) {
		prom_fail(pp->res, "%zu series in the answer (at most %d): narrow the query",
			  json_array_size(result), PROM_LIMIT_SERIES);
		return -1;
	}
	for (i = 0; i < json_array_size(result); i++) {
		e = json_array_get(result, i);
		if (!json_is_object(e)) {
			prom_fail(pp->res, "result[%zu] is not an object", i);
			return -1;
		}
		int rc = matrix ? prom_matrix_one(pp, e, i, out) : prom_vector_one(pp, e, i, out);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Read a scalar [t, "v"] or string [t, "s"] result as one unlabelled series (a string is NaN). */
static int prom_single(struct prom_parse *pp, const json_t *result, int is_string,
		       struct series_set *out)
{
	double t, v = NAN;
	if (!is_string && prom_sample(result, "result", PROM_NO_INDEX, &t, &v, pp->res) != 0)
		return -1;
	if (is_string) {
		if (!json_is_array(result) || json_array_size(result) != 2 ||
		    prom_time(json_array_get(result, 0), &t) != 0 ||
		    !json_is_string(json_array_get(result, 1))) {
			prom_fail(pp->res, "result is not a [time, \"string\"] pair");
			return -1;
		}
	}
	series_push(series_set_add(out), t, v);
	return 0;
}

/* Compare two numbers for a total order (NaN after everything). */
static int prom_double_cmp(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) - isnan(b);
	return a < b ? -1 : a > b;
}

/* Order series by their labels (pair by pair), then by their points: a stable, total order. */
static int prom_series_cmp(const void *va, const void *vb)
{
	const struct series *a = va, *b = vb;
	int c;
	for (size_t i = 0; i < a->nlabels && i < b->nlabels; i++) {
		if ((c = strcmp(a->labels[i].name, b->labels[i].name)) != 0 ||
		    (c = strcmp(a->labels[i].value, b->labels[i].value)) != 0)
			return c;
	}
	if (a->nlabels != b->nlabels)
		return a->nlabels < b->nlabels ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (size_t i = 0; i < a->n; i++) {
		if ((c = prom_double_cmp(a->t[i], b->t[i])) != 0 ||
		    (c = prom_double_cmp(a->v[i], b->v[i])) != 0)
			return c;
	}
	return 0;
}

/* Read data {resultType, result} into out. */
static int prom_data(struct prom_parse *pp, const json_t *data, struct series_set *out)
{
	if (!json_is_object(data)) {
		prom_fail(pp->res, "data is not an object");
		return -1;
	}
	const char *type = json_string_value(json_object_get(data, "resultType"));
	const json_t *result = json_object_get(data, "result");
	if (type == NULL) {
		prom_fail(pp->res, "no resultType in the answer");
		return -1;
	}
	int rc = -1;
	if (strcmp(type, "vector") == 0 || strcmp(type, "matrix") == 0)
		rc = prom_series_list(pp, result, type[0] == 'm', out);
	else if (strcmp(type, "scalar") == 0 || strcmp(type, "string") == 0)
		rc = prom_single(pp, result, type[1] == 't', out);
	else
		prom_fail(pp->res, "unknown resultType \"%.40s\"", type);
	if (rc == 0 && out->n > 1)
		qsort(out->items, out->n, sizeof *out->items, prom_series_cmp);
	return rc;
}

/* Add "N native-histogram samples skipped" to res->warnings when there were some. */
static void prom_note_histograms(struct prom_parse *pp)
{
	char buf[sizeof pp->res->warnings + 64];
	if (pp->histograms == 0)
		return;
	snprintf(buf, sizeof buf, "%s%s%zu native-histogram sample%s skipped", pp->res->warnings,
		 pp->res->warnings[0] ? "; " : "", pp->histograms, pp->histograms == 1 ? "" : "s");
	prom_copy(pp->res->warnings, sizeof pp->res->warnings, buf);
}

/* Move every series of src to the end of dst; src is left empty. */
static void prom_append(struct series_set *dst, struct series_set *src)
{
	for (size_t i = 0; i < src->n; i++)
		*series_set_add(dst) = src->items[i];
	free(src->items);
	series_set_init(src);
}

/* Parse a query or query_range answer into out (appended); 0 when res->ok, else -1. */
int prom_parse_query(long status, const char *body, size_t len, struct series_set *out,
		     struct prom_result *res)
{
	struct prom_parse pp;
	struct series_set got;
	prom_parse_init(&pp, res);
	series_set_init(&got);
	const json_t *data = prom_envelope(&pp, status, body, len);
	if (data != NULL && prom_data(&pp, data, &got) == 0) {
		prom_append(out, &got);
		prom_note_histograms(&pp);
		res->ok = 1;
	}
	series_set_done(&got);
	prom_parse_done(&pp);
	return res->ok ? 0 : -1;
}

/* ---- buildinfo ---- */

/* Name the engine from buildinfo's data and the caller's server hint. */
static const char *prom_engine(const json_t *data, const char *server)
{
	const char *version = json_string_value(json_object_get(data, "version"));
	const char *app = json_string_value(json_object_get(data, "application"));
	if (prom_mentions(server, "victoriametrics") || prom_mentions(app, "victoriametrics"))
		return "VictoriaMetrics";
	if (prom_mentions(app, "mimir") || prom_mentions(server, "mimir") ||
	    prom_mentions(version, "mimir"))
		return "Mimir";
	if (prom_mentions(app, "thanos") || prom_mentions(server, "thanos") ||
	    prom_mentions(version, "thanos"))
		return "Thanos";
	if (version == NULL)
		return "unknown";
	if (app == NULL && (json_is_string(json_object_get(data, "branch")) ||
			    json_is_string(json_object_get(data, "revision"))))
		return "Prometheus";
	return "Prometheus-compatible";
}

/* Read buildinfo's data into out; 0, or -1 with res->error. */
static int prom_buildinfo_data(const json_t *data, const char *server, struct prom_buildinfo *out,
			       struct prom_result *res)
{
	const json_t *version = json_object_get(data, "version");
	if (!json_is_object(data)) {
		prom_fail(res, "data is not an object");
		return -1;
	}
	if (version != NULL && !json_is_string(version)) {
		prom_fail(res, "data.version is not a string");
		return -1;
	}
	snprintf(out->engine, sizeof out->engine, "%s", prom_engine(data, server));
	prom_copy(out->version, sizeof out->version, version ? json_string_value(version) : "");
	return 0;
}

/* Parse a buildinfo answer into out; 0 when res->ok, else -1 (out then "unknown"). */
int prom_parse_buildinfo(long status, const char *body, size_t len, const char *server,
			 struct prom_buildinfo *out, struct prom_result *res)
{
	struct prom_parse pp;
	prom_parse_init(&pp, res);
	memset(out, 0, sizeof *out);
	snprintf(out->engine, sizeof out->engine, "unknown");
	const json_t *data = prom_envelope(&pp, status, body, len);
	if (data != NULL && prom_buildinfo_data(data, server, out, res) == 0)
		res->ok = 1;
	prom_parse_done(&pp);
	return res->ok ? 0 : -1;
}

/* ---- label names and values ---- */

/* Free a NULL-terminated array from prom_parse_strings (NULL is fine). */
void prom_strings_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* Copy the array of strings data (null: none) into a new NULL-terminated array, or NULL. */
static char **prom_strings(const json_t *data, struct prom_result *res)
{
	size_t i;
	const json_t *e;
	if (data != NULL && !json_is_null(data) && !json_is_array(data)) {
		prom_fail(res, "data is not an array");
		return NULL;
	}
	if (json_array_size(data) > PROM_LIMIT_STRINGS) {
		prom_fail(res, "%zu names in the answer (at most %d)", json_array_size(data),
			  PROM_LIMIT_STRINGS);
		return NULL;
	}
	char **v = xcalloc(json_array_size(data) + 1, sizeof *v);
	for (i = 0; i < json_array_size(data); i++) {
		e = json_array_get(data, i);
		if (!json_is_string(e)) {
			prom_fail(res, "data[%zu] is not a string", i);
			prom_strings_free(v);
			return NULL;
		}
		v[i] = prom_strdup(json_string_value(e));
	}
	return v;
}

/* Parse /api/v1/labels or label values; the caller frees the array with prom_strings_free. */
char **prom_parse_strings(long status, const char *body, size_t len, struct prom_result *res)
{
	struct prom_parse pp;
	char **v = NULL;
	prom_parse_init(&pp, res);
	const json_t *data = prom_envelope(&pp, status, body, len);
	if (data != NULL)
		v = prom_strings(data, res);
	res->ok = v != NULL;
	prom_parse_done(&pp);
	return v;
}

/* ---- alerts ---- */

/* Free n alerts from prom_parse_alerts (NULL is fine). */
void prom_alerts_free(struct prom_alert *a, size_t n)
{
	for (size_t i = 0; a != NULL && i < n; i++) {
		free(a[i].name);
		free(a[i].state);
		free(a[i].severity);
		free(a[i].summary);
		free(a[i].description);
		free(a[i].runbook);
		for (size_t k = 0; k < a[i].nlabels; k++) {
			free(a[i].labels[k].name);
			free(a[i].labels[k].value);
		}
		free(a[i].labels);
	}
	free(a);
}

/* Read n decimal digits at s into *v; 0, or -1 when one is not a digit. */
static int prom_digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static long prom_days(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Read the zone at s ("Z" or "+HH:MM") into *off seconds east; 0, or -1. */
static int prom_zone(const char *s, long *off)
{
	int h, m;
	*off = 0;
	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0')
		return 0;
	if ((s[0] != '+' && s[0] != '-') || prom_digits(s + 1, 2, &h) != 0 || s[3] != ':' ||
	    prom_digits(s + 4, 2, &m) != 0 || s[6] != '\0' || h > 23 || m > 59)
		return -1;
	*off = (s[0] == '-' ? -1L : 1L) * (h * 3600L + m * 60L);
	return 0;
}

/* Parse an RFC 3339 time ("2023-11-14T22:13:20.5Z", "...+01:00") into Unix seconds; 0 or -1. */
static int prom_rfc3339(const char *s, double *out)
{
	int y, mo, d, h, mi, sec;
	long off;
	double frac = 0, scale = 0.1;
	if (strlen(s) < 20 || prom_digits(s, 4, &y) || s[4] != '-' || prom_digits(s + 5, 2, &mo) ||
	    s[7] != '-' || prom_digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    prom_digits(s + 11, 2, &h) || s[13] != ':' || prom_digits(s + 14, 2, &mi) ||
	    s[16] != ':' || prom_digits(s + 17, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	s += 19;
	if (*s == '.') {
		if (s[1] < '0' || s[1] > '9')
			return -1;
		for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
			frac += (*s - '0') * scale;
	}
	if (prom_zone(s, &off) != 0)
		return -1;
	*out = (double)prom_days(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + sec + frac -
	       (double)off;
	return 0;
}

/* A string member of object o (missing: ""), or NULL with res->error when it is not a string. */
static const char *prom_member(const json_t *o, const char *key, const char *what, size_t i,
			       struct prom_result *res)
{
	const json_t *j = json_object_get(o, key);
	if (j == NULL || json_is_null(j))
		return "";
	if (!json_is_string(j)) {
		prom_fail(res, "alerts[%zu].%s%s is not a string", i, what, key);
		return NULL;
	}
	return json_string_value(j);
}

/* An object member of o (missing: NULL in *out); -1 with res->error when it is not an object. */
static int prom_object(const json_t *o, const char *key, size_t i, const json_t **out,
		       struct prom_result *res)
{
	*out = json_object_get(o, key);
	if (*out == NULL || json_is_null(*out) || json_is_object(*out))
		return 0;
	prom_fail(res, "alerts[%zu].%s is not an object", i, key);
	return -1;
}

/* Read activeAt and value of alert e (alerts[i]) into a; missing ones are NaN. */
static int prom_alert_numbers(const json_t *e, size_t i, struct prom_alert *a,
			      struct prom_result *res)
{
	const char *at = prom_member(e, "activeAt", "", i, res);
	const json_t *value = json_object_get(e, "value");
	a->active_at = a->value = NAN;
	if (at == NULL)
		return -1;
	if (at[0] != '\0' && prom_rfc3339(at, &a->active_at) != 0) {
		prom_fail(res, "alerts[%zu].activeAt \"%.40s\" is not an RFC 3339 time", i, at);
		return -1;
	}
	if (value == NULL || json_is_null(value))
		return 0;
	if (json_is_number(value)) {
		a->value = json_number_value(value);
		return 0;
	}
	if (!json_is_string(value) || prom_number(json_string_value(value), &a->value) != 0) {
		prom_fail(res, "alerts[%zu].value is not a number", i);
		return -1;
	}
	return 0;
}

/* Order labels by name. */
static int prom_label_cmp(const void *x, const void *y)
{
	return strcmp(((const struct label *)x)->name, ((const struct label *)y)->name);
}

/* Copy an alert's labels (an object of strings) into a, sorted by name; -1 when not strings. */
static int prom_alert_labels(const json_t *labels, size_t i, struct prom_alert *a,
			     struct prom_result *res)
{
	size_t n = json_object_size(labels);
	if (n > PROM_LIMIT_LABELS) {
		prom_fail(res, "alerts[%zu] has %zu labels (at most %d)", i, n, PROM_LIMIT_LABELS);
		return -1;
	}
	a->labels = xcalloc(n + 1, sizeof *a->labels);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)labels, key, v)
	{
		if (!json_is_string(v)) {
			char *k = prom_strdup(key);
			prom_fail(res, "alerts[%zu].labels.%.40s is not a string", i, k);
			free(k);
			return -1;
		}
		a->labels[a->nlabels].name = prom_strdup(key);
		a->labels[a->nlabels].value = prom_strdup(json_string_value(v));
		a->nlabels++;
	}
	qsort(a->labels, a->nlabels, sizeof *a->labels, prom_label_cmp);
	return 0;
}

/* Read the alert object e (alerts[i]) into a (its strings copied and sanitized). */
static int prom_alert_one(const json_t *e, size_t i, struct prom_alert *a, struct prom_result *res)
{
	const json_t *labels, *ann;
	if (!json_is_object(e)) {
		prom_fail(res, "alerts[%zu] is not an object", i);
		return -1;
	}
	if (prom_object(e, "labels", i, &labels, res) ||
	    prom_object(e, "annotations", i, &ann, res))
		return -1;
	const char *name = prom_member(labels, "alertname", "labels.", i, res);
	const char *state = name ? prom_member(e, "state", "", i, res) : NULL;
	const char *sum = state ? prom_member(ann, "summary", "annotations.", i, res) : NULL;
	const char *desc = sum ? prom_member(ann, "description", "annotations.", i, res) : NULL;
	const char *book = desc ? prom_member(ann, "runbook_url", "annotations.", i, res) : NULL;
	const char *sev = book ? prom_member(labels, "severity", "labels.", i, res) : NULL;
	if (sev == NULL || prom_alert_numbers(e, i, a, res) != 0 ||
	    (labels && prom_alert_labels(labels, i, a, res) != 0))
		return -1;
	a->name = prom_strdup(name);
	a->state = prom_strdup(state);
	a->severity = prom_strdup(sev);
	a->summary = prom_strdup(sum[0] != '\0' ? sum : desc);
	a->description = prom_strdup(desc);
	a->runbook = prom_strdup(book);
	return 0;
}

/* Read data {alerts: [...]} into a new array (NULL when none); *n its length. */
static struct prom_alert *prom_alerts(const json_t *data, size_t *n, struct prom_result *res)
{
	const json_t *list = json_is_object(data) ? json_object_get(data, "alerts") : NULL;
	if (!json_is_object(data) ||
	    (list != NULL && !json_is_null(list) && !json_is_array(list))) {
		prom_fail(res, json_is_object(data) ? "data.alerts is not an array"
						    : "data is not an object");
		return NULL;
	}
	if (json_array_size(list) > PROM_LIMIT_STRINGS) {
		prom_fail(res, "%zu alerts in the answer (at most %d)", json_array_size(list),
			  PROM_LIMIT_STRINGS);
		return NULL;
	}
	res->ok = 1;
	if (json_array_size(list) == 0)
		return NULL;
	struct prom_alert *a = xcalloc(json_array_size(list), sizeof *a);
	for (*n = 0; *n < json_array_size(list); (*n)++) {
		if (prom_alert_one(json_array_get(list, *n), *n, &a[*n], res) != 0) {
			prom_alerts_free(a, *n + 1); /* the one that failed may hold some labels */
			*n = 0;
			return NULL;
		}
	}
	return a;
}

/* Parse /api/v1/alerts; *n gets the count. NULL when none or on error; else prom_alerts_free. */
struct prom_alert *prom_parse_alerts(long status, const char *body, size_t len, size_t *n,
				     struct prom_result *res)
{
	struct prom_parse pp;
	struct prom_alert *a = NULL;
	prom_parse_init(&pp, res);
	*n = 0;
	const json_t *data = prom_envelope(&pp, status, body, len);
	if (data != NULL)
		a = prom_alerts(data, n, res);
	prom_parse_done(&pp);
	return a;
}
