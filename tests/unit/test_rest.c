/*
 * test_rest.c: the KPI-REST client: request paths, native answers, the JSON
 * path language of foreign APIs (client/jpath), and the real client/http.c
 * against tests/servers/kpi_rest_server (found through $KPIDASH_REST_SERVER,
 * else beside this binary, else build/kpi_rest_server), started by the first
 * test that needs it and stopped at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client/demo.h"
#include "client/http.h"
#include "client/jpath.h"
#include "client/rest.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "tests/unit/helpers.h"

#define TOKEN	   "rest-T0KEN-9c1"
#define SERVER_BIN "build/kpi_rest_server"
#define SEED	   42
#define DAY_START  1795435200.0 /* 2026-11-23 00:00 UTC */

/* ---- rendering series as text ---- */

/* Append v in its shortest form that reads back, "NaN" for a gap. */
static void buf_num(struct buf *b, double v)
{
	char s[40];
	if (isnan(v)) {
		buf_add(b, "NaN");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		buf_add(b, "%.0f", v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	buf_add(b, "%s", s);
}

/*
 * ss as text, in the C locale: a line per series, "{name=value,...}" then
 * " t:v" per point. The caller frees it.
 */
static char *render(const struct series_set *ss)
{
	struct buf b = {0};
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old = uselocale(c);
	buf_add(&b, "%s", ""); /* an empty set is "", not NULL */
	for (size_t i = 0; i < ss->n; i++) {
		const struct series *s = &ss->items[i];
		buf_add(&b, "%s{", i ? "\n" : "");
		for (size_t l = 0; l < s->nlabels; l++)
			buf_add(&b, "%s%s=%s", l ? "," : "", s->labels[l].name, s->labels[l].value);
		buf_add(&b, "}");
		for (size_t k = 0; k < s->n; k++) {
			buf_add(&b, " ");
			buf_num(&b, s->t[k]);
			buf_add(&b, ":");
			buf_num(&b, s->v[k]);
		}
	}
	uselocale(old);
	freelocale(c);
	return b.s;
}

/* Assert that ss renders as want. */
static void assert_render(const struct series_set *ss, const char *want)
{
	char *got = render(ss);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "want:\n%s\ngot:\n%s\n", want, got);
		free(got);
		fail();
	}
	free(got);
}

/* ---- a locale whose decimal point is a comma ---- */

/* ---- request paths ---- */

/* Assert that path is want, and free it. */
static void assert_path(char *path, const char *want)
{
	assert_non_null(path);
	assert_string_equal(path, want);
	free(path);
}

/* A range, a group and filters whose names and values need encoding. */
static void test_path_series(void **state)
{
	(void)state;
	struct kpi_query q = {
	    .kpi = "sla_compliance", .start = DAY_START, .end = DAY_START + 86400, .step = 900};
	assert_path(rest_path_series(&q),
		    "/v1/kpi/sla_compliance?start=1795435200&end=1795521600&step=900");
	const struct kpi_filter f[] = {{"team", "claims"}, {"queue", "a,b:c d/\xc3\xa9+%"}};
	q.group_by = "workflow";
	q.filter = f;
	q.nfilter = 2;
	q.promql = "ignored{x=\"y\"}";
	assert_path(rest_path_series(&q),
		    "/v1/kpi/sla_compliance?start=1795435200&end=1795521600&step=900"
		    "&group_by=workflow&filter=team:claims,queue:a%2Cb%3Ac%20d%2F%C3%A9%2B%25");
	struct kpi_query odd = {
	    .kpi = "a b/c?d", .start = 1.5, .end = -0.25, .step = 0.001, .group_by = "x&y"};
	assert_path(rest_path_series(&odd),
		    "/v1/kpi/a%20b%2Fc%3Fd?start=1.5&end=-0.25&step=0.001&group_by=x%26y");
}

/* Times that are not finite are left out, an empty group too; a time is never e-notation. */
static void test_path_times(void **state)
{
	(void)state;
	struct kpi_query q = {
	    .kpi = "roi", .start = NAN, .end = INFINITY, .step = 60, .group_by = ""};
	assert_path(rest_path_series(&q), "/v1/kpi/roi?step=60");
	q = (struct kpi_query){.kpi = "roi", .start = 1e12, .end = 1795435200.1234, .step = 1e-4};
	assert_path(rest_path_series(&q),
		    "/v1/kpi/roi?start=1000000000000&end=1795435200.123&step=0");
	q.start = NAN;
	q.end = NAN;
	q.step = NAN;
	assert_path(rest_path_series(&q), "/v1/kpi/roi");
}

/* The current value's path: at when finite, then group and filter. */
static void test_path_current(void **state)
{
	(void)state;
	const struct kpi_filter f[] = {{"team", "fraud"}};
	struct kpi_query q = {
	    .kpi = "queue_length", .start = 1, .end = 2, .step = 3, .group_by = "queue"};
	assert_path(rest_path_current(&q, DAY_START + 0.5),
		    "/v1/kpi/queue_length/current?at=1795435200.5&group_by=queue");
	q.group_by = NULL;
	q.filter = f;
	q.nfilter = 1;
	assert_path(rest_path_current(&q, NAN), "/v1/kpi/queue_length/current?filter=team:fraud");
	assert_string_equal(REST_PATH_KPIS, "/v1/kpis");
}

/* Times and filters keep their '.' when the user's locale writes a comma. */
static void test_path_comma_locale(void **state)
{
	(void)state;
	char probe[16];
	if (comma_locale_enter() != 0) {
		fprintf(stderr, "no comma locale (localedef failed?); skipping\n");
		skip();
	}
	snprintf(probe, sizeof probe, "%.1f", 2.5);
	assert_string_equal(probe, "2,5");
	struct kpi_query q = {.kpi = "roi", .start = 1.5, .end = 2.25, .step = 0.5};
	char *path = rest_path_series(&q);
	setlocale(LC_ALL, "C");
	assert_path(path, "/v1/kpi/roi?start=1.5&end=2.25&step=0.5");
}

/* ---- native answers ---- */

/* Parse body (with status) as a series answer into a fresh set; returns rc, err filled. */
static int parse(long status, const char *body, struct series_set *ss, char *err, size_t errlen)
{
	series_set_init(ss);
	err[0] = '\0';
	return rest_parse_series(status, body, strlen(body), ss, err, errlen);
}

/* Assert that body (with status) is refused with exactly the message want, appending nothing. */
static void assert_refused(long status, const char *body, const char *want)
{
	struct series_set ss;
	char err[256];
	int rc = parse(status, body, &ss, err, sizeof err);
	if (rc != -1 || strcmp(err, want) != 0)
		fail_msg("body %s: rc %d, err \"%s\", want \"%s\"", body, rc, err, want);
	assert_int_equal(ss.n, 0);
	assert_true(text_is_clean(err));
	series_set_done(&ss);
}

/* One series without labels: numbers, null and "NaN" (gaps), a number as a string. */
static void test_native_series(void **state)
{
	(void)state;
	struct series_set ss;
	char err[128];
	assert_int_equal(parse(200,
			       "{\"kpi\": \"roi\", \"step\": 900, \"series\": [{\"labels\": {},"
			       " \"points\": [[1795435200, 1.25], [1795436100, null],"
			       " [1795437000, \"NaN\"], [1795437900, \"2.5\"], [1795438800, 0]]}]}",
			       &ss, err, sizeof err),
			 0);
	assert_string_equal(err, "");
	assert_render(&ss, "{} 1795435200:1.25 1795436100:NaN 1795437000:NaN 1795437900:2.5 "
			   "1795438800:0");
	series_set_done(&ss);
}

/* Grouped series keep their order; labels go by name; points are sorted, the later duplicate kept.
 */
static void test_native_grouped(void **state)
{
	(void)state;
	struct series_set ss;
	char err[128];
	assert_int_equal(parse(200,
			       "{\"series\": [{\"labels\": {\"team\": \"fraud\", \"arm\": \"b\"},"
			       " \"points\": [[3, 3], [1, 1], [2, 2], [2, 2.5]]},"
			       " {\"labels\": {\"team\": \"claims\"}, \"points\": []},"
			       " {\"points\": [[1, -1e300]]}]}",
			       &ss, err, sizeof err),
			 0);
	assert_render(&ss, "{arm=b,team=fraud} 1:1 2:2.5 3:3\n{team=claims}\n{} 1:-1e+300");
	series_set_done(&ss);
	assert_int_equal(parse(200, "{\"series\": []}", &ss, err, sizeof err), 0);
	assert_int_equal(ss.n, 0);
}

/* Labels full of escape sequences are sanitized. */
static void test_native_sanitized(void **state)
{
	(void)state;
	struct series_set ss;
	char err[128];
	assert_int_equal(parse(200,
			       "{\"series\": [{\"labels\": {\"te\\u001b[2Jam\": "
			       "\"\\u001b]0;pwn\\u0007red\\u202e\\n\"}, \"points\": [[1, 1]]}]}",
			       &ss, err, sizeof err),
			 0);
	assert_int_equal(ss.n, 1);
	assert_int_equal(ss.items[0].nlabels, 1);
	assert_true(text_is_clean(ss.items[0].labels[0].name));
	assert_true(text_is_clean(ss.items[0].labels[0].value));
	assert_null(strchr(ss.items[0].labels[0].value, '\x1b'));
	assert_non_null(strstr(ss.items[0].labels[0].value, "red"));
	series_set_done(&ss);
}

/* The contract's error shape, whatever the status, gives "code: message". */
static void test_native_error_shape(void **state)
{
	(void)state;
	assert_refused(
	    404, "{\"error\": {\"code\": \"unknown_kpi\", \"message\": \"unknown KPI 'nope'\"}}",
	    "unknown_kpi: unknown KPI 'nope'");
	assert_refused(400, "{\"error\": {\"code\": \"bad_range\", \"message\": \"end < start\"}}",
		       "bad_range: end < start");
	assert_refused(200,
		       "{\"error\": {\"code\": \"internal\", \"message\": \"db down\"},"
		       " \"series\": []}",
		       "internal: db down");
	assert_refused(500, "{\"error\": {\"code\": \"internal\"}}", "internal");
	assert_refused(401, "{\"error\": \"token expired\"}", "token expired");
	assert_refused(503, "{}", "HTTP 503 without an error message");
	assert_refused(500,
		       "{\"error\": {\"code\": \"x\", \"message\": \"two\\nlines\\u001b[2J\"}}",
		       "x: two lines");
}

/* Bodies that are not JSON: empty, a web page, plain text, broken JSON. */
static void test_native_not_json(void **state)
{
	(void)state;
	assert_refused(200, "", "an empty answer, not JSON");
	assert_refused(502, "  \n", "HTTP 502 with an empty answer");
	assert_refused(200, "<!DOCTYPE html><html>sign in</html>",
		       "HTTP 200 with a web page, not JSON (check the URL)");
	assert_refused(502, "Bad Gateway\nnginx", "HTTP 502: Bad Gateway");
	struct series_set ss;
	char err[128];
	assert_int_equal(parse(200, "{\"series\": [", &ss, err, sizeof err), -1);
	assert_memory_equal(err, "not JSON: ", 10); /* then jansson's words */
	assert_non_null(strstr(err, " at line 1 col 12"));
}

/* Wrong shapes are refused with the field that is wrong. */
static void test_native_shapes(void **state)
{
	(void)state;
	assert_refused(200, "[]", "the answer is an array, not an object");
	assert_refused(200, "{\"kpi\": \"roi\"}", "no \"series\" array in the answer");
	assert_refused(200, "{\"series\": {}}", "no \"series\" array in the answer");
	assert_refused(200, "{\"series\": [1]}", "series[0] is not an object");
	assert_refused(200, "{\"series\": [{\"labels\": [], \"points\": []}]}",
		       "series[0].labels is not an object of at most 512 labels");
	assert_refused(200, "{\"series\": [{\"labels\": {\"team\": 7}, \"points\": []}]}",
		       "series[0].labels.team is not a string");
	assert_refused(200, "{\"series\": [{\"labels\": {}}]}", "series[0].points is not an array");
	assert_refused(200, "{\"series\": [{\"points\": [[1, 2], [3]]}]}",
		       "series[0].points[1] is not a [time, value] pair");
	assert_refused(200, "{\"series\": [{\"points\": [[\"1\", 2]]}]}",
		       "series[0].points[0] is not a [time, value] pair");
	assert_refused(200, "{\"series\": [{\"points\": [[1, \"high\"]]}]}",
		       "series[0].points[0] has a value that is not a number or null");
	assert_refused(200, "{\"series\": [{\"points\": [[1, true]]}]}",
		       "series[0].points[0] has a value that is not a number or null");
	assert_refused(200, "{\"series\": [{\"points\": []}, {\"points\": [[1, [2]]]}]}",
		       "series[1].points[0] has a value that is not a number or null");
}

/* A refused answer appends nothing to what out held; a good one appends after it. */
static void test_native_appends(void **state)
{
	(void)state;
	struct series_set ss;
	char err[128];
	const char *good = "{\"series\": [{\"points\": [[1, 1]]}]}";
	const char *bad = "{\"series\": [{\"points\": [[1, 1]]}, 3]}";
	series_set_init(&ss);
	assert_int_equal(rest_parse_series(200, good, strlen(good), &ss, err, sizeof err), 0);
	assert_int_equal(rest_parse_series(200, bad, strlen(bad), &ss, err, sizeof err), -1);
	assert_int_equal(ss.n, 1);
	assert_int_equal(rest_parse_series(200, good, strlen(good), &ss, err, sizeof err), 0);
	assert_render(&ss, "{} 1:1\n{} 1:1");
	series_set_done(&ss);
}

/* A short err buffer gets a cut message, never past its end, never half a character. */
static void test_native_short_err(void **state)
{
	(void)state;
	struct series_set ss;
	char err[12];
	memset(err, 'Z', sizeof err);
	assert_int_equal(parse(404,
			       "{\"error\": {\"code\": \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			       "\xc3\xa9\xc3\xa9\", \"message\": \"m\"}}",
			       &ss, err, 8),
			 -1);
	assert_string_equal(err, "\xc3\xa9\xc3\xa9\xc3\xa9");
	assert_int_equal(err[8], 'Z');
	assert_int_equal(rest_parse_series(404, "{}", 2, &ss, NULL, 0), -1);
	assert_int_equal(ss.n, 0);
}

/* /current answers: a one-point series per value. */
static void test_native_current(void **state)
{
	(void)state;
	struct series_set ss;
	char err[128];
	const char *body = "{\"kpi\": \"queue_length\", \"values\": [{\"labels\": {\"queue\": "
			   "\"intake\"}, \"t\": 1795435200, \"v\": 172}, {\"labels\": {}, \"t\": 5,"
			   " \"v\": null}]}";
	series_set_init(&ss);
	assert_int_equal(rest_parse_current(200, body, strlen(body), &ss, err, sizeof err), 0);
	assert_render(&ss, "{queue=intake} 1795435200:172\n{} 5:NaN");
	series_set_done(&ss);
	body = "{\"values\": [{\"v\": 1}]}";
	assert_int_equal(rest_parse_current(200, body, strlen(body), &ss, err, sizeof err), -1);
	assert_string_equal(err, "values[0] is not an object with a time \"t\"");
	body = "{\"values\": [{\"t\": 1, \"v\": {}}]}";
	assert_int_equal(rest_parse_current(200, body, strlen(body), &ss, err, sizeof err), -1);
	assert_string_equal(err, "values[0].v is not a number or null");
	body = "{\"error\": {\"code\": \"unknown_kpi\", \"message\": \"no\"}}";
	assert_int_equal(rest_parse_current(404, body, strlen(body), &ss, err, sizeof err), -1);
	assert_string_equal(err, "unknown_kpi: no");
	assert_int_equal(ss.n, 0);
}

/* Numbers as strings are read with a '.' when the user's locale writes a comma. */
static void test_native_comma_locale(void **state)
{
	(void)state;
	struct series_set ss;
	char err[128];
	if (comma_locale_enter() != 0)
		skip();
	int rc = parse(200, "{\"series\": [{\"points\": [[1, \"12.5\"], [2, 0.25]]}]}", &ss, err,
		       sizeof err);
	setlocale(LC_ALL, "C");
	assert_int_equal(rc, 0);
	assert_render(&ss, "{} 1:12.5 2:0.25");
	series_set_done(&ss);
}

/* ---- the path mapper ---- */

/* A foreign answer exercising every part of the path syntax. */
static const char foreign[] =
    "{\"data\": {\"kpis\": [{\"id\": \"roi\", \"value\": 1.6}, {\"id\": \"sla\", \"value\": null},"
    " {\"id\": \"nan\", \"value\": \"NaN\"}, {\"id\": \"cost\", \"value\": \"12.5\"},"
    " {\"id\": 7, \"value\": 70}, {\"id\": \"gone\"}, {\"name\": \"SLA, all\", \"value\": 0.93},"
    " {\"id\": \"up\", \"value\": true}, {\"id\": \"blank\", \"value\": \"\"},"
    " {\"id\": \"word\", \"value\": \"high\\u001b[2J\"}, {\"id\": \"obj\", \"value\": {}}],"
    " \"points\": [{\"t\": 1795436100, \"v\": null}, {\"t\": 1795435200, \"v\": 1.5},"
    " {\"t\": \"1795437000\", \"v\": \"2.25\"}, {\"t\": 1795437900}]},"
    " \"teams\": [{\"name\": \"claims\", \"sla\": 0.97}, {\"name\": \"fraud\", \"sla\": \"0.91\"},"
    " {\"name\": \"\\u001b[31mred\\u001b[0m\\u202e\", \"sla\": null}, {\"name\": 7, \"sla\": 1}],"
    " \"by_team\": {\"claims\": 12, \"fraud\": 7},"
    " \"by_time\": {\"1795435200\": 3, \"1795436100\": 4},"
    " \"meta\": {\"odd.key\": {\"x\": 5}, \"at\": 1795435200, \"q\\\"uote\": 6},"
    " \"series\": [{\"name\": \"a\", \"points\": [[2, 20], [1, 10]]},"
    "  {\"name\": \"b\", \"points\": [[1, 11]]}, {\"name\": \"c\"}],"
    " \"timestamps\": [100, 200],"
    " \"columns\": [{\"name\": \"x\", \"values\": [1, 2]}, {\"name\": \"y\", \"values\": [3, "
    "null]}],"
    " \"ragged\": [{\"name\": \"x\", \"values\": [1, 2, 3]}],"
    " \"hole\": [{\"t\": null, \"v\": 1}]}";

/* The time a point gets without a time path. */
#define AT 1700000000.0

/* Compile path; the test fails when it does not compile. */
static struct jpath *map(const char *path)
{
	struct jpath *m;
	char err[200];
	if (jpath_compile(path, &m, err, sizeof err) != 0)
		fail_msg("'%s' does not compile: %s", path, err);
	return m;
}

/* Read body through the paths (time, label may be NULL); rc, with ss and err filled. */
static int extract_body(const char *value, const char *time, const char *label, const char *name,
			long status, const char *body, struct series_set *ss, char *err,
			size_t errlen)
{
	struct jpath_mapping mp = {map(value), time ? map(time) : NULL, label ? map(label) : NULL,
				   name, AT};
	series_set_init(ss);
	err[0] = '\0';
	int rc = jpath_extract(&mp, status, body, strlen(body), ss, err, errlen);
	jpath_free((struct jpath *)mp.value);
	jpath_free((struct jpath *)mp.time);
	jpath_free((struct jpath *)mp.label);
	return rc;
}

/* Assert that the paths read the foreign answer as want. */
static void assert_maps(const char *value, const char *time, const char *label, const char *want)
{
	struct series_set ss;
	char err[256];
	if (extract_body(value, time, label, "team", 200, foreign, &ss, err, sizeof err) != 0)
		fail_msg("%s: %s", value, err);
	assert_render(&ss, want);
	for (size_t i = 0; i < ss.n; i++)
		for (size_t l = 0; l < ss.items[i].nlabels; l++)
			assert_true(text_is_clean(ss.items[i].labels[l].value));
	series_set_done(&ss);
}

/* Assert that the paths fail on the foreign answer with exactly want. */
static void assert_map_fails(const char *value, const char *time, const char *label,
			     const char *want)
{
	struct series_set ss;
	char err[256];
	int rc = extract_body(value, time, label, NULL, 200, foreign, &ss, err, sizeof err);
	if (rc != -1 || strcmp(err, want) != 0)
		fail_msg("%s: rc %d, err \"%s\", want \"%s\"", value, rc, err, want);
	assert_true(text_is_clean(err));
	assert_int_equal(ss.n, 0);
}

/* Assert that path does not compile, with exactly the message want. */
static void assert_compile_fails(const char *path, const char *want)
{
	struct jpath *m = (struct jpath *)1;
	char err[200] = "";
	int rc = jpath_compile(path, &m, err, sizeof err);
	if (rc != -1 || strcmp(err, want) != 0)
		fail_msg("'%s': rc %d, err \"%s\", want \"%s\"", path ? path : "(null)", rc, err,
			 want);
	assert_null(m);
}

/* Every syntax element compiles, and the text is kept. */
static void test_map_compile(void **state)
{
	(void)state;
	const char *ok[] = {"data",
			    "data.kpis",
			    "$.data",
			    "$",
			    "$[0]",
			    ".data",
			    "items[0]",
			    "items[-1]",
			    "items[*].v",
			    "by_team.*",
			    "*",
			    "[*]",
			    "kpis[id=roi].value",
			    "kpis[name=\"SLA, all\"].value",
			    "[\"odd.key\"].x",
			    "by_team.*~",
			    "a[x=]",
			    "a[\"k\"=\"v\\\"w\"]",
			    "$x",
			    "a[*][*][*][*]",
			    "a b.c-d"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct jpath *m = map(ok[i]);
		assert_string_equal(jpath_text(m), ok[i]);
		jpath_free(m);
	}
	jpath_free(NULL);
}

/* Paths that do not compile say where. */
static void test_map_compile_errors(void **state)
{
	(void)state;
	assert_compile_fails("", "an empty path");
	assert_compile_fails(NULL, "an empty path");
	assert_compile_fails("data..x", "a name expected at character 6 of 'data..x'");
	assert_compile_fails("data.", "a name expected at character 6 of 'data.'");
	assert_compile_fails("a[", "a name expected at character 3 of 'a['");
	assert_compile_fails("a[1", "']' expected at character 4 of 'a[1'");
	assert_compile_fails("a[-]", "an index expected at character 3 of 'a[-]'");
	assert_compile_fails("a[\"x", "unterminated string at character 3 of 'a[\"x'");
	assert_compile_fails("a[x]", "'=' expected at character 4 of 'a[x]'");
	assert_compile_fails("a[id=\"x\"y]", "']' expected at character 9 of 'a[id=\"x\"y]'");
	assert_compile_fails("a[*x]", "']' expected at character 4 of 'a[*x]'");
	assert_compile_fails("a]", "unexpected ']' at character 2 of 'a]'");
	assert_compile_fails("]", "unexpected ']' at character 1 of ']'");
	assert_compile_fails("a~.b", "'~' must end the path at character 3 of 'a~.b'");
	assert_compile_fails("~", "'~' needs a step before it at character 2 of '~'");
	assert_compile_fails("a[*][*][*][*][*]",
			     "too many wildcards at character 17 of 'a[*][*][*][*][*]'");
	char long_path[1100];
	memset(long_path, 'a', sizeof long_path - 1);
	long_path[sizeof long_path - 1] = '\0';
	assert_compile_fails(long_path, "a path over 1024 characters");
	char many[200] = "a";
	for (int i = 0; i < 64; i++)
		strcat(many, ".b");
	assert_compile_fails(many,
			     "too many steps at character 128 of "
			     "'a.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b"
			     ".b.b.b.b.b.b....'");
}

/* Members, indexes (from the end too), quoted member names, the root. */
static void test_map_fields_indexes(void **state)
{
	(void)state;
	assert_maps("data.points[1].v", NULL, NULL, "{} 1700000000:1.5");
	assert_maps("data.points[-1].t", NULL, NULL, "{} 1700000000:1795437900");
	assert_maps("$.data.points[-4].t", NULL, NULL, "{} 1700000000:1795436100");
	assert_maps(".meta[\"odd.key\"].x", NULL, NULL, "{} 1700000000:5");
	assert_maps("meta[\"q\\\"uote\"]", NULL, NULL, "{} 1700000000:6");
	struct series_set ss;
	char err[128];
	assert_int_equal(extract_body("$", NULL, NULL, NULL, 200, "42", &ss, err, sizeof err), 0);
	assert_render(&ss, "{} 1700000000:42");
	series_set_done(&ss);
	assert_int_equal(
	    extract_body("[-1]", NULL, NULL, NULL, 200, "[1, \"2\"]", &ss, err, sizeof err), 0);
	assert_render(&ss, "{} 1700000000:2");
	series_set_done(&ss);
}

/* Selections by string, by number, quoted; gaps; numbers as strings; booleans. */
static void test_map_select(void **state)
{
	(void)state;
	assert_maps("data.kpis[id=roi].value", NULL, NULL, "{} 1700000000:1.6");
	assert_maps("data.kpis[id=7].value", NULL, NULL, "{} 1700000000:70");
	assert_maps("data.kpis[name=\"SLA, all\"].value", NULL, NULL, "{} 1700000000:0.93");
	assert_maps("data.kpis[name=SLA, all].value", NULL, NULL, "{} 1700000000:0.93");
	assert_maps("data.kpis[id=cost].value", NULL, NULL, "{} 1700000000:12.5");
	assert_maps("data.kpis[id=up].value", NULL, NULL, "{} 1700000000:1");
	assert_maps("data.kpis[value=true].value", NULL, NULL, "{} 1700000000:1");
	assert_maps("data.points[v=null].t", NULL, NULL, "{} 1700000000:1795436100");
	assert_map_fails("data.kpis[id=\"7\"].value", NULL, NULL,
			 "no element with id=7 at data.kpis[id=\"7\"]");
	assert_map_fails("data.kpis[id=ROI].value", NULL, NULL,
			 "no element with id=ROI at data.kpis[id=ROI]");
	assert_maps("by_team[fraud=7]", NULL, NULL, "{} 1700000000:NaN");
}

/* null, a missing member at the end, "NaN" and "" are gaps, never zeros. */
static void test_map_gaps(void **state)
{
	(void)state;
	assert_maps("data.kpis[id=sla].value", NULL, NULL, "{} 1700000000:NaN");
	assert_maps("data.kpis[id=nan].value", NULL, NULL, "{} 1700000000:NaN");
	assert_maps("data.kpis[id=gone].value", NULL, NULL, "{} 1700000000:NaN");
	assert_maps("data.kpis[id=blank].value", NULL, NULL, "{} 1700000000:NaN");
	assert_maps("data.missing", NULL, NULL, "{} 1700000000:NaN");
	assert_maps("teams[*].stats.sla", NULL, "teams[*].name",
		    "{team=claims} 1700000000:NaN\n{team=fraud} 1700000000:NaN\n"
		    "{team=red"
		    "\xef\xbf\xbd"
		    "} 1700000000:NaN\n{team=7} 1700000000:NaN");
}

/* A wildcard with a time path: one series of points, sorted by time. */
static void test_map_points(void **state)
{
	(void)state;
	assert_maps("data.points[*].v", "data.points[*].t", NULL,
		    "{} 1795435200:1.5 1795436100:NaN 1795437000:2.25 1795437900:NaN");
	assert_maps("by_time.*", "by_time.*~", NULL, "{} 1795435200:3 1795436100:4");
	assert_maps("data.points[1].v", "meta.at", NULL, "{} 1795435200:1.5");
	assert_map_fails("data.points[*].v", NULL, NULL,
			 "several values at 'data.points[*].v' and no time path: give one "
			 "(points of a series) or a label path (a series each)");
	assert_map_fails("hole[*].v", "hole[*].t", NULL, "no time at hole[*].t (hole[0].t)");
}

/* A label path: a series per element, per member, per group of points; a shared time column. */
static void test_map_labels(void **state)
{
	(void)state;
	assert_maps("teams[*].sla", NULL, "teams[*].name",
		    "{team=claims} 1700000000:0.97\n{team=fraud} 1700000000:0.91\n"
		    "{team=red"
		    "\xef\xbf\xbd"
		    "} 1700000000:NaN\n"
		    "{team=7} 1700000000:1");
	assert_maps("by_team.*", NULL, "by_team.*~",
		    "{team=claims} 1700000000:12\n"
		    "{team=fraud} 1700000000:7");
	assert_maps("by_team[*]", NULL, "by_team[*]~",
		    "{team=claims} 1700000000:12\n"
		    "{team=fraud} 1700000000:7");
	assert_maps("series[*].points[*][1]", "series[*].points[*][0]", "series[*].name",
		    "{team=a} 1:10 2:20\n{team=b} 1:11");
	assert_maps("columns[*].values[*]", "timestamps[*]", "columns[*].name",
		    "{team=x} 100:1 200:2\n{team=y} 100:3 200:NaN");
	assert_maps("teams[1].sla", NULL, "teams[1].name", "{team=fraud} 1700000000:0.91");
	assert_maps("data.points[*].v", "data.points[*].t", "meta.at",
		    "{team=1795435200} 1795435200:1.5 1795436100:NaN 1795437000:2.25 "
		    "1795437900:NaN");
	assert_maps("teams[*].sla", NULL, "teams[*]~",
		    "{team=0} 1700000000:0.97\n{team=1} 1700000000:0.91\n{team=2} 1700000000:NaN\n"
		    "{team=3} 1700000000:1");
	struct series_set ss;
	char err[128];
	assert_int_equal(
	    extract_body("by_team.*", NULL, "by_team.*~", NULL, 200, foreign, &ss, err, sizeof err),
	    0);
	assert_render(&ss, "{series=claims} 1700000000:12\n{series=fraud} 1700000000:7");
	series_set_done(&ss);
}

/* Paths that do not fit the answer name the path up to the step that failed. */
static void test_map_errors(void **state)
{
	(void)state;
	assert_map_fails("data.kpiz[0].value", NULL, NULL, "no key 'kpiz' at data.kpiz");
	assert_map_fails("dat.kpis", NULL, NULL, "no key 'dat' at dat");
	assert_map_fails("data.kpis.value", NULL, NULL,
			 "an array has no key 'value' at data.kpis.value");
	assert_map_fails("data[0]", NULL, NULL, "an object has no index at data[0]");
	assert_map_fails("data.points[9].v", NULL, NULL,
			 "index 9 out of range (4 elements) at data.points[9]");
	assert_map_fails("data.points[-5].v", NULL, NULL,
			 "index -5 out of range (4 elements) at data.points[-5]");
	assert_map_fails("data.kpis[0].value[*]", NULL, NULL,
			 "a number has no elements at data.kpis[0].value[*]");
	assert_map_fails("data.kpis[id=word].value", NULL, NULL,
			 "\"high\" is not a number at data.kpis[id=word].value");
	assert_map_fails("data.kpis[id=obj].value", NULL, NULL,
			 "an object, not a number, at data.kpis[id=obj].value");
	assert_map_fails("data", NULL, NULL, "an object, not a number, at data");
	assert_map_fails("teams[*].name", NULL, "teams[*].name",
			 "\"claims\" is not a number at teams[*].name (teams[0].name)");
	assert_map_fails("teams[*].sla", NULL, "teams", "an array, not a label, at teams");
	assert_map_fails("teams[0].sla", NULL, "teams[*].name",
			 "the label path 'teams[*].name' has more wildcards than the value path "
			 "'teams[0].sla'");
	assert_map_fails(
	    "ragged[*].values[*]", "timestamps[*]", NULL,
	    "no time in 'timestamps[*]' for the value [0][2] of 'ragged[*].values[*]'");
	assert_map_fails("data.points[*].v", NULL, "by_team.*~",
			 "no label in 'by_team.*~' for the value [2] of 'data.points[*].v'");
	assert_map_fails("teams[*].sla", NULL, "data.kpis[id=nope].id",
			 "no element with id=nope at data.kpis[id=nope]");
}

/* A missing member after a wildcard: a gap for that element, nothing when a wildcard follows. */
static void test_map_ragged(void **state)
{
	(void)state;
	assert_maps("series[*].points[*][1]", "series[*].points[*][0]", "series[*].name",
		    "{team=a} 1:10 2:20\n{team=b} 1:11");
	assert_maps("series[*].points[0][1]", NULL, "series[*].name",
		    "{team=a} 1700000000:20\n{team=b} 1700000000:11\n{team=c} 1700000000:NaN");
	struct series_set ss;
	char err[128];
	assert_int_equal(
	    extract_body("[*].v", "[*].t", NULL, NULL, 200, "[]", &ss, err, sizeof err), 0);
	assert_int_equal(ss.n, 0);
}

/* Error answers and bodies that are not JSON. */
static void test_map_answers(void **state)
{
	(void)state;
	struct series_set ss;
	char err[128];
	const struct {
		long status;
		const char *body, *want;
	} cases[] = {
	    {500, "{\"message\": \"boom\"}", "boom"},
	    {401, "{\"error\": \"bad token\"}", "bad token"},
	    {404, "{\"error\": {\"code\": \"not_found\", \"message\": \"no\"}}", "not_found: no"},
	    {503, "[1]", "HTTP 503 without an error message"},
	    {200, "<html>", "HTTP 200 with a web page, not JSON (check the URL)"},
	    {200, "{\"a\": ", "not JSON: unexpected token near end of file at line 1 col 6"},
	    {200, "null", "the answer is null, at a"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = extract_body("a", NULL, NULL, NULL, cases[i].status, cases[i].body, &ss,
				      err, sizeof err);
		if (rc != -1 || strcmp(err, cases[i].want) != 0)
			fail_msg("case %zu: rc %d, err \"%s\"", i, rc, err);
		assert_int_equal(ss.n, 0);
	}
	assert_int_equal(extract_body("a", NULL, NULL, NULL, 200, "{\"error\": \"x\", \"a\": 1}",
				      &ss, err, sizeof err),
			 0);
	assert_render(&ss, "{} 1700000000:1");
	series_set_done(&ss);
	struct jpath_mapping none = {0};
	assert_int_equal(jpath_extract(&none, 200, "1", 1, &ss, err, sizeof err), -1);
	assert_string_equal(err, "no value path");
}

/* Numbers as strings are read with a '.' in a comma locale, and labels from numbers written so. */
static void test_map_comma_locale(void **state)
{
	(void)state;
	struct series_set ss;
	char err[128];
	if (comma_locale_enter() != 0)
		skip();
	int rc = extract_body("[*].v", NULL, "[*].n", NULL, 200,
			      "[{\"n\": 0.5, \"v\": \"12.5\"}, {\"n\": 1e21, \"v\": 0.25}]", &ss,
			      err, sizeof err);
	setlocale(LC_ALL, "C");
	assert_int_equal(rc, 0);
	assert_render(&ss, "{series=0.5} 1700000000:12.5\n{series=1e+21} 1700000000:0.25");
	series_set_done(&ss);
}

/* ---- hostile input ---- */

/* The next number of a small deterministic generator. */
static uint32_t fuzz_next(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*x >> 33);
}

/* body with one byte changed, dropped or added at random; the caller frees it. */
static char *fuzz_mutate(const char *body, uint64_t *x)
{
	static const char bytes[] = "{}[]\",:.-0123456789eEnulltrue\\\x1b\xc3\xff ";
	size_t n = strlen(body), at = fuzz_next(x) % (n + 1);
	char *m = xmalloc(n + 2);
	char c = bytes[fuzz_next(x) % (sizeof bytes - 1)];
	memcpy(m, body, at);
	switch (fuzz_next(x) % 3) {
	case 0: /* change */
		memcpy(m + at, body + at, n - at + 1);
		if (at < n)
			m[at] = c;
		break;
	case 1: /* drop */
		memcpy(m + at, body + at + (at < n), n - at + (at == n));
		break;
	default: /* add */
		m[at] = c;
		memcpy(m + at + 1, body + at, n - at + 1);
	}
	return m;
}

/* Assert that a parse ended well: 0 or -1, a clean message, clean labels. */
static void fuzz_check(int rc, const char *err, struct series_set *ss)
{
	assert_true(rc == 0 || rc == -1);
	assert_true(text_is_clean(err));
	for (size_t i = 0; i < ss->n; i++)
		for (size_t l = 0; l < ss->items[i].nlabels; l++)
			assert_true(text_is_clean(ss->items[i].labels[l].value));
	series_set_done(ss);
}

/* Mutated answers never crash a parser: each ends in 0 or -1 with clean text. */
static void test_fuzz_bodies(void **state)
{
	(void)state;
	const char *native = "{\"series\": [{\"labels\": {\"team\": \"a\\u001b\"}, \"points\": "
			     "[[1, 0.5], [2, null], [3, \"NaN\"]]}], \"values\": [{\"labels\": {}, "
			     "\"t\": 1, \"v\": 2}], \"error\": null}";
	const char *paths[][3] = {
	    {"teams[*].sla", NULL, "teams[*].name"},
	    {"data.points[*].v", "data.points[*].t", NULL},
	    {"series[*].points[*][1]", "series[*].points[*][0]", "series[*].name"},
	    {"data.kpis[id=roi].value", NULL, NULL},
	    {"by_team.*", NULL, "by_team.*~"}};
	uint64_t x = 7;
	char err[128];
	struct series_set ss;
	for (int i = 0; i < 3000; i++) {
		char *b = fuzz_mutate(i % 2 ? native : foreign, &x);
		for (int k = 1; k < 4; k++) { /* up to three more mutations */
			char *more = fuzz_mutate(b, &x);
			free(b);
			b = more;
		}
		series_set_init(&ss);
		fuzz_check(rest_parse_series(200, b, strlen(b), &ss, err, sizeof err), err, &ss);
		series_set_init(&ss);
		fuzz_check(rest_parse_current(500, b, strlen(b), &ss, err, sizeof err), err, &ss);
		const char *const *p = paths[i % 5];
		fuzz_check(extract_body(p[0], p[1], p[2], NULL, 200, b, &ss, err, sizeof err), err,
			   &ss);
		free(b);
	}
}

/* Random paths never crash the compiler, and a compiled one never crashes a walk. */
static void test_fuzz_paths(void **state)
{
	(void)state;
	static const char alphabet[] = ".[]*~=\"\\-019$ aid";
	uint64_t x = 11;
	char path[24], err[160];
	struct series_set ss;
	for (int i = 0; i < 20000; i++) {
		size_t n = 1 + fuzz_next(&x) % (sizeof path - 1);
		struct jpath *m = NULL;
		for (size_t k = 0; k < n; k++)
			path[k] = alphabet[fuzz_next(&x) % (sizeof alphabet - 1)];
		path[n] = '\0';
		int rc = jpath_compile(path, &m, err, sizeof err);
		assert_true((rc == 0) == (m != NULL));
		assert_true(text_is_clean(err));
		if (m == NULL)
			continue;
		struct jpath_mapping mp = {m, i % 3 ? NULL : m, i % 2 ? NULL : m, NULL, AT};
		series_set_init(&ss);
		fuzz_check(jpath_extract(&mp, 200, foreign, strlen(foreign), &ss, err, sizeof err),
			   err, &ss);
		jpath_free(m);
	}
}

/* ---- against kpi_rest_server, through client/http ---- */

/* The server of this run, started by the first test that needs it. */
static struct {
	pid_t pid;
	int failed;
	char dir[64];
	char port_file[96];
	char token_file[96];
	char base[64];
} srv;

/* What one request's callback received. */
struct got {
	int calls;
	enum http_error error;
	long status;
	char *body;
	size_t len;
};

/* Sleep ms milliseconds. */
static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Milliseconds on the monotonic clock. */
static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

/* The port in the port file at path, or 0 while there is none. */
static int server_port(const char *path)
{
	int port = 0;
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%d", &port) != 1)
		port = 0;
	fclose(f);
	return port;
}

/* This binary's argv[0]: the server built beside it is preferred to SERVER_BIN. */
static const char *self_path = "";

/* The server to run: $KPIDASH_REST_SERVER, else the one beside this test, else SERVER_BIN. */
static const char *server_bin(char *buf, size_t size)
{
	const char *bin = getenv("KPIDASH_REST_SERVER");
	const char *slash = strrchr(self_path, '/');
	if (bin != NULL && *bin != '\0')
		return bin;
	if (slash != NULL && (size_t)(slash - self_path) + 17 < size) {
		snprintf(buf, size, "%.*s/kpi_rest_server", (int)(slash - self_path), self_path);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return SERVER_BIN;
}

/* In the child: become a server writing its port into port_file, dying with this test. */
static void server_exec(pid_t parent, const char *port_file)
{
	char buf[4096];
	const char *bin = server_bin(buf, sizeof buf);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	unsetenv("LOCPATH"); /* the server needs no comma locale: glibc would leak its name */
	execl(bin, bin, "--port", "0", "--port-file", port_file, "--token-file", srv.token_file,
	      "--seed", "42", (char *)NULL);
	_exit(127);
}

/* Start a server; its pid with its URL in base, or -1 when it did not listen in 10 s. */
static pid_t server_spawn(const char *port_file, char *base, size_t size)
{
	pid_t parent = getpid(), pid = fork();
	if (pid == 0)
		server_exec(parent, port_file);
	for (int i = 0; pid > 0 && i < 500; i++, sleep_ms(20)) {
		int port = server_port(port_file);
		if (port > 0) {
			snprintf(base, size, "http://127.0.0.1:%d", port);
			return pid;
		}
		if (waitpid(pid, NULL, WNOHANG) == pid)
			break;
	}
	fprintf(stderr,
		"test_rest: the server did not start (set KPIDASH_REST_SERVER; default: "
		"the kpi_rest_server beside this test, else %s)\n",
		SERVER_BIN);
	return -1;
}

/* Start the server of this run (once) in a fresh directory; 0 or -1. */
static int server_start(void)
{
	const char *tmp = getenv("TMPDIR");
	FILE *f;
	if (srv.pid > 0 || srv.failed)
		return srv.failed ? -1 : 0;
	srv.failed = 1;
	snprintf(srv.dir, sizeof srv.dir, "%s/kpidash-rest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(srv.dir) == NULL)
		return -1;
	snprintf(srv.port_file, sizeof srv.port_file, "%s/port", srv.dir);
	snprintf(srv.token_file, sizeof srv.token_file, "%s/token", srv.dir);
	if ((f = fopen(srv.token_file, "w")) == NULL || fputs(TOKEN "\n", f) < 0 || fclose(f) != 0)
		return -1;
	srv.pid = server_spawn(srv.port_file, srv.base, sizeof srv.base);
	srv.failed = srv.pid < 0;
	return srv.failed ? -1 : 0;
}

/* Stop the server (it must exit on SIGTERM) and remove its directory. */
static int server_stop(void **state)
{
	(void)state;
	int status = 0;
	if (srv.pid > 0) {
		kill(srv.pid, SIGTERM);
		waitpid(srv.pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fprintf(stderr, "test_rest: the server did not exit cleanly (%d)\n",
				status);
	}
	unlink(srv.port_file);
	unlink(srv.token_file);
	rmdir(srv.dir);
	comma_locale_clean();
	return 0;
}

/* Each end-to-end test: the server up, and a multi handle of its own. */
static int http_setup(void **state)
{
	char err[128];
	if (server_start() != 0)
		return -1;
	*state = http_new(err, sizeof err);
	return *state != NULL ? 0 : -1;
}

/* Free the test's multi handle. */
static int http_teardown(void **state)
{
	http_free(*state);
	return 0;
}

/* The callback: copy what arrived into the struct got at ctx. */
static void on_done(void *ctx, const struct http_response *r)
{
	struct got *g = ctx;
	g->calls++;
	g->error = r->error;
	g->status = r->status;
	free(g->body);
	g->body = xstrndup(r->body, r->body_len);
	g->len = r->body_len;
}

/* Run the n requests started on h until all have answered (at most 15 s). */
static void pump(struct http *h, struct got *g, int n)
{
	char err[128];
	double t0 = now_ms();
	for (;;) {
		int done = 0;
		for (int i = 0; i < n; i++)
			done += g[i].calls > 0;
		if (done == n || now_ms() - t0 > 15000)
			break;
		assert_int_equal(http_wait(h, NULL, 0, 50, err, sizeof err), 0);
	}
	for (int i = 0; i < n; i++)
		assert_int_equal(g[i].calls, 1);
}

/* A connection to the server, with the token. */
static struct http_conn conn_token(void)
{
	struct http_conn c = {.base_url = srv.base, .bearer_token = TOKEN};
	return c;
}

/* GET path with c; the caller frees g->body. */
static void fetch(struct http *h, const struct http_conn *c, const char *path, struct got *g)
{
	memset(g, 0, sizeof *g);
	http_request(h, c, path, NULL, on_done, g);
	pump(h, g, 1);
}

/* Fetch q's path from the server and demo_query q; assert the answers are equal. */
static void assert_same_as_demo(struct http *h, const struct kpi_query *q)
{
	struct http_conn c = conn_token();
	struct series_set got, want;
	struct got g;
	char err[256];
	char *path = rest_path_series(q);
	fetch(h, &c, path, &g);
	free(path);
	assert_int_equal(g.error, HTTP_OK);
	assert_int_equal(g.status, 200);
	series_set_init(&got);
	series_set_init(&want);
	if (rest_parse_series(g.status, g.body, g.len, &got, err, sizeof err) != 0)
		fail_msg("%s", err);
	struct demo *d = demo_new(SEED);
	assert_int_equal(demo_query(d, q, &want, err, sizeof err), KPI_OK);
	assert_true(want.n > 0);
	assert_true(series_set_equal(&got, &want));
	demo_free(d);
	series_set_done(&got);
	series_set_done(&want);
	free(g.body);
}

/* A grouped day, and a filtered group with a value that needs encoding: as the demo answers. */
static void test_e2e_same_as_demo(void **state)
{
	const struct kpi_filter f[] = {{"team", "claims"}, {"region", "emea"}};
	struct kpi_query q = {.kpi = "sla_compliance",
			      .start = DAY_START,
			      .end = DAY_START + 86400,
			      .step = 900,
			      .group_by = "team"};
	assert_same_as_demo(*state, &q);
	q = (struct kpi_query){.kpi = "productivity",
			       .start = DAY_START + 0.5,
			       .end = DAY_START + 7 * 86400,
			       .step = 3600,
			       .group_by = "workflow",
			       .filter = f,
			       .nfilter = 2};
	assert_same_as_demo(*state, &q);
	q.group_by = NULL;
	q.nfilter = 1;
	assert_same_as_demo(*state, &q);
}

/* /current agrees with the demo over the 900 s before "at". */
static void test_e2e_current(void **state)
{
	struct http_conn c = conn_token();
	struct kpi_query q = {.kpi = "queue_length", .group_by = "queue"};
	struct series_set got, want;
	struct got g;
	char err[256];
	char *path = rest_path_current(&q, DAY_START);
	fetch(*state, &c, path, &g);
	free(path);
	series_set_init(&got);
	series_set_init(&want);
	assert_int_equal(rest_parse_current(g.status, g.body, g.len, &got, err, sizeof err), 0);
	q.start = q.end = DAY_START;
	q.step = 900;
	struct demo *d = demo_new(SEED);
	assert_int_equal(demo_query(d, &q, &want, err, sizeof err), KPI_OK);
	assert_true(series_set_equal(&got, &want));
	demo_free(d);
	series_set_done(&got);
	series_set_done(&want);
	free(g.body);
}

/* Fetch path (with the token); assert that parsing fails with want (a trailing '*': a prefix). */
static void assert_fetch_refused(struct http *h, const char *path, long status, const char *want)
{
	struct http_conn c = conn_token();
	struct series_set ss;
	struct got g;
	char err[256];
	fetch(h, &c, path, &g);
	assert_int_equal(g.error, HTTP_OK);
	assert_int_equal(g.status, status);
	series_set_init(&ss);
	assert_int_equal(rest_parse_series(g.status, g.body, g.len, &ss, err, sizeof err), -1);
	size_t n = strlen(want);
	if (n > 0 && want[n - 1] == '*' && strncmp(err, want, n - 1) == 0)
		want = err;
	assert_string_equal(err, want);
	assert_int_equal(ss.n, 0);
	free(g.body);
}

/* The contract's errors (unknown KPI, bad label, bad range), a forced 500, a page, broken JSON. */
static void test_e2e_errors(void **state)
{
	struct kpi_query q = {.kpi = "nope", .start = 0, .end = 3600, .step = 60};
	char *path = rest_path_series(&q);
	assert_fetch_refused(*state, path, 404, "unknown_kpi: unknown KPI 'nope'");
	free(path);
	q = (struct kpi_query){.kpi = "roi", .start = 0, .end = 3600, .step = 60, .group_by = "x"};
	path = rest_path_series(&q);
	assert_fetch_refused(*state, path, 400,
			     "bad_label: KPI 'roi' has no label 'x' (it has: team, workflow)");
	free(path);
	q = (struct kpi_query){.kpi = "roi", .start = NAN, .end = 3600, .step = 60};
	path = rest_path_series(&q);
	assert_fetch_refused(*state, path, 400,
			     "bad_range: start, end and step must be numbers (seconds)");
	free(path);
	assert_fetch_refused(*state, "/status/500/v1/kpi/roi?start=0&end=60&step=60", 500,
			     "internal: status 500 on request");
	assert_fetch_refused(*state, "/notjson/v1/kpi/roi?start=0&end=60&step=60", 200,
			     "HTTP 200 with a web page, not JSON (check the URL)");
	assert_fetch_refused(*state, "/badjson/v1/kpi/roi?start=0&end=60&step=60", 200,
			     "not JSON: premature end of input*");
}

/* Without the token or with a wrong one: 401 and the unauthorized error; with it: 200. */
static void test_e2e_auth(void **state)
{
	struct http_conn none = {.base_url = srv.base}, wrong = none, right = conn_token();
	struct series_set ss;
	struct got g[3] = {{0}};
	char err[256];
	const char *path = "/v1/kpi/roi?start=0&end=60&step=60";
	wrong.bearer_token = TOKEN "x";
	http_request(*state, &none, path, NULL, on_done, &g[0]);
	http_request(*state, &wrong, path, NULL, on_done, &g[1]);
	http_request(*state, &right, path, NULL, on_done, &g[2]);
	pump(*state, g, 3);
	assert_int_equal(g[0].status, 401);
	assert_int_equal(g[1].status, 401);
	assert_int_equal(g[2].status, 200);
	series_set_init(&ss);
	assert_int_equal(rest_parse_series(g[0].status, g[0].body, g[0].len, &ss, err, sizeof err),
			 -1);
	assert_string_equal(err, "unauthorized: missing or wrong bearer token");
	assert_int_equal(rest_parse_series(g[2].status, g[2].body, g[2].len, &ss, err, sizeof err),
			 0);
	assert_int_equal(ss.n, 1);
	series_set_done(&ss);
	for (int i = 0; i < 3; i++)
		free(g[i].body);
}

/* A hanging server with a 300 ms timeout: HTTP_ERR_TIMEOUT, while a slow answer still comes. */
static void test_e2e_hang(void **state)
{
	struct http_conn c = conn_token(), slow = conn_token();
	struct got g[2] = {{0}};
	c.timeout_ms = 300;
	double t0 = now_ms();
	http_request(*state, &c, "/hang/v1/kpis", NULL, on_done, &g[0]);
	http_request(*state, &slow, "/slow/200/v1/kpis", NULL, on_done, &g[1]);
	pump(*state, g, 2);
	double ms = now_ms() - t0;
	assert_int_equal(g[0].error, HTTP_ERR_TIMEOUT);
	assert_int_equal(g[1].error, HTTP_OK);
	assert_int_equal(g[1].status, 200);
	assert_non_null(strstr(g[1].body, "\"sla_compliance\""));
	assert_true(ms >= 250 && ms < 2000);
	free(g[0].body);
	free(g[1].body);
}

/* A body over max_body: HTTP_ERR_TOO_BIG; one under it arrives whole. */
static void test_e2e_too_big(void **state)
{
	struct http_conn c = conn_token();
	struct got g[2] = {{0}};
	c.max_body = 1 << 20;
	http_request(*state, &c, "/big/2097152/v1/kpis", NULL, on_done, &g[0]);
	http_request(*state, &c, "/big/1048576", NULL, on_done, &g[1]);
	pump(*state, g, 2);
	assert_int_equal(g[0].error, HTTP_ERR_TOO_BIG);
	assert_int_equal(g[1].error, HTTP_OK);
	assert_int_equal(g[1].len, 1 << 20);
	assert_memory_equal(g[1].body + g[1].len - 4, "xx\"}", 4);
	free(g[0].body);
	free(g[1].body);
}

/* The server's foreign API read through paths: a series per team, the hostile name sanitized. */
static void test_e2e_foreign(void **state)
{
	struct http_conn c = conn_token();
	struct series_set ss;
	struct got g;
	char err[256];
	struct jpath_mapping mp = {map("teams[*].sla"), NULL, map("teams[*].name"), "team", AT};
	fetch(*state, &c, "/foreign/api", &g);
	series_set_init(&ss);
	assert_int_equal(jpath_extract(&mp, g.status, g.body, g.len, &ss, err, sizeof err), 0);
	assert_render(&ss, "{team=claims} 1700000000:0.97\n{team=fraud} 1700000000:0.91\n"
			   "{team=red"
			   "\xef\xbf\xbd"
			   "} 1700000000:NaN");
	series_set_done(&ss);
	jpath_free((struct jpath *)mp.value);
	jpath_free((struct jpath *)mp.label);
	mp = (struct jpath_mapping){map("data.kpis[id=roi].value"), NULL, NULL, NULL, AT};
	assert_int_equal(jpath_extract(&mp, g.status, g.body, g.len, &ss, err, sizeof err), 0);
	assert_render(&ss, "{} 1700000000:1.6");
	series_set_done(&ss);
	jpath_free((struct jpath *)mp.value);
	free(g.body);
}

/* A second server exits at once, with status 0, on SIGTERM, even with a request hanging. */
static void test_e2e_sigterm(void **state)
{
	char port_file[128], base[64], err[128];
	struct got g = {0};
	snprintf(port_file, sizeof port_file, "%s/port2", srv.dir);
	pid_t pid = server_spawn(port_file, base, sizeof base);
	assert_true(pid > 0);
	struct http_conn c = {.base_url = base, .bearer_token = TOKEN};
	http_request(*state, &c, "/hang", NULL, on_done, &g);
	for (int i = 0; i < 6; i++)
		assert_int_equal(http_wait(*state, NULL, 0, 20, err, sizeof err), 0);
	assert_int_equal(kill(pid, SIGTERM), 0);
	int status = -1;
	for (int i = 0; i < 200 && waitpid(pid, &status, WNOHANG) != pid; i++)
		sleep_ms(10);
	if (!WIFEXITED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("the server did not exit in 2 s");
	}
	assert_int_equal(WEXITSTATUS(status), 0);
	unlink(port_file);
	free(g.body);
}

/* Run every test; the end-to-end ones start the server on first need. */
int main(int argc, char **argv)
{
	self_path = argc > 0 ? argv[0] : "";
	signal(SIGPIPE, SIG_IGN);
	setlocale(LC_ALL, "C");
#define U(name) cmocka_unit_test(name)
#define E(name) cmocka_unit_test_setup_teardown(name, http_setup, http_teardown)
	const struct CMUnitTest tests[] = {
	    U(test_path_series),	U(test_path_times),
	    U(test_path_current),	U(test_path_comma_locale),
	    U(test_native_series),	U(test_native_grouped),
	    U(test_native_sanitized),	U(test_native_error_shape),
	    U(test_native_not_json),	U(test_native_shapes),
	    U(test_native_appends),	U(test_native_short_err),
	    U(test_native_current),	U(test_native_comma_locale),
	    U(test_map_compile),	U(test_map_compile_errors),
	    U(test_map_fields_indexes), U(test_map_select),
	    U(test_map_gaps),		U(test_map_points),
	    U(test_map_labels),		U(test_map_errors),
	    U(test_map_ragged),		U(test_map_answers),
	    U(test_map_comma_locale),	U(test_fuzz_bodies),
	    U(test_fuzz_paths),		E(test_e2e_same_as_demo),
	    E(test_e2e_current),	E(test_e2e_errors),
	    E(test_e2e_auth),		E(test_e2e_hang),
	    E(test_e2e_too_big),	E(test_e2e_foreign),
	    E(test_e2e_sigterm),
	};
#undef U
#undef E
	return cmocka_run_group_tests(tests, NULL, server_stop);
}
