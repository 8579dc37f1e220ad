/*
 * changes.h: what is abnormal right now, across every view: the figures past
 * a threshold and the series whose level shifted (analysis/detect.h), each
 * with its figure, what it normally is, since when, and where it is; worst
 * first. Built from the data the views already hold: no query of its own.
 */
#ifndef KPIDASH_CHANGES_H
#define KPIDASH_CHANGES_H

#include <stddef.h>

#include "views/dashboard.h"
#include "views/view.h"

/* What made an entry: a threshold breach, a detected change, or both. */
enum change_kind {
	CHANGE_THRESHOLD = 1 << 0,
	CHANGE_SHIFT = 1 << 1,
	CHANGE_SLO = 1 << 2, /* an SLO's burn calls for a page (bad) or a ticket (warn) */
};

/* The most labels an entry's cohort is named by. */
#define CHANGE_MAX_PATH 4

struct change {
	enum level level; /* WARN or BAD */
	unsigned kinds;	  /* CHANGE_* */
	size_t view, panel, query;
	const struct panel *p;
	char series[96]; /* its labels, "team=dispatch"; "" for a panel's one figure */
	/* the cohort it is as a drill path: its series' labels */
	struct change_cohort {
		char name[32], value[64];
	} path[CHANGE_MAX_PATH];
	size_t npath;
	int path_cut;  /* a label did not fit in path: the cohort is not named whole */
	double now;    /* the figure */
	double normal; /* what it was before it began (the mean of the range before), NaN unknown */
	double since;  /* when it began (Unix seconds), NaN when unknown */
	int all_range; /* it began at (or before) the start of the range: long-standing */
	double window; /* seconds the figure is over (a detected change alone: since it began) */
	double score;  /* how far from normal: the order within a level */
};

/* "Teams: training vs use / gap": the panel's title, and the column of a table of columns. */
void change_title(const struct change *e, char *buf, size_t len);

/*
 * The entry's figure window as it is named: "15m", "1h", "7d"; "now" for an
 * instant; for a detected change alone, the time since it began ("4h42m").
 */
void change_window(const struct change *e, char *buf, size_t len);

/* What made it an entry: "threshold", "shift", "threshold,shift", "slo". */
void change_kinds_text(const struct change *e, char *buf, size_t len);

struct changes {
	struct change *items;
	size_t n, cap;
};

/* Find what is abnormal in views[0..n) (their data as it stands), into c, worst first. */
void changes_build(struct changes *c, struct view *const *views, size_t n);
void changes_done(struct changes *c);
/* How many entries are bad and how many warnings. */
void changes_count(const struct changes *c, int *bad, int *warn);

#endif
