/*
 * source_req.c: what every kind of source shares: the list of requests it
 * has out (so that freeing it drops them), and how an answer is refused.
 */
#include <stdio.h>
#include <stdlib.h>

#include "client/source_impl.h"
#include "util/xalloc.h"

/* Link a new request into s's list. */
struct source_req *source_req_new(struct source *s, source_done_fn done, void *ctx)
{
	struct source_req *r = xcalloc(1, sizeof *r);
	*r = (struct source_req){.s = s, .done = done, .ctx = ctx, .next = s->reqs};
	if (s->reqs)
		s->reqs->prev = r;
	s->reqs = r;
	return r;
}

/* Unlink and free a finished request. */
void source_req_free(struct source_req *r)
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
void source_req_problem(const struct http_response *r, char *buf, size_t len)
{
	buf[0] = '\0';
	if (r->error != HTTP_OK)
		snprintf(buf, len, "%s", r->message);
	else if (r->status == 401 || r->status == 403)
		snprintf(buf, len, "HTTP %ld: %s (check the token or password)", r->status,
			 r->status == 401 ? "unauthorized" : "forbidden");
}

/* Tell done at once that the query failed, and why, with no series. */
void source_req_refuse(source_done_fn done, void *ctx, const char *why)
{
	struct series_set none;
	series_set_init(&none);
	done(ctx, KPI_FAILED, &none, why);
}
