/* test_jpos.c: the JSON position scanner: paths, lines and columns, and what it refuses. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "util/jpos.h"
#include "util/xalloc.h"

/* A dashboard-like sample over nine lines; positions below are counted by hand. */
static const char sample[] = "{\n"
			     "  \"name\": \"ops\",\n"
			     "  \"rows\": [\n"
			     "    {\"height\": 5, \"panels\": [\n"
			     "      {\"title\": \"A\", \"unit\": \"%\"},\n"
			     "      {\"title\": \"B\", \"queries\": [{\"kpi\": \"x\"}]}\n"
			     "    ]}\n"
			     "  ]\n"
			     "}\n";

/* One expected position: of the value at path, or of its key. */
struct want {
	const char *path;
	int key;
	int line, col;
};

/* Scan text (a C string) from an exact-size copy, so that reading past it is caught. */
static struct jpos *scan(const char *text, size_t len, char **copy)
{
	*copy = xmalloc(len ? len : 1);
	memcpy(*copy, text, len);
	return jpos_scan(*copy, len);
}

/* Check every position of w[0..n-1] in text. */
static void expect_positions(const char *text, const struct want *w, size_t n)
{
	char *copy;
	struct jpos *p = scan(text, strlen(text), &copy);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		int line = 0, col = 0;
		if (jpos_find(p, w[i].path, w[i].key, &line, &col) != 0)
			fail_msg("%s (key %d): not found", w[i].path, w[i].key);
		if (line != w[i].line || col != w[i].col)
			fail_msg("%s (key %d): %d:%d, expected %d:%d", w[i].path, w[i].key, line,
				 col, w[i].line, w[i].col);
	}
	jpos_free(p);
	free(copy);
}

/* True when path (or its key) has no position in text. */
static int absent(const char *text, const char *path, int key)
{
	char *copy;
	int line = -7, col = -7;
	struct jpos *p = scan(text, strlen(text), &copy);
	assert_non_null(p);
	int rc = jpos_find(p, path, key, &line, &col);
	jpos_free(p);
	free(copy);
	return rc == -1 && line == -7 && col == -7;
}

/* Values and keys of a nested sample, at every level. */
static void test_nested(void **state)
{
	(void)state;
	static const struct want w[] = {
	    {"", 0, 1, 1},
	    {"name", 0, 2, 11},
	    {"name", 1, 2, 3},
	    {"rows", 0, 3, 11},
	    {"rows[0]", 0, 4, 5},
	    {"rows[0].height", 0, 4, 16},
	    {"rows[0].height", 1, 4, 6},
	    {"rows[0].panels", 0, 4, 29},
	    {"rows[0].panels", 1, 4, 19},
	    {"rows[0].panels[0]", 0, 5, 7},
	    {"rows[0].panels[0].unit", 0, 5, 30},
	    {"rows[0].panels[0].unit", 1, 5, 22},
	    {"rows[0].panels[1].title", 0, 6, 17},
	    {"rows[0].panels[1].queries", 0, 6, 33},
	    {"rows[0].panels[1].queries[0]", 0, 6, 34},
	    {"rows[0].panels[1].queries[0].kpi", 0, 6, 42},
	    {"rows[0].panels[1].queries[0].kpi", 1, 6, 35},
	};
	expect_positions(sample, w, sizeof w / sizeof *w);
	assert_true(absent(sample, "", 1));	   /* the top has no key */
	assert_true(absent(sample, "rows[0]", 1)); /* nor has an element */
	assert_true(absent(sample, "rows[1]", 0));
	assert_true(absent(sample, "rows[0].panels[2]", 0));
	assert_true(absent(sample, "rows[0].colour", 0));
	assert_true(absent(sample, "name.first", 0)); /* a string has no members */
	assert_true(absent(sample, "rows.x", 0));     /* an array has no names */
	assert_true(absent(sample, "[0]", 0));	      /* the top is no array */
	assert_true(absent(sample, "Name", 0));	      /* names are exact */
}

/* Malformed paths find nothing and never read past them. */
static void test_bad_paths(void **state)
{
	(void)state;
	static const char *const bad[] = {".name",    "rows[",	 "rows[0",   "rows[]",
					  "rows[-1]", "rows]",	 "rows[x]",  "rows[0]x",
					  "name\\",   "name\\q", "rows[0].", "rows[99999999999999]",
					  "name\\x4", NULL};
	for (size_t i = 0; bad[i]; i++)
		if (!absent(sample, bad[i], 0))
			fail_msg("'%s' was found", bad[i]);
	int line, col;
	assert_int_equal(jpos_find(NULL, "name", 0, &line, &col), -1);
}

/* Keys holding the path's own punctuation, escapes and \u sequences. */
static void test_escaped_keys(void **state)
{
	(void)state;
	const char *text = "{\"a.b\": {\"c[0]\": 1, \"back\\\\slash\": 2, \"\\u00e9t\\u00e9\": 3,"
			   " \"tab\\there\": 4, \"\\ud83d\\ude00\": 5, \"\": 6, \"q\\\"\\/\": 7}}";
	static const struct want w[] = {
	    {"a\\.b", 1, 1, 2},
	    {"a\\.b.c\\[0\\]", 0, 1, 18},
	    {"a\\.b.c\\[0\\]", 1, 1, 10},
	    {"a\\.b.back\\\\slash", 0, 1, 36},
	    {"a\\.b.\xc3\xa9t\xc3\xa9", 0, 1, 56},
	    {"a\\.b.tab\\x09here", 0, 1, 72},
	    {"a\\.b.\xf0\x9f\x98\x80", 1, 1, 75},
	    {"a\\.b.", 0, 1, 98},
	    {"a\\.b.q\"/", 1, 1, 101},
	};
	expect_positions(text, w, sizeof w / sizeof *w);
	assert_true(absent(text, "a.b", 0));
	assert_true(absent(text, "a\\.b.c[0]", 0));
	assert_true(absent(text, "a\\.b.c\\[1\\]", 0));
}

/* jpos_escape writes what jpos_find reads, and cuts short safely. */
static void test_escape(void **state)
{
	(void)state;
	char buf[64];
	assert_int_equal(jpos_escape(buf, sizeof buf, "a.b[0]\\c\td\x7f"), 21);
	assert_string_equal(buf, "a\\.b\\[0\\]\\\\c\\x09d\\x7f");
	assert_int_equal(jpos_escape(buf, sizeof buf, "plain-name_1 \xc3\xa9"), 15);
	assert_string_equal(buf, "plain-name_1 \xc3\xa9");
	assert_int_equal(jpos_escape(buf, 4, "a.b.c"), 7);
	assert_string_equal(buf, "a\\.");
	assert_int_equal(jpos_escape(buf, 3, "a.b"), 4);
	assert_string_equal(buf, "a\\");
	assert_int_equal(jpos_escape(NULL, 0, "a.b"), 4);
	assert_int_equal(jpos_parent("rows[0].panels[2].unit"), 17);
	assert_int_equal(jpos_parent("rows[0].panels[2]"), 14);
	assert_int_equal(jpos_parent("a\\.b"), 0);
	assert_int_equal(jpos_parent("x.a\\[0\\]"), 1);
	assert_int_equal(jpos_parent("rows"), 0);
	assert_int_equal(jpos_parent(""), 0);
}

/* Arrays of arrays, empty ones included. */
static void test_arrays(void **state)
{
	(void)state;
	const char *text = "[[1, [2, 3]],\n [],\n [[\"x\"], {}], [[[4]]]]";
	static const struct want w[] = {
	    {"", 0, 1, 1},	    {"[0]", 0, 1, 2},	     {"[0][0]", 0, 1, 3},
	    {"[0][1]", 0, 1, 6},    {"[0][1][1]", 0, 1, 10}, {"[1]", 0, 2, 2},
	    {"[2][0][0]", 0, 3, 4}, {"[2][1]", 0, 3, 10},    {"[3][0][0][0]", 0, 3, 18},
	};
	expect_positions(text, w, sizeof w / sizeof *w);
	assert_true(absent(text, "[1][0]", 0));
	assert_true(absent(text, "[2][1][0]", 0));
	assert_true(absent(text, "[4]", 0));
}

/* Columns count characters, like jansson's: after "é" and "€" a value's column is not its byte. */
static void test_unicode_column(void **state)
{
	(void)state;
	static const struct want w[] = {
	    {"\xc3\xa9", 0, 1, 7},
	    {"k", 1, 1, 12},
	    {"k", 0, 1, 17},
	    {"t", 0, 2, 7},
	};
	expect_positions("{\"\xc3\xa9\": \"\xe2\x82\xac\", \"k\": 1,\n\t\"t\":\t2}", w,
			 sizeof w / sizeof *w);
	/* jansson puts its syntax error in the same column the scanner gives the value */
	json_error_t je;
	const char *broken = "{\"\xc3\xa9\": \"\xe2\x82\xac\", \"k\": x,\n\t\"t\":\t2}";
	assert_null(json_loadb(broken, strlen(broken), 0, &je));
	assert_int_equal(je.line, 1);
	assert_int_equal(je.column, 17);
	/* a carriage return is a character of its line, as for jansson */
	static const struct want crlf[] = {{"a", 0, 2, 6}, {"b", 0, 3, 7}};
	expect_positions("{\r\n\"a\": 1,\r\n\"b\": 2}", crlf, 1);
	expect_positions("{\r\n\"a\": 1,\r\n\r\"b\": 2}", crlf + 1, 1);
}

/* What is not JSON (or not what jansson takes) has no positions. */
static void test_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    " ",
	    "{",
	    "}",
	    "[",
	    "[1,]",
	    "[,1]",
	    "{\"a\" 1}",
	    "{\"a\":}",
	    "{\"a\":1,}",
	    "{a:1}",
	    "{'a':1}",
	    "[1 2]",
	    "{} x",
	    "{}{}",
	    "tru",
	    "nul",
	    "falsey",
	    "-",
	    "01",
	    "1.",
	    ".5",
	    "1e",
	    "1e+",
	    "+1",
	    "0x10",
	    "NaN",
	    "\"abc",
	    "\"a\nb\"",
	    "\"\\x\"",
	    "\"\\u00g0\"",
	    "\"\\u0000\"",
	    "\"\\ud800\"",
	    "\"\\udc00\"",
	    "\"\\ud800\\u0041\"",
	    "\"\\ud800\\",
	    "\"\xc3\"",
	    "\"\xc0\xaf\"",
	    "\"\xed\xa0\x80\"",
	    "\"\xf4\x90\x80\x80\"",
	    "\"\xff\"",
	    "\xef\xbb\xbf{}",
	    "[1]\x01",
	    "{\"a\":1}/",
	    NULL,
	};
	for (size_t i = 0; bad[i]; i++) {
		char *copy;
		struct jpos *p = scan(bad[i], strlen(bad[i]), &copy);
		if (p != NULL)
			fail_msg("accepted '%s'", bad[i]);
		free(copy);
	}
	char *copy;
	assert_null(scan("[1]\0", 4, &copy)); /* a NUL byte after the value */
	free(copy);
	assert_null(jpos_scan(NULL, 0));
	jpos_free(NULL);
}

/* Scalars, literals and numbers of every form are fine, at the top too. */
static void test_valid(void **state)
{
	(void)state;
	static const char *const good[] = {
	    "0",
	    "-0",
	    "-0.5e-3",
	    "12E+2",
	    "1e9",
	    "true",
	    " null ",
	    "\"\"",
	    "\"\\u00e9\\/\\b\"",
	    "[]",
	    "{}",
	    "[true,false,null]",
	    "\"\xf4\x8f\xbf\xbf\"",
	    "\"\\uD83D\\uDE00\"",
	    "\r\n\t[1]\r\n",
	    NULL,
	};
	for (size_t i = 0; good[i]; i++) {
		char *copy;
		struct jpos *p = scan(good[i], strlen(good[i]), &copy);
		if (p == NULL)
			fail_msg("refused '%s'", good[i]);
		jpos_free(p);
		free(copy);
	}
}

/* Every proper prefix of the sample is refused, reading nothing past its end. */
static void test_truncated(void **state)
{
	(void)state;
	size_t len = strlen(sample);
	for (size_t n = 0; n < len; n++) {
		char *copy;
		struct jpos *p = scan(sample, n, &copy);
		if (p != NULL && n < len - 1) /* only the final newline may go */
			fail_msg("accepted the first %zu bytes", n);
		jpos_free(p);
		free(copy);
	}
}

/* Nesting as deep as jansson allows is fine; one more is refused, like jansson does. */
static void test_depth(void **state)
{
	(void)state;
	size_t n = JPOS_MAX_DEPTH + 1;
	char *text = xmalloc(2 * n);
	for (size_t k = 0; k < 2; k++) {
		size_t d = n - 1 + k;
		memset(text, '[', d);
		memset(text + d, ']', d);
		struct jpos *p = jpos_scan(text, 2 * d);
		json_t *j = json_loadb(text, 2 * d, 0, NULL);
		assert_true((p != NULL) == (k == 0));
		assert_true((j != NULL) == (k == 0));
		jpos_free(p);
		json_decref(j);
	}
	free(text);
}

/* A step of xorshift64, for reproducible mutations. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Mutants of the sample: whatever jansson takes, the scanner takes; nothing crashes. */
static void test_agrees_with_jansson(void **state)
{
	(void)state;
	static const char bytes[] = "{}[]\":,\\ u0e9.-+\n\t\xc3\xa9\x80\xff";
	uint64_t seed = 0x9e3779b97f4a7c15u;
	size_t len = strlen(sample), taken = 0;
	char *text = xmalloc(len + 4);
	for (int round = 0; round < 20000; round++) {
		size_t n = len;
		memcpy(text, sample, len);
		for (int k = (int)(next_random(&seed) % 3); k >= 0; k--) {
			size_t at = next_random(&seed) % n;
			text[at] = bytes[next_random(&seed) % (sizeof bytes - 1)];
		}
		n -= next_random(&seed) % 4 == 0 ? next_random(&seed) % n : 0;
		struct jpos *p = jpos_scan(text, n);
		json_t *j = json_loadb(text, n, JSON_REJECT_DUPLICATES, NULL);
		if (j != NULL && p == NULL)
			fail_msg("jansson took what the scanner refused: %.*s", (int)n, text);
		int line, col;
		jpos_find(p, "rows[0].panels[1].queries[0].kpi", 1, &line, &col);
		taken += p != NULL;
		jpos_free(p);
		json_decref(j);
	}
	assert_true(taken > 1000); /* some mutants stay valid, so both paths ran */
	free(text);
}

/* Ten megabytes scan in well under a second, and the last value is found where it is. */
static void test_big(void **state)
{
	(void)state;
	const char *item =
	    "  {\"id\": 123456, \"name\": \"r\\u00e9sum\\u00e9\", \"v\": [1.5, true]},\n";
	size_t ilen = strlen(item), n = (10u << 20) / ilen, len = 0;
	char *text = xmalloc(n * ilen + 64);
	len += (size_t)sprintf(text, "{\"items\": [\n");
	for (size_t i = 0; i < n; i++, len += ilen)
		memcpy(text + len, item, ilen);
	len += (size_t)sprintf(text + len - 2, "\n]}\n") - 2;
	clock_t t0 = clock();
	struct jpos *p = jpos_scan(text, len);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_non_null(p);
	char path[64];
	int line, col;
	snprintf(path, sizeof path, "items[%zu].v[1]", n - 1);
	assert_int_equal(jpos_find(p, path, 0, &line, &col), 0);
	assert_int_equal(line, (int)n + 1);
	assert_int_equal(col, 57);
	assert_true(secs < 5.0); /* generous for sanitizers; about 0.1 s in a plain build */
	jpos_free(p);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nested),
	    cmocka_unit_test(test_bad_paths),
	    cmocka_unit_test(test_escaped_keys),
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_arrays),
	    cmocka_unit_test(test_unicode_column),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_agrees_with_jansson),
	    cmocka_unit_test(test_big),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
