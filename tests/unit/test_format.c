/* test_format.c: the strings a person reads on the dashboard, checked exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/format.h"

/* Check one formatted string and the length returned with it, reporting the caller's line. */
static void check_out(const char *got, size_t n, const char *want, const char *file, int line)
{
	_assert_string_equal(got, want, file, line);
	_assert_int_equal(n, strlen(want), file, line);
}

/* Check fmt_value of v in the unit called unit with decimals dec. */
static void check_value(const char *unit, double v, int dec, const char *want, const char *file,
			int line)
{
	struct unit u;
	char buf[64];
	_assert_int_equal(unit_parse(unit, &u), 0, file, line);
	check_out(buf, fmt_value(buf, sizeof buf, v, &u, dec), want, file, line);
}

/* Check fmt_delta of d in the unit called unit with decimals dec. */
static void check_delta(const char *unit, double d, int dec, const char *want, const char *file,
			int line)
{
	struct unit u;
	char buf[64];
	_assert_int_equal(unit_parse(unit, &u), 0, file, line);
	check_out(buf, fmt_delta(buf, sizeof buf, d, &u, dec), want, file, line);
}

/* Check fmt_duration of s. */
static void check_duration(double s, const char *want, const char *file, int line)
{
	char buf[64];
	check_out(buf, fmt_duration(buf, sizeof buf, s), want, file, line);
}

/* Check fmt_si of v with decimals dec. */
static void check_si(double v, int dec, const char *want, const char *file, int line)
{
	char buf[64];
	check_out(buf, fmt_si(buf, sizeof buf, v, dec), want, file, line);
}

/* Check fmt_range of s. */
static void check_range(double s, const char *want, const char *file, int line)
{
	char buf[64];
	check_out(buf, fmt_range(buf, sizeof buf, s), want, file, line);
}

/* Check fmt_time_label of t over span. */
static void check_label(double t, double span, const char *want, const char *file, int line)
{
	char buf[64];
	check_out(buf, fmt_time_label(buf, sizeof buf, t, span), want, file, line);
}

#define VALUE(unit, v, dec, want) check_value(unit, v, dec, want, __FILE__, __LINE__)
#define DELTA(unit, d, dec, want) check_delta(unit, d, dec, want, __FILE__, __LINE__)
#define DURATION(s, want)	  check_duration(s, want, __FILE__, __LINE__)
#define SI(v, dec, want)	  check_si(v, dec, want, __FILE__, __LINE__)
#define RANGE(s, want)		  check_range(s, want, __FILE__, __LINE__)
#define LABEL(t, span, want)	  check_label(t, span, want, __FILE__, __LINE__)

/* Every unit name parses, in any case, and its canonical name parses back to it. */
static void test_unit_parse(void **state)
{
	static const char *const names[] = {"none",    "count", "ratio",    "percent",
					    "seconds", "hours", "per_hour", "score"};
	struct unit u, back;
	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_int_equal(unit_parse(names[i], &u), 0);
		assert_string_equal(unit_name(&u), names[i]);
		assert_int_equal(unit_parse(unit_name(&u), &back), 0);
		assert_int_equal(back.kind, u.kind);
	}
	assert_int_equal(unit_parse("Ratio", &u), 0);
	assert_int_equal(u.kind, UNIT_RATIO);
	assert_int_equal(unit_parse("usd", &u), 0);
	assert_int_equal(u.kind, UNIT_MONEY);
	assert_string_equal(u.currency, "USD");
	assert_string_equal(unit_name(&u), "USD");
	assert_int_equal(unit_parse("USD", &u), 0);
	assert_string_equal(u.currency, "USD");
	assert_int_equal(unit_parse("eur", &u), 0);
	assert_string_equal(u.currency, "EUR");
	assert_int_equal(unit_parse("Chf", &u), 0);
	assert_string_equal(u.currency, "CHF");
}

/* Unknown names are refused. */
static void test_unit_parse_unknown(void **state)
{
	static const char *const bad[] = {"", "furlongs", "us", "usdx", "u1d", "$$$", "é"};
	struct unit u;
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(unit_parse(bad[i], &u), -1);
	assert_int_equal(unit_parse(NULL, &u), -1);
}

/* Ratios print as percentages with three significant digits. */
static void test_ratio(void **state)
{
	(void)state;
	VALUE("ratio", 0.9512, -1, "95.1%");
	VALUE("ratio", 1.0, -1, "100%");
	VALUE("ratio", 0.05, -1, "5.00%");
	VALUE("ratio", 0.00123, -1, "0.123%");
	VALUE("ratio", 0.0, -1, "0%");
	VALUE("ratio", -0.052, -1, "-5.20%");
	VALUE("ratio", 0.9512, 2, "95.12%");
	VALUE("ratio", 0.9512, 0, "95%");
	VALUE("ratio", 0.99996, -1, "100%");
	VALUE("ratio", 0.099996, -1, "10.0%");
}

/* Percents are already 0..100. */
static void test_percent(void **state)
{
	(void)state;
	VALUE("percent", 95.12, -1, "95.1%");
	VALUE("percent", 0.5, -1, "0.500%");
	VALUE("percent", 50, -1, "50.0%");
	VALUE("percent", -3, -1, "-3.00%");
	VALUE("percent", 95.12, 3, "95.120%");
	VALUE("percent", 123456, -1, "123k%");
}

/* Counts and plain numbers: bare below 10,000, SI prefixes above, e-notation past T. */
static void test_count_none(void **state)
{
	(void)state;
	VALUE("count", 1234, -1, "1234");
	VALUE("count", 9999, -1, "9999");
	VALUE("count", 12345, -1, "12.3k");
	VALUE("count", 4.56e6, -1, "4.56M");
	VALUE("count", 7.8e9, -1, "7.80G");
	VALUE("count", 1.2e13, -1, "12.0T");
	VALUE("count", 1e15, -1, "1.00e15");
	VALUE("count", 1e300, -1, "1.00e300");
	VALUE("count", 9999.6, -1, "10.0k");
	VALUE("count", 999999, -1, "1.00M");
	VALUE("count", 0, -1, "0");
	VALUE("count", -0.0, -1, "0");
	VALUE("count", -1234, -1, "-1234");
	VALUE("count", -12345, -1, "-12.3k");
	VALUE("count", 1234.56, 1, "1234.6");
	VALUE("count", 12345, 0, "12k");
	VALUE("count", 12.7, 0, "13");
	/* expected counts (an engine's increase(), the demo) read as whole things */
	VALUE("count", 79.4, -1, "79");
	VALUE("count", 1.1, -1, "1");
	VALUE("count", 456.6, -1, "457");
	VALUE("count", 0.42, -1, "0.420");
	VALUE("none", 12.345, -1, "12.3");
	VALUE("none", 0.5, -1, "0.500");
	VALUE("none", 0.00123, -1, "0.00123");
	VALUE("none", 0.000123, -1, "1.23e-4");
	VALUE("none", -0.000123, -1, "-1.23e-4");
	VALUE("none", 0.000123, 2, "0.00");
	VALUE("none", -0.0001, 2, "0.00");
	VALUE("none", 3.14159, 20, "3.141590000");
}

/* Money: "$" for USD, the code for the others; cents below 100. */
static void test_money(void **state)
{
	(void)state;
	VALUE("usd", 1.23e6, -1, "$1.23M");
	VALUE("USD", 1234, -1, "$1234");
	VALUE("usd", 1234.56, -1, "$1235");
	VALUE("usd", 12.5, -1, "$12.50");
	VALUE("usd", 0.05, -1, "$0.05");
	VALUE("usd", 0, -1, "$0");
	VALUE("usd", -350, -1, "-$350");
	VALUE("usd", 1234.5, 2, "$1234.50");
	VALUE("usd", 12345, 2, "$12.35k");
	VALUE("eur", 1.23e6, -1, "EUR 1.23M");
	VALUE("eur", -350, -1, "-EUR 350");
	VALUE("gbp", 12.5, -1, "GBP 12.50");
}

/* Rates per hour keep three significant digits. */
static void test_per_hour(void **state)
{
	(void)state;
	VALUE("per_hour", 3.2, -1, "3.20/h");
	VALUE("per_hour", 12345, -1, "12.3k/h");
	VALUE("per_hour", 0, -1, "0/h");
	VALUE("per_hour", -0.5, -1, "-0.500/h");
	VALUE("per_hour", 3.2, 0, "3/h");
}

/* Scores: a whole positive score gets '+' (eNPS), a fractional one does not (PSI). */
static void test_score(void **state)
{
	(void)state;
	VALUE("score", 23, -1, "+23");
	VALUE("score", -12, -1, "-12");
	VALUE("score", 0, -1, "0");
	VALUE("score", 0.134, -1, "0.134");
	VALUE("score", -0.05, -1, "-0.0500");
	VALUE("score", 23, 1, "23.0");
	VALUE("score", 23.4, 0, "+23");
	VALUE("score", 0.4, 0, "0");
	VALUE("score", -0.4, 0, "0");
}

/*
 * Durations through fmt_value: seconds as durations, decimals ignored; hours
 * (of work, overtime) as hours however many, as the people who count them say.
 */
static void test_value_durations(void **state)
{
	(void)state;
	VALUE("seconds", 0.85, -1, "850ms");
	VALUE("seconds", 192, 2, "3m12s");
	VALUE("hours", 2.5, -1, "2.50h");
	VALUE("hours", 76, -1, "76.0h");
	VALUE("hours", 79.25, 0, "79h");
	VALUE("hours", 1234, -1, "1234h");
	VALUE("hours", 12345, -1, "12.3kh");
	VALUE("hours", -0.5, -1, "-0.500h");
}

/* NaN is "--" and the infinities "+Inf"/"-Inf" in every unit and every function. */
static void test_special_values(void **state)
{
	static const char *const units[] = {"none", "count",   "ratio", "percent",  "usd",
					    "eur",  "seconds", "hours", "per_hour", "score"};
	(void)state;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		VALUE(units[i], NAN, -1, "--");
		VALUE(units[i], INFINITY, -1, "+Inf");
		VALUE(units[i], -INFINITY, 2, "-Inf");
		DELTA(units[i], NAN, -1, "--");
		DELTA(units[i], INFINITY, -1, "+Inf");
		DELTA(units[i], -INFINITY, 1, "-Inf");
	}
	DURATION(NAN, "--");
	DURATION(INFINITY, "+Inf");
	DURATION(-INFINITY, "-Inf");
	SI(NAN, -1, "--");
	SI(INFINITY, -1, "+Inf");
	SI(-INFINITY, -1, "-Inf");
	RANGE(NAN, "--");
	RANGE(INFINITY, "+Inf");
	LABEL(NAN, 3600, "--");
	LABEL(INFINITY, 3600, "--");
}

/* A NULL unit formats as a plain number. */
static void test_null_unit(void **state)
{
	char buf[16];
	(void)state;
	assert_int_equal(fmt_value(buf, sizeof buf, 12345, NULL, -1), 5);
	assert_string_equal(buf, "12.3k");
	assert_int_equal(fmt_delta(buf, sizeof buf, 5, NULL, -1), 2);
	assert_string_equal(buf, "+5");
}

/* Every duration style and the boundaries where rounding moves a value into the next one. */
static void test_duration(void **state)
{
	(void)state;
	DURATION(0, "0s");
	DURATION(0.0004, "400us");
	DURATION(0.0009996, "1ms");
	DURATION(0.85, "850ms");
	DURATION(0.9994, "999ms");
	DURATION(0.9996, "1.0s");
	DURATION(1, "1.0s");
	DURATION(4.2, "4.2s");
	DURATION(9.94, "9.9s");
	DURATION(9.96, "10s");
	DURATION(42, "42s");
	DURATION(59.4, "59s");
	DURATION(59.99, "1m00s");
	DURATION(60, "1m00s");
	DURATION(192, "3m12s");
	DURATION(3599, "59m59s");
	DURATION(3599.6, "1h00m");
	DURATION(3600, "1h00m");
	DURATION(7500, "2h05m");
	DURATION(86340, "23h59m");
	DURATION(86399, "1d00h");
	DURATION(86400, "1d00h");
	DURATION(273600, "3d04h");
	DURATION(9999 * 86400.0, "9999d00h");
	DURATION(1e12, "11.6Md");
	DURATION(-0.85, "-850ms");
	DURATION(-4.2, "-4.2s");
	DURATION(-192, "-3m12s");
	DURATION(-86400, "-1d00h");
	DURATION(-1e-9, "0us");
}

/* Deltas are always signed; zero shows as '+'; ratios and percents in percentage points. */
static void test_delta(void **state)
{
	(void)state;
	DELTA("ratio", 0.012, -1, "+1.2pp");
	DELTA("ratio", -0.004, -1, "-0.4pp");
	DELTA("ratio", 0, -1, "+0.0pp");
	DELTA("ratio", -0.0, -1, "+0.0pp");
	DELTA("ratio", 0.0004, -1, "+0.04pp");
	DELTA("ratio", -0.0000096, -1, "-0.001pp");
	DELTA("ratio", 0.01234, 2, "+1.23pp");
	DELTA("ratio", -0.00001, 1, "+0.0pp");
	DELTA("percent", 1.2, -1, "+1.2pp");
	DELTA("percent", -12.34, -1, "-12.3pp");
	DELTA("usd", 1200, -1, "+$1200");
	DELTA("usd", 12000, -1, "+$12.0k");
	DELTA("usd", -350, -1, "-$350");
	DELTA("usd", 0, -1, "+$0");
	DELTA("eur", -1.5e6, -1, "-EUR 1.50M");
	DELTA("seconds", 12, -1, "+12s");
	DELTA("seconds", -0.85, -1, "-850ms");
	DELTA("seconds", 0, -1, "+0s");
	DELTA("hours", -0.5, -1, "-0.500h");
	DELTA("hours", 12, 1, "+12.0h");
	DELTA("count", 1234, -1, "+1234");
	DELTA("count", 12345, -1, "+12.3k");
	DELTA("count", 0, -1, "+0");
	DELTA("count", -5, -1, "-5");
	DELTA("count", 34.2, -1, "+34");
	DELTA("none", 0.000123, -1, "+1.23e-4");
	DELTA("per_hour", 3.2, -1, "+3.20/h");
	DELTA("score", -3, -1, "-3");
	DELTA("score", 0.134, -1, "+0.134");
}

/* fmt_si uses the prefix that keeps three significant digits, from micro to tera. */
static void test_si(void **state)
{
	(void)state;
	SI(1234, -1, "1.23k");
	SI(45.6e6, -1, "45.6M");
	SI(-45.6e6, -1, "-45.6M");
	SI(999.9, -1, "1.00k");
	SI(12.5, -1, "12.5");
	SI(0.5, -1, "500m");
	SI(0.000123, -1, "123u");
	SI(0.9996, -1, "1.00");
	SI(5e-7, -1, "5.00e-7");
	SI(0, -1, "0");
	SI(1.5e12, -1, "1.50T");
	SI(1e15, -1, "1.00e15");
	SI(1234, 1, "1.2k");
	SI(1234, 0, "1k");
	SI(0, 2, "0.00");
}

/* Range lengths as the status bar shows them: hours up to 48h, whole days above. */
static void test_range(void **state)
{
	(void)state;
	RANGE(900, "15m");
	RANGE(21600, "6h");
	RANGE(86400, "24h");
	RANGE(172800, "48h");
	RANGE(259200, "3d");
	RANGE(604800, "7d");
	RANGE(2592000, "30d");
	RANGE(3600, "1h");
	RANGE(5400, "90m");
	RANGE(262800, "73h");
	RANGE(30, "30s");
	RANGE(0, "0s");
	RANGE(100000, "1d04h");
	RANGE(-60, "--");
}

/* Set the time zone for the label tests (a POSIX TZ needs no zone database). */
static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* Time labels: "HH:MM" up to a 2-day span, "MM-DD" up to 60 days, "YYYY-MM" beyond; local time. */
static void test_time_label(void **state)
{
	const double t = 1700000000; /* 2023-11-14 22:13:20 UTC */
	(void)state;
	set_tz("UTC0");
	LABEL(t, 3600, "22:13");
	LABEL(t, 2 * 86400, "22:13");
	LABEL(t, 2 * 86400 + 1, "11-14");
	LABEL(t, 60 * 86400, "11-14");
	LABEL(t, 61 * 86400, "2023-11");
	LABEL(t + 0.9, 3600, "22:13");
	set_tz("EST5");
	LABEL(t, 3600, "17:13");
	set_tz("JST-9");
	LABEL(t, 3600, "07:13");
	LABEL(t, 7 * 86400, "11-15");
	set_tz("UTC0");
}

/* Fill buf with a marker so that writes past the NUL show. */
static void fill(char *buf, size_t n)
{
	memset(buf, '#', n);
}

/* Small buffers: always NUL-terminated, truncated, never written past len; len 0 writes nothing. */
static void test_truncation(void **state)
{
	struct unit ratio, usd;
	char buf[16];
	(void)state;
	unit_parse("ratio", &ratio);
	unit_parse("usd", &usd);
	fill(buf, sizeof buf);
	assert_int_equal(fmt_value(buf, 0, 0.9512, &ratio, -1), 0);
	assert_int_equal(buf[0], '#');
	assert_int_equal(fmt_value(buf, 1, 0.9512, &ratio, -1), 0);
	assert_string_equal(buf, "");
	assert_int_equal(buf[1], '#');
	fill(buf, sizeof buf);
	assert_int_equal(fmt_value(buf, 3, 0.9512, &ratio, -1), 2);
	assert_string_equal(buf, "95");
	assert_int_equal(buf[3], '#');
	assert_int_equal(fmt_value(buf, 6, 0.9512, &ratio, -1), 5);
	assert_string_equal(buf, "95.1%");
	assert_int_equal(fmt_delta(buf, 2, -350, &usd, -1), 1);
	assert_string_equal(buf, "-");
	assert_int_equal(fmt_value(buf, 2, NAN, &usd, -1), 1);
	assert_string_equal(buf, "-");
	assert_int_equal(fmt_duration(buf, 4, 192), 3);
	assert_string_equal(buf, "3m1");
	assert_int_equal(fmt_si(buf, 3, 1234, -1), 2);
	assert_string_equal(buf, "1.");
	assert_int_equal(fmt_range(buf, 2, 900), 1);
	assert_string_equal(buf, "1");
	set_tz("UTC0");
	assert_int_equal(fmt_time_label(buf, 3, 1700000000, 3600), 2);
	assert_string_equal(buf, "22");
	fill(buf, sizeof buf);
	assert_int_equal(fmt_duration(buf, 0, 1), 0);
	assert_int_equal(fmt_si(buf, 0, 1, -1), 0);
	assert_int_equal(fmt_range(buf, 0, 60), 0);
	assert_int_equal(fmt_time_label(buf, 0, 0, 60), 0);
	assert_int_equal(fmt_delta(buf, 0, 1, &usd, -1), 0);
	assert_int_equal(buf[0], '#');
}

/* Huge explicit decimals and extreme magnitudes stay short. */
static void test_extremes(void **state)
{
	char buf[256];
	struct unit u;
	(void)state;
	unit_parse("usd", &u);
	assert_true(fmt_value(buf, sizeof buf, 1.7e308, &u, 1000) < 32);
	assert_true(fmt_value(buf, sizeof buf, -1.7e308, &u, -1) < 32);
	assert_true(fmt_value(buf, sizeof buf, 4.9e-324, &u, -1) < 32);
	unit_parse("ratio", &u);
	assert_true(fmt_value(buf, sizeof buf, 1.7e308, &u, -1) < 32);
	assert_string_equal(buf, "+Inf"); /* x100 overflows */
	assert_true(fmt_delta(buf, sizeof buf, 4.9e-324, &u, -1) < 32);
	unit_parse("hours", &u);
	assert_true(fmt_value(buf, sizeof buf, 1e300, &u, -1) < 32);
	assert_true(fmt_duration(buf, sizeof buf, 1.7e308) < 32);
	assert_true(fmt_range(buf, sizeof buf, 1.7e308) < 32);
	assert_true(fmt_si(buf, sizeof buf, 1.7e308, 9) < 32);
	assert_true(fmt_si(buf, sizeof buf, 4.9e-324, -1) < 32);
}

/* Pick a locale whose decimal point is a comma; NULL when none is installed. */
static const char *comma_locale(void)
{
	static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8",  "fr_FR.UTF-8",
					    "fr_FR.utf8",  "nl_NL.UTF-8", "de_DE"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (setlocale(LC_ALL, names[i]) && strcmp(localeconv()->decimal_point, ",") == 0)
			return names[i];
	}
	setlocale(LC_ALL, "C");
	return NULL;
}

/* A comma LC_NUMERIC (as after setlocale(LC_ALL, "")) still gives '.' everywhere. */
static void test_comma_locale(void **state)
{
	char probe[16];
	(void)state;
	if (comma_locale() == NULL) {
		fprintf(stderr, "no comma locale installed (try LOCPATH); skipping\n");
		skip();
	}
	snprintf(probe, sizeof probe, "%.1f", 4.2);
	assert_string_equal(probe, "4,2"); /* the locale really is in force */
	VALUE("ratio", 0.9512, -1, "95.1%");
	VALUE("count", 12345, -1, "12.3k");
	VALUE("usd", 12.5, -1, "$12.50");
	VALUE("none", 0.000123, -1, "1.23e-4");
	VALUE("per_hour", 3.2, -1, "3.20/h");
	VALUE("score", 0.134, -1, "0.134");
	DELTA("ratio", 0.012, -1, "+1.2pp");
	DURATION(4.2, "4.2s");
	SI(1234, -1, "1.23k");
	RANGE(900, "15m");
	setlocale(LC_ALL, "C");
}

/* Run every format test. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unit_parse),	    cmocka_unit_test(test_unit_parse_unknown),
	    cmocka_unit_test(test_ratio),	    cmocka_unit_test(test_percent),
	    cmocka_unit_test(test_count_none),	    cmocka_unit_test(test_money),
	    cmocka_unit_test(test_per_hour),	    cmocka_unit_test(test_score),
	    cmocka_unit_test(test_value_durations), cmocka_unit_test(test_special_values),
	    cmocka_unit_test(test_null_unit),	    cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_delta),	    cmocka_unit_test(test_si),
	    cmocka_unit_test(test_range),	    cmocka_unit_test(test_time_label),
	    cmocka_unit_test(test_truncation),	    cmocka_unit_test(test_extremes),
	    cmocka_unit_test(test_comma_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
