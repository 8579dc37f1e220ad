/*
 * source.h: where KPIs come from. The view hands a source queries and gets
 * each answer through a callback: at once for the in-process demo, later
 * (from the event loop, through client/http) for network sources.
 */
#ifndef KPIDASH_SOURCE_H
#define KPIDASH_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "client/http.h"
#include "client/kpi.h"
#include "client/series.h"

/*
 * Called once per submitted query. On KPI_OK, result holds the answer and the
 * callee may take it with series_set_move; otherwise err says why in a few
 * words. Both are valid only during the call.
 */
typedef void (*source_done_fn)(void *ctx, enum kpi_status st, struct series_set *result,
			       const char *err);

struct source;

/*
 * The embedded demo company; the caller frees it with source_free. h
 * (borrowed, may be NULL) carries the queries that read foreign JSON APIs.
 */
struct source *source_demo_new(uint64_t seed, struct http *h);
/*
 * A Prometheus-compatible engine at c->base_url, reached through h (both
 * borrowed; c's strings must outlive the source). It asks buildinfo at once.
 */
struct source *source_prometheus_new(struct http *h, const struct http_conn *c);
/*
 * A KPI-REST backend at c->base_url speaking docs/rest-api.md, reached through
 * h (both borrowed, like the Prometheus source's).
 */
struct source *source_rest_new(struct http *h, const struct http_conn *c);
/* Free s; call it after http_free, so that no answer comes back to it. */
void source_free(struct source *s);
/* A short name for the status bar ("demo", "Prometheus 2.42.0"). Borrowed. */
const char *source_name(const struct source *s);
/* Why the source itself is unusable now ("connection refused ..."), or "" when it is fine. */
const char *source_problem(const struct source *s);
/* True when an answer depends on nothing but the query (the demo): asking again gives the same. */
int source_pure(const struct source *s);
/* True when a query's PromQL is what it answers (Prometheus and its kin), not its KPI id. */
int source_promql(const struct source *s);
/* The smallest step worth asking for, in seconds (a scrape interval or two). */
double source_min_step(const struct source *s);
/*
 * Ask q; done(ctx, ...) runs once, possibly before this returns. q is copied
 * as needed. A query with q->foreign reads that API whatever the source.
 */
void source_submit(struct source *s, const struct kpi_query *q, source_done_fn done, void *ctx);

#endif
