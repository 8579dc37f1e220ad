/* source.c: the sources behind one interface: the demo in-process, Prometheus over HTTP. */
#include "client/source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/demo.h"
#include "client/prom.h"
#include "client/rest.h"
#include "util/xalloc.h"

/* A request on its way: whom to tell, and its place in the source's list. */
struct prom_req {
	struct source *s;
	source_done_fn done;
	void *ctx;
	struct prom_req *prev, *next;
	struct http_conn conn;            /* a foreign API's own connection */
	struct kpi_foreign foreign;       /* and its paths (borrowed from the dashboard) */
	double at;                        /* the time of values that come without one */
};

/* What kind a source is; the network kinds share the request list and connection. */
enum source_kind { SOURCE_DEMO, SOURCE_PROMETHEUS, SOURCE_REST };

struct source {
	enum source_kind kind;
	char name[80];
	char problem[256];
	struct demo *demo;          /* the demo source */
	struct http *http;          /* the Prometheus source: borrowed */
	const struct http_conn *conn;
	struct prom_req *reqs;      /* requests out, freed with the source */
};

struct source *source_demo_new(uint64_t seed, struct http *h)
{
	struct source *s = xcalloc(1, sizeof *s);
	s->kind = SOURCE_DEMO;
	s->http = h;
	snprintf(s->name, sizeof s->name, "demo");
	s->demo = demo_new(seed);
	return s;
}

/* Link a new request into s's list. */
static struct prom_req *prom_req_new(struct source *s, source_done_fn done, void *ctx)
{
	struct prom_req *r = xcalloc(1, sizeof *r);
	*r = (struct prom_req){.s = s, .done = done, .ctx = ctx, .next = s->reqs};
	if (s->reqs)
		s->reqs->prev = r;
	s->reqs = r;
	return r;
}

/* Unlink and free a finished request. */
static void prom_req_free(struct prom_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		r->s->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	free(r);
}

/* Say in a few words why an HTTP answer cannot be used; "" when it can. */
static void http_problem(const struct http_response *r, char *buf, size_t len)
{
	buf[0] = '\0';
	if (r->error != HTTP_OK)
		snprintf(buf, len, "%s", r->message);
	else if (r->status == 401 || r->status == 403)
		snprintf(buf, len, "HTTP %ld: %s (check the token or password)", r->status,
			 r->status == 401 ? "unauthorized" : "forbidden");
}

/* The answer to buildinfo: name the engine, or say what is wrong with the URL. */
static void prom_buildinfo_done(void *vr, const struct http_response *r)
{
	struct prom_req *req = vr;
	struct source *s = req->s;
	struct prom_buildinfo bi;
	struct prom_result res;
	http_problem(r, s->problem, sizeof s->problem);
	if (s->problem[0] == '\0' &&
	    prom_parse_buildinfo(r->status, r->body, r->body_len, NULL, &bi, &res) != 0)
		snprintf(s->problem, sizeof s->problem, "%s", res.error);
	if (s->problem[0] == '\0' && strcmp(bi.engine, "unknown") == 0)
		snprintf(s->name, sizeof s->name, "Prometheus API (engine unnamed)"); /* VictoriaMetrics: {} */
	else if (s->problem[0] == '\0')
		snprintf(s->name, sizeof s->name, "%s%s%s", bi.engine, bi.version[0] ? " " : "",
			 bi.version);
	prom_req_free(req);
}

struct source *source_prometheus_new(struct http *h, const struct http_conn *c)
{
	struct source *s = xcalloc(1, sizeof *s);
	s->kind = SOURCE_PROMETHEUS;
	snprintf(s->name, sizeof s->name, "Prometheus");
	s->http = h;
	s->conn = c;
	http_request(h, c, "/api/v1/status/buildinfo", NULL, prom_buildinfo_done,
		     prom_req_new(s, NULL, NULL));
	return s;
}

/* The catalogue's answer: the backend is there and speaks the contract, or why not. */
static void rest_catalogue_done(void *vr, const struct http_response *r)
{
	struct prom_req *req = vr;
	struct source *s = req->s;
	http_problem(r, s->problem, sizeof s->problem);
	if (s->problem[0] == '\0' && (r->status < 200 || r->status >= 300))
		snprintf(s->problem, sizeof s->problem, "HTTP %ld from %s (not a KPI-REST backend?)",
			 r->status, REST_PATH_KPIS);
	prom_req_free(req);
}

struct source *source_rest_new(struct http *h, const struct http_conn *c)
{
	struct source *s = xcalloc(1, sizeof *s);
	s->kind = SOURCE_REST;
	snprintf(s->name, sizeof s->name, "KPI-REST");
	s->http = h;
	s->conn = c;
	http_request(h, c, REST_PATH_KPIS, NULL, rest_catalogue_done, prom_req_new(s, NULL, NULL));
	return s;
}

void source_free(struct source *s)
{
	if (s == NULL)
		return;
	while (s->reqs)
		prom_req_free(s->reqs);
	demo_free(s->demo);
	free(s);
}

const char *source_name(const struct source *s)
{
	return s->name;
}

const char *source_problem(const struct source *s)
{
	return s->problem;
}

int source_pure(const struct source *s)
{
	return s->kind == SOURCE_DEMO;
}

double source_min_step(const struct source *s)
{
	/* Prometheus: two samples of a 60 s scrape in every window */
	return s->kind == SOURCE_PROMETHEUS ? 120 : 0;
}

/* A query_range answer: series, or why not. */
static void prom_query_done(void *vr, const struct http_response *r)
{
	struct prom_req *req = vr;
	char why[256];
	struct series_set out;
	struct prom_result res;
	series_set_init(&out);
	http_problem(r, why, sizeof why);
	if (why[0] != '\0')
		req->done(req->ctx, KPI_FAILED, &out, why);
	else if (prom_parse_query(r->status, r->body, r->body_len, &out, &res) != 0)
		req->done(req->ctx, KPI_FAILED, &out, res.error);
	else
		req->done(req->ctx, KPI_OK, &out, res.warnings);
	series_set_done(&out);
	prom_req_free(req);
}

/* Ask Prometheus for q's PromQL over its range, never for more points than it allows. */
static void prom_submit(struct source *s, const struct kpi_query *q, source_done_fn done,
			void *ctx)
{
	if (q->promql == NULL) {
		struct series_set none;
		series_set_init(&none);
		done(ctx, KPI_FAILED, &none, "no PromQL for this panel");
		return;
	}
	double step = q->step;
	if ((q->end - q->start) / step + 1 > PROM_MAX_POINTS)
		step = ceil((q->end - q->start) / (PROM_MAX_POINTS - 1));
	char *form = prom_form_query_range(q->promql, q->start, q->end, step);
	http_request(s->http, s->conn, "/api/v1/query_range", form, prom_query_done,
		     prom_req_new(s, done, ctx));
	free(form);
}

/* A KPI-REST answer: series, or why not. */
static void rest_query_done(void *vr, const struct http_response *r)
{
	struct prom_req *req = vr;
	char why[256];
	struct series_set out;
	series_set_init(&out);
	http_problem(r, why, sizeof why);
	if (why[0] != '\0' ||
	    rest_parse_series(r->status, r->body, r->body_len, &out, why, sizeof why) != 0)
		req->done(req->ctx, KPI_FAILED, &out, why);
	else
		req->done(req->ctx, KPI_OK, &out, "");
	series_set_done(&out);
	prom_req_free(req);
}

/* Ask the KPI-REST backend for q by id, group-by and filter. */
static void rest_submit(struct source *s, const struct kpi_query *q, source_done_fn done,
			void *ctx)
{
	char *path = rest_path_series(q);
	http_request(s->http, s->conn, path, NULL, rest_query_done, prom_req_new(s, done, ctx));
	free(path);
}

/* A foreign API's document: its values by the query's paths, or why not. */
static void foreign_done(void *vr, const struct http_response *r)
{
	struct prom_req *req = vr;
	char why[256];
	struct series_set out;
	series_set_init(&out);
	struct rest_mapping m = {req->foreign.value, req->foreign.time, req->foreign.label,
				 req->foreign.label_name, req->at};
	http_problem(r, why, sizeof why);
	if (why[0] != '\0' ||
	    rest_map_extract(&m, r->status, r->body, r->body_len, &out, why, sizeof why) != 0)
		req->done(req->ctx, KPI_FAILED, &out, why);
	else
		req->done(req->ctx, KPI_OK, &out, "");
	series_set_done(&out);
	prom_req_free(req);
}

/*
 * Read q's foreign API: its URL as it is, with the source's connection limits
 * (timeout, size) but none of its credentials: those belong to the source's own server.
 */
static void foreign_submit(struct source *s, const struct kpi_query *q, source_done_fn done,
			   void *ctx)
{
	if (s->http == NULL) {
		struct series_set none;
		series_set_init(&none);
		done(ctx, KPI_FAILED, &none, "no network here for a foreign API");
		return;
	}
	struct prom_req *req = prom_req_new(s, done, ctx);
	req->foreign = *q->foreign;
	req->at = q->end;
	req->conn = (struct http_conn){.base_url = q->foreign->url,
				       .timeout_ms = s->conn ? s->conn->timeout_ms : 0,
				       .max_body = s->conn ? s->conn->max_body : 0};
	http_request(s->http, &req->conn, "", NULL, foreign_done, req);
}

void source_submit(struct source *s, const struct kpi_query *q, source_done_fn done, void *ctx)
{
	if (q->foreign) {
		foreign_submit(s, q, done, ctx);
		return;
	}
	if (s->kind == SOURCE_PROMETHEUS) {
		prom_submit(s, q, done, ctx);
		return;
	}
	if (s->kind == SOURCE_REST) {
		rest_submit(s, q, done, ctx);
		return;
	}
	char err[256] = "";
	struct series_set out;
	series_set_init(&out);
	enum kpi_status st = demo_query(s->demo, q, &out, err, sizeof err);
	done(ctx, st, &out, err);
	series_set_done(&out);
}
