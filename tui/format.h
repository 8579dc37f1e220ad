/* format.h: every number kpidash shows is formatted here, and only here. */
#ifndef KPIDASH_FORMAT_H
#define KPIDASH_FORMAT_H

#include <stddef.h>

/* How a value is meant; parsed from a dashboard's "unit" field. */
enum unit_kind {
	UNIT_NONE,     /* plain number, SI prefixes past 10,000 */
	UNIT_COUNT,    /* whole things: SI prefixes past 10,000 */
	UNIT_RATIO,    /* 0..1, shown as a percentage */
	UNIT_PERCENT,  /* already 0..100, shown with % */
	UNIT_MONEY,    /* an ISO 4217 currency: $1.2M, EUR 3.4k */
	UNIT_SECONDS,  /* durations: 850ms, 4.2s, 3m12s, 2h05m, 3d04h */
	UNIT_HOURS,    /* hours (of work, overtime): "76.0h", never days */
	UNIT_PER_HOUR, /* a rate: 3.2/h */
	UNIT_SCORE,    /* a signed index (eNPS, PSI): plain, with its sign */
};

struct unit {
	enum unit_kind kind;
	char currency[4]; /* "USD", "EUR"... for UNIT_MONEY */
};

/* Parse a unit name ("ratio", "percent", "usd", "eur", "seconds", ...); 0 on success, -1 if
 * unknown. */
int unit_parse(const char *name, struct unit *out);
/* The canonical name of u; for money, u's own currency code (valid while u is). */
const char *unit_name(const struct unit *u);

/*
 * Format v in unit u into buf (always NUL-terminated, truncated to len).
 * decimals < 0 picks a precision that shows three significant digits.
 * NaN is "--", infinities "+Inf" and "-Inf". Returns strlen(buf).
 */
size_t fmt_value(char *buf, size_t len, double v, const struct unit *u, int decimals);
/*
 * Format the change d = now - before in unit u, always signed ("+3.2pp" for
 * ratios and percents, "+$1.2k", "-45s", "+1.2k"...); NaN is "--".
 */
size_t fmt_delta(char *buf, size_t len, double d, const struct unit *u, int decimals);
/* v with an SI prefix (k, M, G, T; m, u below 1): "1.23k", "45.6M". */
size_t fmt_si(char *buf, size_t len, double v, int decimals);
/* A duration in seconds: "850ms", "4.2s", "3m12s", "2h05m", "3d04h". */
size_t fmt_duration(char *buf, size_t len, double seconds);
/* A time-axis label for Unix time t, for an axis spanning span seconds, in local time. */
size_t fmt_time_label(char *buf, size_t len, double t, double span);
/* A range length for the status bar: "15m", "6h", "24h", "7d". */
size_t fmt_range(char *buf, size_t len, double seconds);

#endif
