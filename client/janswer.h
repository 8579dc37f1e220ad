/*
 * janswer.h: reading the JSON answer of an HTTP API, for the parsers that
 * need it (the KPI-REST contract in client/rest, foreign APIs through
 * client/jpath): the body parsed with its error envelope, one-line sanitized
 * messages, numbers written as strings. No I/O; the JSON tree is the caller's
 * and never leaves client/.
 */
#ifndef KPIDASH_JANSWER_H
#define KPIDASH_JANSWER_H

#include <jansson.h>
#include <stddef.h>

/* Bounds every answer keeps to; past them it is refused, not truncated. */
#define JANSWER_LIMIT_SERIES 20000  /* series in one answer: a dashboard cannot show more */
#define JANSWER_LIMIT_POINTS 100000 /* points in one series */

/*
 * Write a printf-style message into err (errlen bytes) on one line,
 * sanitized, cut at a character boundary. err NULL or errlen 0: nothing.
 */
void janswer_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Copy s into buf (size bytes, at least 4), cut at a character boundary with
 * "..." when it does not fit: a quote for a message. Returns buf.
 */
const char *janswer_snip(char *buf, size_t size, const char *s);

/* A JSON value's kind in words ("an object", "a number", "null"...), for messages; static. */
const char *janswer_kind(const json_t *j);

/*
 * Read s, a whole number written as a string ("12.5", "NaN", "-Inf"), into
 * *v in the current locale (callers are in the C locale). 0, or -1 when s
 * is empty, begins with white space or holds anything after the number.
 */
int janswer_number(const char *s, double *v);

/* A value: a number, null or NULL (NaN), or a number as a string (janswer_number); 0 or -1. */
int janswer_value(const json_t *j, double *v);

/*
 * Parse body (len bytes; NULL is empty) into a new tree the caller
 * json_decref's. NULL with err filled when it is not JSON, when status is
 * 300 or more (with the answer's own message: {"error": {"code",
 * "message"}}, {"error": "..."} or {"message": "..."}), or, with native set,
 * when it carries a non-null "error" member whatever the status.
 */
json_t *janswer_load(long status, const char *body, size_t len, int native, char *err,
		     size_t errlen);

#endif
