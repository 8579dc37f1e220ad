/* test_template.c: query templates get their variables as Prometheus durations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "views/template.h"

/* Expand tmpl with range and step; the caller frees. */
static char *expand(const char *tmpl, double range, double step, char *err, size_t len)
{
	struct template_vars v = {range, step, NULL, NULL};
	return template_expand(tmpl, &v, err, len);
}

/* $range and $step become whole seconds, rounded up, at least 1s. */
static void test_durations(void **state)
{
	(void)state;
	char err[128];
	char *s = expand("sum(increase(x_total[$step])) / sum(increase(y_total[$range]))", 86400,
			 288.4, err, sizeof err);
	assert_string_equal(s, "sum(increase(x_total[289s])) / sum(increase(y_total[86400s]))");
	free(s);
	s = expand("rate(x[$step])", 60, 0.2, err, sizeof err);
	assert_string_equal(s, "rate(x[1s])");
	free(s);
}

/* A '$' that names nothing stays (regex anchors), "$$" is one '$'. */
static void test_literal_dollars(void **state)
{
	(void)state;
	char err[128];
	char *s = expand("x{team=~\"claims$\"} and on() vector($$5)", 60, 60, err, sizeof err);
	assert_string_equal(s, "x{team=~\"claims$\"} and on() vector($5)");
	free(s);
}

/* Without a drill path, $group and $filter are empty; $offset is the range before. */
static void test_drill_variables(void **state)
{
	(void)state;
	char err[128];
	char *s = expand("sum by ($group) (x{le=\"0.3\",$filter}) - x offset $offset", 3600, 60,
			 err, sizeof err);
	assert_string_equal(s, "sum by () (x{le=\"0.3\",}) - x offset 3600s");
	free(s);
	struct template_vars v = {86400, 600, "team", "team=\"claims\",role=\"agent\""};
	s = template_expand("sum by ($group) (increase(x_total{$filter}[$step]))", &v, err,
			    sizeof err);
	assert_string_equal(
	    s, "sum by (team) (increase(x_total{team=\"claims\",role=\"agent\"}[600s]))");
	free(s);
}

/* A drill path's values are quoted for PromQL: a quote, a backslash or a newline cannot end the
 * matcher. */
static void test_matchers_escaped(void **state)
{
	(void)state;
	const struct kpi_filter f[] = {{"team", "claims"}, {"role", "a\"b\\c\nd"}};
	char *s = template_matchers(f, 2);
	assert_string_equal(s, "team=\"claims\",role=\"a\\\"b\\\\c\\nd\"");
	free(s);
	s = template_matchers(f, 0);
	assert_string_equal(s, "");
	free(s);
}

/* An unknown variable is named in the error. */
static void test_unknown(void **state)
{
	(void)state;
	char err[128];
	assert_null(expand("rate(x[$interval])", 60, 60, err, sizeof err));
	assert_string_equal(err, "unknown template variable $interval");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_durations),	     cmocka_unit_test(test_literal_dollars),
	    cmocka_unit_test(test_drill_variables),  cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_matchers_escaped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
