/*
 * test_prom.c: the Prometheus API client: forms, the envelope, result shapes,
 * engines, hostile input. Cases under $KPIDASH_TESTDATA/prom/<case>/ (default
 * tests/data) hold input.json and expected.txt: lines "http N", "server S" and
 * "parse query|buildinfo|strings|alerts" say how to parse; every other line
 * (but "#" comments) is the expected rendering, compared as text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/prom.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "tests/unit/helpers.h"

/* U+FFFD as UTF-8. */
#define R "\xef\xbf\xbd"

/* ---- text buffers ---- */

/* Print v into out with the first format of fmt (a precision 0..17) that reads back the same. */
static void num_shortest(char *out, size_t size, const char *fmt, int from, double v)
{
	for (int prec = from; prec <= 17; prec++) {
		snprintf(out, size, fmt, prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

/* Format v in the C locale, the shortest that reads back: decimals, else e-notation; NaN, +Inf. */
static void num(char *out, size_t size, double v)
{
	if (isnan(v) || isinf(v)) {
		snprintf(out, size, "%s", isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf");
		return;
	}
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old = uselocale(c);
	if (v == 0 || (fabs(v) >= 1e-4 && fabs(v) < 1e15))
		num_shortest(out, size, "%.*f", 0, v);
	else
		num_shortest(out, size, "%.*g", 1, v);
	uselocale(old);
	freelocale(c);
}

/* A file's whole contents in exactly len bytes (NUL-terminated one byte past), or NULL. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		xgrow(&b.s, &b.cap, b.n + n + 1, 1);
		memcpy(b.s + b.n, chunk, n);
		b.n += n;
	}
	fclose(f);
	*len = b.n;
	char *out = xmalloc(b.n + 1);
	if (b.n > 0)
		memcpy(out, b.s, b.n);
	out[b.n] = '\0';
	free(b.s);
	return out;
}

/* ---- rendering results as text ---- */

/* Render the fields of res every parse shares. */
static void render_result(struct buf *b, const struct prom_result *res)
{
	buf_add(b, "ok %d\n", res->ok);
	if (res->error_type[0])
		buf_add(b, "error_type %s\n", res->error_type);
	if (res->error[0])
		buf_add(b, "error %s\n", res->error);
	if (res->warnings[0])
		buf_add(b, "warnings %s\n", res->warnings);
	if (res->partial)
		buf_add(b, "partial %d\n", res->partial);
}

/* Render one series: {name="value",...}<TAB>t v t v ... */
static void render_series(struct buf *b, const struct series *s)
{
	char t[40], v[40];
	buf_add(b, "{");
	for (size_t i = 0; i < s->nlabels; i++)
		buf_add(b, "%s%s=\"%s\"", i ? "," : "", s->labels[i].name, s->labels[i].value);
	buf_add(b, "}\t");
	for (size_t i = 0; i < s->n; i++) {
		num(t, sizeof t, s->t[i]);
		num(v, sizeof v, s->v[i]);
		buf_add(b, "%s%s %s", i ? " " : "", t, v);
	}
	buf_add(b, "\n");
}

/* Render a list of alerts: name, state, summary, active_at, value, tab-separated. */
static void render_alerts(struct buf *b, const struct prom_alert *a, size_t n)
{
	char at[40], v[40];
	buf_add(b, "alerts %zu%s\n", n, a == NULL ? " (null)" : "");
	for (size_t i = 0; i < n; i++) {
		num(at, sizeof at, a[i].active_at);
		num(v, sizeof v, a[i].value);
		buf_add(b, "alert %s\t%s\t%s\t%s\t%s\n", a[i].name, a[i].state, a[i].summary, at,
			v);
	}
}

/* ---- invariants every answer keeps, hostile or not ---- */

/* Check what any parse promises: clean strings, an error exactly when not ok. */
static void check_result(const struct prom_result *res)
{
	assert_true(text_is_clean(res->error_type));
	assert_true(text_is_clean(res->error));
	assert_true(text_is_clean(res->warnings));
	assert_true(res->ok == 0 || res->ok == 1);
	assert_int_equal(res->ok, res->error[0] == '\0');
}

/* Check a parsed set: clean labels, strictly ascending times. */
static void check_set(const struct series_set *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		const struct series *s = &ss->items[i];
		for (size_t k = 0; k < s->nlabels; k++) {
			assert_true(text_is_clean(s->labels[k].name));
			assert_true(text_is_clean(s->labels[k].value));
		}
		for (size_t k = 1; k < s->n; k++)
			assert_true(s->t[k - 1] < s->t[k]);
	}
}

/* ---- running each kind of parse ---- */

/* Parse a query answer and render it. */
static void run_query(struct buf *b, long http, const char *in, size_t len)
{
	struct series_set ss;
	struct prom_result res;
	series_set_init(&ss);
	int rc = prom_parse_query(http, in, len, &ss, &res);
	check_result(&res);
	check_set(&ss);
	assert_int_equal(rc, res.ok ? 0 : -1);
	if (!res.ok)
		assert_int_equal(ss.n, 0);
	render_result(b, &res);
	for (size_t i = 0; i < ss.n; i++)
		render_series(b, &ss.items[i]);
	series_set_done(&ss);
}

/* Parse a buildinfo answer and render it. */
static void run_buildinfo(struct buf *b, long http, const char *in, size_t len, const char *server)
{
	struct prom_buildinfo bi;
	struct prom_result res;
	int rc = prom_parse_buildinfo(http, in, len, server, &bi, &res);
	check_result(&res);
	assert_int_equal(rc, res.ok ? 0 : -1);
	assert_true(text_is_clean(bi.engine) && text_is_clean(bi.version));
	render_result(b, &res);
	buf_add(b, "engine %s\n", bi.engine);
	if (bi.version[0])
		buf_add(b, "version %s\n", bi.version);
}

/* Parse a label-names or label-values answer and render it. */
static void run_strings(struct buf *b, long http, const char *in, size_t len)
{
	struct prom_result res;
	char **v = prom_parse_strings(http, in, len, &res);
	check_result(&res);
	assert_int_equal(v != NULL, res.ok);
	render_result(b, &res);
	for (size_t i = 0; v != NULL && v[i] != NULL; i++) {
		assert_true(text_is_clean(v[i]));
		buf_add(b, "string %s\n", v[i]);
	}
	prom_strings_free(v);
}

/* Parse an alerts answer and render it. */
static void run_alerts(struct buf *b, long http, const char *in, size_t len)
{
	struct prom_result res;
	size_t n = 99;
	struct prom_alert *a = prom_parse_alerts(http, in, len, &n, &res);
	check_result(&res);
	assert_true((a == NULL) == (n == 0));
	if (!res.ok)
		assert_null(a);
	for (size_t i = 0; i < n; i++)
		assert_true(text_is_clean(a[i].name) && text_is_clean(a[i].state) &&
			    text_is_clean(a[i].summary));
	render_result(b, &res);
	render_alerts(b, a, n);
	prom_alerts_free(a, n);
}

/* ---- data-driven cases ---- */

/* One case directory: its input, how to parse it, and the expected rendering. */
struct tcase {
	char *input;
	size_t len;
	long http;
	char server[128];
	char parse[16];
	struct buf want;
};

/* Take one line of expected.txt: an input directive, a comment, or expected text. */
static void case_line(struct tcase *c, const char *line)
{
	if (line[0] == '#' || line[0] == '\0')
		return;
	if (strncmp(line, "http ", 5) == 0)
		c->http = strtol(line + 5, NULL, 10);
	else if (strncmp(line, "server ", 7) == 0)
		snprintf(c->server, sizeof c->server, "%s", line + 7);
	else if (strncmp(line, "parse ", 6) == 0)
		snprintf(c->parse, sizeof c->parse, "%s", line + 6);
	else
		buf_add(&c->want, "%s\n", line);
}

/* Load the case in dir; 0, or -1 when a file is missing. */
static int case_load(const char *dir, struct tcase *c)
{
	char path[1024];
	size_t n;
	memset(c, 0, sizeof *c);
	c->http = 200;
	snprintf(c->parse, sizeof c->parse, "query");
	snprintf(path, sizeof path, "%s/expected.txt", dir);
	char *exp = read_file(path, &n);
	snprintf(path, sizeof path, "%s/input.json", dir);
	c->input = read_file(path, &c->len);
	if (exp == NULL || c->input == NULL) {
		free(exp);
		free(c->input);
		return -1;
	}
	for (char *line = strtok(exp, "\n"); line != NULL; line = strtok(NULL, "\n"))
		case_line(c, line);
	free(exp);
	return 0;
}

/* Run a parse of kind on exactly len bytes of in (a copy: ASan sees any over-read). */
static void run_kind(struct buf *b, const char *kind, long http, const char *in, size_t len,
		     const char *server)
{
	char *exact = xmalloc(len ? len : 1);
	memcpy(exact, in, len);
	if (strcmp(kind, "buildinfo") == 0)
		run_buildinfo(b, http, exact, len, server);
	else if (strcmp(kind, "strings") == 0)
		run_strings(b, http, exact, len);
	else if (strcmp(kind, "alerts") == 0)
		run_alerts(b, http, exact, len);
	else
		run_query(b, http, exact, len);
	free(exact);
}

/* Order directory names for qsort. */
static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The case directories under $KPIDASH_TESTDATA/prom, sorted; *n gets the count. */
static char **case_dirs(size_t *n)
{
	const char *root = getenv("KPIDASH_TESTDATA");
	char base[512];
	snprintf(base, sizeof base, "%s/prom", root && *root ? root : "tests/data");
	DIR *d = opendir(base);
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	*n = 0;
	if (d == NULL) {
		fprintf(stderr,
			"cannot open %s (run from the repository root or set KPIDASH_TESTDATA)\n",
			base);
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		xgrow(&v, &cap, *n + 1, sizeof *v);
		v[*n] = xmalloc(strlen(base) + strlen(e->d_name) + 2);
		sprintf(v[*n], "%s/%s", base, e->d_name);
		(*n)++;
	}
	closedir(d);
	qsort(v, *n, sizeof *v, name_cmp);
	return v;
}

/* Free what case_dirs returned. */
static void case_dirs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Run every case; returns how many failed (each failure printed with both renderings). */
static size_t run_cases(size_t *ran)
{
	size_t n, failed = 0;
	char **dirs = case_dirs(&n);
	*ran = 0;
	for (size_t i = 0; i < n; i++) {
		struct tcase c;
		struct buf got = {0};
		if (case_load(dirs[i], &c) != 0) {
			fprintf(stderr, "%s: input.json or expected.txt missing\n", dirs[i]);
			failed++;
			continue;
		}
		run_kind(&got, c.parse, c.http, c.input, c.len, c.server[0] ? c.server : NULL);
		if (c.want.s == NULL || strcmp(got.s, c.want.s) != 0) {
			fprintf(stderr, "FAIL %s\n--- want\n%s--- got\n%s", dirs[i],
				c.want.s ? c.want.s : "", got.s);
			failed++;
		}
		(*ran)++;
		free(got.s);
		free(c.want.s);
		free(c.input);
	}
	case_dirs_free(dirs, n);
	return failed;
}

/* ---- a locale whose decimal point is a comma ---- */

/* Every case gives its expected rendering. */
static void test_cases(void **state)
{
	size_t ran;
	(void)state;
	assert_int_equal(run_cases(&ran), 0);
	assert_true(ran >= 40);
}

/* Every case gives the same rendering when the user's locale writes numbers with a comma. */
static void test_cases_comma_locale(void **state)
{
	size_t ran;
	char probe[16];
	(void)state;
	if (comma_locale_enter() != 0) {
		fprintf(stderr, "no comma locale (localedef failed?); skipping\n");
		skip();
	}
	snprintf(probe, sizeof probe, "%.1f", 4.2);
	assert_string_equal(probe, "4,2"); /* the locale really is in force */
	size_t failed = run_cases(&ran);
	snprintf(probe, sizeof probe, "%.1f", 4.2);
	assert_string_equal(probe, "4,2"); /* and the parser gave it back */
	setlocale(LC_ALL, "C");
	assert_int_equal(failed, 0);
	assert_true(ran >= 40);
}

/* ---- forms ---- */

/* Decode a percent-encoded string (the test's own decoder), or NULL when malformed. */
static char *form_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		unsigned int x;
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= n || sscanf(s + i + 1, "%2X", &x) != 1) {
			free(out);
			return NULL;
		}
		*o++ = (char)x;
		i += 2;
	}
	*o = '\0';
	return out;
}

/* A PromQL with spaces, braces, quotes, '+', '=' and '~' is percent-encoded byte by byte. */
static void test_form_query_encoding(void **state)
{
	const char *q =
	    "sum by (job) (rate(http_requests_total{code=~\"5..\",path!=\"/a b\"}[5m])) "
	    "+ 1 == 2";
	(void)state;
	char *f = prom_form_query(q, 1700003600.5);
	assert_string_equal(f, "query=sum%20by%20%28job%29%20%28rate%28http_requests_total%7Bcode"
			       "%3D~%225..%22%2Cpath%21%3D%22%2Fa%20b%22%7D%5B5m%5D%29%29%20%2B%201"
			       "%20%3D%3D%202&time=1700003600.5");
	free(f);
	f = prom_form_query("up{job=\"caf\xc3\xa9\"}&x", 1700003600);
	assert_string_equal(f, "query=up%7Bjob%3D%22caf%C3%A9%22%7D%26x&time=1700003600");
	free(f);
	f = prom_form_query("", 1);
	assert_string_equal(f, "query=&time=1");
	free(f);
}

/* Times are plain decimal seconds: at most three decimals, no trailing zeros, never e-notation. */
static void test_form_times(void **state)
{
	(void)state;
	static const struct {
		double t;
		const char *want;
	} cases[] = {
	    {1700003600, "query=up&time=1700003600"},
	    {1700003600.125, "query=up&time=1700003600.125"},
	    {1700003600.5, "query=up&time=1700003600.5"},
	    {1700003600.0004, "query=up&time=1700003600"},
	    {1700003600.9996, "query=up&time=1700003601"},
	    {0.1 + 0.2, "query=up&time=0.3"},
	    {1e-9, "query=up&time=0"},
	    {-1.5, "query=up&time=-1.5"},
	    {1e14, "query=up&time=100000000000000"},
	    {NAN, "query=up"}, /* no time: the server's now */
	    {INFINITY, "query=up"},
	    {1e20, "query=up"}, /* not a time any server takes */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *f = prom_form_query("up", cases[i].t);
		assert_string_equal(f, cases[i].want);
		free(f);
	}
	char *f = prom_form_query_range("rate(x[5m])", 1700000000, 1700003600.25, 15);
	assert_string_equal(f,
			    "query=rate%28x%5B5m%5D%29&start=1700000000&end=1700003600.25&step=15");
	free(f);
	f = prom_form_query_range("up", 1700000000.5, 1700086400, 0.25);
	assert_string_equal(f, "query=up&start=1700000000.5&end=1700086400&step=0.25");
	free(f);
}

/* A long query (sent as POST) is encoded whole, only unreserved bytes and %XX, and decodes back. */
static void test_form_long_query(void **state)
{
	(void)state;
	size_t n = 20000;
	char *q = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		q[i] = (char)(1 + (i * 37) % 255); /* every byte but NUL */
	q[n] = '\0';
	char *f = prom_form_query_range(q, 1, 2, 3);
	const char *amp = strstr(f, "&start=");
	assert_non_null(amp);
	assert_string_equal(amp, "&start=1&end=2&step=3");
	for (const char *p = f + 6; p < amp; p++)
		assert_true(
		    strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%",
			   *p) != NULL);
	char *back = form_decode(f + 6, (size_t)(amp - f - 6));
	assert_non_null(back);
	assert_string_equal(back, q);
	free(back);
	free(f);
	free(q);
}

/* Forms write '.' even when the user's locale writes numbers with a comma. */
static void test_form_comma_locale(void **state)
{
	(void)state;
	if (comma_locale_enter() != 0)
		skip();
	char *f = prom_form_query_range("up", 1700000000.5, 1700003600.25, 0.5);
	char *g = prom_form_query("up", 1700003600.125);
	setlocale(LC_ALL, "C");
	assert_string_equal(f, "query=up&start=1700000000.5&end=1700003600.25&step=0.5");
	assert_string_equal(g, "query=up&time=1700003600.125");
	free(f);
	free(g);
}

/* ---- the envelope ---- */

/* Parse a query answer held in a C string; returns the series count, res filled. */
static size_t parse(long http, const char *body, struct prom_result *res)
{
	struct series_set ss;
	series_set_init(&ss);
	prom_parse_query(http, body, strlen(body), &ss, res);
	check_result(res);
	check_set(&ss);
	size_t n = ss.n;
	series_set_done(&ss);
	return n;
}

/* Any field of the envelope may be absent: status, warnings, infos; data alone is enough. */
static void test_envelope_fields_absent(void **state)
{
	struct prom_result res;
	(void)state;
	assert_int_equal(parse(200, "{\"data\":{\"resultType\":\"vector\",\"result\":[]}}", &res),
			 0);
	assert_int_equal(res.ok, 1);
	parse(200, "{\"status\":\"success\"}", &res);
	assert_string_equal(res.error, "no data in the answer");
	parse(200, "{\"status\":\"error\"}", &res);
	assert_string_equal(res.error, "the server answered an error without a message");
	parse(503, "{}", &res);
	assert_string_equal(res.error, "HTTP 503 without an error message");
	parse(200, "{\"error\":\"boom\"}", &res);
	assert_string_equal(res.error, "boom");
	parse(200, "{\"status\":\"success\",\"data\":{\"result\":[]}}", &res);
	assert_string_equal(res.error, "no resultType in the answer");
	parse(200, "{\"status\":\"maybe\",\"data\":{}}", &res);
	assert_string_equal(res.error, "unknown status \"maybe\"");
	parse(200, "", &res);
	assert_string_equal(res.error, "empty answer from the server (HTTP 200)");
	struct series_set ss;
	series_set_init(&ss);
	assert_int_equal(prom_parse_query(200, NULL, 0, &ss, &res), -1);
	assert_string_equal(res.error, "empty answer from the server (HTTP 200)");
}

/* Each errorType with the HTTP status Prometheus gives it: ok 0, type and message copied. */
static void test_error_types(void **state)
{
	static const struct {
		const char *type;
		long http;
	} types[] = {{"bad_data", 400}, {"execution", 422}, {"canceled", 499},
		     {"timeout", 503},	{"internal", 500},  {"not_found", 404}};
	char body[256];
	(void)state;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		struct prom_result res;
		struct series_set ss;
		series_set_init(&ss);
		series_push(series_set_add(&ss), 1, 2); /* the caller's series stay as they were */
		snprintf(body, sizeof body,
			 "{\"status\":\"error\",\"errorType\":\"%s\",\"error\":\"went %s\"}",
			 types[i].type, types[i].type);
		assert_int_equal(prom_parse_query(types[i].http, body, strlen(body), &ss, &res),
				 -1);
		assert_int_equal(res.ok, 0);
		assert_string_equal(res.error_type, types[i].type);
		assert_true(strncmp(res.error, "went ", 5) == 0);
		assert_int_equal(ss.n, 1);
		series_set_done(&ss);
	}
}

/* An HTTP error status with a "success" body is still an error; a number errorType is kept. */
static void test_error_status_wins(void **state)
{
	struct prom_result res;
	(void)state;
	assert_int_equal(parse(500,
			       "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
			       "\"result\":[{\"metric\":{},\"value\":[1,\"1\"]}]}}",
			       &res),
			 0);
	assert_int_equal(res.ok, 0);
	assert_string_equal(res.error, "HTTP 500 without an error message");
	parse(422, "{\"status\":\"error\",\"errorType\":422,\"error\":\"x\"}", &res);
	assert_string_equal(res.error_type, "422");
}

/* A wrong path prefix answers a plain-text 404: the message says to check the URL. */
static void test_not_found_plain(void **state)
{
	static const char want[] =
	    "not a Prometheus API here (HTTP 404: check the URL and path prefix)";
	struct prom_result res;
	struct prom_buildinfo bi;
	(void)state;
	parse(404, "404 page not found\n", &res);
	assert_string_equal(res.error, want);
	parse(200, "404 page not found", &res); /* a proxy that says 200 */
	assert_string_equal(res.error, want);
	parse(404, "<html>Not Found</html>", &res);
	assert_string_equal(res.error, want);
	assert_int_equal(prom_parse_buildinfo(404, "404 page not found\n", 19, NULL, &bi, &res),
			 -1);
	assert_string_equal(res.error, want);
	assert_null(prom_parse_strings(404, "404 page not found\n", 19, &res));
	assert_string_equal(res.error, want);
	parse(200, "404 page", &res); /* shorter than the phrase: plain bad JSON */
	assert_true(strncmp(res.error, "invalid JSON from the server: ", 30) == 0);
}

/* ---- values, timestamps, shapes ---- */

/* Values are strings: NaN, +Inf, -Inf, e-notation; a number where a string belongs is refused. */
static void test_values_are_strings(void **state)
{
	struct prom_result res;
	struct series_set ss;
	const char *body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
			   "[{\"metric\":{},\"values\":[[1,\"NaN\"],[2,\"+Inf\"],[3,\"-Inf\"],"
			   "[4,\"1.5e-07\"],[5,\"-0\"],[6,\"1e+21\"]]}]}}";
	(void)state;
	series_set_init(&ss);
	assert_int_equal(prom_parse_query(200, body, strlen(body), &ss, &res), 0);
	const struct series *s = &ss.items[0];
	assert_int_equal(s->n, 6);
	assert_true(isnan(s->v[0]));
	assert_true(isinf(s->v[1]) && s->v[1] > 0);
	assert_true(isinf(s->v[2]) && s->v[2] < 0);
	assert_true(s->v[3] == 1.5e-07);
	assert_true(s->v[4] == 0 && signbit(s->v[4]));
	assert_true(s->v[5] == 1e21);
	series_set_done(&ss);
	parse(200, "{\"data\":{\"resultType\":\"scalar\",\"result\":[1,2]}}", &res);
	assert_string_equal(res.error, "result has a value that is not a string");
	parse(200, "{\"data\":{\"resultType\":\"scalar\",\"result\":[1,\" 2\"]}}", &res);
	assert_string_equal(res.error, "result has \" 2\", not a number");
	parse(200, "{\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"\"]}}", &res);
	assert_string_equal(res.error, "result has \"\", not a number");
}

/* Timestamps are seconds: a bare integer when whole, else up to three decimals. */
static void test_timestamps(void **state)
{
	struct prom_result res;
	struct series_set ss;
	const char *body = "{\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
			   "\"values\":[[1700003600,\"1\"],[1700003600.5,\"2\"],"
			   "[1700003600.125,\"3\"]]}]}}";
	(void)state;
	series_set_init(&ss);
	assert_int_equal(prom_parse_query(200, body, strlen(body), &ss, &res), 0);
	const struct series *s = &ss.items[0];
	assert_int_equal(s->n, 3);
	assert_true(s->t[0] == 1700003600.0);
	assert_true(s->t[1] == 1700003600.125); /* sorted: 0.125 before 0.5 */
	assert_true(s->t[2] == 1700003600.5);
	assert_true(s->v[1] == 3 && s->v[2] == 2);
	series_set_done(&ss);
}

/* Numbers are read in the C locale even when the user's locale writes them with a comma. */
static void test_comma_locale(void **state)
{
	struct prom_result res;
	struct series_set ss;
	const char *body = "{\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
			   "\"values\":[[1700003600.25,\"0.5\"],[1700003601.5,\"1.5e-07\"],"
			   "[1700003602,\"+Inf\"]]}]}}";
	(void)state;
	if (comma_locale_enter() != 0)
		skip();
	series_set_init(&ss);
	int rc = prom_parse_query(200, body, strlen(body), &ss, &res);
	const char *point = localeconv()->decimal_point;
	int still_comma = strcmp(point, ",") == 0;
	setlocale(LC_ALL, "C");
	assert_int_equal(rc, 0);
	assert_true(still_comma);
	const struct series *s = &ss.items[0];
	assert_true(s->t[0] == 1700003600.25 && s->v[0] == 0.5);
	assert_true(s->t[1] == 1700003601.5 && s->v[1] == 1.5e-07);
	assert_true(isinf(s->v[2]));
	series_set_done(&ss);
}

/* Vector order is undefined: every order of the same answer gives the same sorted set. */
static void test_vector_order(void **state)
{
	static const char *const el[] = {
	    "{\"metric\":{\"job\":\"b\",\"i\":\"1\"},\"value\":[1,\"1\"]}",
	    "{\"metric\":{\"job\":\"a\",\"i\":\"2\"},\"value\":[1,\"2\"]}",
	    "{\"metric\":{\"job\":\"a\"},\"value\":[1,\"3\"]}",
	    "{\"metric\":{\"i\":\"1\",\"job\":\"a\"},\"value\":[1,\"4\"]}",
	};
	static const int perms[][4] = {{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}, {1, 3, 0, 2}};
	struct series_set first, ss;
	struct prom_result res;
	char body[1024];
	(void)state;
	series_set_init(&first);
	for (size_t p = 0; p < 4; p++) {
		snprintf(body, sizeof body,
			 "{\"data\":{\"resultType\":\"vector\",\"result\":[%s,%s,%s,%s]}}",
			 el[perms[p][0]], el[perms[p][1]], el[perms[p][2]], el[perms[p][3]]);
		series_set_init(&ss);
		assert_int_equal(prom_parse_query(200, body, strlen(body), &ss, &res), 0);
		if (p == 0)
			series_set_move(&first, &ss);
		else
			assert_true(series_set_equal(&first, &ss));
		series_set_done(&ss);
	}
	/* by labels in name order: {i=1,job=a} {i=1,job=b} {i=2,job=a} {job=a} */
	assert_true(first.items[0].v[0] == 4 && first.items[1].v[0] == 1);
	assert_true(first.items[2].v[0] == 2 && first.items[3].v[0] == 3);
	series_set_done(&first);
}

/* Parsed series are appended after what out already holds. */
static void test_appended(void **state)
{
	struct prom_result res;
	struct series_set ss;
	const char *body = "{\"data\":{\"resultType\":\"scalar\",\"result\":[5,\"6\"]}}";
	(void)state;
	series_set_init(&ss);
	series_label_set(series_set_add(&ss), "mine", "1");
	assert_int_equal(prom_parse_query(200, body, strlen(body), &ss, &res), 0);
	assert_int_equal(ss.n, 2);
	assert_string_equal(series_label(&ss.items[0], "mine"), "1");
	assert_true(ss.items[1].nlabels == 0 && ss.items[1].v[0] == 6);
	series_set_done(&ss);
}

/* A native-histogram sample, whatever it holds, is skipped and counted, never a crash. */
static void test_histogram_sample(void **state)
{
	struct prom_result res;
	(void)state;
	assert_int_equal(parse(200,
			       "{\"data\":{\"resultType\":\"vector\",\"result\":["
			       "{\"metric\":{},\"histogram\":\"garbage\"},"
			       "{\"metric\":{},\"histogram\":[1,{\"buckets\":7}]}]}}",
			       &res),
			 0);
	assert_int_equal(res.ok, 1);
	assert_string_equal(res.warnings, "2 native-histogram samples skipped");
	assert_int_equal(parse(200,
			       "{\"data\":{\"resultType\":\"matrix\",\"result\":["
			       "{\"metric\":{},\"histograms\":null}]}}",
			       &res),
			 0);
	assert_string_equal(res.warnings, "1 native-histogram sample skipped");
}

/* ---- engines ---- */

/* Thanos' partial answer is 200 with warnings; PromQL annotations alone are not partial. */
static void test_partial(void **state)
{
	struct prom_result res;
	(void)state;
	parse(200,
	      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]},"
	      "\"warnings\":[\"receive series from Addr: 10.0.0.7:10901: rpc error: code = "
	      "Unavailable\"]}",
	      &res);
	assert_int_equal(res.ok, 1);
	assert_int_equal(res.partial, 1);
	parse(200,
	      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]},"
	      "\"warnings\":[\"PromQL warning: x\"],\"infos\":[\"PromQL info: y\"]}",
	      &res);
	assert_int_equal(res.partial, 0);
	assert_string_equal(res.warnings, "PromQL warning: x; PromQL info: y");
	parse(200, "{\"isPartial\":true,\"data\":{\"resultType\":\"vector\",\"result\":[]}}", &res);
	assert_int_equal(res.partial, 1);
	parse(200, "{\"isPartial\":\"yes\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
	      &res);
	assert_string_equal(res.error, "isPartial is not a boolean");
	parse(200, "{\"warnings\":\"one\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
	      &res);
	assert_string_equal(res.error, "warnings is not an array");
}

/* Buildinfo names the engine: Prometheus by its fields, VictoriaMetrics' {} by the server hint. */
static void test_buildinfo_engines(void **state)
{
	static const struct {
		const char *body, *server, *engine, *version;
	} cases[] = {
	    {"{\"status\":\"success\",\"data\":{}}", "VictoriaMetrics/1.79.0", "VictoriaMetrics",
	     ""},
	    {"{\"status\":\"success\",\"data\":{}}", "victoria-metrics", "unknown", ""},
	    {"{\"status\":\"success\",\"data\":{}}", NULL, "unknown", ""},
	    {"{\"data\":{\"version\":\"2.45.0\",\"revision\":\"8ef767e\",\"branch\":\"HEAD\"}}",
	     NULL, "Prometheus", "2.45.0"},
	    {"{\"data\":{\"version\":\"2.45.0\",\"revision\":\"8ef767e\",\"branch\":\"HEAD\"}}",
	     "Thanos Query", "Thanos", "2.45.0"},
	    {"{\"data\":{\"version\":\"0.34.1-thanos\",\"branch\":\"HEAD\"}}", NULL, "Thanos",
	     "0.34.1-thanos"},
	    {"{\"data\":{\"version\":\"2.24.0\"}}", NULL, "Prometheus-compatible", "2.24.0"},
	    {"{\"data\":{\"application\":\"Cortex\",\"version\":\"1.16\",\"branch\":\"x\"}}", NULL,
	     "Prometheus-compatible", "1.16"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct prom_buildinfo bi;
		struct prom_result res;
		const char *b = cases[i].body;
		assert_int_equal(
		    prom_parse_buildinfo(200, b, strlen(b), cases[i].server, &bi, &res), 0);
		assert_string_equal(bi.engine, cases[i].engine);
		assert_string_equal(bi.version, cases[i].version);
	}
}

/* ---- alerts ---- */

/* activeAt is RFC 3339 (any fraction, Z or an offset); a bad one is refused, a missing one NaN. */
static void test_alert_times(void **state)
{
	static const struct {
		const char *at;
		double want; /* NaN: refused */
	} cases[] = {
	    {"2023-11-14T22:13:20Z", 1700000000},
	    {"2023-11-14t22:13:20z", 1700000000},
	    {"2023-11-14T22:13:20.5Z", 1700000000.5},
	    {"2023-11-14T23:43:20+01:30", 1700000000},
	    {"2023-11-14T20:13:20-02:00", 1700000000},
	    {"1970-01-01T00:00:00Z", 0},
	    {"2000-02-29T00:00:00Z", 951782400},
	    {"1969-12-31T23:59:59Z", -1},
	    {"2023-11-14 22:13:20Z", NAN},
	    {"2023-11-14T22:13:20", NAN},
	    {"2023-13-14T22:13:20Z", NAN},
	    {"2023-11-14T22:13:20.Z", NAN},
	    {"2023-11-14T22:13:20+0100", NAN},
	    {"2023-11-14T22:13:20Zjunk", NAN},
	};
	char body[256];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct prom_result res;
		size_t n;
		snprintf(body, sizeof body, "{\"data\":{\"alerts\":[{\"activeAt\":\"%s\"}]}}",
			 cases[i].at);
		struct prom_alert *a = prom_parse_alerts(200, body, strlen(body), &n, &res);
		check_result(&res);
		if (isnan(cases[i].want)) {
			assert_null(a);
			assert_non_null(strstr(res.error, "is not an RFC 3339 time"));
			continue;
		}
		assert_int_equal(n, 1);
		assert_true(fabs(a[0].active_at - cases[i].want) < 1e-6);
		assert_true(isnan(a[0].value));
		assert_string_equal(a[0].name, "");
		prom_alerts_free(a, n);
	}
}

/* Alerts keep the first of summary and description; wrong types are refused. */
static void test_alert_fields(void **state)
{
	static const char *const bad[] = {
	    "{\"data\":{\"alerts\":[{\"labels\":[]}]}}",
	    "{\"data\":{\"alerts\":[{\"labels\":{\"alertname\":7}}]}}",
	    "{\"data\":{\"alerts\":[{\"annotations\":{\"summary\":{}}}]}}",
	    "{\"data\":{\"alerts\":[{\"state\":true}]}}",
	    "{\"data\":{\"alerts\":[{\"value\":\"high\"}]}}",
	    "{\"data\":{\"alerts\":[{\"activeAt\":1700000000}]}}",
	    "{\"data\":{\"alerts\":{}}}",
	    "{\"data\":[]}",
	    "{\"data\":{\"alerts\":[1]}}",
	};
	const char *ok = "{\"data\":{\"alerts\":[{\"annotations\":{\"summary\":\"\","
			 "\"description\":\"d\"},\"value\":3}]}}";
	struct prom_result res;
	size_t n;
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_null(prom_parse_alerts(200, bad[i], strlen(bad[i]), &n, &res));
		check_result(&res);
		assert_int_equal(res.ok, 0);
		assert_int_equal(n, 0);
	}
	struct prom_alert *a = prom_parse_alerts(200, ok, strlen(ok), &n, &res);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].summary, "d");
	assert_true(a[0].value == 3);
	prom_alerts_free(a, n);
	assert_null(prom_parse_alerts(200, "{\"data\":{}}", 11, &n, &res));
	assert_int_equal(res.ok, 1);
}

/* An alert keeps every label (sorted), its severity, description and runbook, all made harmless. */
static void test_alert_labels(void **state)
{
	(void)state;
	const char *body =
	    "{\"status\":\"success\",\"data\":{\"alerts\":[{\"labels\":{\"team\":\"x\\u001b[31m\","
	    "\"severity\":\"page\",\"alertname\":\"SLOBurn\",\"model\":\"doc-extract\"},"
	    "\"annotations\":{\"summary\":\"burning\\u001b]0;pwned\\u0007 fast\",\"description\":"
	    "\"14x for an hour\",\"runbook_url\":\"https://runbooks.example/slo\"},"
	    "\"state\":\"firing\",\"activeAt\":\"2023-11-14T22:13:20Z\",\"value\":\"21.8\"}]}}";
	struct prom_result res;
	size_t n;
	struct prom_alert *a = prom_parse_alerts(200, body, strlen(body), &n, &res);
	check_result(&res);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].name, "SLOBurn");
	assert_string_equal(a[0].severity, "page");
	assert_string_equal(a[0].description, "14x for an hour");
	assert_string_equal(a[0].runbook, "https://runbooks.example/slo");
	assert_true(a[0].value == 21.8);
	assert_int_equal(a[0].nlabels, 4);
	static const char *const names[] = {"alertname", "model", "severity", "team"};
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(a[0].labels[i].name, names[i]);
	/* no escape sequence survives into any string */
	assert_null(strchr(a[0].summary, '\x1b'));
	assert_null(strchr(a[0].summary, '\a'));
	assert_null(strchr(a[0].labels[3].value, '\x1b'));
	assert_non_null(strstr(a[0].summary, "burning"));
	prom_alerts_free(a, n);

	/* a label that is not a string fails the answer, and frees what it had read */
	const char *bad = "{\"data\":{\"alerts\":[{\"labels\":{\"a\":\"1\",\"b\":2}}]}}";
	assert_null(prom_parse_alerts(200, bad, strlen(bad), &n, &res));
	assert_non_null(strstr(res.error, "alerts[0].labels.b is not a string"));
	/* absent ones read as empty */
	const char *bare = "{\"data\":{\"alerts\":[{\"labels\":{\"alertname\":\"A\"}}]}}";
	a = prom_parse_alerts(200, bare, strlen(bare), &n, &res);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].severity, "");
	assert_string_equal(a[0].runbook, "");
	assert_int_equal(a[0].nlabels, 1);
	prom_alerts_free(a, n);
}

/* ---- hostile input ---- */

/* An escape sequence, an OSC, C1 and a bidi override in a label come out harmless. */
static void test_label_sanitized(void **state)
{
	struct prom_result res;
	struct series_set ss;
	const char *body =
	    "{\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{"
	    "\"job\":\"\\u001b[31mred\\u001b[0m\",\"t\":\"a\\u001b]0;pwned\\u0007b\","
	    "\"bidi\":\"x\\u202ey\",\"c1\":\"p\\u009bq\"},\"value\":[1,\"1\"]}]}}";
	(void)state;
	series_set_init(&ss);
	assert_int_equal(prom_parse_query(200, body, strlen(body), &ss, &res), 0);
	const struct series *s = &ss.items[0];
	assert_string_equal(series_label(s, "job"), "red");
	assert_string_equal(series_label(s, "t"), "ab");
	assert_string_equal(series_label(s, "bidi"), "x" R "y");
	assert_string_equal(series_label(s, "c1"), "p" R "q");
	series_set_done(&ss);
}

/* Invalid UTF-8 is refused by the JSON parser; its message, quoting the bytes, stays clean. */
static void test_invalid_utf8(void **state)
{
	struct prom_result res;
	(void)state;
	parse(200,
	      "{\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a\":"
	      "\"\xc0\xaf\x9b\"}}]}}",
	      &res);
	assert_true(strncmp(res.error, "invalid JSON from the server: ", 30) == 0);
	parse(500,
	      "\x9b"
	      "2J\x1b]0;x\x07 broke\x7f",
	      &res);
	assert_string_equal(res.error, "HTTP 500: " R "2J broke" R);
}

/* Long messages are clipped whole characters at a time and end with an ellipsis. */
static void test_clipping(void **state)
{
	struct prom_result res;
	(void)state;
	for (int shift = 0; shift < 3; shift++) { /* the cut falls on each byte of a character */
		struct buf b = {0};
		buf_add(&b, "{\"status\":\"error\",\"errorType\":\"%.*s%s\",\"error\":\"%.*s",
			shift, "xx",
			"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
			"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
			shift, "xx");
		for (int i = 0; i < 200; i++)
			buf_add(&b, "\u20ac"); /* three bytes each */
		buf_add(&b, "\",\"warnings\":[");
		for (int i = 0; i < 40; i++)
			buf_add(&b, "%s\"warning number %d\"", i ? "," : "", i);
		buf_add(&b, "]}");
		parse(400, b.s, &res);
		free(b.s);
		size_t n = strlen(res.error);
		assert_true(n < sizeof res.error && n > sizeof res.error - 8);
		assert_string_equal(res.error + n - 3, "\xe2\x80\xa6");
		assert_true(strlen(res.error_type) < sizeof res.error_type);
		assert_string_equal(res.error_type + strlen(res.error_type) - 3, "\xe2\x80\xa6");
		assert_true(strncmp(res.warnings, "warning number 0; warning number 1; ", 36) == 0);
		assert_string_equal(res.warnings + strlen(res.warnings) - 3, "\xe2\x80\xa6");
	}
}

/* head, n copies of el joined by sep, then tail; the caller frees it. */
static char *repeat(const char *head, const char *el, const char *sep, size_t n, const char *tail)
{
	struct buf b = {0};
	buf_add(&b, "%s", head);
	for (size_t i = 0; i < n; i++)
		buf_add(&b, "%s%s", i ? sep : "", el);
	buf_add(&b, "%s", tail);
	return b.s;
}

/* Huge arrays, many labels and deep nesting are refused with a clear message. */
static void test_limits(void **state)
{
	struct prom_result res;
	(void)state;
	char *b = repeat("{\"data\":{\"resultType\":\"vector\",\"result\":[",
			 "{\"metric\":{},\"value\":[1,\"1\"]}", ",", 20001, "]}}");
	parse(200, b, &res);
	free(b);
	assert_string_equal(res.error,
			    "20001 series in the answer (at most 20000): narrow the query");
	b = repeat("{\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[",
		   "[1,\"1\"]", ",", 100001, "]}]}}");
	parse(200, b, &res);
	free(b);
	assert_string_equal(res.error,
			    "result[0] has 100001 points (at most 100000): use a longer step");
	struct buf lb = {0};
	buf_add(&lb, "{\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{");
	for (int i = 0; i < 600; i++)
		buf_add(&lb, "%s\"l%d\":\"v\"", i ? "," : "", i);
	buf_add(&lb, "},\"value\":[1,\"1\"]}]}}");
	parse(200, lb.s, &res);
	free(lb.s);
	assert_string_equal(res.error, "result[0] has 600 labels (at most 512)");
	b = repeat("{\"data\":", "[", "", 100000, "");
	parse(200, b, &res);
	free(b);
	assert_true(strncmp(res.error, "invalid JSON from the server: ", 30) == 0);
	b = repeat("{\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a\":", "[", "",
		   1000, "");
	char *c = repeat(b, "]", "", 1000, "},\"value\":[1,\"1\"]}]}}");
	free(b);
	parse(200, c, &res);
	free(c);
	assert_string_equal(res.error, "result[0].metric.a is not a string");
}

/* A small deterministic generator (xorshift64*), so the fuzz loop is the same every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Tokens a mutation may insert: structure, types and values the parser must survive. */
static const char *const fuzz_tokens[] = {
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "null",
    "true",
    "1e999",
    "-1",
    "1e308",
    "\"NaN\"",
    "\"+Inf\"",
    "\"1,5\"",
    "\\u001b[31m",
    "\\u202e",
    "\\u0000",
    "\\ud800",
    "\"histogram\":[1,{}]",
    "\"values\":",
    "\"value\":",
    "[]",
    "{}",
    "\"matrix\"",
    "\"vector\"",
    "\"scalar\"",
    "\"string\"",
    "\"error\"",
    "1700000000.5",
    "\"metric\":",
    "\\",
    "\"isPartial\":true,",
    "\"warnings\":[1],",
    "\"alerts\":",
    "\"activeAt\":\"2023-11-14T22:13:20Z\"",
    "[[1,\"1\"],[1,\"2\"]]",
    "\xc3",
    "\x1b]0;x\x07",
    "404 page not found",
};

/* Apply one random mutation to b (n bytes, room for cap); returns the new length. */
static size_t mutate(uint64_t *seed, char *b, size_t n, size_t cap, const char *other, size_t on)
{
	size_t at = n ? rnd(seed) % (n + 1) : 0, len;
	const char *ins = NULL;
	switch (rnd(seed) % 6) {
	case 0: /* flip a byte */
		if (n > 0)
			b[at % n] = (char)(rnd(seed) & 0xff);
		return n;
	case 1: /* delete a stretch */
		len = rnd(seed) % 16;
		if (at + len > n)
			len = n - at;
		memmove(b + at, b + at + len, n - at - len);
		return n - len;
	case 2: /* insert a token */
		ins = fuzz_tokens[rnd(seed) % (sizeof fuzz_tokens / sizeof fuzz_tokens[0])];
		len = strlen(ins);
		break;
	case 3: /* duplicate a stretch of itself */
		len = n ? rnd(seed) % 64 : 0;
		ins = b + (n ? rnd(seed) % n : 0);
		if (ins + len > b + n)
			len = (size_t)(b + n - ins);
		break;
	case 4: /* cut */
		return at;
	default: /* splice in a stretch of another case */
		len = on ? rnd(seed) % 128 : 0;
		ins = other + (on ? rnd(seed) % on : 0);
		if (ins + len > other + on)
			len = (size_t)(other + on - ins);
		break;
	}
	if (n + len > cap)
		return n;
	char *tmp = xmalloc(len ? len : 1);
	memcpy(tmp, ins, len);
	memmove(b + at + len, b + at, n - at);
	memcpy(b + at, tmp, len);
	free(tmp);
	return n + len;
}

/* Random mutations of every case, through every parser: no crash, the invariants hold. */
static void test_fuzz(void **state)
{
	static const long statuses[] = {200, 200, 200, 400, 404, 422, 500, 503};
	static const char *const kinds[] = {"query", "buildinfo", "strings", "alerts"};
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t ndirs;
	char **dirs = case_dirs(&ndirs);
	(void)state;
	assert_true(ndirs > 0);
	struct tcase *cases = xcalloc(ndirs, sizeof *cases);
	for (size_t i = 0; i < ndirs; i++)
		assert_int_equal(case_load(dirs[i], &cases[i]), 0);
	for (int it = 0; it < 4000; it++) {
		const struct tcase *c = &cases[rnd(&seed) % ndirs];
		const struct tcase *o = &cases[rnd(&seed) % ndirs];
		size_t cap = c->len + 1024, n = c->len;
		char *b = xmalloc(cap);
		memcpy(b, c->input, n);
		for (int m = 1 + (int)(rnd(&seed) % 4); m > 0; m--)
			n = mutate(&seed, b, n, cap, o->input, o->len);
		for (size_t k = 0; k < 4; k++) {
			struct buf out = {0};
			run_kind(&out, kinds[k], statuses[rnd(&seed) % 8], b, n,
				 rnd(&seed) % 2 ? "VictoriaMetrics" : NULL);
			free(out.s);
		}
		free(b);
	}
	for (size_t i = 0; i < ndirs; i++) {
		free(cases[i].input);
		free(cases[i].want.s);
	}
	free(cases);
	case_dirs_free(dirs, ndirs);
}

/* Run every Prometheus client test; remove a comma locale built on the way. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_cases_comma_locale),
	    cmocka_unit_test(test_form_query_encoding),
	    cmocka_unit_test(test_form_times),
	    cmocka_unit_test(test_form_long_query),
	    cmocka_unit_test(test_form_comma_locale),
	    cmocka_unit_test(test_envelope_fields_absent),
	    cmocka_unit_test(test_error_types),
	    cmocka_unit_test(test_error_status_wins),
	    cmocka_unit_test(test_not_found_plain),
	    cmocka_unit_test(test_values_are_strings),
	    cmocka_unit_test(test_timestamps),
	    cmocka_unit_test(test_comma_locale),
	    cmocka_unit_test(test_vector_order),
	    cmocka_unit_test(test_appended),
	    cmocka_unit_test(test_histogram_sample),
	    cmocka_unit_test(test_partial),
	    cmocka_unit_test(test_buildinfo_engines),
	    cmocka_unit_test(test_alert_times),
	    cmocka_unit_test(test_alert_fields),
	    cmocka_unit_test(test_alert_labels),
	    cmocka_unit_test(test_label_sanitized),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_clipping),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_fuzz),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	comma_locale_clean();
	return failed;
}
