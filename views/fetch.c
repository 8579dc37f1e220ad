/* fetch.c: slots, epochs, scaling, backoff and staleness, for every screen alike. */
#include "views/fetch.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/format.h"

void fetch_init(struct fetcher *f, void *owner, fetch_answer_fn answer)
{
	*f = (struct fetcher){.owner = owner, .answer = answer};
}

void fetch_new_epoch(struct fetcher *f)
{
	f->epoch++;
}

/* A source's answer to one slot: dropped when out of date, else scaled and handed on. */
static void fetch_done(void *vslot, enum kpi_status st, struct series_set *result, const char *err)
{
	struct fetch_slot *slot = vslot;
	struct fetcher *f = slot->f;
	slot->pending = 0;
	if (slot->epoch != f->epoch) {
		f->dropped++; /* asked under another range, layout or path */
		return;
	}
	if (st != KPI_OK) {
		f->answer(f->owner, slot, NULL, err);
		return;
	}
	fetch_scale(result, slot->per, slot->step);
	f->answer(f->owner, slot, result, err);
}

int fetch_send(struct fetcher *f, struct fetch_slot *slot, int key, size_t index,
	       struct source *src, const struct kpi_query *q, double per, double wall)
{
	if (slot->pending)
		return 0;
	*slot = (struct fetch_slot){f, key, index, f->epoch, q->step, per, wall, 1};
	source_submit(src, q, fetch_done, slot);
	return 1;
}

struct fetch_slot *fetch_free_slot(struct fetch_slot *slots, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!slots[i].pending)
			return &slots[i];
	return NULL;
}

void fetch_scale(struct series_set *ss, double per, double step)
{
	if (per <= 0 || step <= 0)
		return;
	for (size_t i = 0; i < ss->n; i++)
		for (size_t j = 0; j < ss->items[i].n; j++)
			ss->items[i].v[j] *= per / step;
}

double fetch_backoff(int failures, double jitter)
{
	if (failures < 1)
		return 0;
	return fmin(FETCH_BACKOFF_MAX, 2.0 * pow(2.0, failures - 1)) * jitter;
}

int fetch_failed(struct fetch_health *h, const char *why, double wall, unsigned *seed)
{
	int changed = strcmp(h->error, why) != 0;
	if (changed)
		snprintf(h->error, sizeof h->error, "%s", why);
	if (h->failures < 16)
		h->failures++;
	*seed = *seed * 1103515245u + 12345u;
	double jitter = 0.5 + 0.5 * (double)(*seed >> 16 & 0x7fff) / 0x7fff;
	h->retry_at = wall + fetch_backoff(h->failures, jitter);
	return changed;
}

int fetch_ok(struct fetch_health *h, const char *warning, double wall, int keep_error)
{
	int changed = 0;
	if (h->error[0] && !keep_error) {
		h->error[0] = '\0';
		changed = 1;
	}
	if (strncmp(h->warning, warning, sizeof h->warning - 1) != 0) {
		snprintf(h->warning, sizeof h->warning, "%s", warning); /* "" clears it */
		changed = 1;
	}
	h->failures = 0;
	h->retry_at = 0;
	h->fetched = wall;
	return changed;
}

int fetch_due(const struct fetch_health *h, double wall)
{
	return wall >= h->retry_at;
}

void fetch_note(const struct fetch_health *h, double wall, char *buf, size_t len)
{
	buf[0] = '\0';
	if (h->error[0] && h->fetched > 0) {
		char age[24];
		double secs = floor(wall - h->fetched);
		if (secs < 60) /* whole seconds: a note that changes less often */
			snprintf(age, sizeof age, "%.0fs", secs);
		else
			fmt_duration(age, sizeof age, secs);
		snprintf(buf, len, "stale %s: %s", age, h->error);
	} else if (h->warning[0]) {
		snprintf(buf, len, "warning: %s", h->warning);
	}
}
