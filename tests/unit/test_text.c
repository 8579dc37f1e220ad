/* test_text.c: untrusted strings lose every way to steer the terminal, and keep their text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* U+FFFD as UTF-8, what every unsafe character becomes. */
#define R "\xef\xbf\xbd"

/* Check that sanitizing the n bytes at in gives want, reporting the caller's line. */
static void check_n(const char *in, size_t n, const char *want, const char *file, int line)
{
	char *got = text_sanitize(in, n);
	_assert_string_equal(got, want, file, line);
	_assert_true(text_is_clean(got), "text_is_clean(result)", file, line);
	free(got);
}

/* Check a NUL-terminated input, and that text_is_clean agrees with the result. */
static void check(const char *in, const char *want, const char *file, int line)
{
	check_n(in, strlen(in), want, file, line);
	_assert_int_equal(text_is_clean(in), strcmp(in, want) == 0, file, line);
}

#define SAN(in, want)	   check(in, want, __FILE__, __LINE__)
#define SAN_N(in, n, want) check_n(in, n, want, __FILE__, __LINE__)

/* Plain ASCII and empty strings come back unchanged and count as clean. */
static void test_plain(void **state)
{
	(void)state;
	SAN("", "");
	SAN("hello, world", "hello, world");
	SAN("job=\"api\" le=0.3 ~!@#$%^&*()[]{}", "job=\"api\" le=0.3 ~!@#$%^&*()[]{}");
	assert_true(text_is_clean("plain"));
}

/* Valid UTF-8 is kept: Latin, CJK, emoji, the last code point, U+FFFD itself, NBSP. */
static void test_valid_utf8(void **state)
{
	(void)state;
	SAN("caf\xc3\xa9", "caf\xc3\xa9");
	SAN("\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac");
	SAN("ok \xf0\x9f\x98\x80!", "ok \xf0\x9f\x98\x80!");
	SAN("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");
	SAN(R, R);
	SAN("\xc2\xa0", "\xc2\xa0");
	SAN("\xe2\x81\xb0", "\xe2\x81\xb0"); /* U+2070, just past the bidi isolates */
	SAN("\xe2\x80\xa9", "\xe2\x80\xa9"); /* U+2029, just before the bidi embeddings */
	SAN("\xe2\xa0\xbf", "\xe2\xa0\xbf"); /* Braille, as the graphs draw */
}

/* CSI sequences (colours, cursor moves, cursor shape) go whole. */
static void test_csi(void **state)
{
	(void)state;
	SAN("a\x1b[31mred\x1b[0m", "ared");
	SAN("\x1b[2J\x1b[H", "");
	SAN("x\x1b[1;2 qy", "xy");
	SAN("x\x1b[?1049hy", "xy");
	SAN("x\x1b[", "x");
	SAN("x\x1b[12", "x");
	SAN("x\x1b[1\ny", "x" R "y"); /* a control ends the CSI and is replaced itself */
}

/* OSC strings (window title, hyperlinks, clipboard) go whole, ended by BEL or ST. */
static void test_osc(void **state)
{
	(void)state;
	SAN("\x1b]0;pwned\x07"
	    "after",
	    "after");
	SAN("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link");
	SAN("a\x1b]52;c;ZXZpbA==\x07"
	    "b",
	    "ab");
	SAN("a\x1b]0;title never ends", "a");
	SAN("a\x1b]0;x\x1b"
	    "b",
	    "a"); /* ESC without '\' does not end it */
}

/* DCS, SOS, PM and APC strings go whole up to ST. */
static void test_control_strings(void **state)
{
	(void)state;
	SAN("\x1bPqsixel\x1b\\x", "x");
	SAN("\x1bXsos\x1b\\x", "x");
	SAN("\x1b^pm\x1b\\x", "x");
	SAN("\x1b_apc\x07still\x1b\\x", "x"); /* BEL does not end an APC */
	SAN("a\x1bPunterminated", "a");
}

/* Other escapes: ESC and its final byte (with intermediates), or a lone ESC. */
static void test_short_escapes(void **state)
{
	(void)state;
	SAN("a\x1b"
	    "cb",
	    "ab"); /* RIS, full reset */
	SAN("a\x1b"
	    "7b\x1b"
	    "8",
	    "ab");		       /* save and restore cursor */
	SAN("\x1b(0lqk\x1b(B", "lqk"); /* line-drawing charset */
	SAN("\x1b#8x", "x");
	SAN("a\x1b", "a");
	SAN("\x1b\x1b[31mx", "x");
	SAN("\x1b\xc3\xa9", "\xc3\xa9"); /* ESC before a non-ASCII character goes alone */
	SAN("\x1b\x7f"
	    "x",
	    R "x");
}

/* C0 controls, tab, newline, CR and DEL each become U+FFFD. */
static void test_c0_del(void **state)
{
	(void)state;
	SAN("a\x07"
	    "b",
	    "a" R "b");
	SAN("a\rb", "a" R "b");
	SAN("a\nb", "a" R "b");
	SAN("a\tb", "a" R "b");
	SAN("a\x7f"
	    "b",
	    "a" R "b");
	SAN("\x01\x08\x1f", R R R);
	SAN_N("a\0b", 3, "a" R "b");
}

/* C1 controls as UTF-8 and as raw bytes, the one-byte CSI included. */
static void test_c1(void **state)
{
	(void)state;
	SAN("a\xc2\x85"
	    "b",
	    "a" R "b");
	SAN("\xc2\x80\xc2\x9f", R R);
	SAN("a\xc2\x9b"
	    "31mb",
	    "a" R "31mb");
	SAN("a\x9b"
	    "31mb",
	    "a" R "31mb");
	SAN("\x85\x9c", R R);
}

/* Bidi embeddings, overrides and isolates become U+FFFD (Trojan Source). */
static void test_bidi(void **state)
{
	(void)state;
	SAN("abc\xe2\x80\xae"
	    "fed",
	    "abc" R "fed");
	SAN("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", R R R R);
	SAN("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", R R R R);
}

/* Invalid UTF-8: each maximal invalid subpart becomes one U+FFFD. */
static void test_invalid_utf8(void **state)
{
	(void)state;
	SAN("\xc0\xaf", R R);		  /* overlong '/' */
	SAN("\xe0\x80\xaf", R R R);	  /* overlong, three bytes */
	SAN("\xf0\x80\x80\xaf", R R R R); /* overlong, four bytes */
	SAN("\xc1\xbf", R R);
	SAN("\xed\xa0\x80", R R R);	     /* surrogate U+D800 */
	SAN("\xed\xbf\xbf", R R R);	     /* surrogate U+DFFF */
	SAN("\xed\x9f\xbf", "\xed\x9f\xbf"); /* U+D7FF is fine */
	SAN("\xf4\x90\x80\x80", R R R R);    /* U+110000 */
	SAN("\xf5\x80\x80\x80", R R R R);
	SAN("\xe2\x82", R); /* truncated euro sign */
	SAN("\xe2\x82x", R "x");
	SAN("\xf0\x9f\x98", R);
	SAN("x\xc3", "x" R);
	SAN("\x80", R);
	SAN("\xbf\xbf", R R);
	SAN("\xfe\xff", R R);
	SAN("\xc3\xa9\xa9", "\xc3\xa9" R);
}

/* Only the n bytes asked for are read; NULL with 0 gives an empty string. */
static void test_length(void **state)
{
	char *s;
	(void)state;
	SAN_N("abcdef", 3, "abc");
	SAN_N("\xe6\x97\xa5\xe6\x9c\xac", 4, "\xe6\x97\xa5" R);
	SAN_N("\x1b[31m", 3, "");
	s = text_sanitize(NULL, 0);
	assert_string_equal(s, "");
	free(s);
	assert_false(text_is_clean(NULL));
}

/* Sanitizing twice changes nothing more, and the result is always clean. */
static void test_idempotent(void **state)
{
	static const char *const inputs[] = {
	    "a\x1b[31mb",   "\x1b]0;t\x07", "\xc0\xaf",
	    "\xed\xa0\x80", "\xe2\x82",	    "\x9b",
	    "\xe2\x80\xae", "tab\there",    "caf\xc3\xa9 \xf0\x9f\x98\x80",
	    "\x1b",	    "\x1b[",	    "\x1b]",
	    "\xff\xfe\xfd",
	};
	(void)state;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *once = text_sanitize(inputs[i], strlen(inputs[i]));
		char *twice = text_sanitize(once, strlen(once));
		assert_string_equal(once, twice);
		assert_true(text_is_clean(once));
		free(once);
		free(twice);
	}
}

/* Run every text test. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),
	    cmocka_unit_test(test_valid_utf8),
	    cmocka_unit_test(test_csi),
	    cmocka_unit_test(test_osc),
	    cmocka_unit_test(test_control_strings),
	    cmocka_unit_test(test_short_escapes),
	    cmocka_unit_test(test_c0_del),
	    cmocka_unit_test(test_c1),
	    cmocka_unit_test(test_bidi),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_length),
	    cmocka_unit_test(test_idempotent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
