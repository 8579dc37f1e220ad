/* source.c: the sources behind one interface; the demo answers in-process. */
#include "client/source.h"

#include <stdlib.h>

#include "client/demo.h"
#include "util/xalloc.h"

struct source {
	const char *name;
	struct demo *demo;
};

struct source *source_demo_new(uint64_t seed)
{
	struct source *s = xcalloc(1, sizeof *s);
	s->name = "demo";
	s->demo = demo_new(seed);
	return s;
}

void source_free(struct source *s)
{
	if (s == NULL)
		return;
	demo_free(s->demo);
	free(s);
}

const char *source_name(const struct source *s)
{
	return s->name;
}

int source_pure(const struct source *s)
{
	return s->demo != NULL;
}

void source_submit(struct source *s, const struct kpi_query *q, source_done_fn done, void *ctx)
{
	char err[256] = "";
	struct series_set out;
	series_set_init(&out);
	enum kpi_status st = demo_query(s->demo, q, &out, err, sizeof err);
	done(ctx, st, &out, err);
	series_set_done(&out);
}
