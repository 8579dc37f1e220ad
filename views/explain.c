/* explain.c: the drivers of the what-changed list's first entries. */
#include "views/explain.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/drivers.h"
#include "tui/format.h"
#include "util/xalloc.h"
#include "views/fetch.h"
#include "views/privacy.h"
#include "views/template.h"

/* ---- How a figure is made of its cohorts: a look at the PromQL's top level ---- */

/* A slice of the query text. */
struct span {
	const char *s;
	size_t n;
};

/* x without its leading and trailing white space. */
static struct span span_trim(struct span x)
{
	while (x.n && isspace((unsigned char)x.s[0])) {
		x.s++;
		x.n--;
	}
	while (x.n && isspace((unsigned char)x.s[x.n - 1]))
		x.n--;
	return x;
}

/*
 * A walk over x's top level: the characters outside parentheses, braces,
 * brackets and strings, one at a time (walk_next); depth is not 0 at the end
 * when the brackets do not balance.
 */
struct walk {
	struct span x;
	size_t i;
	int depth;
	char quote;
};

/* The next character at depth 0, its index into *at; 0 at the end. */
static int walk_next(struct walk *w, size_t *at)
{
	while (w->i < w->x.n) {
		char c = w->x.s[w->i++];
		if (w->quote) {
			if (c == '\\' && w->i < w->x.n)
				w->i++;
			else if (c == w->quote)
				w->quote = 0;
			continue;
		}
		if (c == '"' || c == '\'' || c == '`') {
			w->quote = c;
			continue;
		}
		if (c == '(' || c == '{' || c == '[') {
			w->depth++;
			continue;
		}
		if (c == ')' || c == '}' || c == ']') {
			w->depth--;
			continue;
		}
		if (w->depth == 0) {
			*at = w->i - 1;
			return 1;
		}
	}
	return 0;
}

/* Whether the character before x.s[at] ends an operand: the operator there is binary. */
static int binary_at(struct span x, size_t at)
{
	size_t k = at;
	while (k > 0 && isspace((unsigned char)x.s[k - 1]))
		k--;
	if (k == 0)
		return 0;
	char p = x.s[k - 1];
	if ((p == 'e' || p == 'E') && k >= 2 && isdigit((unsigned char)x.s[k - 2]) &&
	    x.s[at - 1] == p)
		return 0; /* 1e-5 */
	return isalnum((unsigned char)p) || p == '_' || p == ')' || p == ']' || p == '}' ||
	       p == '"' || p == '\'';
}

/* Whether x is only a number: digits, points, signs and arithmetic in parentheses. */
static int span_numeric(struct span x)
{
	for (size_t i = 0; i < x.n; i++)
		if (!strchr("0123456789.+-*/() \t\neE", x.s[i]))
			return 0;
	return 1;
}

/* Whether x is a word w standing alone at index i. */
static int word_at(struct span x, size_t i, const char *w)
{
	size_t n = strlen(w);
	return i + n <= x.n && strncmp(x.s + i, w, n) == 0 &&
	       (i == 0 || !isalnum((unsigned char)x.s[i - 1])) &&
	       (i + n == x.n || !isalnum((unsigned char)x.s[i + n]));
}

/* The last top-level binary operator of x among ops (and comparisons, set operators: -2); -1
 * none. */
static long last_op(struct span x, const char *ops)
{
	struct walk w = {x, 0, 0, 0};
	size_t at;
	long found = -1;
	while (walk_next(&w, &at)) {
		char c = x.s[at];
		if (strchr("<>=!", c) || word_at(x, at, "and") || word_at(x, at, "or") ||
		    word_at(x, at, "unless"))
			return -2;
		if (strchr(ops, c) && (strchr("*/%", c) || binary_at(x, at)))
			found = (long)at;
	}
	return w.depth == 0 ? found : -2;
}

/* Whether x is one call of an aggregation named by one of names: "sum by (team) (...)". */
static int span_call(struct span x, const char *const *names)
{
	for (const char *const *n = names; *n; n++) {
		size_t len = strlen(*n);
		if (x.n <= len || strncmp(x.s, *n, len) != 0 ||
		    (!isspace((unsigned char)x.s[len]) && x.s[len] != '('))
			continue;
		struct walk w = {x, 0, 0, 0};
		size_t at;
		while (walk_next(&w, &at))
			if (!isalnum((unsigned char)x.s[at]) && x.s[at] != '_' &&
			    !isspace((unsigned char)x.s[at]))
				return 0; /* an operator outside the call */
		return w.depth == 0 && x.s[x.n - 1] == ')';
	}
	return 0;
}

/* Whether x is wrapped whole in one pair of parentheses. */
static int span_wrapped(struct span x)
{
	if (x.n < 2 || x.s[0] != '(' || x.s[x.n - 1] != ')')
		return 0;
	/* the inner text must balance on its own: "(a) / (b)" is not wrapped */
	int depth = 0;
	for (size_t i = 1; i + 1 < x.n; i++) {
		depth += x.s[i] == '(' ? 1 : x.s[i] == ')' ? -1 : 0;
		if (depth < 0)
			return 0;
	}
	return depth == 0;
}

/*
 * How x makes its figure, by its top level: parentheses unwrapped, a number
 * added or multiplied in set aside, a sum or count of sums a sum, a ratio a
 * ratio (its denominator into *den); anything else is OTHER. level bounds the
 * recursion on pathological text.
 */
static enum explain_agg agg_of(struct span x, struct span *den, int level)
{
	static const char *const sums[] = {"sum", "count", NULL};
	x = span_trim(x);
	if (level > 16 || x.n == 0)
		return EXPLAIN_OTHER;
	if (span_wrapped(x))
		return agg_of((struct span){x.s + 1, x.n - 2}, den, level + 1);
	long at = last_op(x, "+-");
	if (at == -2)
		return EXPLAIN_OTHER;
	if (at >= 0) { /* l + r, l - r: a number on one side moves nothing */
		struct span l = span_trim((struct span){x.s, (size_t)at});
		struct span r = span_trim((struct span){x.s + at + 1, x.n - (size_t)at - 1});
		if (span_numeric(l))
			return agg_of(r, den, level + 1);
		if (span_numeric(r))
			return agg_of(l, den, level + 1);
		struct span d;
		return agg_of(l, &d, level + 1) == EXPLAIN_SUM &&
			       agg_of(r, &d, level + 1) == EXPLAIN_SUM
			   ? EXPLAIN_SUM
			   : EXPLAIN_OTHER;
	}
	at = last_op(x, "*/%");
	if (at >= 0) {
		struct span l = span_trim((struct span){x.s, (size_t)at});
		struct span r = span_trim((struct span){x.s + at + 1, x.n - (size_t)at - 1});
		char op = x.s[at];
		if (op != '%' && span_numeric(r))
			return agg_of(l, den, level + 1); /* scaled by a number */
		if (op == '*' && span_numeric(l))
			return agg_of(r, den, level + 1);
		if (op == '/' && !span_numeric(l)) {
			if (word_at(r, 0, "on") || word_at(r, 0, "ignoring") ||
			    word_at(r, 0, "group_left") || word_at(r, 0, "group_right"))
				return EXPLAIN_OTHER; /* vector matching: not a plain ratio */
			*den = r;
			return EXPLAIN_RATIO;
		}
		return EXPLAIN_OTHER;
	}
	return span_call(x, sums) ? EXPLAIN_SUM : EXPLAIN_OTHER;
}

enum explain_agg explain_agg(const char *promql, char **den)
{
	if (den)
		*den = NULL;
	if (promql == NULL)
		return EXPLAIN_OTHER;
	struct span d = {NULL, 0};
	enum explain_agg a = agg_of((struct span){promql, strlen(promql)}, &d, 0);
	if (a == EXPLAIN_RATIO && den)
		*den = xstrndup(d.s, d.n);
	return a;
}

/* ---- Asking for the breakdowns ---- */

/* What each request of one label's breakdown fetches. */
enum ex_set {
	EX_FIG,	   /* the figure by cohort, over the window before and the window */
	EX_WEIGHT, /* a ratio's denominator by cohort, over the same windows */
	EX_HEADS,  /* people by cohort, for the privacy floor */
	EX_TOP,	   /* under a cohort, people by the same label over everyone: who is hidden there */
	EX_NSETS
};

/*
 * The most entries remembered, and looked at from the top of the list: one
 * whose breakdowns named no driver is passed over for the next.
 */
#define EX_RECORDS 16

/* One entry's breakdowns, by each label it may be broken down by. */
struct ex_record {
	int used;
	unsigned gen;	  /* moves when the record is given to another entry: old answers drop */
	size_t query;	  /* of p */
	double since;	  /* when the entry's change began (or its range), NaN when not known */
	double window_of; /* the entry's figure window */
	const struct dashboard *d;
	const struct panel *p;
	struct change_cohort path[CHANGE_MAX_PATH];
	size_t npath;
	enum explain_agg agg;
	char *den;	    /* a ratio's denominator, a template like the query; or NULL */
	double before, end; /* the figure is compared at these times */
	double window;	    /* over windows this long; 0 for a value at each time */
	double seen;	    /* wall time it was last among the entries explained */
	double asked;	    /* the data time asked for last, NaN for never */
	size_t drill[PANEL_MAX_DRILL]; /* the labels broken down by: indexes of p->drill */
	size_t nlabels;
	struct series_set sets[PANEL_MAX_DRILL][EX_NSETS];
	int pending[PANEL_MAX_DRILL][EX_NSETS];
	int failed;
	int have; /* drv holds a driver */
	struct explain_driver drv;
};

struct explain {
	int floor;
	struct ex_record rec[EX_RECORDS];
	struct fetch_slot reqs[EXPLAIN_REQS];
	struct fetcher fetch;
	/* the requests due, sent as slots free up: record, label, set */
	struct ex_want {
		size_t r, l;
		enum ex_set s;
		unsigned gen; /* the record's when queued */
	} queue[EX_RECORDS * PANEL_MAX_DRILL * EX_NSETS];
	size_t nqueue;
	struct source *src; /* of the last explain_fetch */
	double wall;
	int pumping; /* sending: an answer that comes at once must not send too */
	int again;   /* an entry came out with no driver: the next one may be asked now */
};

static void ex_answer(void *owner, struct fetch_slot *slot, struct series_set *result,
		      const char *note);

struct explain *explain_new(int floor)
{
	struct explain *x = xcalloc(1, sizeof *x);
	x->floor = floor;
	fetch_init(&x->fetch, x, ex_answer);
	for (size_t r = 0; r < EX_RECORDS; r++)
		for (size_t l = 0; l < PANEL_MAX_DRILL; l++)
			for (size_t s = 0; s < EX_NSETS; s++)
				series_set_init(&x->rec[r].sets[l][s]);
	return x;
}

/* Forget what r holds; the sets stay initialised. */
static void rec_clear(struct ex_record *r)
{
	for (size_t l = 0; l < PANEL_MAX_DRILL; l++)
		for (size_t s = 0; s < EX_NSETS; s++) {
			series_set_done(&r->sets[l][s]);
			series_set_init(&r->sets[l][s]);
			r->pending[l][s] = 0;
		}
	free(r->den);
	r->den = NULL;
	r->used = r->have = r->failed = 0;
	r->gen++;
}

void explain_free(struct explain *x)
{
	if (x == NULL)
		return;
	for (size_t r = 0; r < EX_RECORDS; r++) {
		rec_clear(&x->rec[r]);
		for (size_t l = 0; l < PANEL_MAX_DRILL; l++)
			for (size_t s = 0; s < EX_NSETS; s++)
				series_set_done(&x->rec[r].sets[l][s]);
	}
	free(x);
}

/* Whether two panels break down alike: the same labels in the same order, the same floor. */
static int same_drill(const struct panel *a, const struct panel *b)
{
	if (a == b)
		return 1;
	if (a->ndrill != b->ndrill || a->privacy != b->privacy)
		return 0;
	for (size_t i = 0; i < a->ndrill; i++)
		if (strcmp(a->drill[i], b->drill[i]) != 0)
			return 0;
	return 1;
}

/* Whether two strings, either NULL, are the same. */
static int same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/*
 * Whether r holds e's breakdowns: the same query (on any view, any panel that
 * breaks down alike), the same cohort, the same times. Two entries of one
 * change, a figure over 15 minutes and over a day that began to fall at the
 * same time, share their breakdowns.
 */
static int rec_is(const struct ex_record *r, const struct change *e)
{
	if (!r->used)
		return 0;
	const struct panel_query *q = &r->p->queries[r->query], *eq = &e->p->queries[e->query];
	if (!same_text(q->promql, eq->promql) || !same_text(q->kpi, eq->kpi) || q->per != eq->per ||
	    (q->window == WINDOW_NOW) != (eq->window == WINDOW_NOW) || !same_drill(r->p, e->p) ||
	    r->npath != e->npath)
		return 0;
	for (size_t i = 0; i < e->npath; i++)
		if (strcmp(r->path[i].name, e->path[i].name) != 0 ||
		    strcmp(r->path[i].value, e->path[i].value) != 0)
			return 0;
	return !isnan(e->since) ? r->since == e->since
				: isnan(r->since) && r->window_of == e->window;
}

/* Whether e can be broken down: drill labels left beside its own cohort, a query to break. */
static int explainable(const struct change *e, size_t *drill, size_t *n)
{
	const struct panel_query *q = &e->p->queries[e->query];
	*n = 0;
	if (e->path_cut || q->url || (q->promql && !strstr(q->promql, "$group")))
		return 0;
	for (size_t i = 0; i < e->p->ndrill; i++) {
		int fixed = 0;
		for (size_t k = 0; k < e->npath; k++)
			fixed |= strcmp(e->path[k].name, e->p->drill[i]) == 0;
		if (!fixed)
			drill[(*n)++] = i;
	}
	return *n > 0;
}

/* The record for e: its own, or a free one, or the one unseen longest (never one in use now). */
static struct ex_record *rec_for(struct explain *x, const struct change *e, double wall)
{
	struct ex_record *pick = NULL;
	for (size_t i = 0; i < EX_RECORDS; i++)
		if (rec_is(&x->rec[i], e))
			return &x->rec[i];
	for (size_t i = 0; i < EX_RECORDS && pick == NULL; i++)
		if (!x->rec[i].used)
			pick = &x->rec[i];
	for (size_t i = 0; i < EX_RECORDS && pick == NULL; i++)
		if (x->rec[i].seen < wall && (pick == NULL || x->rec[i].seen < pick->seen))
			pick = &x->rec[i];
	if (pick == NULL)
		return NULL;
	rec_clear(pick);
	pick->used = 1;
	pick->query = e->query;
	pick->since = e->since;
	pick->window_of = e->window;
	pick->p = e->p;
	memcpy(pick->path, e->path, sizeof pick->path);
	pick->npath = e->npath;
	/* how the figure is made is read from PromQL only where the source answers PromQL */
	pick->agg = source_promql(x->src) ? explain_agg(e->p->queries[e->query].promql, &pick->den)
					  : EXPLAIN_OTHER;
	pick->asked = NAN;
	return pick;
}

/*
 * The times e's figure is compared at. Since it began (when that is known; the
 * start of the range when it has been so all along): the figure over the time since, against the
 * same span before; or, for a figure of an instant, now against as long before it began. Else the
 * figure's own window against the one before, or now against an hour ago.
 */
static void rec_times(struct ex_record *r, const struct change *e, double end)
{
	const struct panel_query *q = &e->p->queries[e->query];
	/* so all along the range: since the range began, against the range before */
	int began = !isnan(e->since) && e->since < end - 60;
	r->end = end;
	if (q->window == WINDOW_NOW) {
		r->window = 0;
		/* then: as long before it began as it has been so since */
		r->before = began ? e->since - (end - e->since) : end - 3600;
		return;
	}
	r->window = began ? end - e->since : fmax(e->window, 60);
	r->before = end - r->window;
}

/* Send one request: the figure, the denominator or the people, by label l under r's cohort. */
static void ex_send(struct explain *x, size_t ri, size_t l, enum ex_set s)
{
	struct ex_record *r = &x->rec[ri];
	struct fetch_slot *slot = fetch_free_slot(x->reqs, EXPLAIN_REQS);
	int heads = s == EX_HEADS || s == EX_TOP;
	const struct panel_query *pq = heads ? r->d->headcount : &r->p->queries[r->query];
	const char *group = r->p->drill[r->drill[l]];
	struct kpi_filter filter[CHANGE_MAX_PATH + 16];
	size_t nf = 0;
	for (size_t i = 0; i < r->npath && s != EX_TOP; i++)
		filter[nf++] = (struct kpi_filter){r->path[i].name, r->path[i].value};
	char *matchers = template_matchers(filter, nf); /* the query's own are in its PromQL */
	for (size_t i = 0; i < pq->nfilter && i < 16; i++)
		filter[nf++] = (struct kpi_filter){pq->filter[i].name, pq->filter[i].value};
	double step = r->window > 0 ? r->window : r->end - r->before;
	double start = heads ? r->end - 300 : r->window > 0 ? r->end - 2 * step : r->before;
	if (heads)
		step = 300;
	struct template_vars tv = {step, step, group, matchers};
	char err[160] = "";
	const char *tmpl = s == EX_WEIGHT ? r->den : pq->promql;
	char *promql = tmpl ? template_expand(tmpl, &tv, err, sizeof err) : NULL;
	struct kpi_query q = {pq->kpi, start, r->end, step, group, filter, nf, promql, NULL};
	r->pending[l][s] = 1; /* before: the demo answers at once */
	fetch_send(&x->fetch, slot, (int)((ri * PANEL_MAX_DRILL + l) * EX_NSETS + s), r->gen,
		   x->src, &q, s == EX_FIG ? pq->per : 0, x->wall);
	free(promql);
	free(matchers);
}

/* Send what is queued while slots are free, the oldest first. */
static void ex_pump(struct explain *x)
{
	if (x->pumping)
		return;
	x->pumping = 1;
	while (x->nqueue && fetch_free_slot(x->reqs, EXPLAIN_REQS)) {
		struct ex_want w = x->queue[0];
		x->nqueue--;
		memmove(x->queue, x->queue + 1, x->nqueue * sizeof *x->queue);
		if (w.gen == x->rec[w.r].gen) /* not given to another entry meanwhile */
			ex_send(x, w.r, w.l, w.s);
	}
	x->pumping = 0;
}

static int rec_pending(const struct ex_record *r)
{
	int n = 0;
	for (size_t l = 0; l < r->nlabels; l++)
		for (size_t s = 0; s < EX_NSETS; s++)
			n += r->pending[l][s];
	return n;
}

/* Queue every breakdown of record ri. */
static void rec_ask(struct explain *x, size_t ri)
{
	struct ex_record *r = &x->rec[ri];
	r->failed = 0;
	r->asked = r->end;
	for (size_t l = 0; l < r->nlabels; l++)
		for (int s = 0; s < EX_NSETS; s++) {
			if ((s == EX_WEIGHT && r->den == NULL) ||
			    (s == EX_HEADS && !(r->p->privacy && r->d->headcount)) ||
			    (s == EX_TOP && !(r->p->privacy && r->d->headcount && r->npath)))
				continue;
			r->pending[l][s] = 1; /* queued counts as out */
			x->queue[x->nqueue++] = (struct ex_want){ri, l, (enum ex_set)s, r->gen};
		}
}

int explain_fetch(struct explain *x, const struct changes *c, const struct dashboard *dash,
		  struct source *src, double end, double wall)
{
	x->src = src;
	x->wall = wall;
	x->again = 0;
	int asked = 0;
	size_t explained = 0, looked = 0;
	for (size_t i = 0; i < c->n && explained < EXPLAIN_ENTRIES && looked < EX_RECORDS; i++) {
		const struct change *e = &c->items[i];
		size_t drill[PANEL_MAX_DRILL], n;
		if (!explainable(e, drill, &n))
			continue;
		struct ex_record *r = rec_for(x, e, wall);
		if (r == NULL)
			break;
		if (r->seen == wall && wall > 0)
			continue; /* shared with an entry above */
		looked++;
		r->seen = wall;
		r->d = &dash[e->view];
		int due = isnan(r->asked) || (end - r->asked >= EXPLAIN_EVERY &&
					      !(source_pure(src) && end == r->asked));
		if (rec_pending(r) || r->have) {
			explained++; /* asked, or it has its driver */
			if (rec_pending(r) || !due)
				continue;
		} else if (!due) {
			continue; /* no driver when last asked: the next entry's turn */
		} else {
			explained++;
		}
		memcpy(r->drill, drill, sizeof drill);
		r->nlabels = n;
		rec_times(r, e, end);
		rec_ask(x, (size_t)(r - x->rec));
		asked++;
	}
	ex_pump(x);
	return asked;
}

int explain_wants_fetch(const struct explain *x)
{
	return x->again;
}

int explain_pending(const struct explain *x)
{
	int n = 0;
	for (size_t r = 0; r < EX_RECORDS; r++)
		n += rec_pending(&x->rec[r]);
	return n;
}

/* ---- From the answers to a driver ---- */

/* s's value nearest time t and within tol of it, NaN when it has none there. */
static double value_at(const struct series *s, double t, double tol)
{
	double v = NAN, best = tol;
	for (size_t i = 0; s && i < s->n; i++)
		if (fabs(s->t[i] - t) <= best) {
			best = fabs(s->t[i] - t);
			v = s->v[i];
		}
	return v;
}

/* The series of set whose label is value, or NULL. */
static const struct series *find_cohort(const struct series_set *set, const char *label,
					const char *value)
{
	for (size_t i = 0; i < set->n; i++) {
		const char *v = series_label(&set->items[i], label);
		if (v && strcmp(v, value) == 0)
			return &set->items[i];
	}
	return NULL;
}

/*
 * Under the entry's cohort, mark as hidden (PRIVACY_INSIDE) the cohorts that
 * the floor hides in the same label's breakdown of everyone, as the drill-down
 * does: a part of a hidden cohort is never shown apart.
 */
static void rec_hidden_above(const struct explain *x, const struct ex_record *r, size_t l,
			     const char *const *names, size_t n, unsigned char *marks)
{
	const struct series_set *top = &r->sets[l][EX_TOP];
	const char *label = r->p->drill[r->drill[l]];
	if (r->npath == 0)
		return; /* the breakdown is of everyone: its own marks say it all */
	double *heads = xcalloc(top->n + 1, sizeof *heads);
	unsigned char *tm = xcalloc(top->n + 1, 1);
	for (size_t i = 0; i < top->n; i++)
		heads[i] = series_last(&top->items[i], NULL);
	privacy_mark(heads, top->n, x->floor, tm);
	for (size_t i = 0; i < n; i++) {
		int shown = 0; /* a cohort the breakdown of everyone does not have is hidden too */
		for (size_t k = 0; names[i] && k < top->n; k++) {
			const char *v = series_label(&top->items[k], label);
			if (v && strcmp(v, names[i]) == 0)
				shown = tm[k] == PRIVACY_SHOWN;
		}
		if (!shown)
			marks[i] = PRIVACY_INSIDE;
	}
	free(tm);
	free(heads);
}

/* The best driver of label l of r into *best when it beats what *best holds. */
static void rec_rank(const struct explain *x, const struct ex_record *r, size_t l,
		     struct explain_driver *best, int *have)
{
	const struct series_set *fig = &r->sets[l][EX_FIG];
	const char *label = r->p->drill[r->drill[l]];
	size_t n = fig->n;
	double tol = (r->end - r->before) / 2; /* an engine may align the points to the step */
	if (n == 0)
		return;
	struct driver_in *in = xcalloc(n, sizeof *in);
	double *heads = xcalloc(n, sizeof *heads);
	unsigned char *marks = xcalloc(n, 1);
	const char **names = xcalloc(n, sizeof *names);
	for (size_t i = 0; i < n; i++) {
		const struct series *s = &fig->items[i];
		const char *v = series_label(s, label);
		names[i] = v;
		in[i] = (struct driver_in){value_at(s, r->before, tol), value_at(s, r->end, tol),
					   NAN, NAN, 0};
		if (v == NULL) {
			in[i].before = in[i].after = NAN; /* a series with no cohort: not counted */
			continue;
		}
		if (r->den) {
			const struct series *w = find_cohort(&r->sets[l][EX_WEIGHT], label, v);
			in[i].w_before = value_at(w, r->before, tol);
			in[i].w_after = value_at(w, r->end, tol);
		}
		const struct series *h = find_cohort(&r->sets[l][EX_HEADS], label, v);
		heads[i] = h ? series_last(h, NULL) : NAN;
	}
	size_t counted = 0;
	for (size_t i = 0; i < n; i++)
		counted += isfinite(in[i].before) && isfinite(in[i].after);
	if (counted < 2)
		n = 0;	     /* one cohort is the whole: it says nothing the entry does not */
	if (r->p->privacy) { /* the hidden count in the total, and are never named */
		rec_hidden_above(x, r, l, names, n, marks);
		privacy_mark(heads, n, x->floor, marks);
		for (size_t i = 0; i < n; i++)
			in[i].hidden = marks[i] != PRIVACY_SHOWN;
	}
	struct driver_out out;
	double total = 0;
	enum drivers_agg agg = r->agg == EXPLAIN_SUM ? DRIVERS_SUM : DRIVERS_WEIGHTED;
	size_t got = n ? drivers_rank(in, n, agg, &out, 1, &total, NULL) : 0;
	if (got && total != 0 && out.contribution * total > 0 && names[out.index] &&
	    (!*have || fabs(out.share) > fabs(best->share))) {
		*best = (struct explain_driver){.contribution = out.contribution,
						.total = total,
						.share = out.share,
						.own = in[out.index].after - in[out.index].before,
						.exact = r->agg != EXPLAIN_OTHER,
						.spread = out.share < 1.0 / 3};
		snprintf(best->label, sizeof best->label, "%s", label);
		snprintf(best->value, sizeof best->value, "%s", names[out.index]);
		*have = 1;
	}
	free(names);
	free(marks);
	free(heads);
	free(in);
}

/* Every breakdown of r is in: its driver, the best of its labels'. */
static void rec_done(struct explain *x, struct ex_record *r)
{
	if (r->failed)
		return; /* the driver found before, if any, stands */
	struct explain_driver best;
	int have = 0;
	for (size_t l = 0; l < r->nlabels; l++)
		rec_rank(x, r, l, &best, &have);
	r->have = have;
	if (have)
		r->drv = best;
	else
		x->again = 1;
}

static void ex_answer(void *owner, struct fetch_slot *slot, struct series_set *result,
		      const char *note)
{
	(void)note;
	struct explain *x = owner;
	size_t key = (size_t)slot->key;
	size_t ri = key / (PANEL_MAX_DRILL * EX_NSETS), l = key / EX_NSETS % PANEL_MAX_DRILL;
	enum ex_set s = (enum ex_set)(key % EX_NSETS);
	struct ex_record *r = &x->rec[ri];
	if (slot->index != r->gen)
		return; /* asked for an entry this record no longer holds */
	r->pending[l][s] = 0;
	if (result == NULL)
		r->failed = 1;
	else
		series_set_move(&r->sets[l][s], result);
	if (rec_pending(r) == 0)
		rec_done(x, r);
	ex_pump(x); /* a slot is free */
}

const struct explain_driver *explain_find(const struct explain *x, const struct change *e)
{
	for (size_t i = 0; i < EX_RECORDS; i++)
		if (rec_is(&x->rec[i], e))
			return x->rec[i].have ? &x->rec[i].drv : NULL;
	return NULL;
}

void explain_text(const struct explain *x, const struct change *e, char *buf, size_t len)
{
	const struct explain_driver *d = explain_find(x, e);
	buf[0] = '\0';
	if (d == NULL || len == 0)
		return;
	const struct panel_query *q = &e->p->queries[e->query];
	char part[48], total[48], none[48];
	fmt_delta(none, sizeof none, 0, &q->unit, q->decimals);
	fmt_delta(total, sizeof total, d->exact ? d->total : d->own, &q->unit, q->decimals);
	if (strcmp(total + 1, none + 1) == 0)
		return; /* a move too small to show is no one's doing */
	if (d->exact) {
		/* a part that rounds to nothing gets the digits to show it, the total alike */
		int dec = q->decimals;
		fmt_delta(part, sizeof part, d->contribution, &q->unit, dec);
		while (strcmp(part + 1, none + 1) == 0 && dec >= 0 && dec < 3) {
			dec++;
			fmt_delta(none, sizeof none, 0, &q->unit, dec);
			fmt_delta(part, sizeof part, d->contribution, &q->unit, dec);
			fmt_delta(total, sizeof total, d->total, &q->unit, dec);
		}
		snprintf(buf, len, "%s%s=%s %s of %s", d->spread ? "spread; most " : "", d->label,
			 d->value, part, total);
		return;
	}
	/* the plain mean's parts are a cohort's own move, shared out: say the move itself */
	fmt_delta(part, sizeof part, d->own, &q->unit, q->decimals);
	snprintf(buf, len, "%s%s=%s %s on its own", d->spread ? "spread; most " : "", d->label,
		 d->value, part);
}
