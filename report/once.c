/* once.c: --once: every figure as TSV, or a drill-down as CSV, with no screen. */
#include "report/once.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/clock.h"
#include "views/changes.h"

/* Print one figure as a tab-separated line: view, panel, query, series, time, value, scale, text,
 * PromQL. */
static void once_print(void *ctx, const struct view_figure *f)
{
	const void *const *c = ctx; /* the stream, the view's name */
	fprintf((FILE *)c[0], "%s\t%s\t%zu\t%s\t%.3f\t%.17g\t%.17g\t%s\t%s\n", (const char *)c[1],
		f->panel, f->query, f->series, f->t, f->value, f->scale, f->text,
		f->promql ? f->promql : "");
}

/* Wait on the network until pending() says nothing is out, or the deadline passes. */
static void once_wait(const struct once_env *e, int (*pending)(const struct once_env *, size_t),
		      size_t arg)
{
	char err[256];
	struct pollfd none[1];
	double deadline = clock_wall() + e->timeout + 5;
	while (pending(e, arg) > 0 && clock_wall() < deadline)
		if (http_wait(e->http, none, 0, 100, err, sizeof err) != 0)
			break;
}

/* Requests still out for the views from [from, to): to is passed as the argument, from is e's. */
static int views_pending(const struct once_env *e, size_t to)
{
	int n = 0;
	for (size_t i = e->all ? 0 : e->cur; i < to; i++)
		n += view_pending(e->views[i]);
	return n;
}

/* The drivers' requests still out. */
static int explain_left(const struct once_env *e, size_t unused)
{
	(void)unused;
	return explain_pending(e->explain);
}

/* Requests of any kind still out (the source's probe among them). */
static int http_left(const struct once_env *e, size_t unused)
{
	(void)unused;
	return http_running(e->http);
}

/*
 * Fetch the views [from, to) as a 160x48 screen would, the detectors' points
 * only when judging, and wait for their answers.
 */
static void once_fetch(const struct once_env *e, size_t from, size_t to, int judging)
{
	for (size_t i = from; i < to; i++) {
		view_judging(e->views[i], judging);
		view_layout(e->views[i], (struct rect){1, 0, 46, 160});
		view_fetch(e->views[i], e->src, clock_data(e->clock),
			   dashboard_range(&e->dash[i], e->range), e->baseline, clock_wall());
	}
	struct once_env span = *e;
	span.all = 0;
	span.cur = from;
	once_wait(&span, views_pending, to);
}

/* Say on stderr which panels of view i failed and why; 1 when any did. */
static int once_failures(const struct once_env *e, size_t i)
{
	int failed = 0;
	for (size_t k = 0; k < view_panel_count(e->views[i]); k++)
		if (view_panel_error(e->views[i], k)[0]) {
			fprintf(stderr, "kpidash: %s: %s: %s\n", e->dash[i].name,
				view_panel_title(e->views[i], k), view_panel_error(e->views[i], k));
			failed = 1;
		}
	return failed;
}

int once_figures(const struct once_env *e)
{
	size_t from = e->all ? 0 : e->cur, to = e->all ? e->nviews : e->cur + 1;
	setlocale(LC_NUMERIC, "C"); /* machine-readable numbers */
	once_fetch(e, from, to, 0);
	/* the source's own probe (its version, for the status line) may still be out: its
	 * failure is worth saying, so it is waited for too, within the same deadline */
	once_wait(e, http_left, 0);
	int failed = 0;
	for (size_t i = from; i < to; i++) {
		const void *ctx[2] = {e->out, e->dash[i].name};
		view_figures(e->views[i], once_print, (void *)ctx);
		failed |= once_failures(e, i);
	}
	if (source_problem(e->src)[0])
		fprintf(stderr, "kpidash: %s: %s\n", source_name(e->src), source_problem(e->src));
	return failed;
}

int once_what_changed(const struct once_env *e)
{
	setlocale(LC_NUMERIC, "C");
	once_fetch(e, 0, e->nviews, 1); /* every view: the list is of them all */
	int failed = 0;
	for (size_t i = 0; i < e->nviews; i++)
		failed |= once_failures(e, i);
	struct changes c = {0};
	changes_build(&c, e->views, e->nviews);
	/* the drivers of the first entries; one that names none makes way for the next */
	while (explain_fetch(e->explain, &c, e->dash, e->src, clock_data(e->clock), clock_wall()))
		once_wait(e, explain_left, 0);
	for (size_t i = 0; i < c.n; i++) {
		const struct change *x = &c.items[i];
		const struct panel_query *q = &x->p->queries[x->query];
		char now[48], normal[48], win[16], since[32] = "", title[160], why[200], kinds[32];
		change_title(x, title, sizeof title);
		fmt_value(now, sizeof now, x->now, &q->unit, q->decimals);
		fmt_value(normal, sizeof normal, x->normal, &q->unit, q->decimals);
		change_window(x, win, sizeof win);
		explain_text(e->explain, x, why, sizeof why);
		change_kinds_text(x, kinds, sizeof kinds);
		if (!isnan(x->since)) {
			time_t t = (time_t)x->since;
			struct tm tm;
			if (gmtime_r(&t, &tm))
				strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
		}
		fprintf(e->out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			x->level == LEVEL_BAD ? "bad" : "warn", e->dash[x->view].name, title,
			x->series, now, win, normal, since, kinds, why);
	}
	int bad, warn;
	changes_count(&c, &bad, &warn);
	changes_done(&c);
	if (source_problem(e->src)[0])
		fprintf(stderr, "kpidash: %s: %s\n", source_name(e->src), source_problem(e->src));
	return failed || source_problem(e->src)[0] ? 3 : bad ? 2 : warn ? 1 : 0;
}

/*
 * Check --drill's "label=value,...,label" path and, with c set, apply it to c
 * (opened on a panel); -1 with why in err when it is malformed or c cannot take it.
 */
static int drill_parse(const char *drill, struct cohort *c, char *err, size_t errlen)
{
	char spec[512];
	const char *group = NULL;
	snprintf(spec, sizeof spec, "%s", drill);
	for (char *save, *part = strtok_r(spec, ",", &save); part;
	     part = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(part, '=');
		if (group) {
			snprintf(err, errlen,
				 "'%s' follows the label to group by ('%s'): it must be last", part,
				 group);
			return -1;
		}
		if (eq == NULL) {
			group = part; /* the label to group by: applied once the path is set */
			continue;
		}
		*eq = '\0';
		if (eq == part || eq[1] == '\0') {
			snprintf(err, errlen, "'%s=%s': expected label=value", part, eq + 1);
			return -1;
		}
		if (c && cohort_push(c, part, eq + 1, err, errlen) != 0)
			return -1;
	}
	return c && group ? cohort_set_label(c, group, err, errlen) : 0;
}

/* Open panel p's drill-down on --drill's path; -1 with why when p cannot be broken down so. */
static int drill_path(const struct once_env *e, const struct panel *p, char *err, size_t errlen)
{
	if (cohort_open(e->cohort, &e->dash[e->cur], p, err, errlen) != 0)
		return -1;
	return drill_parse(e->drill, e->cohort, err, errlen);
}

/* Requests the drill-down still has out. */
static int drill_pending(const struct once_env *e, size_t unused)
{
	(void)unused;
	return cohort_pending(e->cohort);
}

/* Fetch panel p's table by the path and write it; 1 when its answer failed. */
static int drill_panel(const struct once_env *e, const struct panel *p, int header)
{
	cohort_fetch(e->cohort, e->src, clock_data(e->clock),
		     dashboard_range(&e->dash[e->cur], e->range), clock_wall());
	once_wait(e, drill_pending, 0);
	int failed = 0;
	if (cohort_error(e->cohort)[0]) {
		fprintf(stderr, "kpidash: %s: %s: %s\n", e->dash[e->cur].name, p->title,
			cohort_error(e->cohort));
		failed = 1;
	}
	cohort_csv(e->cohort, e->out, e->dash[e->cur].name, header);
	return failed;
}

int once_drill(const struct once_env *e)
{
	char err[256];
	const struct view *v = e->views[e->cur];
	const char *name = e->dash[e->cur].name;
	int done = 0, failed = 0, titled = 0;
	setlocale(LC_NUMERIC, "C");
	if (strspn(e->drill, ", ") == strlen(e->drill)) {
		fprintf(stderr, "kpidash: --drill: expected LABEL or LABEL=VALUE,...,LABEL\n");
		return 2;
	}
	if (drill_parse(e->drill, NULL, err, sizeof err) != 0) { /* the same for every panel */
		fprintf(stderr, "kpidash: --drill: %s\n", err);
		return 2;
	}
	for (size_t k = 0; k < view_panel_count(v); k++) {
		const struct panel *p = view_panel(v, k);
		if (e->panel && strcasecmp(e->panel, p->title) != 0)
			continue;
		titled = 1;
		if (drill_path(e, p, err, sizeof err) != 0) {
			if (e->panel)
				fprintf(stderr, "kpidash: --drill: %s\n", err);
			continue;
		}
		failed |= drill_panel(e, p, done == 0);
		done++;
	}
	cohort_close(e->cohort);
	if (e->panel && !titled) {
		fprintf(stderr, "kpidash: --panel: view %s has no panel titled '%s'\n", name,
			e->panel);
		return 2;
	}
	if (done == 0) {
		fprintf(stderr,
			"kpidash: --drill %s: no panel of view %s can be broken down that way\n",
			e->drill, name);
		return 2;
	}
	return failed;
}
