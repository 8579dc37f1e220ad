/* test_check.c: --check over files: each kind told apart, every problem a line, in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/check.h"

static char dir[64];

/* A file of dir named name holding text; its path (static storage, one of a few). */
static char *put(const char *name, const char *text)
{
	static char paths[8][128];
	static int next;
	char *path = paths[next++ % 8];
	snprintf(path, sizeof paths[0], "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* check_files over files (n) for src: its status, and what it printed into out (the caller frees).
 */
static int run(char **files, int n, enum check_source src, char **out)
{
	size_t len;
	FILE *f = open_memstream(out, &len);
	assert_non_null(f);
	int rc = check_files(files, n, src, f);
	fclose(f);
	return rc;
}

/* Expand each %s of fmt to dir (at most six). */
static const char *in_dir(const char *fmt)
{
	static char buf[2048];
	snprintf(buf, sizeof buf, fmt, dir, dir, dir, dir, dir, dir);
	return buf;
}

/* A clean dashboard and a clean config: status 0, nothing said. */
static void test_clean(void **state)
{
	(void)state;
	char *files[] = {
	    put("ok.json",
		"{\"name\": \"a\", \"title\": \"A\", \"rows\": [{\"panels\": [{\"title\": \"P\","
		" \"kind\": \"stat\", \"queries\": [{\"kpi\": \"roi\", \"promql\": "
		"\"up\"}]}]}]}\n"),
	    put("settings.json", "{\"refresh\": \"10s\", \"theme\": \"dark\"}\n"),
	};
	char *out;
	assert_int_equal(run(files, 2, CHECK_SOURCE_PROMETHEUS, &out), 0);
	assert_string_equal(out, "");
	free(out);
}

/* Every problem of every file, in the order of the files: unknown keys at all levels, read errors,
 * syntax. */
static void test_problems(void **state)
{
	(void)state;
	char nope[128];
	snprintf(nope, sizeof nope, "%s/nope.json", dir);
	char *files[] = {
	    put("bad.json", "{\"name\": \"c\", \"title\": \"C\", \"colour\": \"red\", \"rows\": [\n"
			    "  {\"hieght\": 3, \"panels\": [{\"title\": \"P\", \"kind\": \"stat\", "
			    "\"queries\": [{\"kpi\": \"roi\"}]}]}\n"
			    "]}\n"),
	    put("settings.json", "{\"refresh\": \"10s\", \"thme\": \"dark\"}\n"),
	    nope,
	    put("notes.txt", "hello\n"),
	    put("config.json", "{\"rows\": []}\n"),
	};
	char *out;
	assert_int_equal(run(files, 5, CHECK_SOURCE_DEMO, &out), 2);
	assert_string_equal(
	    out,
	    in_dir(
		"%s/bad.json:1:29: colour: unknown key 'colour' (expected one of: name, title, "
		"range, headcount, rows)\n"
		"%s/bad.json:2:4: rows[0].hieght: unknown key 'hieght' (did you mean 'height'?)\n"
		"%s/settings.json:1:20: thme: unknown key 'thme' (did you mean 'theme'?)\n"
		"%s/nope.json: No such file or directory\n"
		"%s/notes.txt:1:5: '[' or '{' expected near 'hello'\n"
		"%s/config.json:1:2: rows: unknown key 'rows' (expected one of: prometheus, rest, "
		"refresh, range, view, theme, privacy_floor)\n"));
	free(out);
}

/* A query without PromQL is a problem for Prometheus only, told by the caller or by a config among
 * the files. */
static void test_source(void **state)
{
	(void)state;
	char *files[] = {
	    put("noql.json", "{\"name\": \"b\", \"title\": \"B\", \"rows\": [\n"
			     "  {\"panels\": [\n"
			     "    {\"title\": \"P\", \"kind\": \"stat\", \"queries\": [\n"
			     "      {\"kpi\": \"roi\"}\n"
			     "    ]}\n"
			     "  ]}\n"
			     "]}\n"),
	    put("prom.json", "{\"prometheus\": {\"url\": \"http://127.0.0.1:9\"}}\n"),
	};
	const char *want = "%s/noql.json:4:7: rows[0].panels[0].queries[0].promql: missing "
			   "(expected PromQL: the source is Prometheus)\n";
	char *out;
	assert_int_equal(run(files, 1, CHECK_SOURCE_DEMO, &out), 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(run(files, 1, CHECK_SOURCE_PROMETHEUS, &out), 2);
	assert_string_equal(out, in_dir(want));
	free(out);
	assert_int_equal(run(files, 2, CHECK_SOURCE_DEMO, &out), 2);
	assert_string_equal(out, in_dir(want));
	free(out);
}

/* check_dashboard leaves nothing loaded when the source refuses it. */
static void test_check_dashboard(void **state)
{
	(void)state;
	const char *text =
	    "{\"name\": \"b\", \"title\": \"B\", \"rows\": [{\"panels\": [{\"title\": \"P\","
	    " \"kind\": \"stat\", \"queries\": [{\"kpi\": \"roi\"}, {\"kpi\": \"roi\", \"promql\": "
	    "\"up\"}]}]}]}";
	struct dashboard d;
	char err[512];
	assert_int_equal(check_dashboard(text, strlen(text), "t.json", CHECK_SOURCE_PROMETHEUS, &d,
					 err, sizeof err),
			 -1);
	assert_string_equal(err, "t.json:1:93: rows[0].panels[0].queries[0].promql: missing "
				 "(expected PromQL: the source is Prometheus)");
	assert_null(d.rows);
	assert_int_equal(
	    check_dashboard(text, strlen(text), "t.json", CHECK_SOURCE_DEMO, &d, err, sizeof err),
	    0);
	assert_int_equal(d.rows[0].panels[0].nqueries, 2);
	dashboard_done(&d);
}

/* A private directory for the files of the tests. */
static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_check.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

/* Remove the files and the directory. */
static int teardown(void **state)
{
	(void)state;
	static const char *const names[] = {
	    "ok.json",	   "settings.json", "bad.json",	 "notes.txt",
	    "config.json", "noql.json",	    "prom.json", NULL};
	char path[128];
	for (size_t i = 0; names[i]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_problems),
	    cmocka_unit_test(test_source),
	    cmocka_unit_test(test_check_dashboard),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
