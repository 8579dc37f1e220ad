/* source_demo.c: the demo kind: the embedded company answers in-process, at once. */
#include "client/demo.h"
#include "client/source_impl.h"

/* A company simulated from seed, as the source's state. */
void *source_demo_open(uint64_t seed)
{
	return demo_new(seed);
}

/* Free the company. */
void source_demo_close(void *state)
{
	demo_free(state);
}

/* Answer q from the company before returning. */
void source_demo_submit(struct source *s, const struct kpi_query *q, source_done_fn done, void *ctx)
{
	char err[256] = "";
	struct series_set out;
	series_set_init(&out);
	enum kpi_status st = demo_query(s->state, q, &out, err, sizeof err);
	done(ctx, st, &out, err);
	series_set_done(&out);
}
