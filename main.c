/*
 * main.c: kpidash's entry point. It parses the options, validates files for
 * --check, and runs either the screen (app/) or a screenless report
 * (report/); everything else lives in those folders.
 */
#include <locale.h>
#include <stdio.h>

#include "app/app.h"
#include "app/check.h"
#include "report/once.h"

/* --check FILE...: validate each file as start-up would, and exit. */
static int main_check(struct options *o)
{
	enum check_source src = o->prometheus_url ? CHECK_SOURCE_PROMETHEUS : CHECK_SOURCE_DEMO;
	return check_files(o->check, o->ncheck, src, stdout);
}

/* --once: the figures, or a drill-down's table, on stdout. */
static int main_once(struct app *a)
{
	struct once_env e = {
	    .views = a->views,
	    .dash = a->dash,
	    .nviews = a->nviews,
	    .cur = a->cur,
	    .all = a->opt.view == NULL,
	    .src = a->src,
	    .http = a->http,
	    .clock = a->opt.clock,
	    .range = a->opt.range,
	    .baseline = app_baselines[a->opt.baseline].seconds,
	    .timeout = a->opt.timeout,
	    .drill = a->opt.drill,
	    .panel = a->opt.panel,
	    .cohort = a->cohort,
	    .explain = a->explain,
	    .out = stdout,
	};
	if (a->opt.what_changed)
		return once_what_changed(&e);
	return a->opt.drill ? once_drill(&e) : once_figures(&e);
}

int main(int argc, char **argv)
{
	static struct app app;
	setlocale(LC_ALL, "");
	int rc = options_parse(argc, argv, &app.opt);
	if (rc < 0)
		rc = 0; /* --help, --version: said, and done */
	else if (rc == 0 && app.opt.check)
		rc = main_check(&app.opt);
	else if (rc == 0 && (rc = app_setup(&app)) == 0)
		rc = app.opt.once ? main_once(&app) : app_run(&app);
	app_done(&app);
	return rc;
}
