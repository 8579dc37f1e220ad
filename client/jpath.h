/*
 * jpath.h: the JSON path language, for reading numbers out of any JSON
 * document (a foreign API's answer) into series: a path is compiled once
 * (when its dashboard loads), then walked over each answer. No I/O here:
 * client/http carries the bytes. The JSON tree lives only inside one call;
 * every string kept is sanitized.
 */
#ifndef KPIDASH_JPATH_H
#define KPIDASH_JPATH_H

#include <stddef.h>

#include "client/series.h"

/*
 * A compiled JSON path into a JSON document (a foreign API's answer). The syntax:
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
 * At most JPATH_WILDCARDS wildcards and JPATH_STEPS steps in a path.
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
 * How values become series (see jpath_extract):
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
struct jpath;

#define JPATH_STEPS	64
#define JPATH_WILDCARDS 4

/*
 * Compile path into *out (the caller frees it with jpath_free). Returns 0,
 * or -1 with *out NULL and err naming the character where the path is wrong.
 */
int jpath_compile(const char *path, struct jpath **out, char *err, size_t errlen);
/* Free a compiled path and all it owns; NULL is fine. */
void jpath_free(struct jpath *p);
/* The path as written; borrowed from p. */
const char *jpath_text(const struct jpath *p);

/* What to read from a foreign answer: compiled paths (borrowed) and defaults. */
struct jpath_mapping {
	const struct jpath *value; /* required */
	const struct jpath *time;  /* or NULL: every point at "at" */
	const struct jpath *label; /* or NULL: one series without labels */
	const char *label_name;	   /* the label's name; NULL: "series" */
	double at;		   /* the points' time without a time path (the fetch time) */
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
int jpath_extract(const struct jpath_mapping *m, long status, const char *body, size_t len,
		  struct series_set *out, char *err, size_t errlen);

#endif
