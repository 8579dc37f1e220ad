/* kpi.h: a request for one KPI by id, the contract shared by the demo and KPI-REST sources. */
#ifndef KPIDASH_KPI_H
#define KPIDASH_KPI_H

#include <stddef.h>

/* One label matcher of a drill path: name = value. Strings are borrowed. */
struct kpi_filter {
	const char *name;
	const char *value;
};

struct jpath;

/*
 * A foreign JSON API read by paths (client/jpath.h): the document at url,
 * values (and optionally times and labels) picked out of it. All borrowed.
 */
struct kpi_foreign {
	const char *url;
	const struct jpath *value;
	const struct jpath *time;  /* or NULL: every point at the query's end */
	const struct jpath *label; /* or NULL: one series */
	const char *label_name;	   /* or NULL: "series" */
};

/*
 * A KPI over [start, end] (Unix seconds) at step seconds. With group_by NULL
 * the answer is one series for the whole (filtered) company, with no labels;
 * otherwise one series per value of that label, labelled with it. Every point
 * at time t is the KPI over the window (t - step, t] for flows (counts, money,
 * ratios of counts) and the level at t for gauges. All strings borrowed.
 */
struct kpi_query {
	const char *kpi;
	double start, end, step;
	const char *group_by;
	const struct kpi_filter *filter;
	size_t nfilter;
	const char
	    *promql; /* the same KPI in PromQL, variables filled in, for Prometheus; or NULL */
	const struct kpi_foreign
	    *foreign; /* set: read this foreign API instead, whatever the source */
};

/* What went wrong with a query; the message says it in words. */
enum kpi_status {
	KPI_OK = 0,
	KPI_UNKNOWN,   /* no KPI with that id */
	KPI_BAD_LABEL, /* group_by or a filter names a label the KPI does not have */
	KPI_BAD_RANGE, /* end < start, step <= 0, or too many points */
	KPI_FAILED,    /* the source could not answer: network, engine error, bad answer */
};

#define KPI_MAX_POINTS 11000

#endif
