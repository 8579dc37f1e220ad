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
		 "{\"name\":\"n\",\"title\":\"T\",\"rows\":[{\"height\":5,\"panels\":[%s]}]}", panel);
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
					const struct panel_query *pq = &d.rows[r].panels[p].queries[q];
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
	assert_non_null(strstr(err, "t.json:3:"));
}

/* Field errors name the path of the field and what was expected. */
static void test_field_errors(void **state)
{
	(void)state;
	char buf[512], err[256];
	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"pie\",\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json: rows[0].panels[0].kind: unknown value 'pie'");

	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"stat\",\"unit\":\"furlongs\",\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json: rows[0].panels[0].unit: unknown unit 'furlongs'");

	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"stat\",\"colour\":1,\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json: rows[0].panels[0].colour: unknown key");

	with_panel(buf, sizeof buf, "{\"title\":7,\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json: rows[0].panels[0].title: expected a string");

	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json: rows[0].panels[0].queries: expected an array of at least one query");

	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\",\"promql\":\"sum(rate(x[$window]))\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json: rows[0].panels[0].queries[0].promql: unknown template variable $window");

	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\",\"filter\":{\"team\":3}}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json: rows[0].panels[0].queries[0].filter.team: expected a string");
}

/* A title holding escape sequences and controls is loaded harmless. */
static void test_title_sanitized(void **state)
{
	(void)state;
	const char *text = "{\"name\":\"n\",\"title\":\"T\\u001b]0;owned\\u0007\\u001b[31mRed\\nX\",\"rows\":[{\"height\":5,\"panels\":[{\"title\":\"A\",\"kind\":\"stat\",\"queries\":[{\"kpi\":\"roi\"}]}]}]}";
	struct dashboard d;
	char err[256];
	assert_int_equal(dashboard_parse(text, strlen(text), "t.json", &d, err, sizeof err), 0);
	assert_string_equal(d.title, "TRed\xef\xbf\xbdX");
	dashboard_done(&d);
}

/* Thresholds must get worse in the direction that is bad. */
static void test_threshold_order(void **state)
{
	(void)state;
	char buf[512], err[256];
	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"stat\",\"direction\":\"up\",\"thresholds\":{\"warn\":0.5,\"bad\":0.9},\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), -1);
	assert_string_equal(err, "t.json: rows[0].panels[0].thresholds: bad must be below warn when up is good");
	with_panel(buf, sizeof buf, "{\"title\":\"A\",\"kind\":\"stat\",\"direction\":\"down\",\"thresholds\":{\"warn\":0.5,\"bad\":0.9},\"queries\":[{\"kpi\":\"roi\"}]}");
	assert_int_equal(parse(buf, err, sizeof err), 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_dashboards), cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_field_errors),       cmocka_unit_test(test_threshold_order),
		cmocka_unit_test(test_panel_level),        cmocka_unit_test(test_title_sanitized),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
