/* format.c: every number kpidash shows is formatted here, and only here. */
/*
 * Rules the header leaves open, decided here (tests/unit/test_format.c holds them):
 * - Output is ASCII, '.' is the decimal point whatever LC_NUMERIC says, and a
 *   number that shows only zeros never carries a '-'.
 * - SI prefixes (k M G T) from 10,000 up; e-notation from 1000T up and, in
 *   automatic precision, for magnitudes under 0.001 ("1.23e-4").
 * - Automatic precision: three significant digits, exact zero is "0" ("0%");
 *   counts round to whole things from 1 up ("79", not "79.4": an engine's
 *   increase() and the demo's expected values are rarely whole);
 *   whole plain numbers and scores print bare ("1234"); money prints
 *   whole amounts bare, cents below 100 ("$12.50") and no cents from 100.
 * - A score gets '+' when it prints as a positive integer ("+23", eNPS); a
 *   fractional score stays unsigned ("0.134", PSI).
 * - Money: "$" for USD, "EUR 1.23M" for any other code, sign first ("-$350").
 * - Deltas always carry a sign and zero is '+': "+0", "+0.0pp", "+$0", "+0s".
 *   Ratio and percent deltas are percentage points with one decimal ("+1.2pp"),
 *   one significant digit when that would read 0.0 ("+0.04pp").
 * - Durations ignore decimals; under 1 ms they are "450us"; past 10,000 days
 *   the day count gets an SI prefix ("11.6Md").
 */
#include "tui/format.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Room for any piece this file builds before it is copied out. */
#define FMT_TMP 64
/* Explicit decimals past this are clipped, so that every piece fits FMT_TMP. */
#define FMT_MAX_DECIMALS 9
/* Values from here up get an SI prefix in fmt_value and fmt_delta. */
#define FMT_SI_FROM 10000.0

/* How a magnitude picks its decimals when the caller asked for automatic precision. */
enum fmt_auto {
	AUTO_SIG3,  /* three significant digits: 95.1, 4.56, 0.134; zero is "0" */
	AUTO_WHOLE, /* whole values as integers (1234, 23), others as AUTO_SIG3 */
	AUTO_COUNT, /* rounded to integers from 1 up (79), AUTO_SIG3 below (0.42) */
	AUTO_CENTS, /* money: whole values as integers, else cents below 100, none above */
	AUTO_PP,    /* percentage-point deltas: one decimal, one significant digit when tiny */
};

/* How one unit kind prints a number: scale, automatic rule and suffix. */
struct fmt_style {
	double scale;
	enum fmt_auto rule;
	const char *suffix;
};

/* The unit names unit_parse knows, besides currency codes. */
static const struct {
	const char *name;
	enum unit_kind kind;
} fmt_units[] = {
    {"none", UNIT_NONE},	 {"count", UNIT_COUNT},	    {"ratio", UNIT_RATIO},
    {"percent", UNIT_PERCENT},	 {"seconds", UNIT_SECONDS}, {"hours", UNIT_HOURS},
    {"per_hour", UNIT_PER_HOUR}, {"score", UNIT_SCORE},
};

/* SI prefixes fmt_si uses, from micro to tera; FMT_ONE is the unprefixed one. */
static const char *const fmt_prefix[] = {"u", "m", "", "k", "M", "G", "T"};
#define FMT_ONE	    2
#define FMT_NPREFIX ((int)(sizeof fmt_prefix / sizeof fmt_prefix[0]))

/* Write pieces a, b, c, d one after the other into buf, truncated to len; returns strlen(buf). */
static size_t fmt_join(char *buf, size_t len, const char *a, const char *b, const char *c,
		       const char *d)
{
	const char *parts[] = {a, b, c, d};
	size_t n = 0;
	if (len == 0)
		return 0;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		size_t k = strlen(parts[i]);
		if (k > len - 1 - n)
			k = len - 1 - n;
		memcpy(buf + n, parts[i], k);
		n += k;
	}
	buf[n] = '\0';
	return n;
}

/* Copy s into buf, truncated to len; returns strlen(buf). */
static size_t fmt_out(char *buf, size_t len, const char *s)
{
	return fmt_join(buf, len, s, "", "", "");
}

/* The text for NaN and the infinities, or NULL when v is finite. */
static const char *fmt_special(double v)
{
	if (isnan(v))
		return "--";
	if (isinf(v))
		return v > 0 ? "+Inf" : "-Inf";
	return NULL;
}

/* Put '.' where printf wrote the locale's decimal point (LC_NUMERIC may say ','). */
static void fmt_c_point(char *s)
{
	const char *dp = localeconv()->decimal_point;
	if (dp == NULL || dp[0] == '\0' || strcmp(dp, ".") == 0)
		return;
	char *p = strstr(s, dp);
	if (p == NULL)
		return;
	size_t k = strlen(dp);
	*p = '.';
	memmove(p + 1, p + k, strlen(p + k) + 1);
}

/* Print x with d decimals and '.' as the decimal point, whatever the locale. */
static void fmt_fixed(char *out, size_t len, double x, int d)
{
	snprintf(out, len, "%.*f", d, x);
	fmt_c_point(out);
}

/* Print x in e-notation with d decimals and a short exponent: "1.23e-4", "4.50e15". */
static void fmt_exp(char *out, size_t len, double x, int d)
{
	char m[FMT_TMP];
	snprintf(m, sizeof m, "%.*e", d, x);
	fmt_c_point(m);
	char *e = strchr(m, 'e');
	if (e == NULL) {
		fmt_out(out, len, m);
		return;
	}
	*e++ = '\0';
	const char *sign = *e == '-' ? "-" : "";
	if (*e == '-' || *e == '+')
		e++;
	while (e[0] == '0' && e[1] != '\0')
		e++;
	fmt_join(out, len, m, "e", sign, e);
}

/* How many significant digits the printed number s shows (0 when it shows zero). */
static int fmt_sig_digits(const char *s)
{
	int n = 0, seen = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			continue;
		seen |= *s != '0';
		n += seen;
	}
	return n;
}

/* How many digits the printed number s has before its decimal point. */
static int fmt_int_digits(const char *s)
{
	int n = 0;
	for (; *s && *s != '.'; s++)
		n += *s >= '0' && *s <= '9';
	return n;
}

/* Print x >= 0.001 with three significant digits, or as many as its integer part needs. */
static void fmt_sig3(char *out, size_t len, double x)
{
	int d = 2 - (int)floor(log10(x));
	if (d < 0)
		d = 0;
	fmt_fixed(out, len, x, d);
	while (d > 0 && fmt_sig_digits(out) > 3)
		fmt_fixed(out, len, x, --d);
}

/* Print a >= 0 with d decimals, or three significant digits when d < 0 (e-notation when tiny). */
static void fmt_plain(char *out, size_t len, double a, int d)
{
	if (d >= 0)
		fmt_fixed(out, len, a, d);
	else if (a == 0)
		fmt_fixed(out, len, a, 0);
	else if (a < 0.001)
		fmt_exp(out, len, a, 2);
	else
		fmt_sig3(out, len, a);
}

/*
 * Print a >= 0 scaled by the SI prefix that keeps its mantissa in [1, 1000),
 * never below prefix index kmin; d decimals or three significant digits when
 * d < 0. Past tera (or when rounding reaches 1000T) it is e-notation.
 */
static void fmt_si_mag(char *out, size_t len, double a, int kmin, int d)
{
	int k = kmin;
	while (k < FMT_NPREFIX - 1 && a >= pow(1000.0, k + 1 - FMT_ONE))
		k++;
	for (; k < FMT_NPREFIX && a < 1e15; k++) {
		char m[FMT_TMP];
		fmt_plain(m, sizeof m, a / pow(1000.0, k - FMT_ONE), d);
		if (fmt_int_digits(m) <= 3) {
			fmt_join(out, len, m, fmt_prefix[k], "", "");
			return;
		}
	}
	fmt_exp(out, len, a, d < 0 ? 2 : d);
}

/* Print percentage points a >= 0: one decimal, or one significant digit when that shows 0.0. */
static void fmt_pp(char *out, size_t len, double a)
{
	fmt_fixed(out, len, a, 1);
	if (a == 0 || fmt_sig_digits(out) > 0)
		return;
	if (a < 1e-6) {
		fmt_exp(out, len, a, 0);
		return;
	}
	int d = -(int)floor(log10(a));
	fmt_fixed(out, len, a, d);
	if (fmt_sig_digits(out) > 1)
		fmt_fixed(out, len, a, d - 1); /* 0.0096 rounded up to 0.010: 0.01 */
}

/* Print money a >= 0 below FMT_SI_FROM: whole amounts bare, cents below 100, none above. */
static void fmt_cents(char *out, size_t len, double a)
{
	if (a == floor(a)) {
		fmt_fixed(out, len, a, 0);
		return;
	}
	fmt_fixed(out, len, a, 2);
	if (fmt_int_digits(out) >= 3)
		fmt_fixed(out, len, a, 0);
}

/* Print a >= 0 below FMT_SI_FROM by automatic rule r. */
static void fmt_auto_small(char *out, size_t len, double a, enum fmt_auto r)
{
	if (r == AUTO_PP)
		fmt_pp(out, len, a);
	else if (r == AUTO_CENTS)
		fmt_cents(out, len, a);
	else if ((r == AUTO_WHOLE && a == floor(a)) || (r == AUTO_COUNT && a >= 1))
		fmt_fixed(out, len, a, 0);
	else
		fmt_plain(out, len, a, -1);
}

/* Print finite a >= 0: an SI prefix from FMT_SI_FROM up, below it d decimals or rule r. */
static void fmt_mag(char *out, size_t len, double a, enum fmt_auto r, int d)
{
	if (a < FMT_SI_FROM) {
		if (d >= 0)
			fmt_fixed(out, len, a, d);
		else
			fmt_auto_small(out, len, a, r);
		if (fmt_int_digits(out) <= 4)
			return; /* else it rounded up to 10000: prefix it */
	}
	fmt_si_mag(out, len, a, FMT_ONE + 1, d);
}

/* Explicit decimals clipped to what fits; any negative value means automatic. */
static int fmt_decimals(int decimals)
{
	if (decimals < 0)
		return -1;
	return decimals > FMT_MAX_DECIMALS ? FMT_MAX_DECIMALS : decimals;
}

/* How numbers of kind k print, as values or as deltas. */
static struct fmt_style fmt_style_of(enum unit_kind k, int delta)
{
	struct fmt_style st = {1.0, AUTO_WHOLE, ""};
	switch (k) {
	case UNIT_RATIO:
		st.scale = 100.0;
		/* fall through */
	case UNIT_PERCENT:
		st.rule = delta ? AUTO_PP : AUTO_SIG3;
		st.suffix = delta ? "pp" : "%";
		break;
	case UNIT_MONEY:
		st.rule = AUTO_CENTS;
		break;
	case UNIT_COUNT:
		st.rule = AUTO_COUNT;
		break;
	case UNIT_PER_HOUR:
		st.rule = AUTO_SIG3;
		st.suffix = "/h";
		break;
	case UNIT_HOURS: /* hours of work are counted in hours, not days and hours */
		st.rule = AUTO_SIG3;
		st.suffix = "h";
		break;
	default:
		break;
	}
	return st;
}

/* True when c is an ASCII letter (isalpha would depend on the locale). */
static int fmt_is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The symbol written before a money amount: "$" for USD, "EUR " for other codes, "" when none. */
static void fmt_currency(const struct unit *u, char *out, size_t len)
{
	const char *c = u->currency;
	out[0] = '\0';
	if (u->kind != UNIT_MONEY || !fmt_is_letter(c[0]) || !fmt_is_letter(c[1]) ||
	    !fmt_is_letter(c[2]) || c[3] != '\0')
		return;
	if (strcasecmp(c, "USD") == 0)
		fmt_out(out, len, "$");
	else
		fmt_join(out, len, c, " ", "", "");
}

/* The sign before the printed magnitude num of v: deltas always have one, zero shows as '+'. */
static const char *fmt_sign(double v, const char *num, enum unit_kind k, int delta)
{
	int zero = fmt_sig_digits(num) == 0;
	if (v < 0 && !zero)
		return "-";
	if (delta)
		return "+";
	if (k == UNIT_SCORE && !zero && strspn(num, "0123456789") == strlen(num))
		return "+"; /* a whole score: eNPS +23 */
	return "";
}

/* Format v (a delta when delta is set) in u, any kind but durations; d as fmt_decimals gives. */
static size_t fmt_number(char *buf, size_t len, double v, const struct unit *u, int d, int delta)
{
	struct fmt_style st = fmt_style_of(u->kind, delta);
	char num[FMT_TMP], sym[8];
	double x = v * st.scale;
	if (fmt_special(x))
		return fmt_out(buf, len, fmt_special(x));
	fmt_mag(num, sizeof num, fabs(x), st.rule, d);
	fmt_currency(u, sym, sizeof sym);
	return fmt_join(buf, len, fmt_sign(x, num, u->kind, delta), sym, num, st.suffix);
}

/* Print a duration a >= 0 s: "0s", "450us", "850ms", "4.2s", "42s", "3m12s", "2h05m", "3d04h". */
static void fmt_dur_mag(char *out, size_t len, double a)
{
	double us = round(a * 1e6), ms = round(a * 1e3), ds = round(a * 10), s = round(a);
	double m = round(a / 60), h = round(a / 3600);
	char n[FMT_TMP];
	if (a == 0)
		snprintf(out, len, "0s");
	else if (us < 1000)
		snprintf(out, len, "%.0fus", us);
	else if (ms < 1000)
		snprintf(out, len, "%.0fms", ms);
	else if (ds < 100) {
		fmt_fixed(n, sizeof n, ds / 10, 1);
		fmt_join(out, len, n, "s", "", "");
	} else if (s < 60)
		snprintf(out, len, "%.0fs", s);
	else if (s < 3600)
		snprintf(out, len, "%.0fm%02.0fs", floor(s / 60), fmod(s, 60));
	else if (m < 1440)
		snprintf(out, len, "%.0fh%02.0fm", floor(m / 60), fmod(m, 60));
	else if (h < 24 * 10000.0)
		snprintf(out, len, "%.0fd%02.0fh", floor(h / 24), fmod(h, 24));
	else {
		fmt_mag(n, sizeof n, a / 86400, AUTO_SIG3, -1);
		fmt_join(out, len, n, "d", "", "");
	}
}

/* Format a duration in seconds, signed when delta is set ("+12s", "-850ms", "+0s"). */
static size_t fmt_dur(char *buf, size_t len, double seconds, int delta)
{
	char mag[FMT_TMP];
	if (fmt_special(seconds))
		return fmt_out(buf, len, fmt_special(seconds));
	fmt_dur_mag(mag, sizeof mag, fabs(seconds));
	return fmt_join(buf, len, fmt_sign(seconds, mag, UNIT_SECONDS, delta), mag, "", "");
}

/* Parse a unit name (any case): a fmt_units name or 3-letter currency; 0, or -1 if unknown. */
int unit_parse(const char *name, struct unit *out)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < sizeof fmt_units / sizeof fmt_units[0]; i++) {
		if (strcasecmp(name, fmt_units[i].name) == 0) {
			memset(out, 0, sizeof *out);
			out->kind = fmt_units[i].kind;
			return 0;
		}
	}
	if (strlen(name) != 3 || !fmt_is_letter(name[0]) || !fmt_is_letter(name[1]) ||
	    !fmt_is_letter(name[2]))
		return -1;
	memset(out, 0, sizeof *out);
	out->kind = UNIT_MONEY;
	for (int i = 0; i < 3; i++)
		out->currency[i] = (char)(name[i] & ~0x20); /* ASCII upper case */
	return 0;
}

/* The canonical name of u: static, except for money, whose name is u->currency ("USD"). */
const char *unit_name(const struct unit *u)
{
	if (u->kind == UNIT_MONEY)
		return u->currency;
	for (size_t i = 0; i < sizeof fmt_units / sizeof fmt_units[0]; i++)
		if (fmt_units[i].kind == u->kind)
			return fmt_units[i].name;
	return "none";
}

/*
 * Format v in unit u (NULL means none) into buf. Automatic precision (decimals
 * < 0): three significant digits, whole counts and scores bare, money in cents
 * below 100. Durations ignore decimals. A whole positive score gets a '+'.
 */
size_t fmt_value(char *buf, size_t len, double v, const struct unit *u, int decimals)
{
	static const struct unit none = {UNIT_NONE, ""};
	if (u == NULL)
		u = &none;
	if (u->kind == UNIT_SECONDS)
		return fmt_dur(buf, len, v, 0);
	return fmt_number(buf, len, v, u, fmt_decimals(decimals), 0);
}

/* Format the change d in unit u (NULL: none), signed, zero as '+': "+0.0pp", "+$0", "+0s". */
size_t fmt_delta(char *buf, size_t len, double d, const struct unit *u, int decimals)
{
	static const struct unit none = {UNIT_NONE, ""};
	if (u == NULL)
		u = &none;
	if (u->kind == UNIT_SECONDS)
		return fmt_dur(buf, len, d, 1);
	return fmt_number(buf, len, d, u, fmt_decimals(decimals), 1);
}

/* v with an SI prefix from u to T ("1.23k", "500m"); e-notation below 1u and from 1000T. */
size_t fmt_si(char *buf, size_t len, double v, int decimals)
{
	char num[FMT_TMP];
	int d = fmt_decimals(decimals);
	double a = fabs(v);
	if (fmt_special(v))
		return fmt_out(buf, len, fmt_special(v));
	if (a == 0)
		fmt_fixed(num, sizeof num, a, d < 0 ? 0 : d);
	else if (a < 1e-6)
		fmt_exp(num, sizeof num, a, d < 0 ? 2 : d);
	else
		fmt_si_mag(num, sizeof num, a, 0, d);
	return fmt_join(buf, len, fmt_sign(v, num, UNIT_NONE, 0), num, "", "");
}

/* A duration in seconds: "850ms", "4.2s", "3m12s", "2h05m", "3d04h"; negative keeps its '-'. */
size_t fmt_duration(char *buf, size_t len, double seconds)
{
	return fmt_dur(buf, len, seconds, 0);
}

/* A local-time axis label: "HH:MM" for spans to 2 days, "MM-DD" to 60 days, else "YYYY-MM". */
size_t fmt_time_label(char *buf, size_t len, double t, double span)
{
	char s[32];
	struct tm tm;
	if (!isfinite(t) || fabs(t) > 1e12)
		return fmt_out(buf, len, "--");
	time_t tt = (time_t)floor(t);
	const char *f = span <= 2 * 86400.0 ? "%H:%M" : span <= 60 * 86400.0 ? "%m-%d" : "%Y-%m";
	if (localtime_r(&tt, &tm) == NULL || strftime(s, sizeof s, f, &tm) == 0)
		return fmt_out(buf, len, "--");
	return fmt_out(buf, len, s);
}

/* A range length: whole days past 48h ("7d"), else hours, minutes, seconds; "--" if negative. */
size_t fmt_range(char *buf, size_t len, double seconds)
{
	char s[FMT_TMP];
	double r = round(seconds);
	if (isnan(seconds) || seconds < 0)
		return fmt_out(buf, len, "--");
	if (r >= 1e12)
		return fmt_duration(buf, len, seconds);
	if (r > 2 * 86400.0 && fmod(r, 86400) == 0)
		snprintf(s, sizeof s, "%.0fd", r / 86400);
	else if (r >= 3600 && fmod(r, 3600) == 0)
		snprintf(s, sizeof s, "%.0fh", r / 3600);
	else if (r >= 60 && fmod(r, 60) == 0)
		snprintf(s, sizeof s, "%.0fm", r / 60);
	else if (r < 60)
		snprintf(s, sizeof s, "%.0fs", r);
	else
		return fmt_duration(buf, len, seconds);
	return fmt_out(buf, len, s);
}
