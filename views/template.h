/*
 * template.h: a panel's query text with its variables filled in. $range,
 * $step and $offset become Prometheus durations ("86400s"); $group the
 * drill-down label; $filter the label matchers of the drill path.
 */
#ifndef KPIDASH_TEMPLATE_H
#define KPIDASH_TEMPLATE_H

#include <stddef.h>

#include "client/kpi.h"

struct template_vars {
	double range;	    /* seconds */
	double step;	    /* seconds */
	const char *group;  /* the label drilled by, or NULL: "$group" is empty */
	const char *filter; /* matchers of the drill path, 'team="claims",role="agent"', or NULL */
};

/*
 * Expand tmpl with v into a new string the caller frees. An unknown $name
 * (a '$' followed by letters) is an error: NULL, with err saying which.
 * "$$" stands for one '$'.
 */
char *template_expand(const char *tmpl, const struct template_vars *v, char *err, size_t errlen);

/*
 * The matchers of a drill path as $filter takes them, 'team="claims",role="agent"',
 * each value quoted and escaped for PromQL; a new string the caller frees.
 */
char *template_matchers(const struct kpi_filter *f, size_t n);

#endif
