/* screens.c: the screens of the controller, one row a screen, by id. */
#include "app/screen.h"

static const struct screen_ops *const screens[SCREEN_COUNT] = {
    [SCREEN_DASHBOARD] = &screen_dashboard,
    [SCREEN_DRILL] = &screen_drill,
    [SCREEN_CHANGES] = &screen_changes,
};

const struct screen_ops *screen_ops(enum screen_id id)
{
	return screens[id];
}
