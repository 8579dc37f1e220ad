/*
 * rest.h: JSON REST backends: request paths and answers of the native
 * KPI-REST contract (docs/rest-api.md), and foreign JSON APIs read through
 * compiled paths. No I/O here: client/http carries the bytes. The JSON tree
 * lives only inside one call; every string kept is sanitized.
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

/*
 * A compiled JSON path into a foreign API's answer. The syntax:
 *
 *   data.kpis          members, one after another (a leading '$' or '.' is allowed)
 *   ["odd.key"]        a member whose name holds '.', '[', ']', '~' or '"' (\" and \\ escape)
 *   items[0]           an array element; items[-1] is the last
 *   items[*]           every element of an array, or every member value of an object;
 *   by_team.*          the same, written as a member
 *   kpis[id=roi]       the first element (of an array, or member value of an object)
 *                      that is an object whose member id equals roi: as a string, or
 *                      as a number when roi reads as one (kpis[id=7] matches 7 and "7"),
 *                      or true/false/null when written so
 *   kpis[name="SLA, all"]  a quoted value only equals a string
 *   by_team.*~         (last only) the member name or array index that led here, in
 *                      place of the value: a label or a time from an object's keys
 *
 * At most REST_MAP_WILDCARDS wildcards and REST_MAP_STEPS steps in a path.
 *
 * What a path yields. A path without wildcard yields one value; each wildcard
 * yields one value per element, tagged with the element's index (a wildcard
 * inside another: a pair of indexes, and so on). A missing member, an index
 * out of range, or a selection that matches nothing is an error naming the
 * path up to that step ("no key 'kpis' at data.kpis") unless it is the
 * path's last step (a gap) or comes after a wildcard (that element is a gap,
 * or yields nothing when another wildcard follows); null on the way counts as
 * missing. A value of the wrong type for a step (a key of an array, an index
 * of an object, [*] of a number) is always an error.
 *
 * What a value is. null, a missing member, "NaN" and "" are gaps (NaN),
 * never zeros; a number written as a string ("12.5", "1e3") is read in the C
 * locale; true and false are 1 and 0; any other string, an object or an array
 * is an error naming it and where it was.
 *
 * How values become series (see rest_map_extract):
 *   - Without a label path every value goes into one series; several values
 *     then need a time path.
 *   - With a label path each label it yields makes one series, labelled
 *     label_name=<label> (default name "series"), in the order of the labels;
 *     a value goes to the series whose label has the same FIRST indexes (by
 *     position: the paths should walk the same arrays; a label path with
 *     fewer wildcards than the value path groups values):
 *       value teams[*].sla, label teams[*].name         one series per team
 *       value series[*].points[*].v, label series[*].name, time
 *             series[*].points[*].t                      one series per series[i]
 *       value by_team.*, label by_team.*~                one series per member
 *   - A time path gives each value the time with the same LAST indexes (so a
 *     shared column works: value series[*].values[*], time timestamps[*]);
 *     times are Unix seconds, numbers or numbers as strings; a gap is an
 *     error. Without a time path every point is at the caller's time "at",
 *     and a series may hold one value only:
 *       value points[*].v, time points[*].t              one series of points
 *       value data.kpis[id=roi].value                    one series, one point
 *   - Labels are strings (sanitized), numbers (shortest form), true/false, or
 *     "" for a gap. Points are sorted by time (of equal times the later kept);
 *     series without a value are dropped.
 */
struct rest_map;

#define REST_MAP_STEPS	   64
#define REST_MAP_WILDCARDS 4

/*
 * Compile path into *out (the caller frees it with rest_map_free). Returns 0,
 * or -1 with *out NULL and err naming the character where the path is wrong.
 */
int rest_map_compile(const char *path, struct rest_map **out, char *err, size_t errlen);
void rest_map_free(struct rest_map *m);
/* The path as written; borrowed from m. */
const char *rest_map_text(const struct rest_map *m);

/* What to read from a foreign answer: compiled paths (borrowed) and defaults. */
struct rest_mapping {
	const struct rest_map *value; /* required */
	const struct rest_map *time;  /* or NULL: every point at "at" */
	const struct rest_map *label; /* or NULL: one series without labels */
	const char *label_name;	      /* the label's name; NULL: "series" */
	double at;		      /* the points' time without a time path (the fetch time) */
};

/*
 * Read the answer (status, body of len bytes) through m into out (appended
 * to; initialised by the caller). A status from 300 gives -1 with the
 * answer's error message when it has one ({"error": {"code", "message"}},
 * {"error": "..."}, {"message": "..."}); a body that is not JSON, a path that
 * does not fit it or values that do not line up give -1 with a one-line
 * reason naming the path and the step where it failed. On error nothing is
 * appended. Returns 0 or -1.
 */
int rest_map_extract(const struct rest_mapping *m, long status, const char *body, size_t len,
		     struct series_set *out, char *err, size_t errlen);

#endif
