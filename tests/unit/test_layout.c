/* test_layout.c: panels fill their area without overlap, at every size kpidash accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/embed.h"
#include "views/view.h"

/* Load shipped dashboard i into d. */
static void load(size_t i, struct dashboard *d)
{
	char err[256];
	if (dashboard_parse(embedded_views[i].text, embedded_views[i].len, "x", d, err,
			    sizeof err) != 0)
		fail_msg("%s", err);
}

/* True when a and b share a cell. */
static int overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Every panel within area, none overlapping, each one wide and high enough to frame. */
static void check_layout(struct view *v, struct rect area, int need_all)
{
	size_t n = view_panel_count(v);
	long cells = 0;
	for (size_t i = 0; i < n; i++) {
		struct rect r = view_panel_rect(v, i);
		assert_true(r.x >= area.x && r.x + r.w <= area.x + area.w);
		assert_true(r.y >= area.y && r.y + r.h <= area.y + area.h);
		if (need_all)
			assert_true(r.h >= 3 && r.w >= 10);
		for (size_t j = 0; j < i; j++)
			assert_false(overlap(r, view_panel_rect(v, j)));
		cells += (long)r.w * r.h;
	}
	if (need_all)
		assert_int_equal(cells, (long)area.w * area.h);
}

/* Each shipped view tiles 80x22 (80x24 less tab and status lines) and 200x58 exactly. */
static void test_views_tile(void **state)
{
	(void)state;
	for (size_t i = 0; i < embedded_views_count; i++) {
		struct dashboard d;
		load(i, &d);
		struct view *v = view_new(&d, 5);
		struct rect sizes[] = {{1, 0, 22, 80}, {1, 0, 58, 200}, {1, 0, 46, 160}};
		for (size_t s = 0; s < 3; s++) {
			view_layout(v, sizes[s]);
			check_layout(v, sizes[s], 1);
		}
		/* the minimum size still keeps every panel inside */
		view_layout(v, (struct rect){1, 0, 14, 60});
		check_layout(v, (struct rect){1, 0, 14, 60}, 0);
		view_free(v);
		dashboard_done(&d);
	}
}

/* Spare rows go to growing rows only; a row that does not grow keeps its height. */
static void test_grow(void **state)
{
	(void)state;
	struct dashboard d;
	load(1, &d); /* operations: a fixed row of stats over growing rows */
	assert_int_equal(d.rows[0].grow, 0);
	assert_true(d.rows[1].grow > 0);
	struct view *v = view_new(&d, 5);
	view_layout(v, (struct rect){1, 0, 58, 200});
	assert_int_equal(view_panel_rect(v, 0).h, d.rows[0].height);
	size_t second_row = d.rows[0].npanels;
	assert_true(view_panel_rect(v, second_row).h > d.rows[1].height);
	view_free(v);
	dashboard_done(&d);
}

/* Focus moves along a row, between rows to the nearest panel, and stops at the edges. */
static void test_focus(void **state)
{
	(void)state;
	struct dashboard d;
	load(0, &d);
	struct view *v = view_new(&d, 5);
	view_layout(v, (struct rect){1, 0, 46, 160});
	assert_int_equal(view_focus(v), 0);
	view_focus_move(v, -1, 0);
	assert_int_equal(view_focus(v), 0);
	view_focus_move(v, 1, 0);
	assert_int_equal(view_focus(v), 1);
	view_focus_move(v, 0, 1); /* from the 2nd of 4 stats down to the left chart */
	assert_int_equal(view_focus(v), d.rows[0].npanels);
	view_focus_move(v, 0, 1);
	assert_int_equal(view_focus(v), d.rows[0].npanels + d.rows[1].npanels);
	view_focus_move(v, 0, 1);
	assert_int_equal(view_focus(v), d.rows[0].npanels + d.rows[1].npanels);
	view_focus_move(v, 0, -1);
	view_focus_move(v, 0, -1);
	assert_int_equal(view_focus(v), 0);
	view_free(v);
	dashboard_done(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_views_tile),
	    cmocka_unit_test(test_grow),
	    cmocka_unit_test(test_focus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
