/* dashboard.c: load a dashboard's JSON into our own structs, checking every field. */
#include "views/dashboard.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "client/jpath.h"
#include "util/jload.h"
#include "util/jpos.h"
#include "util/text.h"
#include "util/duration.h"
#include "util/xalloc.h"
#include "views/kinds.h"
#include "views/template.h"

/* A query's "filter": an object of label: value strings. */
static int loader_filter(struct jload *l, json_t *o, struct panel_query *q)
{
	json_t *f = json_object_get(o, "filter");
	if (f == NULL)
		return 0;
	size_t old = jload_push(l, "filter", 0);
	if (!json_is_object(f)) {
		jload_fail(l, "expected an object of label: value");
		l->path[old] = '\0';
		return -1;
	}
	q->filter = xcalloc(json_object_size(f) + 1, sizeof *q->filter);
	const char *key;
	json_t *v;
	json_object_foreach(f, key, v)
	{
		if (!json_is_string(v)) {
			jload_push(l, key, 0);
			jload_fail(l, "expected a string");
			l->path[old] = '\0';
			return -1;
		}
		q->filter[q->nfilter].name = xstrdup(key);
		q->filter[q->nfilter++].value = xstrdup(json_string_value(v));
	}
	l->path[old] = '\0';
	return 0;
}

/* A PromQL template must use only variables that exist. */
static int loader_promql(struct jload *l, const char *promql)
{
	char why[128];
	struct template_vars v = {3600, 60, "team", "team=\"x\""};
	char *text = promql ? template_expand(promql, &v, why, sizeof why) : NULL;
	if (promql == NULL || text != NULL) {
		free(text);
		return 0;
	}
	size_t old = jload_push(l, "promql", 0);
	jload_fail(l, "%s", why);
	l->path[old] = '\0';
	return -1;
}

/* One entry of a panel's "queries". */
/* A path member of a foreign query, compiled into *out; NULL when absent and optional. */
static int loader_path(struct jload *l, json_t *o, const char *key, int required,
		       const struct jpath **out)
{
	char *text, why[200];
	struct jpath *m = NULL;
	if (jload_string(l, o, key, required, &text) != 0)
		return -1;
	if (text && jpath_compile(text, &m, why, sizeof why) != 0) {
		size_t old = jload_push(l, key, 0);
		jload_fail(l, "%s", why);
		l->path[old] = '\0';
	}
	free(text);
	*out = m;
	return text && m == NULL ? -1 : 0;
}

/* The foreign API of a query: a url and the paths to its values, times and labels. */
static int loader_foreign(struct jload *l, json_t *o, struct panel_query *q)
{
	if (jload_string(l, o, "url", 0, &q->url) != 0)
		return -1;
	if (q->url == NULL) {
		if (json_object_get(o, "kpi") == NULL)
			return jload_string(l, o, "kpi", 1, &q->kpi); /* says it is missing */
		return 0;
	}
	if (strncmp(q->url, "http://", 7) && strncmp(q->url, "https://", 8)) {
		size_t old = jload_push(l, "url", 0);
		jload_fail(l, "expected an http:// or https:// URL");
		l->path[old] = '\0';
		return -1;
	}
	char *label_name;
	q->foreign.url = q->url;
	if (loader_path(l, o, "value", 1, &q->foreign.value) ||
	    loader_path(l, o, "time", 0, &q->foreign.time) ||
	    loader_path(l, o, "label", 0, &q->foreign.label) ||
	    jload_string(l, o, "label_name", 0, &label_name))
		return -1;
	q->foreign.label_name = label_name;
	return 0;
}

static int loader_query(struct jload *l, json_t *o, void *item)
{
	struct panel_query *q = item;
	static const char *const keys[] = {
	    "kpi",	 "group",      "filter", "legend",     "per",	 "promql", "url",
	    "value",	 "time",       "label",	 "label_name", "column", "unit",   "decimals",
	    "direction", "thresholds", "window", "detect",     NULL};
	static const char *const pers[] = {"none", "minute", "hour", "day", NULL};
	static const double per_seconds[] = {0, 60, 3600, 86400};
	int per;
	if (!json_is_object(o))
		return jload_fail(l, "expected an object");
	if (jload_keys(l, o, keys) || jload_string(l, o, "kpi", 0, &q->kpi) ||
	    loader_foreign(l, o, q) || jload_string(l, o, "promql", 0, &q->promql) ||
	    loader_promql(l, q->promql) || jload_string(l, o, "group", 0, &q->group) ||
	    jload_string(l, o, "legend", 0, &q->legend) || jload_enum(l, o, "per", pers, 0, &per) ||
	    loader_filter(l, o, q))
		return -1;
	q->per = per_seconds[per];
	return 0;
}

/* A panel's "unit", defaulting to none. */
static int loader_unit(struct jload *l, json_t *o, struct unit *u)
{
	char *s;
	if (jload_string(l, o, "unit", 0, &s) != 0)
		return -1;
	int rc = unit_parse(s ? s : "none", u);
	if (rc != 0) {
		size_t old = jload_push(l, "unit", 0);
		jload_fail(l, "unknown unit '%s'", s);
		l->path[old] = '\0';
	}
	free(s);
	return rc;
}

/* Thresholds must be ordered the way the direction says is worse. */
static int loader_thresholds(struct jload *l, json_t *o, int direction, double *warn, double *bad)
{
	json_t *t = json_object_get(o, "thresholds");
	*warn = *bad = NAN;
	if (t == NULL)
		return 0;
	static const char *const keys[] = {"warn", "bad", NULL};
	size_t old = jload_push(l, "thresholds", 0);
	int rc = -1;
	if (!json_is_object(t))
		jload_fail(l, "expected an object {\"warn\": n, \"bad\": n}");
	else if (jload_keys(l, t, keys) == 0 && jload_number(l, t, "warn", warn) == 0 &&
		 jload_number(l, t, "bad", bad) == 0) {
		if (direction > 0 && *bad > *warn)
			jload_fail(l, "bad must be below warn when up is good");
		else if (direction < 0 && *bad < *warn)
			jload_fail(l, "bad must be above warn when down is good");
		else
			rc = 0;
	}
	l->path[old] = '\0';
	return rc;
}

/* A label name as PromQL writes one: a letter or '_', then letters, digits and '_'. */
static int label_name_ok(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

/* A panel's "drill": the distinct cohort labels it may be broken out by. */
static int loader_drill(struct jload *l, json_t *o, struct panel *p)
{
	json_t *a = json_object_get(o, "drill");
	if (a == NULL)
		return 0;
	size_t old = jload_push(l, "drill", 0);
	if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > PANEL_MAX_DRILL) {
		jload_fail(l, "expected an array of 1 to %d label names", PANEL_MAX_DRILL);
		l->path[old] = '\0';
		return -1;
	}
	p->drill = xcalloc(json_array_size(a), sizeof *p->drill);
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
	{
		const char *name = json_string_value(v);
		size_t at = jload_push(l, NULL, (long)i);
		if (name == NULL || !label_name_ok(name)) {
			jload_fail(l, "expected a label name (letters, digits, '_')");
			l->path[old] = '\0';
			return -1;
		}
		if (panel_drills(p, name)) {
			jload_fail(l, "label '%s' is named twice", name);
			l->path[old] = '\0';
			return -1;
		}
		p->drill[p->ndrill++] = xstrdup(name);
		l->path[at] = '\0';
	}
	l->path[old] = '\0';
	return 0;
}

/* A boolean member into *out; def when absent. */
static int loader_bool(struct jload *l, json_t *o, const char *key, int def, int *out)
{
	json_t *v = json_object_get(o, key);
	*out = v ? json_is_true(v) : def;
	if (v == NULL || json_is_boolean(v))
		return 0;
	size_t old = jload_push(l, key, 0);
	jload_fail(l, "expected true or false");
	l->path[old] = '\0';
	return -1;
}

/*
 * A query of a panel that drills (or the headcount query) must let the drill
 * change it: its PromQL needs $group and $filter; a foreign API cannot.
 */
static int loader_drillable(struct jload *l, const struct panel_query *q, size_t index)
{
	size_t old = jload_push(l, "queries", 0);
	if (index != (size_t)-1)
		jload_push(l, NULL, (long)index);
	int rc = 0;
	if (q->url) {
		jload_push(l, "url", 0);
		rc = jload_fail(
		    l, "a foreign API cannot be drilled into (remove \"drill\" or the url)");
	} else if (q->promql &&
		   (strstr(q->promql, "$group") == NULL || strstr(q->promql, "$filter") == NULL)) {
		jload_push(l, "promql", 0);
		rc = jload_fail(l, "needs $group and $filter to be drilled into, as in "
				   "sum by ($group) (metric{$filter})");
	}
	l->path[old] = '\0';
	return rc;
}

/*
 * A panel's "window": "range" (the default), "now", or a duration ("15m");
 * the older "value": "range" | "last" still reads as "range" | "now".
 */
static int loader_window(struct jload *l, json_t *o, int legacy, double *out)
{
	json_t *w = json_object_get(o, "window");
	json_t *old = legacy ? json_object_get(o, "value") : NULL; /* a query's is a path */
	const char *key = w ? "window" : "value";
	json_t *v = w ? w : old;
	*out = WINDOW_RANGE;
	if (v == NULL)
		return 0;
	size_t at = jload_push(l, key, 0);
	int rc = 0;
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (w && old)
		rc = jload_fail(l, "give \"window\" or the older \"value\", not both");
	else if (s && strcmp(s, "range") == 0)
		*out = WINDOW_RANGE;
	else if (s && strcmp(s, w ? "now" : "last") == 0)
		*out = WINDOW_NOW;
	else if (w && s && duration_parse(s) >= 60)
		*out = duration_parse(s);
	else if (w)
		rc = jload_fail(l, "expected \"range\", \"now\" or a duration of a minute or "
				   "more (\"15m\", \"1h\", \"7d\")");
	else
		rc = jload_fail(l, "expected \"range\" or \"last\" (or use \"window\")");
	l->path[at] = '\0';
	return rc;
}

/* One of "detect"'s numbers over its default (jload_number gives NaN when absent). */
static int loader_detect_number(struct jload *l, json_t *o, const char *key, double *inout)
{
	double v;
	if (jload_number(l, o, key, &v) != 0)
		return -1;
	if (!isnan(v))
		*inout = v;
	return 0;
}

/*
 * A panel's "detect": false (threshold breaches only), or an object of the
 * detectors' settings (docs/detection.md), each over the default.
 */
static int loader_detect(struct jload *l, json_t *o, struct panel *p)
{
	static const char *const keys[] = {"lambda",  "limit",	    "cusum_k", "cusum_h", "min_rel",
					   "min_abs", "min_points", "min_run", "season",  NULL};
	struct detect_params *d = &p->detect;
	detect_defaults(d);
	d->season = 86400; /* a day: used only where the range holds two */
	json_t *v = json_object_get(o, "detect");
	if (v == NULL)
		return 0;
	size_t at = jload_push(l, "detect", 0);
	int rc = 0, points = (int)d->min_points, run = (int)d->min_run;
	if (json_is_false(v))
		p->detect_off = 1;
	else if (!json_is_object(v))
		rc = jload_fail(l, "expected false or an object of detector settings");
	else if (jload_keys(l, v, keys) || loader_detect_number(l, v, "lambda", &d->lambda) ||
		 loader_detect_number(l, v, "limit", &d->limit) ||
		 loader_detect_number(l, v, "cusum_k", &d->cusum_k) ||
		 loader_detect_number(l, v, "cusum_h", &d->cusum_h) ||
		 loader_detect_number(l, v, "min_rel", &d->min_rel) ||
		 loader_detect_number(l, v, "min_abs", &d->min_abs) ||
		 jload_int(l, v, "min_points", 4, 100000, points, &points) ||
		 jload_int(l, v, "min_run", 1, 1000, run, &run))
		rc = -1;
	else {
		json_t *season = json_object_get(v, "season");
		double sec =
		    json_is_string(season) ? duration_parse(json_string_value(season)) : -1;
		if (season && sec < 3600) {
			jload_push(l, "season", 0);
			rc = jload_fail(l,
					"expected a duration of an hour or more (\"1d\", \"7d\")");
		} else if (season)
			d->season = sec;
	}
	d->min_points = (size_t)points;
	d->min_run = (size_t)run;
	l->path[at] = '\0';
	return rc;
}

/*
 * Query q's column look (o its JSON, already checked for unknown keys):
 * "column" (its header) and, each over panel p's, "unit", "decimals",
 * "direction", "thresholds" and "window"; "detect": false leaves the column to
 * its thresholds (a budget whose changes its burn rate column tells).
 */
static int loader_column(struct jload *l, json_t *o, const struct panel *p, struct panel_query *q)
{
	static const char *const dirs[] = {"down", "none", "up", NULL};
	int dir;
	q->unit = p->unit;
	if (jload_string(l, o, "column", 0, &q->column) ||
	    (json_object_get(o, "unit") && loader_unit(l, o, &q->unit)) ||
	    jload_int(l, o, "decimals", -1, 6, p->decimals, &q->decimals) ||
	    jload_enum(l, o, "direction", dirs, p->direction + 1, &dir))
		return -1;
	q->direction = dir - 1;
	int judged;
	if (loader_bool(l, o, "detect", 1, &judged))
		return -1;
	q->detect_off = !judged;
	q->window = p->window;
	if (json_object_get(o, "window") && loader_window(l, o, 0, &q->window))
		return -1;
	if (json_object_get(o, "thresholds"))
		return loader_thresholds(l, o, q->direction, &q->warn, &q->bad);
	q->warn = p->warn;
	q->bad = p->bad;
	return 0;
}

/*
 * A table's columns: when one query names a "column", every query does,
 * all grouped by the same label (the rows), at most eight, on a table.
 */
static int loader_columns(struct jload *l, const struct panel *p)
{
	size_t named = 0;
	for (size_t i = 0; i < p->nqueries; i++)
		named += p->queries[i].column != NULL;
	if (named == 0)
		return 0;
	const char *why = NULL;
	size_t at = jload_push(l, "queries", 0), bad = 0;
	if (strcmp(p->type->name, "table") != 0)
		why = "columns (a query's \"column\") are for a \"table\" panel";
	else if (p->nqueries > 8)
		why = "a table has at most 8 columns";
	for (size_t i = 0; why == NULL && i < p->nqueries; i++) {
		const struct panel_query *q = &p->queries[i];
		bad = i;
		if (q->column == NULL)
			why = "every query of a table with columns needs its \"column\"";
		else if (q->group == NULL ||
			 strcmp(q->group, p->queries[0].group ? p->queries[0].group : "") != 0)
			why =
			    "the columns of a table are grouped by one label: give each query the "
			    "first one's \"group\"";
	}
	if (why && bad)
		jload_push(l, NULL, (long)bad);
	int rc = why ? jload_fail(l, "%s", why) : 0;
	l->path[at] = '\0';
	return rc;
}

/* A duration member of o of at least a minute, into *out; def when absent. */
static int loader_span(struct jload *l, json_t *o, const char *key, double def, double *out)
{
	json_t *v = json_object_get(o, key);
	*out = def;
	if (v == NULL)
		return 0;
	double d = json_is_string(v) ? duration_parse(json_string_value(v)) : NAN;
	if (d >= 60 && !isinf(d)) {
		*out = d;
		return 0;
	}
	size_t at = jload_push(l, key, 0);
	jload_fail(l, "expected a duration of a minute or more (\"5m\", \"1h\", \"30d\")");
	l->path[at] = '\0';
	return -1;
}

/* One burn-rate pair of an SLO's "pairs". */
static int loader_slo_pair(struct jload *l, json_t *o, void *item)
{
	struct slo_pair *q = item;
	static const char *const keys[] = {"long", "short", "factor", "calls", NULL};
	static const char *const calls[] = {"page", "ticket", NULL};
	int c;
	if (!json_is_object(o))
		return jload_fail(l, "expected an object: long, short, factor, calls");
	if (jload_keys(l, o, keys) || loader_span(l, o, "long", NAN, &q->long_span) ||
	    loader_span(l, o, "short", NAN, &q->short_span) ||
	    jload_number(l, o, "factor", &q->factor) || jload_enum(l, o, "calls", calls, -1, &c))
		return -1;
	if (isnan(q->long_span) || isnan(q->short_span) || isnan(q->factor) || c < 0)
		return jload_fail(l,
				  "a pair needs its long and short spans, its factor, and what it "
				  "calls for (\"page\" or \"ticket\")");
	q->calls = c == 0 ? SLO_PAGE : SLO_TICKET;
	return 0;
}

/* The index of span d among spans[0..*n), added when new. */
static size_t slo_span_index(double *spans, size_t *n, double d)
{
	for (size_t i = 0; i < *n; i++)
		if (spans[i] == d)
			return i;
	spans[*n] = d;
	return (*n)++;
}

/*
 * An "slo" panel's "slo": the objective, its window, what is good (a latency
 * threshold on a histogram, or good and total expressions), and the burn-rate
 * pairs; its queries are made from it, a good share a span.
 */
static int loader_slo(struct jload *l, json_t *o, struct panel *p)
{
	static const char *const keys[] = {"objective", "window", "latency", "good", "total",
					   "kpi",	"group",  "pairs",   NULL};
	static const char *const lat_keys[] = {"histogram", "le", NULL};
	json_t *v = json_object_get(o, "slo");
	size_t at = jload_push(l, "slo", 0);
	int rc = -1;
	char *hist = NULL, *le = NULL, *good = NULL, *total = NULL, *kpi = NULL, *group = NULL;
	struct slo_params *sp = p->slo = xcalloc(1, sizeof *p->slo);
	slo_defaults(sp);
	if (!json_is_object(v)) {
		jload_fail(l, "an \"slo\" panel needs its \"slo\": an objective, a window, and a "
			      "latency threshold or good and total expressions");
		goto out;
	}
	if (jload_keys(l, v, keys) || jload_number(l, v, "objective", &sp->objective) ||
	    loader_span(l, v, "window", sp->window, &sp->window) ||
	    jload_string(l, v, "good", 0, &good) || jload_string(l, v, "total", 0, &total) ||
	    jload_string(l, v, "kpi", 0, &kpi) || jload_string(l, v, "group", 0, &group))
		goto out;
	json_t *lat = json_object_get(v, "latency");
	if (lat) {
		size_t la = jload_push(l, "latency", 0);
		int bad = !json_is_object(lat) || jload_keys(l, lat, lat_keys) ||
			  jload_string(l, lat, "histogram", 1, &hist) ||
			  jload_string(l, lat, "le", 1, &le);
		l->path[la] = '\0';
		if (bad)
			goto out;
	}
	if ((lat != NULL) == (good != NULL || total != NULL) || (good == NULL) != (total == NULL)) {
		jload_fail(l, "give either \"latency\" ({\"histogram\": ..., \"le\": ...}) or both "
			      "\"good\" and \"total\"");
		goto out;
	}
	if (json_object_get(v, "pairs")) {
		size_t n = 0;
		int prc;
		struct slo_pair *pairs =
		    jload_array(l, v, "pairs", "pair", sizeof *pairs, loader_slo_pair, &n, &prc);
		if (prc == 0 && n > SLO_MAX_PAIRS)
			prc = jload_fail(l, "at most %d burn-rate pairs", SLO_MAX_PAIRS);
		if (prc == 0) {
			memcpy(sp->pairs, pairs, n * sizeof *pairs);
			sp->npairs = n;
		}
		free(pairs);
		if (prc)
			goto out;
	}
	const char *why = slo_invalid(sp);
	if (why) {
		jload_fail(l, "%s", why);
		goto out;
	}
	/* one query a span: the window's first, then each pair's long and short */
	double spans[1 + 2 * SLO_MAX_PAIRS];
	size_t nspans = 0;
	p->slo_window = slo_span_index(spans, &nspans, sp->window);
	for (size_t i = 0; i < sp->npairs; i++) {
		p->slo_span[i][0] = slo_span_index(spans, &nspans, sp->pairs[i].long_span);
		p->slo_span[i][1] = slo_span_index(spans, &nspans, sp->pairs[i].short_span);
	}
	char promql[2048];
	int len;
	if (lat)
		len = snprintf(promql, sizeof promql,
			       "sum by ($group) (rate(%s_bucket{le=\"%s\",$filter}[$step])) / "
			       "sum by ($group) (rate(%s_count{$filter}[$step]))",
			       hist, le, hist);
	else
		len = snprintf(promql, sizeof promql, "(%s) / (%s)", good, total);
	if (len < 0 || (size_t)len >= sizeof promql) {
		jload_fail(l, "the good share's query is longer than %zu bytes", sizeof promql - 1);
		goto out;
	}
	if (loader_promql(l, promql))
		goto out;
	p->queries = xcalloc(nspans, sizeof *p->queries);
	p->nqueries = nspans;
	for (size_t i = 0; i < nspans; i++) {
		struct panel_query *q = &p->queries[i];
		char name[32];
		fmt_range(name, sizeof name, spans[i]);
		q->kpi = kpi ? xstrdup(kpi) : NULL;
		q->promql = xstrdup(promql);
		q->group = group ? xstrdup(group) : NULL;
		q->column = xstrdup(name);
		unit_parse("ratio", &q->unit);
		q->decimals = 2;
		q->direction = 1;
		q->warn = q->bad = NAN;
		q->window = spans[i];
		q->detect_off = 1; /* judged by its policy */
	}
	p->detect_off = 1;
	rc = 0;
out:
	l->path[at] = '\0';
	free(hist);
	free(le);
	free(good);
	free(total);
	free(kpi);
	free(group);
	return rc;
}

/* One panel. */
static int loader_panel(struct jload *l, json_t *o, void *item)
{
	struct panel *p = item;
	static const char *const keys[] = {
	    "title",   "description", "kind",	 "unit",   "decimals", "direction", "thresholds",
	    "target",  "min",	      "max",	 "ref",	   "value",    "window",    "width",
	    "refresh", "drill",	      "privacy", "detect", "queries",  "slo",	    NULL};
	const char *const *kinds = panel_type_names();
	static const char *const dirs[] = {"down", "none", "up", NULL};
	int kind, dir;
	if (!json_is_object(o))
		return jload_fail(l, "expected an object");
	if (jload_keys(l, o, keys) || jload_string(l, o, "title", 1, &p->title) ||
	    jload_string(l, o, "description", 0, &p->description) ||
	    jload_enum(l, o, "kind", kinds, -1, &kind) || loader_unit(l, o, &p->unit) ||
	    jload_int(l, o, "decimals", -1, 6, -1, &p->decimals) ||
	    jload_enum(l, o, "direction", dirs, 1, &dir) || loader_window(l, o, 1, &p->window) ||
	    jload_int(l, o, "width", 1, 12, 1, &p->width) ||
	    jload_number(l, o, "target", &p->target) || jload_number(l, o, "min", &p->min) ||
	    jload_number(l, o, "max", &p->max) || jload_number(l, o, "ref", &p->ref) ||
	    jload_int(l, o, "refresh", 1, 86400, 0, &p->refresh) || loader_drill(l, o, p) ||
	    loader_bool(l, o, "privacy", 0, &p->privacy) || loader_detect(l, o, p))
		return -1;
	if (kind < 0) {
		size_t old = jload_push(l, "kind", 0);
		char names[256] = "";
		for (size_t i = 0, at = 0; kinds[i] && at < sizeof names; i++)
			at += (size_t)snprintf(names + at, sizeof names - at, "%s%s", i ? ", " : "",
					       kinds[i]);
		jload_fail(l, "missing (expected one of %s)", names);
		l->path[old] = '\0';
		return -1;
	}
	p->type = panel_type_find(kinds[kind]);
	p->direction = dir - 1;
	if (loader_thresholds(l, o, p->direction, &p->warn, &p->bad) != 0)
		return -1;
	int rc, slo = strcmp(p->type->name, "slo") == 0;
	const char *misplaced = !slo && json_object_get(o, "slo")      ? "slo"
				: slo && json_object_get(o, "queries") ? "queries"
								       : NULL;
	if (misplaced) {
		size_t at = jload_push(l, misplaced, 0);
		jload_fail(l, slo ? "an \"slo\" panel makes its queries from its \"slo\": give no "
				    "\"queries\""
				  : "only a panel of \"kind\": \"slo\" takes an \"slo\"");
		l->path[at] = '\0';
		return -1;
	}
	if (slo)
		return loader_slo(l, o, p) || (p->ndrill && loader_drillable(l, &p->queries[0], 0))
			   ? -1
			   : 0;
	p->queries = jload_array(l, o, "queries", "query", sizeof *p->queries, loader_query,
				 &p->nqueries, &rc);
	json_t *qs = json_object_get(o, "queries");
	for (size_t i = 0; rc == 0 && i < p->nqueries; i++) {
		size_t at = jload_push(l, "queries", 0);
		jload_push(l, NULL, (long)i);
		rc = loader_column(l, json_array_get(qs, i), p, &p->queries[i]);
		l->path[at] = '\0';
	}
	if (rc == 0)
		rc = loader_columns(l, p);
	for (size_t i = 0; rc == 0 && p->ndrill && i < p->nqueries; i++)
		rc = loader_drillable(l, &p->queries[i], i);
	return rc;
}

/* One row of panels. */
static int loader_row(struct jload *l, json_t *o, void *item)
{
	static const char *const keys[] = {"height", "grow", "panels", NULL};
	struct row *r = item;
	if (!json_is_object(o))
		return jload_fail(l, "expected an object");
	if (jload_keys(l, o, keys) || jload_int(l, o, "height", 3, 100, 5, &r->height) ||
	    jload_int(l, o, "grow", 0, 100, 0, &r->grow))
		return -1;
	int rc;
	r->panels =
	    jload_array(l, o, "panels", "panel", sizeof *r->panels, loader_panel, &r->npanels, &rc);
	return rc;
}

/* The dashboard's "headcount": the query for the people in each cohort. */
static int loader_headcount(struct jload *l, json_t *o, struct dashboard *d)
{
	json_t *h = json_object_get(o, "headcount");
	if (h == NULL)
		return 0;
	size_t old = jload_push(l, "headcount", 0);
	d->headcount = xcalloc(1, sizeof *d->headcount);
	int rc = loader_query(l, h, d->headcount);
	l->path[old] = '\0';
	if (rc == 0 && d->headcount->url == NULL && d->headcount->promql &&
	    (strstr(d->headcount->promql, "$group") == NULL ||
	     strstr(d->headcount->promql, "$filter") == NULL)) {
		jload_push(l, "headcount", 0);
		jload_push(l, "promql", 0);
		rc = jload_fail(
		    l, "needs $group and $filter, as in sum by ($group) (people{$filter})");
		l->path[old] = '\0';
	}
	if (rc == 0 && d->headcount->url) {
		jload_push(l, "headcount", 0);
		jload_push(l, "url", 0);
		rc = jload_fail(l, "expected a KPI or PromQL query, not a foreign API");
		l->path[old] = '\0';
	}
	return rc;
}

/* Every panel under the privacy floor needs the dashboard's headcount query. */
static int loader_privacy(struct jload *l, const struct dashboard *d)
{
	int rc = 0;
	for (size_t r = 0; r < d->nrows; r++)
		for (size_t i = 0; i < d->rows[r].npanels; i++) {
			if (!d->rows[r].panels[i].privacy || d->headcount)
				continue;
			size_t old = jload_push(l, "rows", 0);
			jload_push(l, NULL, (long)r);
			jload_push(l, "panels", 0);
			jload_push(l, NULL, (long)i);
			jload_push(l, "privacy", 0);
			rc = jload_fail(l, "needs the dashboard's \"headcount\" query, to know "
					   "how many people each cohort has");
			l->path[old] = '\0';
		}
	return rc;
}

/* The dashboard's "range": the time it opens at, a duration of a minute to a year. */
static int loader_range(struct jload *l, json_t *o, double *out)
{
	json_t *v = json_object_get(o, "range");
	*out = 0;
	if (v == NULL)
		return 0;
	double d = json_is_string(v) ? duration_parse(json_string_value(v)) : -1;
	if (d >= 60 && d <= 366 * 86400) {
		*out = d;
		return 0;
	}
	size_t at = jload_push(l, "range", 0);
	int rc = jload_fail(l, "expected a duration from a minute to a year (\"1h\", \"7d\")");
	l->path[at] = '\0';
	return rc;
}

/* The top level: name, title, range, headcount, rows. */
static int loader_dashboard(struct jload *l, json_t *o, struct dashboard *d)
{
	static const char *const keys[] = {"name", "title", "range", "headcount", "rows", NULL};
	if (!json_is_object(o))
		return jload_fail(l, "expected an object");
	if (jload_keys(l, o, keys) || jload_string(l, o, "name", 1, &d->name) ||
	    jload_string(l, o, "title", 1, &d->title) || loader_range(l, o, &d->range) ||
	    loader_headcount(l, o, d))
		return -1;
	int rc;
	d->rows = jload_array(l, o, "rows", "row", sizeof *d->rows, loader_row, &d->nrows, &rc);
	return rc == 0 ? loader_privacy(l, d) : rc;
}

int dashboard_parse(const char *text, size_t len, const char *file, struct dashboard *out,
		    char *err, size_t errlen)
{
	struct jload l = {.file = file, .err = err, .errlen = errlen, .go_on = 1};
	struct jpos *pos;
	memset(out, 0, sizeof *out);
	json_t *root = jload_parse(&l, text, len, &pos);
	int rc = root ? loader_dashboard(&l, root, out) : -1;
	json_decref(root);
	jpos_free(pos);
	if (rc == 0 && l.problems == 0)
		return 0;
	dashboard_done(out); /* never half-loaded */
	return -1;
}

/* Free what a query owns. */
static void query_done(struct panel_query *q)
{
	for (size_t i = 0; i < q->nfilter; i++) {
		free(q->filter[i].name);
		free(q->filter[i].value);
	}
	free(q->filter);
	free(q->kpi);
	free(q->url);
	jpath_free((struct jpath *)q->foreign.value);
	jpath_free((struct jpath *)q->foreign.time);
	jpath_free((struct jpath *)q->foreign.label);
	free((char *)q->foreign.label_name);
	free(q->promql);
	free(q->group);
	free(q->legend);
	free(q->column);
}

/* Free what a panel owns. */
static void panel_done(struct panel *p)
{
	free(p->slo);
	for (size_t i = 0; i < p->nqueries; i++)
		query_done(&p->queries[i]);
	free(p->queries);
	for (size_t i = 0; i < p->ndrill; i++)
		free(p->drill[i]);
	free(p->drill);
	free(p->title);
	free(p->description);
}

void dashboard_done(struct dashboard *d)
{
	for (size_t r = 0; r < d->nrows; r++) {
		for (size_t i = 0; i < d->rows[r].npanels; i++)
			panel_done(&d->rows[r].panels[i]);
		free(d->rows[r].panels);
	}
	free(d->rows);
	if (d->headcount)
		query_done(d->headcount);
	free(d->headcount);
	free(d->name);
	free(d->title);
	memset(d, 0, sizeof *d);
}

double panel_window(const struct panel *p, double range)
{
	return p->window > 0 ? p->window : range;
}

double query_window(const struct panel_query *q, double range)
{
	return q->window > 0 ? q->window : range;
}

double dashboard_range(const struct dashboard *d, double asked)
{
	return asked > 0 ? asked : d->range > 0 ? d->range : 86400;
}

int panel_drills(const struct panel *p, const char *label)
{
	for (size_t i = 0; i < p->ndrill; i++)
		if (strcmp(p->drill[i], label) == 0)
			return 1;
	return 0;
}
