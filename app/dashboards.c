/* dashboards.c: the shipped, the user's and the named dashboards, as views. */
#include "app/dashboards.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check.h"
#include "util/embed.h"
#include "util/jload.h"

/* Take d as a view: it replaces a view of the same name, else comes after the others. */
static int add_dashboard(struct app *a, struct dashboard *d, const char *file)
{
	for (size_t i = 0; i < a->nviews; i++)
		if (strcmp(a->dash[i].name, d->name) == 0) {
			dashboard_done(&a->dash[i]);
			a->dash[i] = *d;
			return 0;
		}
	if (a->nviews == APP_MAX_VIEWS) {
		fprintf(stderr, "kpidash: %s: more than %d views\n", file, APP_MAX_VIEWS);
		dashboard_done(d);
		return -1;
	}
	a->dash[a->nviews++] = *d;
	return 0;
}

/* Print a loader's problems, one a line, each as kpidash's. */
static void print_problems(const char *err)
{
	for (const char *p = err; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(stderr, "kpidash: %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* Parse text from file as a dashboard for the configured source and add it; -1 if broken. */
static int load_text(struct app *a, const char *text, size_t len, const char *file)
{
	char err[4096];
	struct dashboard d;
	enum check_source src = a->opt.prometheus_url ? CHECK_SOURCE_PROMETHEUS : CHECK_SOURCE_DEMO;
	if (check_dashboard(text, len, file, src, &d, err, sizeof err) != 0) {
		print_problems(err);
		return -1;
	}
	return add_dashboard(a, &d, file);
}

/* Load a user's dashboard file, read as --check reads it. */
static int load_file(struct app *a, const char *path)
{
	char err[512];
	size_t len;
	char *text = jload_read(path, &len, err, sizeof err);
	if (text == NULL) {
		fprintf(stderr, "kpidash: %s\n", err);
		return -1;
	}
	int rc = load_text(a, text, len, path);
	free(text);
	return rc;
}

/* Only *.json names, for scandir. */
static int json_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
}

/* Load $XDG_CONFIG_HOME/kpidash/dashboards/ (~/.config/...), in name order; none is fine. */
static int load_dir(struct app *a)
{
	char dir[1024], path[1400];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(dir, sizeof dir, "%s/kpidash/dashboards", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.config/kpidash/dashboards", home);
	else
		return 0;
	struct dirent **names;
	int n = scandir(dir, &names, json_name, alphasort), rc = 0;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (rc == 0)
			rc = load_file(a, path);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return rc;
}

int dashboards_load(struct app *a)
{
	for (size_t i = 0; i < embedded_views_count; i++) {
		char file[64];
		snprintf(file, sizeof file, "views/%s.json", embedded_views[i].name);
		if (load_text(a, embedded_views[i].text, embedded_views[i].len, file) != 0)
			return -1;
	}
	if (load_dir(a) != 0)
		return -1;
	for (size_t i = 0; i < a->opt.ndashboards; i++)
		if (load_file(a, a->opt.dashboards[i]) != 0)
			return -1;
	for (size_t i = 0; i < a->nviews; i++) {
		a->views[i] = view_new(&a->dash[i], a->opt.privacy_floor);
		a->range[i] = dashboard_range(&a->dash[i], a->opt.range);
	}
	return 0;
}

int dashboards_select(struct app *a)
{
	if (a->opt.view == NULL)
		return 0;
	for (size_t i = 0; i < a->nviews; i++)
		if (strcmp(a->dash[i].name, a->opt.view) == 0) {
			a->cur = i;
			return 0;
		}
	fprintf(stderr, "kpidash: %s: no view named '%s' (have:",
		a->opt.view_from ? a->opt.view_from : "--view", a->opt.view);
	for (size_t i = 0; i < a->nviews; i++)
		fprintf(stderr, " %s", a->dash[i].name);
	fputs(")\n", stderr);
	return -1;
}
