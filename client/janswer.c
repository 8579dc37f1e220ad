/*
 * janswer.c: a JSON answer of an HTTP API read the same way by every parser
 * of client/: the body with its error envelope, messages, numbers as strings.
 */
#include "client/janswer.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* JSON as we read it: any value at the top, every number a double. */
#define JANSWER_JSON_FLAGS (JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL)

/* Copy s into buf (size bytes), cut at a character boundary with "...": a quote for a message. */
const char *janswer_snip(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n < size) {
		memcpy(buf, s, n + 1);
		return buf;
	}
	n = size - 4;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

/* Write a printf-style message into err on one line, sanitized, cut at a character boundary. */
void janswer_fail(char *err, size_t errlen, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (char *p = msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	char *clean = text_sanitize(msg, strlen(msg));
	size_t n = strlen(clean);
	if (n >= errlen) {
		n = errlen - 1;
		while (n > 0 && ((unsigned char)clean[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(err, clean, n);
	err[n] = '\0';
	free(clean);
}

/* A JSON value's kind in words, for messages. */
const char *janswer_kind(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return "null";
	}
}

/* Read a whole number written as a string ("12.5", "NaN", "-Inf"); 0, or -1 when it is not one. */
int janswer_number(const char *s, double *v)
{
	char *end;
	if (s[0] == '\0' || s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return -1;
	*v = strtod(s, &end);
	return *end == '\0' ? 0 : -1;
}

/* A value: a number, null or a number as a string; 0 or -1. */
int janswer_value(const json_t *j, double *v)
{
	if (j == NULL || json_is_null(j)) {
		*v = NAN;
		return 0;
	}
	if (json_is_number(j)) {
		*v = json_number_value(j);
		return 0;
	}
	return json_is_string(j) ? janswer_number(json_string_value(j), v) : -1;
}

/* The first line of body (at most 100 bytes) into buf, for a message. */
static void janswer_first_line(char *buf, size_t size, const char *body, size_t len)
{
	size_t n = 0;
	while (n < len && n + 1 < size && n < 100 && body[n] != '\n' && body[n] != '\r' &&
	       body[n] != '\0')
		n++;
	memcpy(buf, body, n);
	buf[n] = '\0';
}

/* Say why body is not JSON: empty, an error page, or broken JSON. */
static void janswer_not_json(long status, const char *body, size_t len, const json_error_t *je,
			     char *err, size_t errlen)
{
	char line[128];
	size_t i = 0;
	while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
		i++;
	janswer_first_line(line, sizeof line, body + i, len - i);
	if (i == len && status >= 300)
		janswer_fail(err, errlen, "HTTP %ld with an empty answer", status);
	else if (i == len)
		janswer_fail(err, errlen, "an empty answer, not JSON");
	else if (line[0] == '<')
		janswer_fail(err, errlen, "HTTP %ld with a web page, not JSON (check the URL)",
			     status);
	else if (status >= 300)
		janswer_fail(err, errlen, "HTTP %ld: %s", status, line);
	else
		janswer_fail(err, errlen, "not JSON: %s at line %d col %d", je->text, je->line,
			     je->column);
}

/* Fill err from an error answer: {"error": {code, message}}, {"error": "..."} or {"message"}. */
static void janswer_error(const json_t *root, long status, char *err, size_t errlen)
{
	const json_t *e = json_object_get(root, "error");
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *msg = json_string_value(json_object_get(e, "message"));
	char a[64], b[400];
	if (msg == NULL)
		msg = json_string_value(e);
	if (msg == NULL && e == NULL)
		msg = json_string_value(json_object_get(root, "message"));
	if (code != NULL && msg != NULL)
		janswer_fail(err, errlen, "%s: %s", janswer_snip(a, sizeof a, code),
			     janswer_snip(b, sizeof b, msg));
	else if (code != NULL || msg != NULL)
		janswer_fail(err, errlen, "%s", janswer_snip(b, sizeof b, code ? code : msg));
	else if (status >= 300)
		janswer_fail(err, errlen, "HTTP %ld without an error message", status);
	else
		janswer_fail(err, errlen, "an error answer without a message");
}

/* Parse body into a new tree the caller json_decref's; NULL with err for a bad or error answer. */
json_t *janswer_load(long status, const char *body, size_t len, int native, char *err,
		     size_t errlen)
{
	json_error_t je;
	json_t *root =
	    json_loadb(body != NULL ? body : "", body != NULL ? len : 0, JANSWER_JSON_FLAGS, &je);
	if (root == NULL) {
		janswer_not_json(status, body != NULL ? body : "", body != NULL ? len : 0, &je, err,
				 errlen);
		return NULL;
	}
	const json_t *e = json_object_get(root, "error");
	if (status >= 300 || (native && e != NULL && !json_is_null(e))) {
		janswer_error(root, status, err, errlen);
		json_decref(root);
		return NULL;
	}
	return root;
}
