/* demo.h: the embedded synthetic company, answering the KPI contract in-process. */
#ifndef KPIDASH_DEMO_H
#define KPIDASH_DEMO_H

#include <stdint.h>

#include "client/kpi.h"
#include "client/series.h"

struct demo;

/* A company simulated from seed; the caller owns it and frees it with demo_free. */
struct demo *demo_new(uint64_t seed);
void demo_free(struct demo *d);

/*
 * Answer q into out (appended to; out must be initialised). The values are a
 * pure function of the seed, the KPI, the filter and each point's time: the
 * same query always gets the same answer, whatever the wall clock. On error
 * nothing is appended and err (errlen bytes) gets a one-line reason.
 */
enum kpi_status demo_query(const struct demo *d, const struct kpi_query *q, struct series_set *out,
			   char *err, size_t errlen);

/* The number of KPIs the demo answers, and the id of the i-th. */
size_t demo_kpi_count(void);
const char *demo_kpi_id(size_t i);
/* The NULL-terminated cohort labels KPI id may be grouped or filtered by; NULL if unknown. */
const char *const *demo_kpi_labels(const char *id);
/* The NULL-terminated values label takes in the demo company; NULL if unknown. */
const char *const *demo_label_values(const char *label);

#endif
