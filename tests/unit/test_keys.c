/* test_keys.c: the keymap and libtermkey's decoding of what terminals send. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui/keys.h"

/* Push bytes into an abstract instance and return the action of the key they make. */
static enum action act_of(const char *bytes)
{
	struct keys *k = keys_new_abstract();
	assert_non_null(k);
	keys_push(k, bytes, strlen(bytes));
	char name[64] = "";
	int wait;
	enum keys_result r = keys_next(k, name, sizeof name, &wait);
	if (r == KEYS_AGAIN)
		r = keys_force(k, name, sizeof name);
	keys_free(k);
	return r == KEYS_KEY ? keymap_lookup(name, KEYS_VIEW) : ACT_NONE;
}

/* Letters, digits and symbols map to their actions. */
static void test_plain_keys(void **state)
{
	(void)state;
	assert_int_equal(act_of("q"), ACT_QUIT);
	assert_int_equal(act_of("?"), ACT_HELP);
	assert_int_equal(act_of("1"), ACT_VIEW_1);
	assert_int_equal(act_of("4"), ACT_VIEW_4);
	assert_int_equal(act_of("r"), ACT_REFRESH);
	assert_int_equal(act_of("-"), ACT_RANGE_SHORTER);
	assert_int_equal(act_of("+"), ACT_RANGE_LONGER);
	assert_int_equal(act_of("x"), ACT_NONE);
}

/* Vim keys and arrow sequences move focus the same way. */
static void test_vim_and_arrows(void **state)
{
	(void)state;
	assert_int_equal(act_of("h"), ACT_FOCUS_LEFT);
	assert_int_equal(act_of("\033[D"), ACT_FOCUS_LEFT);
	assert_int_equal(act_of("j"), ACT_FOCUS_DOWN);
	assert_int_equal(act_of("\033[B"), ACT_FOCUS_DOWN);
	assert_int_equal(act_of("k"), ACT_FOCUS_UP);
	assert_int_equal(act_of("\033[A"), ACT_FOCUS_UP);
	assert_int_equal(act_of("l"), ACT_FOCUS_RIGHT);
	assert_int_equal(act_of("\033OC"), ACT_FOCUS_RIGHT);
}

/* Tab, Shift-Tab, Ctrl keys, F1 and a lone Esc. */
static void test_special_keys(void **state)
{
	(void)state;
	assert_int_equal(act_of("\t"), ACT_VIEW_NEXT);
	assert_int_equal(act_of("\033[Z"), ACT_VIEW_PREV);
	assert_int_equal(act_of("\x0c"), ACT_REDRAW);
	assert_int_equal(act_of("\x03"), ACT_QUIT);
	assert_int_equal(act_of("\033OP"), ACT_HELP);
	assert_int_equal(act_of("\033"), ACT_CLOSE);
}

/* A lone Esc is held back until forced: libtermkey cannot yet tell it from a sequence. */
static void test_lone_escape_waits(void **state)
{
	(void)state;
	struct keys *k = keys_new_abstract();
	keys_push(k, "\033", 1);
	char name[64];
	int wait = -1;
	assert_int_equal(keys_next(k, name, sizeof name, &wait), KEYS_AGAIN);
	assert_true(wait > 0 && wait <= 1000);
	assert_int_equal(keys_force(k, name, sizeof name), KEYS_KEY);
	assert_string_equal(name, "Escape");
	keys_free(k);
}

/* Every entry has help text, and no key is bound to two actions. */
static void test_table_is_sound(void **state)
{
	(void)state;
	size_t n;
	const struct keymap_entry *t = keymap(&n);
	assert_int_equal(n, ACT_COUNT - 1);
	for (size_t i = 0; i < n; i++) {
		assert_true(strlen(t[i].help) > 3);
		char keys[64];
		strcpy(keys, t[i].keys);
		for (char *key = strtok(keys, " "); key; key = strtok(NULL, " "))
			assert_int_equal(keymap_lookup(key, t[i].where), t[i].action);
	}
}

/* A key bound in the drill-down wins there; elsewhere the dashboard's binding holds. */
static void test_places(void **state)
{
	(void)state;
	assert_int_equal(keymap_lookup("j", KEYS_VIEW), ACT_FOCUS_DOWN);
	assert_int_equal(keymap_lookup("j", KEYS_COHORT), ACT_ROW_DOWN);
	assert_int_equal(keymap_lookup("h", KEYS_COHORT), ACT_HEAT);
	assert_int_equal(keymap_lookup("Enter", KEYS_VIEW), ACT_OPEN);
	assert_int_equal(keymap_lookup("Enter", KEYS_COHORT), ACT_DRILL);
	assert_int_equal(keymap_lookup("Escape", KEYS_COHORT), ACT_UP);
	assert_int_equal(keymap_lookup("Escape", KEYS_VIEW), ACT_CLOSE);
	assert_int_equal(keymap_lookup("q", KEYS_COHORT), ACT_QUIT);
	assert_int_equal(keymap_lookup("s", KEYS_VIEW), ACT_NONE);
	assert_int_equal(keymap_lookup("G", KEYS_COHORT), ACT_LAST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_keys),	   cmocka_unit_test(test_vim_and_arrows),
	    cmocka_unit_test(test_special_keys),   cmocka_unit_test(test_lone_escape_waits),
	    cmocka_unit_test(test_table_is_sound), cmocka_unit_test(test_places),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
