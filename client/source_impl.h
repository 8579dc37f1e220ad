/*
 * source_impl.h: inside client/source, for the files of its kinds only (the
 * rest of the program sees client/source.h). A kind is one row of the table
 * in source.c: its flags, its first request and its submit function, the
 * functions living in the kind's own file (source_demo.c, source_prom.c,
 * source_rest.c). Requests to the network are kept on the source's list
 * (source_req.c) so that freeing the source drops them; foreign JSON APIs
 * are read by source_foreign.c for every kind.
 */
#ifndef KPIDASH_SOURCE_IMPL_H
#define KPIDASH_SOURCE_IMPL_H

#include <stdint.h>

#include "client/http.h"
#include "client/kpi.h"
#include "client/source.h"

/* Ask q of s; done(ctx, ...) runs once, possibly before this returns. */
typedef void (*source_submit_fn)(struct source *s, const struct kpi_query *q, source_done_fn done,
				 void *ctx);

/* One kind of source: what it is, and how it asks. */
struct source_type {
	const char *kind;	    /* its name in the docs: "demo", "prometheus", "rest" */
	const char *name;	    /* the status bar's name until the backend gives its own */
	int pure;		    /* an answer depends on nothing but the query */
	double min_step;	    /* the smallest step worth asking for, in seconds */
	const char *hello;	    /* the path asked once when the source opens, or NULL */
	http_done_fn hello_done;    /* its answer (ctx a struct source_req): name, or problem */
	source_submit_fn submit;    /* a query without q->foreign */
	void (*close)(void *state); /* frees the kind's state (NULL state is fine), or NULL */
};

/* A source: its kind, what the status bar says, and the requests it has out. */
struct source {
	const struct source_type *type;
	char name[80];
	char problem[256];	      /* "" while the source is usable */
	void *state;		      /* the kind's own (the demo company), freed by type->close */
	struct http *http;	      /* borrowed; NULL: no network (a demo without foreign APIs) */
	const struct http_conn *conn; /* borrowed; NULL for the demo */
	struct source_req *reqs;      /* requests out, freed with the source */
};

/* A request on its way: whom to tell, and its place in the source's list. */
struct source_req {
	struct source *s;
	source_done_fn done;
	void *ctx;
	struct source_req *prev, *next;
	struct http_conn conn;	    /* a foreign API's own connection */
	struct kpi_foreign foreign; /* and its paths (borrowed from the dashboard) */
	double at;		    /* the time of values that come without one */
};

/* A new request on s's list, zeroed but for s, done and ctx; freed by source_req_free. */
struct source_req *source_req_new(struct source *s, source_done_fn done, void *ctx);
/* Unlink a finished request from its source's list and free it. */
void source_req_free(struct source_req *r);
/* Say in a few words why an HTTP answer cannot be used (buf, len bytes); "" when it can. */
void source_req_problem(const struct http_response *r, char *buf, size_t len);
/* Answer done(ctx, ...) at once: KPI_FAILED with the reason why, and no series. */
void source_req_refuse(source_done_fn done, void *ctx, const char *why);

/* The demo's state: a company simulated from seed; source_demo_close frees it. */
void *source_demo_open(uint64_t seed);
/* Free the demo's state (NULL is fine). */
void source_demo_close(void *state);
/* Answer q from the demo company, before returning. */
void source_demo_submit(struct source *s, const struct kpi_query *q, source_done_fn done,
			void *ctx);

/* Buildinfo's answer: name the Prometheus-compatible engine, or say what is wrong. */
void source_prom_hello(void *ctx, const struct http_response *r);
/* Ask the engine for q's PromQL over q's range (query_range). */
void source_prom_submit(struct source *s, const struct kpi_query *q, source_done_fn done,
			void *ctx);

/* The catalogue's answer: the backend speaks the KPI-REST contract, or why not. */
void source_rest_hello(void *ctx, const struct http_response *r);
/* Ask the KPI-REST backend for q by id, group-by and filter (/v1/kpi/<id>). */
void source_rest_submit(struct source *s, const struct kpi_query *q, source_done_fn done,
			void *ctx);

/* Read q->foreign's API, whatever s's kind, with s's limits but none of its credentials. */
void source_foreign_submit(struct source *s, const struct kpi_query *q, source_done_fn done,
			   void *ctx);

#endif
