/*
 * source_prom.c: the prometheus kind: any Prometheus-compatible HTTP API,
 * named by its buildinfo and asked query_range for each panel's PromQL.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/prom.h"
#include "client/source_impl.h"

/* The answer to buildinfo: name the engine, or say what is wrong with the URL. */
void source_prom_hello(void *vr, const struct http_response *r)
{
	struct source_req *req = vr;
	struct source *s = req->s;
	struct prom_buildinfo bi;
	struct prom_result res;
	source_req_problem(r, s->problem, sizeof s->problem);
	if (s->problem[0] == '\0' &&
	    prom_parse_buildinfo(r->status, r->body, r->body_len, NULL, &bi, &res) != 0)
		snprintf(s->problem, sizeof s->problem, "%s", res.error);
	/* VictoriaMetrics answers buildinfo with {} */
	if (s->problem[0] == '\0' && strcmp(bi.engine, "unknown") == 0)
		snprintf(s->name, sizeof s->name, "Prometheus API (engine unnamed)");
	else if (s->problem[0] == '\0')
		snprintf(s->name, sizeof s->name, "%s%s%s", bi.engine, bi.version[0] ? " " : "",
			 bi.version);
	source_req_free(req);
}

/* A query_range answer: series, or why not. */
static void prom_query_done(void *vr, const struct http_response *r)
{
	struct source_req *req = vr;
	char why[256];
	struct series_set out;
	struct prom_result res;
	series_set_init(&out);
	source_req_problem(r, why, sizeof why);
	if (why[0] != '\0')
		req->done(req->ctx, KPI_FAILED, &out, why);
	else if (prom_parse_query(r->status, r->body, r->body_len, &out, &res) != 0)
		req->done(req->ctx, KPI_FAILED, &out, res.error);
	else
		req->done(req->ctx, KPI_OK, &out, res.warnings);
	series_set_done(&out);
	source_req_free(req);
}

/* Ask Prometheus for q's PromQL over its range, never for more points than it allows. */
void source_prom_submit(struct source *s, const struct kpi_query *q, source_done_fn done, void *ctx)
{
	if (q->promql == NULL) {
		source_req_refuse(done, ctx, "no PromQL for this panel");
		return;
	}
	double step = q->step;
	if ((q->end - q->start) / step + 1 > PROM_MAX_POINTS)
		step = ceil((q->end - q->start) / (PROM_MAX_POINTS - 1));
	char *form = prom_form_query_range(q->promql, q->start, q->end, step);
	http_request(s->http, s->conn, "/api/v1/query_range", form, prom_query_done,
		     source_req_new(s, done, ctx));
	free(form);
}
