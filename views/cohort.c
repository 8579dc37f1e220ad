/* cohort.c: a panel's KPI by cohort, nested drill paths, and the privacy floor on every row. */
#include "views/cohort.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"
#include "views/fetch.h"
#include "views/panel.h"
#include "views/privacy.h"
#include "views/template.h"

/* Points of a cohort's trend: enough for a sparkline or a heat row. */
#define COHORT_POINTS 60
/* Requests out at once, over every epoch: a hung server cannot make more pile up. */
#define COHORT_REQS 96

/* What each request fetches. */
enum cohort_set {
	SET_ROWS,	/* the KPI by cohort over the range: the trends */
	SET_ROWS_RANGE, /* by cohort, the figure's window and the one before: values */
	SET_ALL,	/* the whole filtered set: the totals row */
	SET_ALL_RANGE,
	SET_HEADS, /* people by cohort, for the privacy floor */
	SET_ALL_HEADS,
	SET_TREAT, /* compare: by cohort, each arm over the whole range */
	SET_CTRL,
	SET_ALL_TREAT,
	SET_ALL_CTRL,
	SET_PATH, /* privacy: people by each path label under the path before it, a set a level */
	SET_TOP = SET_PATH + COHORT_MAX_PATH, /* privacy: people by drill label i, unfiltered */
	NSETS = SET_TOP + PANEL_MAX_DRILL
};

/* One cohort as shown: figures are NaN when the privacy floor hides it. */
struct cohort_row {
	const char *name;    /* the label's value, borrowed from the answer */
	double value, delta; /* table: the figure and its change against the baseline */
	double treat, ctrl;  /* compare: each arm over the range */
	const double *spark; /* the trend, or NULL */
	size_t nspark;
	unsigned char mark; /* enum privacy_mark */
};

struct cohort {
	int floor;
	const struct dashboard *d;
	const struct panel *p; /* NULL while closed */
	size_t query;	       /* which of its queries is broken down */
	char *path_name[COHORT_MAX_PATH];
	char *path_value[COHORT_MAX_PATH];
	size_t depth;
	const char *label; /* grouped by, borrowed from p->drill */
	enum cohort_mode mode;

	struct series_set sets[NSETS];
	int pending[NSETS];		     /* a request for the current epoch is out */
	struct fetch_slot reqs[COHORT_REQS]; /* requests out, of any epoch */
	struct fetcher fetch;	    /* its epoch moves when a change makes answers out of date */
	struct fetch_health health; /* the last failure, the last good answer, the backoff */
	double range, step;
	double fetched_end; /* NaN: nothing asked under this epoch */
	int want_fetch;

	struct cohort_row *rows;
	size_t nrows, caprows;
	struct cohort_row total;
	int have_total;
	size_t *order; /* shown rows, filtered and sorted */
	size_t nshown, caporder;
	int sort_col; /* 0 cohort, 1 value or treatment, 2 change or control, 3 difference */
	int sort_desc;
	char filter[64];
	char want[1024]; /* the cohort to select when the rows come: the one chosen last */
	size_t top, sel;
	struct rect rect;
	int page; /* rows the last draw showed */
	int dirty;
};

static void cohort_answer(void *owner, struct fetch_slot *slot, struct series_set *result,
			  const char *note);

struct cohort *cohort_new(int floor)
{
	struct cohort *c = xcalloc(1, sizeof *c);
	c->floor = floor;
	for (size_t i = 0; i < NSETS; i++)
		series_set_init(&c->sets[i]);
	fetch_init(&c->fetch, c, cohort_answer);
	c->fetched_end = NAN;
	c->page = 10;
	return c;
}

/* Forget the data and the path; answers still out are dropped by the epoch. */
static void cohort_clear(struct cohort *c, int path)
{
	for (size_t i = 0; i < NSETS; i++) {
		series_set_done(&c->sets[i]);
		series_set_init(&c->sets[i]);
		c->pending[i] = 0;
	}
	for (size_t i = 0; path && i < c->depth; i++) {
		free(c->path_name[i]);
		free(c->path_value[i]);
	}
	if (path)
		c->depth = 0;
	fetch_new_epoch(&c->fetch);
	c->fetched_end = NAN;
	c->health = (struct fetch_health){0};
	c->want_fetch = 1;
	c->nrows = c->nshown = 0;
	c->have_total = 0;
	c->top = c->sel = 0;
	c->want[0] = '\0';
	c->dirty = 1;
}

void cohort_free(struct cohort *c)
{
	if (c == NULL)
		return;
	cohort_clear(c, 1);
	for (size_t i = 0; i < NSETS; i++)
		series_set_done(&c->sets[i]);
	free(c->rows);
	free(c->order);
	free(c);
}

/* Whether label is already matched in the path. */
static int cohort_in_path(const struct cohort *c, const char *label)
{
	for (size_t i = 0; i < c->depth; i++)
		if (strcmp(c->path_name[i], label) == 0)
			return 1;
	return 0;
}

/* The first drill label after from (cyclic) that is not in the path, or NULL. */
static const char *cohort_free_label(const struct cohort *c, const char *from)
{
	size_t n = c->p->ndrill, start = 0;
	for (size_t i = 0; from && i < n; i++)
		if (strcmp(c->p->drill[i], from) == 0)
			start = i + 1;
	for (size_t k = 0; k < n; k++) {
		const char *l = c->p->drill[(start + k) % n];
		if (!cohort_in_path(c, l))
			return l;
	}
	return NULL;
}

/* The order a fresh table starts in: by value, the worst first. */
static void cohort_default_sort(struct cohort *c)
{
	c->sort_col = 1;
	c->sort_desc = c->p->direction <= 0; /* up is good: the lowest first */
}

int cohort_open(struct cohort *c, const struct dashboard *d, const struct panel *p, char *err,
		size_t errlen)
{
	if (p->ndrill == 0) {
		snprintf(err, errlen, "%s: no cohort labels to break it down by", p->title);
		return -1;
	}
	if (p->queries[0].url) {
		snprintf(err, errlen, "%s: a foreign API cannot be broken down", p->title);
		return -1;
	}
	cohort_clear(c, 1);
	c->d = d;
	c->p = p;
	c->query = 0;
	c->label = p->drill[0];
	c->mode = COHORT_TABLE;
	c->filter[0] = '\0';
	cohort_default_sort(c);
	return 0;
}

void cohort_close(struct cohort *c)
{
	cohort_clear(c, 1);
	c->p = NULL;
	c->d = NULL;
}

int cohort_active(const struct cohort *c)
{
	return c->p != NULL;
}

int cohort_set_label(struct cohort *c, const char *label, char *err, size_t errlen)
{
	if (!panel_drills(c->p, label)) {
		snprintf(err, errlen, "%s cannot be broken down by '%s'", c->p->title, label);
		return -1;
	}
	if (cohort_in_path(c, label)) {
		snprintf(err, errlen, "'%s' is already fixed by the drill path", label);
		return -1;
	}
	c->label = c->p->drill[0];
	for (size_t i = 0; i < c->p->ndrill; i++)
		if (strcmp(c->p->drill[i], label) == 0)
			c->label = c->p->drill[i];
	cohort_clear(c, 0);
	return 0;
}

void cohort_next_label(struct cohort *c)
{
	const char *next = cohort_free_label(c, c->label);
	if (next == NULL || next == c->label)
		return;
	c->label = next;
	c->filter[0] = '\0';
	cohort_clear(c, 0);
}

/* Add label=value to the path; any label of the KPI when any, else only a drill label. */
static int cohort_push_label(struct cohort *c, const char *label, const char *value, int any,
			     char *err, size_t errlen)
{
	if (!any && !panel_drills(c->p, label)) {
		snprintf(err, errlen, "%s cannot be broken down by '%s'", c->p->title, label);
		return -1;
	}
	if (cohort_in_path(c, label) || c->depth == COHORT_MAX_PATH) {
		snprintf(err, errlen, "'%s' is already fixed by the drill path", label);
		return -1;
	}
	c->path_name[c->depth] = xstrdup(label);
	c->path_value[c->depth] = xstrdup(value);
	c->depth++;
	const char *next = cohort_free_label(c, label);
	if (next == NULL) { /* nothing changes: the table stays as it was */
		c->depth--;
		free(c->path_name[c->depth]);
		free(c->path_value[c->depth]);
		snprintf(err, errlen, "no cohort label left to break %s=%s down by", label, value);
		return -1;
	}
	c->label = next; /* borrowed from the panel, never from the caller */
	c->filter[0] = '\0';
	cohort_clear(c, 0);
	return 0;
}

int cohort_push(struct cohort *c, const char *label, const char *value, char *err, size_t errlen)
{
	return cohort_push_label(c, label, value, 0, err, errlen);
}

int cohort_fix(struct cohort *c, const char *label, const char *value, char *err, size_t errlen)
{
	return cohort_push_label(c, label, value, 1, err, errlen);
}

static void cohort_order(struct cohort *c);

void cohort_set_query(struct cohort *c, size_t q)
{
	if (q >= c->p->nqueries || q == c->query || c->p->queries[q].url)
		return;
	c->query = q;
	cohort_clear(c, 0);
}

void cohort_select(struct cohort *c, const char *name)
{
	snprintf(c->want, sizeof c->want, "%s", name);
	if (c->nrows)
		cohort_order(c);
}

int cohort_drill(struct cohort *c, char *err, size_t errlen)
{
	if (c->nshown == 0) {
		snprintf(err, errlen, "no cohort to drill into");
		return -1;
	}
	const struct cohort_row *r = &c->rows[c->order[c->sel]];
	if (r->mark != PRIVACY_SHOWN) {
		snprintf(err, errlen, "%s is suppressed: it cannot be drilled into", r->name);
		return -1;
	}
	char *value = xstrdup(r->name); /* the row is gone once the path changes */
	int rc = cohort_push(c, c->label, value, err, errlen);
	free(value);
	return rc;
}

void cohort_up(struct cohort *c)
{
	if (c->depth == 0) {
		cohort_close(c);
		return;
	}
	c->depth--;
	c->label = c->p->drill[0];
	for (size_t i = 0; i < c->p->ndrill; i++)
		if (strcmp(c->p->drill[i], c->path_name[c->depth]) == 0)
			c->label = c->p->drill[i];
	char from[128];
	snprintf(from, sizeof from, "%s", c->path_value[c->depth]);
	free(c->path_name[c->depth]);
	free(c->path_value[c->depth]);
	c->filter[0] = '\0';
	cohort_clear(c, 0);
	snprintf(c->want, sizeof c->want, "%s", from); /* back on the row drilled into */
}

int cohort_mode(struct cohort *c, enum cohort_mode m, char *err, size_t errlen)
{
	if (m == COHORT_COMPARE && c->mode != COHORT_COMPARE &&
	    (!panel_drills(c->p, "group") || cohort_in_path(c, "group") ||
	     strcmp(c->label, "group") == 0)) {
		snprintf(err, errlen,
			 "%s has no treatment and control to compare here (needs "
			 "\"group\" among its drill labels, not yet fixed)",
			 c->p->title);
		return -1;
	}
	enum cohort_mode was = c->mode;
	c->mode = c->mode == m ? COHORT_TABLE : m;
	if ((was == COHORT_COMPARE) != (c->mode == COHORT_COMPARE)) {
		cohort_clear(c, 0); /* compare asks other questions */
		if (c->mode == COHORT_COMPARE)
			c->sort_col = 3, c->sort_desc = c->p->direction <= 0;
		else
			cohort_default_sort(c);
	}
	c->dirty = 1;
	return 0;
}

/* ---- Rows: from answers to cohorts, the privacy floor, the order ---- */

/* A series of a set found by its label's value. */
struct named {
	const char *name;
	const struct series *s;
};

static int named_cmp(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

/* Index set's series by their value of label, sorted for named_find. */
static struct named *named_index(const struct series_set *set, const char *label, size_t *n)
{
	struct named *ix = xcalloc(set->n + 1, sizeof *ix);
	for (size_t i = 0; i < set->n; i++) {
		const char *v = label ? series_label(&set->items[i], label) : NULL;
		ix[i] = (struct named){v ? v : "", &set->items[i]};
	}
	qsort(ix, set->n, sizeof *ix, named_cmp);
	*n = set->n;
	return ix;
}

static const struct series *named_find(const struct named *ix, size_t n, const char *name)
{
	struct named key = {name, NULL};
	const struct named *hit = bsearch(&key, ix, n, sizeof *ix, named_cmp);
	return hit ? hit->s : NULL;
}

/* The last value of the set's first series, NaN when it has none. */
static double set_last(const struct series_set *s)
{
	return s->n ? series_last(&s->items[0], NULL) : NAN;
}

/* The figure and change of a cohort from its panel's windows (the last is the figure's). */
static void row_figure(const struct series *windows, double *value, double *delta)
{
	*value = *delta = NAN;
	if (windows && windows->n >= 1) /* without the window before: no change */
		*value = windows->v[windows->n - 1];
	if (windows && windows->n >= 2)
		*delta = *value - windows->v[windows->n - 2];
}

/* Wipe what the floor hides, so that nothing later can show, sort or write it. */
static void row_hide(struct cohort_row *r, unsigned char mark)
{
	r->mark = mark;
	if (mark == PRIVACY_SHOWN)
		return;
	r->value = r->delta = r->treat = r->ctrl = NAN;
	r->spark = NULL;
	r->nspark = 0;
}

/* Add a row for name unless one exists (names come from two sets in compare mode). */
static struct cohort_row *row_add(struct cohort *c, const char *name)
{
	xgrow(&c->rows, &c->caprows, c->nrows + 1, sizeof *c->rows);
	struct cohort_row *r = &c->rows[c->nrows++];
	*r = (struct cohort_row){name, NAN, NAN, NAN, NAN, NULL, 0, PRIVACY_SHOWN};
	return r;
}

/* Build the rows of compare mode: the union of both arms' cohorts. */
static void rows_compare(struct cohort *c)
{
	size_t nt, nc;
	struct named *t = named_index(&c->sets[SET_TREAT], c->label, &nt);
	struct named *k = named_index(&c->sets[SET_CTRL], c->label, &nc);
	for (size_t i = 0; i < nt; i++) {
		struct cohort_row *r = row_add(c, t[i].name);
		r->treat = series_last(t[i].s, NULL);
		const struct series *o = named_find(k, nc, t[i].name);
		r->ctrl = o ? series_last(o, NULL) : NAN;
	}
	for (size_t i = 0; i < nc; i++)
		if (named_find(t, nt, k[i].name) == NULL)
			row_add(c, k[i].name)->ctrl = series_last(k[i].s, NULL);
	c->total = (struct cohort_row){"total",
				       NAN,
				       NAN,
				       set_last(&c->sets[SET_ALL_TREAT]),
				       set_last(&c->sets[SET_ALL_CTRL]),
				       NULL,
				       0,
				       PRIVACY_SHOWN};
	c->have_total = c->sets[SET_ALL_TREAT].n || c->sets[SET_ALL_CTRL].n;
	free(t);
	free(k);
}

/* Build the rows of the table and heat grid. */
static void rows_table(struct cohort *c)
{
	size_t nr;
	struct named *ranges = named_index(&c->sets[SET_ROWS_RANGE], c->label, &nr);
	const struct series_set *trend = &c->sets[SET_ROWS];
	for (size_t i = 0; i < trend->n; i++) {
		const struct series *s = &trend->items[i];
		const char *name = series_label(s, c->label);
		struct cohort_row *r = row_add(c, name ? name : "");
		row_figure(named_find(ranges, nr, r->name), &r->value, &r->delta);
		r->spark = s->v;
		r->nspark = s->n;
	}
	c->total = (struct cohort_row){"total", NAN, NAN, NAN, NAN, NULL, 0, PRIVACY_SHOWN};
	const struct series_set *all = &c->sets[SET_ALL], *allr = &c->sets[SET_ALL_RANGE];
	row_figure(allr->n ? &allr->items[0] : NULL, &c->total.value, &c->total.delta);
	if (all->n) {
		c->total.spark = all->items[0].v;
		c->total.nspark = all->items[0].n;
	}
	c->have_total = all->n > 0;
	free(ranges);
}

/* The index of label among the panel's drill labels. */
static size_t drill_index(const struct cohort *c, const char *label)
{
	for (size_t i = 0; i < c->p->ndrill; i++)
		if (strcmp(c->p->drill[i], label) == 0)
			return i;
	return 0;
}

/* The privacy marks of the cohorts of set (people by one label), one a series; the caller frees
 * them. */
static unsigned char *set_marks(const struct series_set *set, int floor)
{
	double *people = xcalloc(set->n + 1, sizeof *people);
	unsigned char *marks = xcalloc(set->n + 1, 1);
	for (size_t i = 0; i < set->n; i++)
		people[i] = series_last(&set->items[i], NULL);
	privacy_mark(people, set->n, floor, marks);
	free(people);
	return marks;
}

/*
 * Whether the floor shows cohort label=value among its siblings in set (people
 * by label): not when it is small, a cover, or not there at all.
 */
static int set_shows(const struct series_set *set, const char *label, const char *value, int floor)
{
	unsigned char *marks = set_marks(set, floor);
	int shows = 0;
	for (size_t i = 0; i < set->n; i++) {
		const char *v = series_label(&set->items[i], label);
		if (v && strcmp(v, value) == 0)
			shows = marks[i] == PRIVACY_SHOWN;
	}
	free(marks);
	return shows;
}

/*
 * Whether a level of the drill path is a cohort the floor hides among its
 * siblings (small, or a cover): its figures, and so the sum of its parts,
 * must not be had by drilling into it. Until a level's people are known, it is.
 */
static int cohort_path_hidden(const struct cohort *c)
{
	for (size_t d = 0; d < c->depth; d++) {
		const char *label = c->path_name[d], *value = c->path_value[d];
		if (!set_shows(&c->sets[SET_PATH + d], label, value, c->floor) ||
		    (d > 0 &&
		     !set_shows(&c->sets[SET_TOP + drill_index(c, label)], label, value, c->floor)))
			return 1;
	}
	return 0;
}

/* Hold the privacy floor on every row and on the totals row of an HR panel. */
static void rows_privacy(struct cohort *c)
{
	if (!c->p->privacy)
		return;
	size_t nh;
	struct named *heads = named_index(&c->sets[SET_HEADS], c->label, &nh);
	double *people = xcalloc(c->nrows + 1, sizeof *people);
	unsigned char *marks = xcalloc(c->nrows + 1, 1);
	/*
	 * A cohort the top-level breakdown hides stays hidden in every part of it
	 * (region=emea, team=fraud): the parts would add up to it.
	 */
	const struct series_set *top = &c->sets[SET_TOP + drill_index(c, c->label)];
	size_t ntop;
	struct named *tops = named_index(top, c->label, &ntop);
	unsigned char *top_marks = set_marks(top, c->floor);
	for (size_t i = 0; i < c->nrows; i++) {
		const struct series *h = named_find(heads, nh, c->rows[i].name);
		people[i] = h ? series_last(h, NULL) : NAN; /* unknown: hidden */
		const struct series *t =
		    c->depth > 0 ? named_find(tops, ntop, c->rows[i].name) : NULL;
		if (c->depth > 0 && (t == NULL || top_marks[t - top->items] != PRIVACY_SHOWN))
			marks[i] = PRIVACY_INSIDE;
	}
	free(tops);
	free(top_marks);
	privacy_mark(people, c->nrows, c->floor, marks);
	int inside = cohort_path_hidden(c); /* below a hidden cohort, everything is hidden */
	for (size_t i = 0; i < c->nrows; i++)
		row_hide(&c->rows[i], inside ? PRIVACY_INSIDE : marks[i]);
	if (inside)
		row_hide(&c->total, PRIVACY_INSIDE);
	else if (!privacy_ok(set_last(&c->sets[SET_ALL_HEADS]), c->floor))
		row_hide(&c->total, PRIVACY_SMALL);
	free(people);
	free(marks);
	free(heads);
}

/* The sort: file scope, as qsort takes no context. */
static const struct cohort *sort_c;

/* Row i's key in column col; hidden rows have none. */
static double row_key(const struct cohort_row *r, enum cohort_mode mode, int col)
{
	if (mode == COHORT_COMPARE)
		return col == 1 ? r->treat : col == 2 ? r->ctrl : r->treat - r->ctrl;
	return col == 1 ? r->value : r->delta;
}

static int row_cmp(const void *a, const void *b)
{
	const struct cohort *c = sort_c;
	const struct cohort_row *x = &c->rows[*(const size_t *)a],
				*y = &c->rows[*(const size_t *)b];
	int d = 0;
	if (c->sort_col > 0) {
		double kx = row_key(x, c->mode, c->sort_col), ky = row_key(y, c->mode, c->sort_col);
		if (isnan(kx) != isnan(ky)) /* no figure: last, whichever way */
			return isnan(kx) - isnan(ky);
		if (isnan(kx)) /* among those, by name */
			return strcmp(x->name, y->name);
		d = (kx > ky) - (kx < ky);
	}
	if (d == 0)
		d = strcmp(x->name, y->name);
	return c->sort_desc ? -d : d;
}

/* Whether hay contains needle, ignoring ASCII case. */
static int contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

/* Filter and sort the rows into order, keeping the chosen cohort selected, else the first. */
static void cohort_order(struct cohort *c)
{
	const char *kept = c->want;
	xgrow(&c->order, &c->caporder, c->nrows + 1, sizeof *c->order);
	c->nshown = 0;
	for (size_t i = 0; i < c->nrows; i++)
		if (contains_nocase(c->rows[i].name, c->filter))
			c->order[c->nshown++] = i;
	sort_c = c;
	qsort(c->order, c->nshown, sizeof *c->order, row_cmp);
	c->sel = 0;
	for (size_t i = 0; kept[0] && i < c->nshown; i++)
		if (strcmp(c->rows[c->order[i]].name, kept) == 0)
			c->sel = i;
	c->dirty = 1;
}

/* Rebuild every row from the answers at hand. */
static void cohort_rows_build(struct cohort *c)
{
	c->nrows = 0;
	if (c->mode == COHORT_COMPARE)
		rows_compare(c);
	else
		rows_table(c);
	rows_privacy(c);
	cohort_order(c);
}

void cohort_sort_next(struct cohort *c)
{
	int ncols = c->mode == COHORT_COMPARE ? 4 : 3;
	c->sort_col = (c->sort_col + 1) % ncols;
	cohort_order(c);
}

void cohort_sort_reverse(struct cohort *c)
{
	c->sort_desc = !c->sort_desc;
	cohort_order(c);
}

void cohort_filter(struct cohort *c, const char *text)
{
	snprintf(c->filter, sizeof c->filter, "%s", text);
	cohort_order(c);
}

const char *cohort_filter_text(const struct cohort *c)
{
	return c->filter;
}

void cohort_move(struct cohort *c, long n, int page)
{
	if (c->nshown == 0)
		return;
	long last = (long)c->nshown - 1, sel = (long)c->sel;
	if (n == LONG_MIN)
		sel = 0;
	else if (n == LONG_MAX)
		sel = last;
	else
		sel += page ? n * (c->page > 1 ? c->page - 1 : 1) : n;
	c->sel = (size_t)(sel < 0 ? 0 : sel > last ? last : sel);
	snprintf(c->want, sizeof c->want, "%s", c->rows[c->order[c->sel]].name);
	c->dirty = 1;
}

size_t cohort_rows(const struct cohort *c)
{
	return c->nshown;
}

const char *cohort_row_name(const struct cohort *c, size_t i)
{
	return i < c->nshown ? c->rows[c->order[i]].name : NULL;
}

double cohort_row_value(const struct cohort *c, size_t i)
{
	return i < c->nshown ? c->rows[c->order[i]].value : NAN;
}

void cohort_take_rows(struct cohort *c, struct series_set *rows)
{
	struct series_set *w = &c->sets[SET_ROWS_RANGE];
	series_set_done(w);
	for (size_t i = 0; i < rows->n; i++) {
		const struct series *s = &rows->items[i];
		struct series *o = series_set_add(w);
		for (size_t k = 0; k < s->nlabels; k++)
			series_label_set(o, s->labels[k].name, s->labels[k].value);
		if (s->n >= 2)
			series_push(o, s->t[0], s->v[0]);
		if (s->n >= 1)
			series_push(o, s->t[s->n - 1], s->v[s->n - 1]);
	}
	series_set_move(&c->sets[SET_ROWS], rows);
	cohort_rows_build(c);
}

/* ---- Fetching ---- */

/* The sets the current mode needs, into want[]; returns how many. */
static size_t cohort_sets(const struct cohort *c, enum cohort_set *want)
{
	size_t n = 0;
	if (c->mode == COHORT_COMPARE) {
		want[n++] = SET_TREAT;
		want[n++] = SET_CTRL;
		want[n++] = SET_ALL_TREAT;
		want[n++] = SET_ALL_CTRL;
	} else {
		want[n++] = SET_ROWS;
		want[n++] = SET_ALL;
		want[n++] = SET_ROWS_RANGE;
		want[n++] = SET_ALL_RANGE;
	}
	if (c->p->privacy) {
		want[n++] = SET_HEADS;
		want[n++] = SET_ALL_HEADS;
		for (size_t d = 0; d < c->depth; d++)
			want[n++] = (enum cohort_set)(SET_PATH + d);
		/* below the top, the labels' own top-level breakdowns: who is hidden there */
		for (size_t i = 0; c->depth > 0 && i < c->p->ndrill; i++)
			if (cohort_in_path(c, c->p->drill[i]) || c->p->drill[i] == c->label)
				want[n++] = (enum cohort_set)(SET_TOP + i);
	}
	return n;
}

/* An answer of the current epoch: a failure says why and backs off; data rebuilds the rows. */
static void cohort_answer(void *owner, struct fetch_slot *slot, struct series_set *result,
			  const char *note)
{
	struct cohort *c = owner;
	c->pending[slot->key] = 0;
	if (result == NULL) {
		if (fetch_failed(&c->health, note, slot->wall, &c->fetch.seed))
			c->dirty = 1;
		return;
	}
	struct series_set *dst = &c->sets[slot->key];
	if (!series_set_equal(dst, result)) {
		series_set_move(dst, result);
		cohort_rows_build(c);
	}
	if (fetch_ok(&c->health, note, slot->wall, 0))
		c->dirty = 1;
}

/* Ask one set unless it is already out; heads come from the dashboard's headcount query. */
static void cohort_submit(struct cohort *c, struct source *src, enum cohort_set set, double start,
			  double end, double step, double wall)
{
	if (c->pending[set])
		return;
	struct fetch_slot *slot = fetch_free_slot(c->reqs, COHORT_REQS);
	if (slot == NULL)
		return; /* too many still out on a hung server: the next refresh tries again */
	int level =
	    set >= SET_PATH && set < SET_TOP; /* grouped by a path label, under the levels above */
	int top = set >= SET_TOP;	      /* grouped by a drill label, unfiltered */
	int heads = set == SET_HEADS || set == SET_ALL_HEADS || level || top;
	int grouped = set == SET_ROWS || set == SET_ROWS_RANGE || set == SET_HEADS ||
		      set == SET_TREAT || set == SET_CTRL;
	const char *group = top	      ? c->p->drill[set - SET_TOP]
			    : level   ? c->path_name[set - SET_PATH]
			    : grouped ? c->label
				      : NULL;
	size_t depth = top ? 0 : level ? (size_t)(set - SET_PATH) : c->depth;
	const struct panel_query *pq = heads ? c->d->headcount : &c->p->queries[c->query];
	struct kpi_filter filter[COHORT_MAX_PATH + 17];
	size_t nf = 0, nmatch;
	for (size_t i = 0; i < depth; i++)
		filter[nf++] = (struct kpi_filter){c->path_name[i], c->path_value[i]};
	if (set == SET_TREAT || set == SET_ALL_TREAT)
		filter[nf++] = (struct kpi_filter){"group", "treatment"};
	else if (set == SET_CTRL || set == SET_ALL_CTRL)
		filter[nf++] = (struct kpi_filter){"group", "control"};
	nmatch = nf; /* the query's own filter is in its PromQL already */
	for (size_t i = 0; i < pq->nfilter && i < 16; i++)
		filter[nf++] = (struct kpi_filter){pq->filter[i].name, pq->filter[i].value};
	char *matchers = template_matchers(filter, nmatch);
	char err[160] = "";
	struct template_vars tv = {c->range, step, group, matchers};
	char *promql = pq->promql ? template_expand(pq->promql, &tv, err, sizeof err) : NULL;
	struct kpi_query q = {pq->kpi, start, end, step, group, filter, nf, promql, NULL};
	c->pending[set] = 1; /* before: the demo answers at once */
	fetch_send(&c->fetch, slot, (int)set, 0, src, &q, heads ? 0 : c->p->queries[c->query].per,
		   wall);
	free(promql);
	free(matchers);
}

void cohort_fetch(struct cohort *c, struct source *src, double end, double range, double wall)
{
	if (c->p == NULL)
		return;
	if (c->range != range) {
		c->range = range;
		fetch_new_epoch(&c->fetch); /* the data stays shown until the new range's comes */
		for (size_t i = 0; i < NSETS; i++)
			c->pending[i] = 0;
		c->fetched_end = NAN;
	}
	c->want_fetch = 0;
	if (!fetch_due(&c->health, wall))
		return;
	if (source_pure(src) && end == c->fetched_end)
		return; /* the demo answers the same question the same way */
	c->fetched_end = end;
	double step = fmax(ceil(range / COHORT_POINTS), source_min_step(src));
	double start = end - step * floor(range / step);
	c->step = step;
	double w = query_window(&c->p->queries[c->query], range); /* as on the dashboard */
	enum cohort_set want[NSETS];
	size_t n = cohort_sets(c, want);
	for (size_t i = 0; i < n; i++) {
		switch (want[i]) {
		case SET_ROWS_RANGE:
		case SET_ALL_RANGE:
			cohort_submit(c, src, want[i], end - 2 * w, end, w, wall);
			break;
		case SET_TREAT:
		case SET_CTRL:
		case SET_ALL_TREAT:
		case SET_ALL_CTRL:
			cohort_submit(c, src, want[i], end, end, w, wall);
			break;
		case SET_ROWS:
		case SET_ALL:
			cohort_submit(c, src, want[i], start, end, step, wall);
			break;
		default: /* people: the latest count */
			cohort_submit(c, src, want[i], end - step, end, step, wall);
		}
	}
}

int cohort_wants_fetch(const struct cohort *c)
{
	return c->p != NULL && c->want_fetch;
}

int cohort_pending(const struct cohort *c)
{
	int n = 0;
	for (size_t i = 0; i < NSETS; i++)
		n += c->pending[i];
	return n;
}

double cohort_fetched(const struct cohort *c)
{
	return c->health.fetched;
}

const char *cohort_error(const struct cohort *c)
{
	return c->health.error;
}

/* ---- Drawing ---- */

void cohort_layout(struct cohort *c, struct rect r)
{
	c->rect = r;
	c->dirty = 1;
}

/* What is broken down: the panel's title, and the column when it is one of a table's. */
static const char *cohort_what(const struct cohort *c, char *buf, size_t len)
{
	const char *col = c->p->queries[c->query].column;
	snprintf(buf, len, "%s%s%s", c->p->title, col ? " / " : "", col ? col : "");
	return buf;
}

/* The breadcrumb: view > panel > label=value... > by label, and what is going on at the right. */
static void draw_crumbs(const struct cohort *c, struct rect r)
{
	char crumbs[512], right[256], what[160];
	size_t o = (size_t)snprintf(crumbs, sizeof crumbs, " %s > %s", c->d->title,
				    cohort_what(c, what, sizeof what));
	for (size_t i = 0; i < c->depth && o < sizeof crumbs; i++)
		o += (size_t)snprintf(crumbs + o, sizeof crumbs - o, " > %s=%s", c->path_name[i],
				      c->path_value[i]);
	if (o < sizeof crumbs)
		snprintf(crumbs + o, sizeof crumbs - o, " > by %s%s ", c->label,
			 c->mode == COHORT_COMPARE ? " (treatment vs control)"
			 : c->mode == COHORT_HEAT  ? " (heat grid)"
						   : "");
	if (c->filter[0])
		snprintf(right, sizeof right, " filter: %s ", c->filter);
	else
		right[0] = '\0';
	struct status_seg segs[] = {{crumbs, ST_TITLE, 0}, {right, ST_STATUS, 1}};
	statusbar_draw(r, segs, right[0] ? 2 : 1);
}

/* The style of a change: good or bad by the panel's direction. */
static enum style change_style(const struct panel_query *q, double d)
{
	if (isnan(d) || d == 0 || q->direction == 0)
		return ST_MUTED;
	return (d > 0) == (q->direction > 0) ? ST_OK : ST_BAD;
}

/* The text cells of one row: table (name, value, change, trend) or compare (name, treatment,
 * control, difference). */
static void row_cells(const struct cohort *c, const struct cohort_row *r, char text[3][48],
		      struct table_cell *cells)
{
	/* the figures of the query it breaks down: a table's first column has its own look */
	const struct panel_query *q = &c->p->queries[c->query];
	cells[0] = (struct table_cell){.text = r->name[0] ? r->name : "(none)", .style = ST_NORMAL};
	if (r->mark != PRIVACY_SHOWN) {
		privacy_text(text[0], sizeof text[0], (enum privacy_mark)r->mark, c->floor);
		cells[1] = (struct table_cell){.text = text[0], .style = ST_MUTED, .span = 3};
		cells[2] = cells[3] = (struct table_cell){.text = "", .style = ST_MUTED};
		return;
	}
	if (c->mode == COHORT_COMPARE) {
		double diff = r->treat - r->ctrl;
		fmt_value(text[0], sizeof text[0], r->treat, &q->unit, q->decimals);
		fmt_value(text[1], sizeof text[1], r->ctrl, &q->unit, q->decimals);
		fmt_delta(text[2], sizeof text[2], diff, &q->unit, q->decimals);
		cells[1] = (struct table_cell){.text = text[0],
					       .style = level_style(query_level(q, r->treat))};
		cells[2] = (struct table_cell){.text = text[1],
					       .style = level_style(query_level(q, r->ctrl))};
		cells[3] = (struct table_cell){.text = text[2], .style = change_style(q, diff)};
		return;
	}
	fmt_value(text[0], sizeof text[0], r->value, &q->unit, q->decimals);
	fmt_delta(text[1], sizeof text[1], r->delta, &q->unit, q->decimals);
	cells[1] =
	    (struct table_cell){.text = text[0], .style = level_style(query_level(q, r->value))};
	cells[2] = (struct table_cell){.text = text[1], .style = change_style(q, r->delta)};
	cells[3] = (struct table_cell){.text = "", .style = ST_MUTED};
}

/* The table of the visible rows, the selection kept in sight. */
static void draw_table_body(struct cohort *c, struct rect in)
{
	int compare = c->mode == COHORT_COMPARE;
	struct table_col cols[4] = {{c->label, 0, 0},
				    {compare ? "treatment" : "value", 11, 1},
				    {compare ? "control" : "change", 11, 1},
				    {compare ? "difference" : "trend", compare ? 12 : 0, compare}};
	struct table_args a = {.cols = cols, .ncols = 4, .selected = -1};
	static const struct table_cell blank_total[4];
	a.total = c->have_total ? blank_total : NULL; /* only its presence counts for the page */
	int page = table_page(in, &a);
	c->page = page;
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + (size_t)page)
		c->top = c->sel + 1 - (size_t)page;
	if (c->top + (size_t)page > c->nshown)
		c->top = c->nshown > (size_t)page ? c->nshown - (size_t)page : 0;
	size_t n = c->nshown - c->top < (size_t)page ? c->nshown - c->top : (size_t)page;
	char(*text)[3][48] = xcalloc(n + 1, sizeof *text);
	struct table_cell *cells = xcalloc((n + 1) * 4, sizeof *cells);
	const double **spark = xcalloc(n + 1, sizeof *spark);
	size_t *nspark = xcalloc(n + 1, sizeof *nspark);
	for (size_t i = 0; i < n; i++) {
		const struct cohort_row *r = &c->rows[c->order[c->top + i]];
		row_cells(c, r, text[i], &cells[i * 4]);
		spark[i] = r->spark;
		nspark[i] = r->nspark;
	}
	a.cells = cells;
	a.nrows = n;
	a.selected = c->nshown ? (long)(c->sel - c->top) : -1;
	a.sort_col = c->sort_col + 1;
	a.sort_desc = c->sort_desc;
	if (!compare) {
		a.spark_col = 4;
		a.spark = spark;
		a.nspark = nspark;
	}
	if (c->have_total) {
		row_cells(c, &c->total, text[n], &cells[n * 4]);
		a.total = &cells[n * 4];
		a.total_spark = c->total.spark;
		a.ntotal_spark = c->total.nspark;
		a.spark_span = panel_span(c->p, c->total.value);
	} else {
		a.total = NULL;
	}
	table_draw(in, &a);
	free(text);
	free(cells);
	free(spark);
	free(nspark);
}

/* The heat grid of the visible rows: a hidden cohort keeps its name and shows nothing. */
static void draw_heat_body(struct cohort *c, struct rect in)
{
	int page = in.h - 1 > 1 ? in.h - 1 : 1; /* the scale takes the last line */
	c->page = page;
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + (size_t)page)
		c->top = c->sel + 1 - (size_t)page;
	size_t n = c->nshown - c->top < (size_t)page ? c->nshown - c->top : (size_t)page;
	const char **names = xcalloc(n + 1, sizeof *names);
	const double **values = xcalloc(n + 1, sizeof *values);
	size_t *counts = xcalloc(n + 1, sizeof *counts);
	char(*buf)[64] = xcalloc(n + 1, sizeof *buf);
	for (size_t i = 0; i < n; i++) {
		const struct cohort_row *r = &c->rows[c->order[c->top + i]];
		snprintf(buf[i], sizeof buf[i], "%s%s", r->name,
			 r->mark != PRIVACY_SHOWN ? " (suppressed)" : "");
		names[i] = buf[i];
		values[i] = r->spark;
		counts[i] = r->nspark;
	}
	const struct panel *p = c->p;
	const struct panel_query *q = &p->queries[c->query];
	struct heatmap_args a = {names,	 values,   counts,	n,	     p->min,
				 p->max, &q->unit, q->decimals, q->direction};
	heatmap_draw(in, &a);
	free(names);
	free(values);
	free(counts);
	free(buf);
}

void cohort_draw(struct cohort *c, int all, double wall)
{
	if (c->p == NULL || !(all || c->dirty) || c->rect.h < 4 || c->rect.w < 10)
		return;
	c->dirty = 0;
	struct rect r = c->rect;
	draw_crumbs(c, (struct rect){r.y, r.x, 1, r.w});
	char title[192], note[224] = "", what[160];
	snprintf(title, sizeof title, "%s by %s", cohort_what(c, what, sizeof what), c->label);
	const char *error = c->health.error;
	if (error[0] && c->health.fetched > 0)
		fetch_note(&c->health, wall, note, sizeof note);
	else if (error[0])
		snprintf(note, sizeof note, "%s", error);
	else
		snprintf(note, sizeof note, "%zu of %zu", c->nshown, c->nrows);
	struct frame_args fa = {title, note, LEVEL_NONE, 1, error[0] != '\0', 0};
	struct rect in = frame_draw((struct rect){r.y + 1, r.x, r.h - 1, r.w}, &fa);
	if (in.h <= 0 || in.w <= 0)
		return;
	if (c->nrows == 0) {
		const char *msg = error[0]				       ? error
				  : cohort_pending(c) || isnan(c->fetched_end) ? "loading..."
									       : "no data";
		message_draw(in, msg, error[0] ? ST_BAD : ST_MUTED);
		return;
	}
	if (c->mode == COHORT_HEAT)
		draw_heat_body(c, in);
	else
		draw_table_body(c, in);
}

/* ---- CSV ---- */

/* A text field: quoted when it must be, and never read as a formula by a spreadsheet. */
static void csv_text(FILE *f, const char *s)
{
	int formula = s[0] != '\0' && strchr("=+-@\t", s[0]) != NULL;
	int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* A number field: empty when there is none. */
static void csv_number(FILE *f, double v)
{
	if (!isnan(v))
		fprintf(f, "%.10g", v);
}

/* One line: view, panel, path, label, cohort, figures, status. */
static void csv_row(const struct cohort *c, FILE *f, const char *view, const char *path,
		    const struct cohort_row *r)
{
	char status[64] = "ok";
	if (r->mark != PRIVACY_SHOWN)
		privacy_text(status, sizeof status, (enum privacy_mark)r->mark, c->floor);
	csv_text(f, view);
	fputc(',', f);
	csv_text(f, c->p->title);
	fputc(',', f);
	csv_text(f, path);
	fputc(',', f);
	csv_text(f, c->label);
	fputc(',', f);
	csv_text(f, r == &c->total ? "(total)" : r->name);
	fputc(',', f);
	if (c->mode == COHORT_COMPARE) {
		csv_number(f, r->treat);
		fputc(',', f);
		csv_number(f, r->ctrl);
		fputc(',', f);
		csv_number(f, r->treat - r->ctrl);
	} else {
		csv_number(f, r->value);
		fputc(',', f);
		csv_number(f, r->delta);
	}
	fprintf(f, ",%s,", unit_name(&c->p->queries[c->query].unit));
	csv_number(f, isnan(c->fetched_end) ? NAN : floor(c->fetched_end));
	fputc(',', f);
	csv_number(f, c->step);
	fputc(',', f);
	csv_number(f, c->range);
	fputc(',', f);
	csv_text(f, status);
	fputc('\n', f);
}

size_t cohort_csv(const struct cohort *c, FILE *f, const char *view, int header)
{
	if (c->p == NULL)
		return 0;
	char path[512] = "";
	size_t o = 0;
	for (size_t i = 0; i < c->depth && o < sizeof path; i++)
		o += (size_t)snprintf(path + o, sizeof path - o, "%s%s=%s", i ? "," : "",
				      c->path_name[i], c->path_value[i]);
	if (header)
		fputs(
		    c->mode == COHORT_COMPARE
			? "view,panel,path,label,cohort,treatment,control,difference,unit,time,"
			  "step,range,status\n"
			: "view,panel,path,label,cohort,value,change,unit,time,step,range,status\n",
		    f);
	for (size_t i = 0; i < c->nshown; i++)
		csv_row(c, f, view, path, &c->rows[c->order[i]]);
	if (c->have_total)
		csv_row(c, f, view, path, &c->total);
	return c->nshown + (size_t)c->have_total;
}

/* A name part made of letters, digits, '-' and '_' only. */
static void slug(char *out, size_t len, const char *s)
{
	size_t o = 0;
	for (; *s && o + 1 < len; s++)
		out[o++] = isalnum((unsigned char)*s) || *s == '_'
			       ? (char)tolower((unsigned char)*s)
			       : '-';
	out[o] = '\0';
}

int cohort_export(const struct cohort *c, const char *view, char *name, size_t namelen, char *err,
		  size_t errlen)
{
	char v[32], p[48], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	slug(v, sizeof v, view);
	slug(p, sizeof p, c->p->title);
	if (strlen(p) > 24) { /* a name the status bar can show whole at 80 columns */
		p[24] = '\0';
		char *dash = strrchr(p, '-');
		if (dash && dash > p)
			*dash = '\0';
	}
	int fd = -1;
	for (int k = 0; k < 100 && fd < 0; k++) {
		if (k == 0)
			snprintf(name, namelen, "kpidash-%s-%s-by-%s-%s.csv", v, p, c->label,
				 stamp);
		else
			snprintf(name, namelen, "kpidash-%s-%s-by-%s-%s-%d.csv", v, p, c->label,
				 stamp, k);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", name, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	cohort_csv(c, f, view, 1);
	if (fclose(f) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", name, strerror(errno));
		unlink(name);
		return -1;
	}
	return 0;
}
