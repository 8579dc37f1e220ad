/*
 * source.c: the sources behind one interface, one row a kind in
 * source_types[]: the demo in-process, Prometheus and KPI-REST over HTTP.
 * Adding a kind is a row here, its functions in its own file (declared in
 * client/source_impl.h) and a constructor in client/source.h.
 */
#include "client/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/rest.h"
#include "client/source_impl.h"
#include "util/xalloc.h"

/* Every kind of source. */
static const struct source_type source_types[] = {
    {
	.kind = "demo",
	.name = "demo",
	.pure = 1,
	.submit = source_demo_submit,
	.close = source_demo_close,
    },
    {
	.kind = "prometheus",
	.name = "Prometheus",
	.min_step = 120, /* two samples of a 60 s scrape in every window */
	.hello = "/api/v1/status/buildinfo",
	.hello_done = source_prom_hello,
	.submit = source_prom_submit,
    },
    {
	.kind = "rest",
	.name = "KPI-REST",
	.hello = REST_PATH_KPIS,
	.hello_done = source_rest_hello,
	.submit = source_rest_submit,
    },
};

/* The row of kind (a name of source_types[]); there is always one. */
static const struct source_type *source_type_find(const char *kind)
{
	size_t i = 0;
	while (strcmp(source_types[i].kind, kind) != 0)
		i++;
	return &source_types[i];
}

/* A new source of kind on h and c (borrowed), its first request sent when the kind has one. */
static struct source *source_open(const char *kind, struct http *h, const struct http_conn *c)
{
	struct source *s = xcalloc(1, sizeof *s);
	s->type = source_type_find(kind);
	s->http = h;
	s->conn = c;
	snprintf(s->name, sizeof s->name, "%s", s->type->name);
	if (s->type->hello != NULL)
		http_request(h, c, s->type->hello, NULL, s->type->hello_done,
			     source_req_new(s, NULL, NULL));
	return s;
}

/* The demo company from seed; h only for foreign APIs. */
struct source *source_demo_new(uint64_t seed, struct http *h)
{
	struct source *s = source_open("demo", h, NULL);
	s->state = source_demo_open(seed);
	return s;
}

/* A Prometheus-compatible engine at c->base_url; buildinfo is asked at once. */
struct source *source_prometheus_new(struct http *h, const struct http_conn *c)
{
	return source_open("prometheus", h, c);
}

/* A KPI-REST backend at c->base_url; its catalogue is asked at once. */
struct source *source_rest_new(struct http *h, const struct http_conn *c)
{
	return source_open("rest", h, c);
}

/* Free s, its requests out and its kind's state. */
void source_free(struct source *s)
{
	if (s == NULL)
		return;
	while (s->reqs)
		source_req_free(s->reqs);
	if (s->type->close)
		s->type->close(s->state);
	free(s);
}

/* The status bar's name of s. */
const char *source_name(const struct source *s)
{
	return s->name;
}

/* Why s is unusable, or "". */
const char *source_problem(const struct source *s)
{
	return s->problem;
}

/* True when s's answers depend on the query alone. */
int source_pure(const struct source *s)
{
	return s->type->pure;
}

/* True when s answers a query's PromQL (else its KPI id). */
int source_promql(const struct source *s)
{
	return strcmp(s->type->kind, "prometheus") == 0;
}

/* The smallest step worth asking s for. */
double source_min_step(const struct source *s)
{
	return s->type->min_step;
}

/* Ask q of s: a foreign API whatever the kind, else the kind's own way. */
void source_submit(struct source *s, const struct kpi_query *q, source_done_fn done, void *ctx)
{
	if (q->foreign)
		source_foreign_submit(s, q, done, ctx);
	else
		s->type->submit(s, q, done, ctx);
}
