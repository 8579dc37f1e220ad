/* clock.c: the wall clock, and the clock the data is asked for. */
#include "util/clock.h"

#include <math.h>
#include <time.h>

double clock_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double clock_data(double fixed)
{
	if (!isnan(fixed))
		return fixed;
	return floor(clock_wall() / 60) * 60;
}
