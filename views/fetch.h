/*
 * fetch.h: the one fetch path every screen uses. A screen sends its queries
 * through slots (one request in flight each), keeps a health record per unit
 * it shows (a dashboard panel, a drill-down): the last failure, the age of
 * its last good data, and the exponential backoff with jitter before the
 * next try. Answers come back scaled ("per": "hour") and only when still
 * current: a slot sent under an older epoch of its fetcher is dropped.
 */
#ifndef KPIDASH_FETCH_H
#define KPIDASH_FETCH_H

#include <stddef.h>

#include "client/source.h"

/* Retries after failures wait this long at most, in seconds. */
#define FETCH_BACKOFF_MAX 300.0

/* How one unit's data stands: what failed last, and when it last worked. */
struct fetch_health {
	char error[160];  /* the last fetch's failure, "" when it worked */
	char warning[96]; /* what the engine warned of with its last answer, or "" */
	double fetched;	  /* wall time of the last good data, 0 for none */
	int failures;	  /* failed fetches in a row, for the backoff */
	double retry_at;  /* wall time before which it is not asked again */
};

struct fetch_slot;

/*
 * Called with a current answer for slot: on success result holds it (already
 * scaled; the callee may take it with series_set_move) and note is the
 * engine's warning or ""; on failure result is NULL and note says why.
 */
typedef void (*fetch_answer_fn)(void *owner, struct fetch_slot *slot, struct series_set *result,
				const char *note);

/* One screen's requests: the epoch they are asked under, and whom answers go to. */
struct fetcher {
	void *owner;
	fetch_answer_fn answer;
	unsigned epoch; /* bumped when answers in flight would mean something else */
	int dropped;	/* answers dropped as out of date since the owner last looked */
	unsigned seed;	/* for the jitter of retries */
};

/* The context of one request; at most one is out per slot, so a hung server cannot pile them up. */
struct fetch_slot {
	struct fetcher *f;
	int key;	/* the owner's: which data set this slot fetches */
	size_t index;	/* the owner's: which panel, query... */
	unsigned epoch; /* f's epoch when sent */
	double step;	/* the step asked for, seconds */
	double per;	/* scale values to a rate per this many seconds, 0 for as they are */
	double wall;	/* wall time when sent: the fetch time of its answer */
	int pending;
};

/* Set up f for owner, whose answer function takes every current answer. */
void fetch_init(struct fetcher *f, void *owner, fetch_answer_fn answer);
/* Out-date every request in flight: their answers will be dropped. */
void fetch_new_epoch(struct fetcher *f);

/*
 * Send q through slot (key and index are the owner's labels for it) unless a
 * request of the slot is still out; returns 1 when sent, 0 when not. The
 * answer comes through f's answer function, possibly before this returns.
 */
int fetch_send(struct fetcher *f, struct fetch_slot *slot, int key, size_t index,
	       struct source *src, const struct kpi_query *q, double per, double wall);
/* The first slot of slots[0..n) with no request out, or NULL. */
struct fetch_slot *fetch_free_slot(struct fetch_slot *slots, size_t n);

/* Multiply every value of ss by per / step: a flow over step seconds as a rate per per seconds. */
void fetch_scale(struct series_set *ss, double per, double step);

/* Seconds to wait after the nth failure in a row: 2, 4, 8... up to FETCH_BACKOFF_MAX, times jitter
 * in [0.5, 1]. */
double fetch_backoff(int failures, double jitter);
/*
 * A failure at wall: remember why, and back off (with jitter from *seed).
 * Returns 1 when the error text changed (what is shown must be drawn again).
 */
int fetch_failed(struct fetch_health *h, const char *why, double wall, unsigned *seed);
/*
 * A good answer fetched at wall with the engine's warning ("" for none):
 * the error is cleared unless keep_error, the backoff reset. Returns 1 when
 * the error or warning shown changed.
 */
int fetch_ok(struct fetch_health *h, const char *warning, double wall, int keep_error);
/* Whether a unit is due: not waiting out a backoff at wall. */
int fetch_due(const struct fetch_health *h, double wall);
/*
 * The note a unit's border shows: "stale 40s: why" (minutes and hours past a
 * minute) when its last fetch failed after good data, "warning: ..." for
 * an engine's warning, else "" (a unit that never had data says why itself).
 */
void fetch_note(const struct fetch_health *h, double wall, char *buf, size_t len);

#endif
