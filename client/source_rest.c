/*
 * source_rest.c: the rest kind: a backend speaking the KPI-REST contract
 * (docs/rest-api.md), checked by its catalogue and asked /v1/kpi/<id>.
 */
#include <stdio.h>
#include <stdlib.h>

#include "client/rest.h"
#include "client/source_impl.h"

/* The catalogue's answer: the backend is there and speaks the contract, or why not. */
void source_rest_hello(void *vr, const struct http_response *r)
{
	struct source_req *req = vr;
	struct source *s = req->s;
	source_req_problem(r, s->problem, sizeof s->problem);
	if (s->problem[0] == '\0' && (r->status < 200 || r->status >= 300))
		snprintf(s->problem, sizeof s->problem,
			 "HTTP %ld from %s (not a KPI-REST backend?)", r->status, REST_PATH_KPIS);
	source_req_free(req);
}

/* A KPI-REST answer: series, or why not. */
static void rest_query_done(void *vr, const struct http_response *r)
{
	struct source_req *req = vr;
	char why[256];
	struct series_set out;
	series_set_init(&out);
	source_req_problem(r, why, sizeof why);
	if (why[0] != '\0' ||
	    rest_parse_series(r->status, r->body, r->body_len, &out, why, sizeof why) != 0)
		req->done(req->ctx, KPI_FAILED, &out, why);
	else
		req->done(req->ctx, KPI_OK, &out, "");
	series_set_done(&out);
	source_req_free(req);
}

/* Ask the KPI-REST backend for q by id, group-by and filter. */
void source_rest_submit(struct source *s, const struct kpi_query *q, source_done_fn done, void *ctx)
{
	char *path = rest_path_series(q);
	http_request(s->http, s->conn, path, NULL, rest_query_done, source_req_new(s, done, ctx));
	free(path);
}
