/* test_dashboard.c: the shipped dashboards load, and broken ones are refused with a path. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "client/demo.h"
#include "util/embed.h"
#include "views/dashboard.h"
#include "views/panel.h"

/* Parse text as file "t.json"; returns the rc and leaves the message in err. */
static int parse(const char *text, char *err, size_t len)
{
	struct dashboard d;
	int rc = dashboard_parse(text, strlen(text), "t.json", &d, err, len);
	if (rc == 0)
		dashboard_done(&d);
	return rc;
}

/* A minimal valid dashboard with one panel whose body is panel. */
static void with_panel(char *buf, size_t len, const char *panel)
{
	snprintf(buf, len,
		 "{\"name\":\"n\",\"title\":\"T\",\"rows\":[{\"height\":5,\"panels\":[%s]}]}",
		 panel);
}

/* A panel the loader must refuse, and words its message must hold. */
struct refusal {
	const char *panel, *want;
};

/* Each of bad[0..n), alone on a dashboard, is refused with its words. */
static void refused(const struct refusal *bad, size_t n)
{
	char buf[2048], err[1024];
	struct dashboard d;
	for (size_t i = 0; i < n; i++) {
		with_panel(buf, sizeof buf, bad[i].panel);
		err[0] = '\0';
		assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err),
				 -1);
		if (strstr(err, bad[i].want) == NULL)
			fail_msg("case %zu:\n got %s\nwant %s", i, err, bad[i].want);
	}
}

/* A valid dashboard over nine lines whose one panel, panel, is on line 6 from column 7. */
static void with_panel_lines(char *buf, size_t len, const char *panel)
{
	snprintf(buf, len,
		 "{\n"
		 "  \"name\": \"n\",\n"
		 "  \"title\": \"T\",\n"
		 "  \"rows\": [{\n"
		 "    \"height\": 5, \"panels\": [\n"
		 "      %s\n"
		 "    ]\n"
		 "  }]\n"
		 "}\n",
		 panel);
}

/* The four shipped views load, in key order; every query names a demo KPI and has PromQL. */
static void test_shipped_dashboards(void **state)
{
	(void)state;
	static const char *const names[] = {"executive", "operations", "model", "hr"};
	assert_int_equal(embedded_views_count, 4);
	for (size_t i = 0; i < embedded_views_count; i++) {
		struct dashboard d;
		char err[256];
		int rc = dashboard_parse(embedded_views[i].text, embedded_views[i].len,
					 embedded_views[i].name, &d, err, sizeof err);
		if (rc != 0)
			fail_msg("%s", err);
		assert_string_equal(d.name, names[i]);
		for (size_t r = 0; r < d.nrows; r++)
			for (size_t p = 0; p < d.rows[r].npanels; p++)
				for (size_t q = 0; q < d.rows[r].panels[p].nqueries; q++) {
					const struct panel_query *pq =
					    &d.rows[r].panels[p].queries[q];
					if (demo_kpi_labels(pq->kpi) == NULL)
						fail_msg("%s: unknown KPI %s", names[i], pq->kpi);
					if (pq->promql == NULL)
						fail_msg("%s: %s has no PromQL", names[i],
							 d.rows[r].panels[p].title);
				}
		dashboard_done(&d);
	}
}

/* Syntax errors carry the line and column. */
static void test_syntax_error(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(parse("{\n  \"name\": \"x\",\n  oops\n}", err, sizeof err), -1);
	assert_string_equal(err, "t.json:3:6: string or '}' expected near 'oops'");
}

/* Field errors name the path of the field and what was expected. */
static void test_field_errors(void **state)
{
	(void)state;
	char buf[512], err[256];
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"pie\",\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err,
			    "t.json:1:75: rows[0].panels[0].kind: unknown value 'pie' (expected "
			    "one of: stat, bignum, timeseries, bar, gauge, table, heatmap, slo)");

	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"unit\":\"furlongs\",\"queries\":[{\"kpi\":"
		   "\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json:1:89: rows[0].panels[0].unit: unknown unit 'furlongs'");

	with_panel(
	    buf, sizeof buf,
	    "{\"title\":\"A\",\"kind\":\"stat\",\"colour\":1,\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(
	    err, "t.json:1:82: rows[0].panels[0].colour: unknown key 'colour' (expected one of: "
		 "title, description, kind, unit, decimals, direction, thresholds, target, min, "
		 "max, ref, value, window, width, refresh, drill, privacy, detect, queries, slo)");

	with_panel(buf, sizeof buf,
		   "{\"title\":7,\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json:1:64: rows[0].panels[0].title: expected a string");

	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(
	    err, "t.json:1:92: rows[0].panels[0].queries: expected an array of at least one query");

	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\",\"promql\":"
		   "\"sum(rate(x[$window]))\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(
	    err,
	    "t.json:1:115: rows[0].panels[0].queries[0].promql: unknown template variable $window");

	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\",\"filter\":{"
		   "\"team\":3}}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(
	    err, "t.json:1:123: rows[0].panels[0].queries[0].filter.team: expected a string");
}

/* Each problem with drill-down and privacy fields, with its exact message. */
static void test_drill_errors(void **state)
{
	(void)state;
	static const struct {
		const char *panel, *want;
	} cases[] = {
	    {"{\"title\":\"A\",\"kind\":\"stat\",\"drill\":[\"team\",\"team\"],\"queries\":[{"
	     "\"kpi\":\"roi\"}]}",
	     "t.json:1:98: rows[0].panels[0].drill[1]: label 'team' is named twice"},
	    {"{\"title\":\"A\",\"kind\":\"stat\",\"drill\":[\"te "
	     "am\"],\"queries\":[{\"kpi\":\"roi\"}]}",
	     "t.json:1:91: rows[0].panels[0].drill[0]: expected a label name (letters, digits, "
	     "'_')"},
	    {"{\"title\":\"A\",\"kind\":\"stat\",\"drill\":[],\"queries\":[{\"kpi\":\"roi\"}]}",
	     "t.json:1:90: rows[0].panels[0].drill: expected an array of 1 to 8 label names"},
	    {"{\"title\":\"A\",\"kind\":\"stat\",\"drill\":[\"team\"],\"queries\":[{\"kpi\":"
	     "\"roi\",\"promql\":\"sum(x)\"}]}",
	     "t.json:1:132: rows[0].panels[0].queries[0].promql: needs $group and $filter to be "
	     "drilled into, as in sum by ($group) (metric{$filter})"},
	    {"{\"title\":\"A\",\"kind\":\"stat\",\"privacy\":1,\"queries\":[{\"kpi\":\"roi\"}]}",
	     "t.json:1:92: rows[0].panels[0].privacy: expected true or false"},
	    {"{\"title\":\"A\",\"kind\":\"stat\",\"privacy\":true,\"queries\":[{\"kpi\":\"roi\"}]}",
	     "t.json:1:92: rows[0].panels[0].privacy: needs the dashboard's \"headcount\" query, "
	     "to know how many people each cohort has"},
	    {"{\"title\":\"A\",\"kind\":\"stat\",\"drill\":[\"team\"],\"queries\":[{\"url\":\"http:"
	     "//x/\",\"value\":\"a\"}]}",
	     "t.json:1:117: rows[0].panels[0].queries[0].url: a foreign API cannot be drilled into "
	     "(remove \"drill\" or the url)"},
	};
	char buf[512], err[512];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		with_panel(buf, sizeof buf, cases[i].panel);
		assert_int_equal(parse(buf, err, sizeof err), -1);
		assert_string_equal(err, cases[i].want);
	}
	const char *hc = "{\"name\":\"n\",\"title\":\"T\",\"headcount\":{\"kpi\":\"headcount\","
			 "\"promql\":\"sum(hr_headcount)\"},\"rows\":[{\"height\":5,\"panels\":[{"
			 "\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}]}]}";
	assert_int_equal(parse(hc, err, sizeof err), -1);
	assert_string_equal(err, "t.json:1:65: headcount.promql: needs $group and $filter, as in "
				 "sum by ($group) (people{$filter})");
	/* the same fields, well formed, load */
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"drill\":[\"team\",\"role\"],\"queries\":[{"
		   "\"kpi\":\"roi\",\"promql\":\"sum by ($group) (x{$filter})\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), 0);
}

/* A title holding escape sequences and controls is loaded harmless. */
static void test_title_sanitized(void **state)
{
	(void)state;
	const char *text = "{\"name\":\"n\",\"title\":\"T\\u001b]0;owned\\u0007\\u001b["
			   "31mRed\\nX\",\"rows\":[{\"height\":5,\"panels\":[{\"title\":\"A\","
			   "\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}]}]}";
	struct dashboard d;
	char err[256];
	assert_int_equal(dashboard_parse(text, strlen(text), "t.json", &d, err, sizeof err), 0);
	assert_string_equal(d.title, "TRed\xef\xbf\xbdX");
	dashboard_done(&d);
}

/* A foreign query needs a web URL and a path that compiles; a query needs a kpi or a url. */
static void test_foreign_query(void **state)
{
	(void)state;
	char buf[512], err[1024];
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"url\":\"http://x/"
		   "y\",\"value\":\"a.b\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), 0);
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"url\":\"ftp://x/"
		   "y\",\"value\":\"a\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_non_null(
	    strstr(err, "rows[0].panels[0].queries[0].url: expected an http:// or https:// URL"));
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"url\":\"http://x/"
		   "y\",\"value\":\"a[\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_non_null(strstr(err, "rows[0].panels[0].queries[0].value: "));
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"url\":\"http://x/y\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_non_null(strstr(err, "rows[0].panels[0].queries[0].value: missing"));
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"group\":\"team\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_non_null(strstr(err, "rows[0].panels[0].queries[0].kpi: missing"));
}

/* "per" names a time: minute, hour and day are 60, 3,600 and 86,400 seconds; none is as is. */
static void test_per_seconds(void **state)
{
	(void)state;
	static const char *const names[] = {"none", "minute", "hour", "day"};
	static const double seconds[] = {0, 60, 3600, 86400};
	char buf[512], err[1024];
	for (size_t i = 0; i < 4; i++) {
		char panel[160];
		snprintf(panel, sizeof panel,
			 "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\","
			 "\"per\":\"%s\"}]}",
			 names[i]);
		with_panel(buf, sizeof buf, panel);
		struct dashboard d;
		assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err),
				 0);
		assert_float_equal(d.rows[0].panels[0].queries[0].per, seconds[i], 0);
		dashboard_done(&d);
	}
}

/* "window": "range", "now", a duration (and the older "value"), each read to its seconds. */
static void test_windows(void **state)
{
	(void)state;
	static const struct {
		const char *field;
		double window;
	} cases[] = {
	    {"", WINDOW_RANGE},
	    {"\"window\":\"range\",", WINDOW_RANGE},
	    {"\"window\":\"now\",", WINDOW_NOW},
	    {"\"window\":\"15m\",", 900},
	    {"\"window\":\"1h\",", 3600},
	    {"\"window\":\"90\",", 90},
	    {"\"window\":\"7d\",", 7 * 86400},
	    {"\"value\":\"range\",", WINDOW_RANGE},
	    {"\"value\":\"last\",", WINDOW_NOW},
	};
	char buf[512], err[1024], panel[200];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(panel, sizeof panel,
			 "{\"title\":\"A\",%s\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}",
			 cases[i].field);
		with_panel(buf, sizeof buf, panel);
		struct dashboard d;
		if (dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err) != 0)
			fail_msg("%s: %s", cases[i].field, err);
		const struct panel *p = &d.rows[0].panels[0];
		assert_float_equal(p->window, cases[i].window, 0);
		/* the seconds its figures are over, at a range of 6h */
		double want = cases[i].window > 0 ? cases[i].window : 21600;
		assert_float_equal(panel_window(p, 21600), want, 0);
		dashboard_done(&d);
	}
}

/* A bad window, or both keys, is refused at its place with what was expected. */
/* A panel's "detect": the defaults, a day's season, each setting over them, or off. */
static void test_detect(void **state)
{
	(void)state;
	char buf[512], err[512];
	struct dashboard d;
	struct detect_params want;
	detect_defaults(&want);
	with_panel_lines(buf, sizeof buf,
			 "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err), 0);
	const struct detect_params *p = &d.rows[0].panels[0].detect;
	assert_false(d.rows[0].panels[0].detect_off);
	assert_true(p->lambda == want.lambda && p->limit == want.limit &&
		    p->cusum_h == want.cusum_h && p->min_run == want.min_run);
	assert_true(p->season == 86400);
	dashboard_done(&d);

	with_panel_lines(buf, sizeof buf,
			 "{\"title\":\"A\",\"kind\":\"stat\",\"detect\":{\"limit\":4,"
			 "\"min_run\":5,\"season\":\"7d\"},\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err), 0);
	p = &d.rows[0].panels[0].detect;
	assert_true(p->limit == 4 && p->min_run == 5 && p->season == 7 * 86400);
	assert_true(p->lambda == want.lambda && p->cusum_k == want.cusum_k);
	dashboard_done(&d);

	with_panel_lines(buf, sizeof buf,
			 "{\"title\":\"A\",\"kind\":\"stat\",\"detect\":false,"
			 "\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err), 0);
	assert_true(d.rows[0].panels[0].detect_off);
	dashboard_done(&d);

	static const struct {
		const char *field, *want;
	} bad[] = {
	    {"\"detect\":true",
	     "t.json:6:17: rows[0].panels[0].detect: expected false or an object of detector "
	     "settings"},
	    {"\"detect\":{\"sigma\":3}",
	     "t.json:6:18: rows[0].panels[0].detect.sigma: unknown key 'sigma'"},
	    {"\"detect\":{\"limit\":\"3\"}",
	     "t.json:6:26: rows[0].panels[0].detect.limit: expected a number"},
	    {"\"detect\":{\"min_run\":0}", "t.json:6:28: rows[0].panels[0].detect.min_run:"},
	    {"\"detect\":{\"season\":\"5m\"}", "t.json:6:27: rows[0].panels[0].detect.season: "
					       "expected a duration of an hour or more"},
	};
	char panel[200];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(panel, sizeof panel,
			 "{%s,\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}",
			 bad[i].field);
		with_panel_lines(buf, sizeof buf, panel);
		err[0] = '\0';
		assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err),
				 -1);
		if (strncmp(err, bad[i].want, strlen(bad[i].want)) != 0)
			fail_msg("%s:\n got %s\nwant %s", bad[i].field, err, bad[i].want);
	}
}

static void test_window_errors(void **state)
{
	(void)state;
	static const struct {
		const char *field, *want;
	} cases[] = {
	    {"\"window\":\"30s\"",
	     "t.json:6:17: rows[0].panels[0].window: expected \"range\", "
	     "\"now\" or a duration of a minute or more (\"15m\", \"1h\", \"7d\")"},
	    {"\"window\":\"soon\"", "t.json:6:17: rows[0].panels[0].window: expected \"range\""},
	    {"\"window\":15", "t.json:6:17: rows[0].panels[0].window: expected \"range\""},
	    {"\"window\":\"last\"", "t.json:6:17: rows[0].panels[0].window: expected \"range\""},
	    {"\"value\":\"now\"", "t.json:6:16: rows[0].panels[0].value: expected \"range\" or "
				  "\"last\" (or use \"window\")"},
	    {"\"window\":\"1h\",\"value\":\"range\"",
	     "t.json:6:17: rows[0].panels[0].window: give \"window\" or the older \"value\", not "
	     "both"},
	};
	char buf[512], err[1024], panel[200];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(panel, sizeof panel,
			 "{%s,\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}",
			 cases[i].field);
		with_panel_lines(buf, sizeof buf, panel);
		struct dashboard d;
		err[0] = '\0';
		assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err),
				 -1);
		if (strncmp(err, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("%s:\n got %s\nwant %s", cases[i].field, err, cases[i].want);
	}
}

/* A dashboard's own range: a duration from a minute to a year; --range (asked) beats it. */
static void test_dashboard_range(void **state)
{
	(void)state;
	char buf[512], err[1024];
	struct dashboard d;
	static const char *const ok[] = {"\"1h\"", "\"30d\"", "\"90m\""};
	static const double secs[] = {3600, 30 * 86400, 5400};
	for (size_t i = 0; i < 3; i++) {
		snprintf(buf, sizeof buf,
			 "{\"name\":\"n\",\"title\":\"T\",\"range\":%s,\"rows\":[{\"panels\":[{"
			 "\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}]}]}",
			 ok[i]);
		assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err),
				 0);
		assert_float_equal(dashboard_range(&d, 0), secs[i], 0);
		assert_float_equal(dashboard_range(&d, 600), 600, 0);
		dashboard_done(&d);
	}
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err), 0);
	assert_float_equal(dashboard_range(&d, 0), 86400, 0); /* none: a day */
	dashboard_done(&d);
	static const char *const bad[] = {"\"30s\"", "\"2y\"", "\"400d\"", "3600", "\"\""};
	for (size_t i = 0; i < 5; i++) {
		snprintf(buf, sizeof buf,
			 "{\"name\":\"n\",\"title\":\"T\",\"range\":%s,\"rows\":[]}", bad[i]);
		assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err),
				 -1);
		if (strstr(err,
			   "t.json:1:33: range: expected a duration from a minute to a year") ==
		    NULL)
			fail_msg("%s: %s", bad[i], err);
	}
}

/* The shipped views open at the time their users think in, with their figures' windows. */
static void test_shipped_windows(void **state)
{
	(void)state;
	static const struct {
		const char *view, *panel;
		double range, window;
	} cases[] = {
	    {"executive", "Productivity vs control", 7 * 86400, WINDOW_RANGE},
	    {"executive", "AI adoption", 7 * 86400, WINDOW_NOW},
	    {"operations", "SLA compliance", 3600, 900},
	    {"operations", "Queue length", 3600, WINDOW_NOW},
	    {"model", "p99 latency", 6 * 3600, 300},
	    {"model", "Under 300 ms (SLO 99.5%)", 6 * 3600, 3600},
	    {"hr", "Overtime hours by team", 30 * 86400, WINDOW_RANGE},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		const struct panel *found = NULL;
		struct dashboard d = {0};
		for (size_t i = 0; i < embedded_views_count && !found; i++) {
			char err[256];
			assert_int_equal(dashboard_parse(embedded_views[i].text,
							 embedded_views[i].len, "v.json", &d, err,
							 sizeof err),
					 0);
			if (strcmp(d.name, cases[c].view) == 0) {
				assert_float_equal(dashboard_range(&d, 0), cases[c].range, 0);
				for (size_t r = 0; r < d.nrows; r++)
					for (size_t k = 0; k < d.rows[r].npanels; k++)
						if (strcmp(d.rows[r].panels[k].title,
							   cases[c].panel) == 0)
							found = &d.rows[r].panels[k];
				if (found == NULL)
					fail_msg("%s has no panel %s", cases[c].view,
						 cases[c].panel);
				assert_float_equal(found->window, cases[c].window, 0);
			}
			dashboard_done(&d);
		}
		assert_non_null(found);
	}
}

/* A table's columns: each query its own look over the panel's; badly formed ones refused. */
static void test_columns(void **state)
{
	(void)state;
	char buf[1024], err[1024];
	with_panel(buf, sizeof buf,
		   "{\"title\":\"M\",\"kind\":\"table\",\"unit\":\"ratio\",\"window\":\"1h\","
		   "\"thresholds\":{\"warn\":0.2,\"bad\":0.3},\"direction\":\"down\",\"queries\":["
		   "{\"column\":\"a\",\"kpi\":\"error_rate\",\"group\":\"model\"},"
		   "{\"column\":\"p99\",\"kpi\":\"latency_p99_seconds\",\"group\":\"model\","
		   "\"unit\":\"seconds\",\"window\":\"5m\",\"decimals\":2,\"direction\":\"up\","
		   "\"thresholds\":{\"warn\":0.9,\"bad\":0.5}}]}");
	struct dashboard d;
	if (dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err) != 0)
		fail_msg("%s", err);
	const struct panel_query *a = &d.rows[0].panels[0].queries[0];
	const struct panel_query *b = &d.rows[0].panels[0].queries[1];
	assert_string_equal(a->column, "a");
	assert_int_equal(a->unit.kind, UNIT_RATIO); /* the panel's */
	assert_float_equal(query_window(a, 600), 3600, 0);
	assert_int_equal(a->direction, -1);
	assert_float_equal(a->bad, 0.3, 0);
	assert_int_equal(b->unit.kind, UNIT_SECONDS); /* its own */
	assert_float_equal(query_window(b, 600), 300, 0);
	assert_int_equal(b->decimals, 2);
	assert_int_equal(b->direction, 1);
	assert_float_equal(b->warn, 0.9, 0);
	assert_int_equal(query_level(b, 0.4), LEVEL_BAD);
	assert_int_equal(query_level(a, 0.4), LEVEL_BAD);
	assert_int_equal(query_level(a, 0.1), LEVEL_OK);
	dashboard_done(&d);

	static const struct refusal bad[] = {
	    {"{\"title\":\"M\",\"kind\":\"stat\",\"queries\":[{\"column\":\"a\",\"kpi\":\"roi\","
	     "\"group\":\"team\"}]}",
	     "rows[0].panels[0].queries: columns (a query's \"column\") are for a \"table\" panel"},
	    {"{\"title\":\"M\",\"kind\":\"table\",\"queries\":[{\"column\":\"a\",\"kpi\":\"roi\","
	     "\"group\":\"team\"},{\"kpi\":\"roi\",\"group\":\"team\"}]}",
	     "rows[0].panels[0].queries[1]: every query of a table with columns needs its "
	     "\"column\""},
	    {"{\"title\":\"M\",\"kind\":\"table\",\"queries\":[{\"column\":\"a\",\"kpi\":\"roi\","
	     "\"group\":\"team\"},{\"column\":\"b\",\"kpi\":\"roi\",\"group\":\"role\"}]}",
	     "rows[0].panels[0].queries[1]: the columns of a table are grouped by one label"},
	    {"{\"title\":\"M\",\"kind\":\"table\",\"queries\":[{\"column\":\"a\",\"kpi\":\"roi\","
	     "\"group\":\"team\",\"direction\":\"up\",\"thresholds\":{\"warn\":0.1,\"bad\":0.5}}]}",
	     "rows[0].panels[0].queries[0].thresholds: bad must be below warn when up is good"},
	    {"{\"title\":\"M\",\"kind\":\"table\",\"queries\":[{\"column\":\"a\",\"kpi\":\"roi\","
	     "\"group\":\"team\",\"window\":\"2s\"}]}",
	     "rows[0].panels[0].queries[0].window: expected \"range\", \"now\" or a duration"},
	};
	refused(bad, sizeof bad / sizeof *bad);
}

/*
 * An "slo" panel: its queries are made from its objective, window and pairs, one
 * a span (the window first, each span once), the good share under the latency
 * threshold; and what is wrong with one is said with its path.
 */
static void test_slo_panel(void **state)
{
	(void)state;
	char buf[2048], err[1024];
	with_panel(buf, sizeof buf,
		   "{\"title\":\"S\",\"kind\":\"slo\",\"drill\":[\"model\"],\"slo\":{"
		   "\"objective\":0.995,\"kpi\":\"latency_slo\",\"group\":\"model\","
		   "\"latency\":{\"histogram\":\"h_seconds\",\"le\":\"0.3\"}}}");
	struct dashboard d;
	if (dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err) != 0)
		fail_msg("%s", err);
	const struct panel *p = &d.rows[0].panels[0];
	assert_non_null(p->slo);
	assert_float_equal(p->slo->objective, 0.995, 0);
	assert_float_equal(p->slo->window, 30 * 86400, 0);
	assert_int_equal(p->slo->npairs, 4);
	/* 30d, then 1h 5m, 6h 30m, 1d 2h, 3d 6h: eight spans */
	static const double spans[] = {2592000, 3600, 300, 21600, 1800, 86400, 7200, 259200, 21600};
	assert_int_equal(p->nqueries, 8);
	assert_int_equal(p->slo_window, 0);
	for (size_t i = 0; i < 4; i++)
		for (size_t k = 0; k < 2; k++)
			assert_float_equal(p->queries[p->slo_span[i][k]].window,
					   spans[1 + 2 * i + k], 0);
	assert_int_equal(p->slo_span[3][1], p->slo_span[1][0]); /* 6h asked once */
	assert_string_equal(p->queries[0].promql,
			    "sum by ($group) (rate(h_seconds_bucket{le=\"0.3\",$filter}[$step])) / "
			    "sum by ($group) (rate(h_seconds_count{$filter}[$step]))");
	assert_string_equal(p->queries[1].kpi, "latency_slo");
	assert_string_equal(p->queries[1].group, "model");
	assert_string_equal(p->queries[1].column, "1h");
	assert_int_equal(p->queries[1].unit.kind, UNIT_RATIO);
	assert_true(p->detect_off);
	dashboard_done(&d);

	/* good and total, and pairs of its own */
	with_panel(
	    buf, sizeof buf,
	    "{\"title\":\"S\",\"kind\":\"slo\",\"slo\":{\"objective\":0.99,\"window\":\"7d\","
	    "\"good\":\"sum(rate(ok[$step]))\",\"total\":\"sum(rate(all[$step]))\","
	    "\"pairs\":[{\"long\":\"1h\",\"short\":\"5m\",\"factor\":10,\"calls\":\"page\"}]}}");
	if (dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err) != 0)
		fail_msg("%s", err);
	p = &d.rows[0].panels[0];
	assert_int_equal(p->nqueries, 3);
	assert_int_equal(p->slo->npairs, 1);
	assert_float_equal(p->slo->pairs[0].factor, 10, 0);
	assert_string_equal(p->queries[0].promql,
			    "(sum(rate(ok[$step]))) / (sum(rate(all[$step])))");
	dashboard_done(&d);

	static const struct refusal bad[] = {
	    {"{\"title\":\"S\",\"kind\":\"slo\"}", "rows[0].panels[0].slo: an \"slo\" panel needs"},
	    {"{\"title\":\"S\",\"kind\":\"slo\",\"slo\":{\"latency\":{\"histogram\":\"h\",\"le\":"
	     "\"1\"}}}",
	     "rows[0].panels[0].slo: the objective must be between 0 and 1"},
	    {"{\"title\":\"S\",\"kind\":\"slo\",\"slo\":{\"objective\":0.9,\"good\":\"a\"}}",
	     "rows[0].panels[0].slo: give either \"latency\""},
	    {"{\"title\":\"S\",\"kind\":\"slo\",\"slo\":{\"objective\":0.9,\"good\":\"a\","
	     "\"total\":\"b\",\"window\":\"soon\"}}",
	     "rows[0].panels[0].slo.window: expected a duration"},
	    {"{\"title\":\"S\",\"kind\":\"slo\",\"slo\":{\"objective\":0.9,\"good\":\"a\","
	     "\"total\":\"b\",\"pairs\":[{\"long\":\"5m\",\"short\":\"1h\",\"factor\":2,"
	     "\"calls\":\"ticket\"}]}}",
	     "rows[0].panels[0].slo: a burn-rate pair needs a long span no shorter"},
	    {"{\"title\":\"S\",\"kind\":\"slo\",\"slo\":{\"objective\":0.9,\"good\":\"a\","
	     "\"total\":\"b\",\"pairs\":[{\"long\":\"1h\",\"short\":\"5m\",\"factor\":2,"
	     "\"calls\":\"email\"}]}}",
	     "rows[0].panels[0].slo.pairs[0].calls: unknown value 'email'"},
	    {"{\"title\":\"S\",\"kind\":\"slo\",\"queries\":[{\"kpi\":\"roi\"}],\"slo\":{}}",
	     "rows[0].panels[0].queries: an \"slo\" panel makes its queries from its \"slo\""},
	    {"{\"title\":\"S\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}],\"slo\":{}}",
	     "rows[0].panels[0].slo: only a panel of \"kind\": \"slo\" takes an \"slo\""},
	};
	refused(bad, sizeof bad / sizeof *bad);
	/* a good share too long to make a query of is refused, not cut */
	static char good[2100], panel[2400], big[2600];
	memset(good, 'a', sizeof good - 1);
	snprintf(panel, sizeof panel,
		 "{\"title\":\"S\",\"kind\":\"slo\",\"slo\":{\"objective\":0.9,\"good\":\"%s\","
		 "\"total\":\"b\"}}",
		 good);
	with_panel(big, sizeof big, panel);
	assert_int_equal(dashboard_parse(big, strlen(big), "t.json", &d, err, sizeof err), -1);
	assert_non_null(
	    strstr(err, "rows[0].panels[0].slo: the good share's query is longer than"));
}

/* Thresholds must get worse in the direction that is bad. */
static void test_threshold_order(void **state)
{
	(void)state;
	char buf[512], err[256];
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"direction\":\"up\",\"thresholds\":{"
		   "\"warn\":0.5,\"bad\":0.9},\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(
	    err,
	    "t.json:1:112: rows[0].panels[0].thresholds: bad must be below warn when up is good");
	with_panel(buf, sizeof buf,
		   "{\"title\":\"A\",\"kind\":\"stat\",\"direction\":\"down\",\"thresholds\":{"
		   "\"warn\":0.5,\"bad\":0.9},\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), 0);
}

/* The message for panel (on line 6 of a dashboard, from column 7) is want, exactly. */
static void expect_message(const char *panel, const char *want)
{
	char buf[1024], err[1024];
	with_panel_lines(buf, sizeof buf, panel);
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, want);
}

/* An unknown key near an allowed one is taken for a slip of that one, at the key's place. */
static void test_message_did_you_mean(void **state)
{
	(void)state;
	expect_message("{\"title\": \"A\", \"kind\": \"stat\", \"desciption\": \"x\", \"queries\": "
		       "[{\"kpi\": \"roi\"}]}",
		       "t.json:6:38: rows[0].panels[0].desciption: unknown key 'desciption' (did "
		       "you mean 'description'?)");
	expect_message(
	    "{\"title\": \"A\", \"kind\": \"stat\", \"unti\": \"%\", \"queries\": [{\"kpi\": "
	    "\"roi\"}]}",
	    "t.json:6:38: rows[0].panels[0].unti: unknown key 'unti' (did you mean 'unit'?)");
}

/* An unknown key near none lists the keys there are. */
static void test_message_unknown_key(void **state)
{
	(void)state;
	expect_message("{\"title\": \"A\", \"kind\": \"stat\", \"thresholds\": {\"warn\": 1, "
		       "\"amber\": 2}, \"queries\": [{\"kpi\": \"roi\"}]}",
		       "t.json:6:64: rows[0].panels[0].thresholds.amber: unknown key 'amber' "
		       "(expected one of: warn, bad)");
}

/* A value of the wrong type is named at the value. */
static void test_message_wrong_type(void **state)
{
	(void)state;
	expect_message("{\"title\": 7, \"kind\": \"stat\", \"queries\": [{\"kpi\": \"roi\"}]}",
		       "t.json:6:17: rows[0].panels[0].title: expected a string");
}

/* An unknown unit, its column counted in characters past a title of accents and a euro sign. */
static void test_message_unknown_unit(void **state)
{
	(void)state;
	expect_message("{\"title\": \"D\xc3\xa9"
		       "bit \xe2\x82\xac\", \"kind\": \"stat\", \"unit\": \"furlong\", "
		       "\"queries\": [{\"kpi\": \"roi\"}]}",
		       "t.json:6:52: rows[0].panels[0].unit: unknown unit 'furlong'");
}

/* Thresholds in the wrong order are named at the thresholds object. */
static void test_message_thresholds(void **state)
{
	(void)state;
	expect_message(
	    "{\"title\": \"A\", \"kind\": \"stat\", \"direction\": \"up\", \"thresholds\": "
	    "{\"warn\": 0.5, \"bad\": 0.9}, \"queries\": [{\"kpi\": \"roi\"}]}",
	    "t.json:6:71: rows[0].panels[0].thresholds: bad must be below warn when up is good");
}

/* A template variable that does not exist is named at its query's PromQL. */
static void test_message_template(void **state)
{
	(void)state;
	expect_message(
	    "{\"title\": \"A\", \"kind\": \"stat\", \"queries\": [{\"kpi\": \"roi\", \"promql\": "
	    "\"rate(x[$window])\"}]}",
	    "t.json:6:75: rows[0].panels[0].queries[0].promql: unknown template variable $window");
}

/* A syntax error has jansson's position: the end of the offending token. */
static void test_message_syntax(void **state)
{
	(void)state;
	expect_message("{\"title\": \"A\", \"kind\": \"stat\",}",
		       "t.json:6:37: string or '}' expected near '}'");
}

/* Unknown keys do not hide the next problem; a missing member is placed at its object; nothing is
 * half-loaded. */
static void test_message_several(void **state)
{
	(void)state;
	char buf[1024], err[1024];
	struct dashboard d;
	with_panel_lines(
	    buf, sizeof buf,
	    "{\"titel\": \"A\", \"kind\": \"stat\", \"queries\": [{\"kpi\": \"roi\"}]}");
	assert_int_equal(dashboard_parse(buf, strlen(buf), "t.json", &d, err, sizeof err), -1);
	assert_string_equal(
	    err,
	    "t.json:6:8: rows[0].panels[0].titel: unknown key 'titel' (did you mean 'title'?)\n"
	    "t.json:6:7: rows[0].panels[0].title: missing (expected a string)");
	assert_null(d.name);
	assert_null(d.rows);
	assert_int_equal(d.nrows, 0);
}

/* Levels follow thresholds and direction; NaN has no level. */
static void test_panel_level(void **state)
{
	(void)state;
	struct panel p = {.direction = 1, .warn = 0.95, .bad = 0.9};
	assert_int_equal(panel_level(&p, 0.99), LEVEL_OK);
	assert_int_equal(panel_level(&p, 0.95), LEVEL_OK);
	assert_int_equal(panel_level(&p, 0.92), LEVEL_WARN);
	assert_int_equal(panel_level(&p, 0.9), LEVEL_WARN);
	assert_int_equal(panel_level(&p, 0.899), LEVEL_BAD);
	assert_int_equal(panel_level(&p, NAN), LEVEL_NONE);
	p = (struct panel){.direction = -1, .warn = 0.15, .bad = 0.2};
	assert_int_equal(panel_level(&p, 0.1), LEVEL_OK);
	assert_int_equal(panel_level(&p, 0.17), LEVEL_WARN);
	assert_int_equal(panel_level(&p, 0.2), LEVEL_WARN);
	assert_int_equal(panel_level(&p, 0.25), LEVEL_BAD);
	p = (struct panel){.direction = 1, .warn = NAN, .bad = NAN};
	assert_int_equal(panel_level(&p, 3), LEVEL_NONE);
}

/* 150 points a minute apart: level a, then b over the last 40, with noise of sd (fixed seed). */
static void step_series(struct series *s, double a, double b, double sd)
{
	uint32_t x = 12345;
	series_init(s);
	for (int i = 0; i < 150; i++) {
		double u = 0;
		for (int k = 0; k < 4; k++) { /* about normal: a sum of four uniforms, sd 1 */
			x = x * 1664525u + 1013904223u;
			u += (double)(x >> 8) / 16777216.0 - 0.5;
		}
		series_push(s, 1.7e9 + 60.0 * i, (i < 110 ? a : b) + sd * u * sqrt(3.0));
	}
}

/* A detected change is news only when it is for the worse and large enough to matter. */
static void test_panel_shift(void **state)
{
	(void)state;
	struct panel_query q = {.direction = 1, .warn = 0.95, .bad = 0.9};
	struct panel p = {.queries = &q, .nqueries = 1};
	detect_defaults(&p.detect);
	struct series s;
	struct detection d;
	/* SLA falling 7pp: the spread is floored at 1% of the level, so 7 sigmas, a warning by
	 * its size (its threshold makes the list's entry bad) */
	step_series(&s, 0.97, 0.90, 0.003);
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_WARN);
	assert_true(d.sign < 0 && fabs(d.normal - 0.97) < 0.002 && fabs(d.now - 0.90) < 0.002);
	assert_true(fabs(d.since - (1.7e9 + 60.0 * 110)) <= 3 * 60); /* within 3 points */
	p.detect_off = 1;
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_NONE);
	assert_int_equal(d.kind, DETECT_NONE);
	p.detect_off = 0;
	series_done(&s);

	step_series(&s, 0.97, 0.995, 0.003); /* up is good: no news */
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_NONE);
	q.direction = 0; /* neither way is good: any change is news */
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_WARN);
	series_done(&s);

	q = (struct panel_query){.direction = 0, .warn = NAN, .bad = NAN};
	step_series(&s, 100, 104, 0.4); /* 10 sigmas, but 4% of normal: not worth a call */
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_NONE);
	series_done(&s);
	step_series(&s, 100, 130, 2); /* 30%, 15 sigmas: bad */
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_BAD);
	q.promql = "sum(increase(x_total[$step]))"; /* a count per point: sized by the step */
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_NONE);
	q.promql = "sum(increase(x_total[$step])) / sum(increase(y_total[$step]))"; /* a ratio */
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_BAD);
	q.per = 3600; /* a count shown per hour */
	q.promql = "sum(increase(x_total[$step]))";
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_BAD);
	q.promql = NULL;
	q.per = 0;
	series_done(&s);
	step_series(&s, 100, 112, 2); /* 12%, 6 sigmas: a warning */
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_WARN);
	assert_true(d.sigmas >= 4 && d.sigmas < SHIFT_BAD_SIGMAS);
	series_done(&s);
	step_series(&s, 100, 100, 2); /* nothing happened */
	assert_int_equal(panel_shift(&p, 0, &s, &d), LEVEL_NONE);
	series_done(&s);
	assert_int_equal(panel_shift(&p, 0, NULL, &d), LEVEL_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_dashboards),
	    cmocka_unit_test(test_syntax_error),
	    cmocka_unit_test(test_field_errors),
	    cmocka_unit_test(test_threshold_order),
	    cmocka_unit_test(test_panel_level),
	    cmocka_unit_test(test_panel_shift),
	    cmocka_unit_test(test_per_seconds),
	    cmocka_unit_test(test_windows),
	    cmocka_unit_test(test_window_errors),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_dashboard_range),
	    cmocka_unit_test(test_shipped_windows),
	    cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_slo_panel),
	    cmocka_unit_test(test_drill_errors),
	    cmocka_unit_test(test_foreign_query),
	    cmocka_unit_test(test_title_sanitized),
	    cmocka_unit_test(test_message_did_you_mean),
	    cmocka_unit_test(test_message_unknown_key),
	    cmocka_unit_test(test_message_wrong_type),
	    cmocka_unit_test(test_message_unknown_unit),
	    cmocka_unit_test(test_message_thresholds),
	    cmocka_unit_test(test_message_template),
	    cmocka_unit_test(test_message_syntax),
	    cmocka_unit_test(test_message_several),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
