/* duration.c: durations as people write them. */
#include "util/duration.h"

#include <math.h>
#include <stdlib.h>

double duration_parse(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	double mult = 1;
	if (end == s || v <= 0 || !isfinite(v))
		return -1;
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		mult = 60;
		break;
	case 'h':
		mult = 3600;
		break;
	case 'd':
		mult = 86400;
		break;
	default:
		return -1;
	}
	if (*end && end[1] != '\0')
		return -1;
	return v * mult;
}
