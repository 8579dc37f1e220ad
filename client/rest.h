/*
 * rest.h: the native KPI-REST contract (docs/rest-api.md): the paths of its
 * requests and the parse of its answers. Foreign JSON APIs are read through
 * client/jpath instead. No I/O here: client/http carries the bytes. The JSON
 * tree lives only inside one call; every string kept is sanitized.
 */
#ifndef KPIDASH_REST_H
#define KPIDASH_REST_H

#include <stddef.h>

#include "client/kpi.h"
#include "client/series.h"

/* The catalogue: {"kpis": [{"id": ..., "labels": [...]}, ...]}. */
#define REST_PATH_KPIS "/v1/kpis"

/*
 * "/v1/kpi/<id>?start=S&end=E&step=T[&group_by=L][&filter=NAME:VALUE,...]"
 * for q, ready to append to a base URL. The id, the label and every filter
 * name and value are percent-encoded (so a ',' or ':' inside one is %2C /
 * %3A); times are plain decimals with a '.' whatever the locale, at most three
 * decimals. A time that is not finite is left out (the server then answers
 * bad_range). q->promql is ignored. The caller frees the result.
 */
char *rest_path_series(const struct kpi_query *q);

/*
 * "/v1/kpi/<id>/current[?at=T][&group_by=L][&filter=...]": the latest value
 * at time at (not finite: left out, the server's now). q's start, end and
 * step are ignored. The caller frees the result.
 */
char *rest_path_current(const struct kpi_query *q, double at);

/*
 * Parse a /v1/kpi/<id> answer (status is the HTTP status, body its len
 * bytes) into out (appended to; out initialised by the caller): one series
 * per element of "series", in the answer's order, its labels set by name
 * order, its points sorted by time (of equal times the later one kept). A
 * value null, "NaN" (or any number written as a string) is read in the C
 * locale; null and "NaN" are gaps (NaN). An error answer
 * {"error": {"code": C, "message": M}} (any status, or a status from 300
 * without it) gives -1 and "C: M" in err; a body that is not JSON or has the
 * wrong shape gives -1 and a one-line reason naming the field. On error
 * nothing is appended. Returns 0 or -1; err (errlen bytes) is sanitized.
 */
int rest_parse_series(long status, const char *body, size_t len, struct series_set *out, char *err,
		      size_t errlen);

/*
 * Parse a /v1/kpi/<id>/current answer into out like rest_parse_series: one
 * series of one point (t, v) per element of "values".
 */
int rest_parse_current(long status, const char *body, size_t len, struct series_set *out, char *err,
		       size_t errlen);

#endif
