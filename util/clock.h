/* clock.h: the wall clock, and the clock the data is asked for. */
#ifndef KPIDASH_CLOCK_H
#define KPIDASH_CLOCK_H

/* Wall-clock seconds. */
double clock_wall(void);
/* Seconds for the data: fixed when fixed is not NaN (--clock), else the wall clock to the minute.
 */
double clock_data(double fixed);

#endif
