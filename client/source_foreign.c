/*
 * source_foreign.c: a foreign JSON API read through compiled paths
 * (client/jpath), for a query of any kind of source that names one.
 */
#include "client/jpath.h"
#include "client/source_impl.h"

/* A foreign API's document: its values by the query's paths, or why not. */
static void foreign_done(void *vr, const struct http_response *r)
{
	struct source_req *req = vr;
	char why[256];
	struct series_set out;
	series_set_init(&out);
	struct jpath_mapping m = {req->foreign.value, req->foreign.time, req->foreign.label,
				  req->foreign.label_name, req->at};
	source_req_problem(r, why, sizeof why);
	if (why[0] != '\0' ||
	    jpath_extract(&m, r->status, r->body, r->body_len, &out, why, sizeof why) != 0)
		req->done(req->ctx, KPI_FAILED, &out, why);
	else
		req->done(req->ctx, KPI_OK, &out, "");
	series_set_done(&out);
	source_req_free(req);
}

/*
 * Read q's foreign API: its URL as it is, with the source's connection limits
 * (timeout, size) but none of its credentials: those belong to the source's own server.
 */
void source_foreign_submit(struct source *s, const struct kpi_query *q, source_done_fn done,
			   void *ctx)
{
	if (s->http == NULL) {
		source_req_refuse(done, ctx, "no network here for a foreign API");
		return;
	}
	struct source_req *req = source_req_new(s, done, ctx);
	req->foreign = *q->foreign;
	req->at = q->end;
	req->conn = (struct http_conn){.base_url = q->foreign->url,
				       .timeout_ms = s->conn ? s->conn->timeout_ms : 0,
				       .max_body = s->conn ? s->conn->max_body : 0};
	http_request(s->http, &req->conn, "", NULL, foreign_done, req);
}
