/* series.h: the data model every source produces. */
#ifndef KPIDASH_SERIES_H
#define KPIDASH_SERIES_H

#include <stddef.h>

/* One label pair; both strings are owned by the series and already sanitized. */
struct label {
	char *name;
	char *value;
};

/* A labelled series of (t, v) points, t in Unix seconds, ascending. NaN is a gap. */
struct series {
	struct label *labels;
	size_t nlabels;
	double *t;
	double *v;
	size_t n, cap;
};

/* A growable list of series, owning them. */
struct series_set {
	struct series *items;
	size_t n, cap;
};

void series_init(struct series *s);
void series_done(struct series *s);
/* Set (or replace) a label; name and value are copied and sanitized. Labels stay in name order. */
void series_label_set(struct series *s, const char *name, const char *value);
/* The label's value, or NULL; borrowed from s. */
const char *series_label(const struct series *s, const char *name);
void series_push(struct series *s, double t, double v);
/* Make s's times strictly ascending: sorted by time, of equal times the later point kept. */
void series_sort(struct series *s);
/* The last non-NaN value (NaN when none); *at gets its time when not NULL. */
double series_last(const struct series *s, double *at);
/* The first non-NaN value (NaN when none). */
double series_first(const struct series *s);
/* Min and max over non-NaN values; returns the count of non-NaN values. */
size_t series_minmax(const struct series *s, double *min, double *max);
/* Deep copy of src into dst (dst uninitialised). */
void series_copy(struct series *dst, const struct series *src);
/* True when a and b hold the same labels and the same points (NaN equals NaN). */
int series_equal(const struct series *a, const struct series *b);

void series_set_init(struct series_set *ss);
void series_set_done(struct series_set *ss);
/* Append an empty series and return it; valid until the next add. */
struct series *series_set_add(struct series_set *ss);
/* Move the contents of src into dst (dst's old contents freed); src left empty. */
void series_set_move(struct series_set *dst, struct series_set *src);
/* Move every series of src to the end of dst (dst's own kept); src left empty. */
void series_set_append(struct series_set *dst, struct series_set *src);
int series_set_equal(const struct series_set *a, const struct series_set *b);

#endif
