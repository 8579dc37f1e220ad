/* duration.h: durations as people write them in flags, config and dashboards. */
#ifndef KPIDASH_DURATION_H
#define KPIDASH_DURATION_H

/* Parse a duration ("90", "90s", "15m", "6h", "7d") in seconds; -1 when malformed or not > 0. */
double duration_parse(const char *s);

#endif
