/* when.c: the time the screens show: each view's range, the pan back from now, the baseline. */
#include "app/app.h"

#include "util/clock.h"

const struct app_baseline app_baselines[APP_NBASELINES] = {
    {0, "the window before"},
    {86400, "yesterday"},
    {7 * 86400, "last week"},
};

double app_range(const struct app *a)
{
	return a->range[a->cur];
}

double app_end(const struct app *a)
{
	return clock_data(a->opt.clock) - a->pan;
}
