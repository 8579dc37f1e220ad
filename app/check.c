/* check.c: --check: the loaders run over files, every problem printed, nothing shown. */
#include "app/check.h"

#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "util/jload.h"
#include "util/jpos.h"

/* Room for a file's messages. */
#define CHECK_ERR 16384

/* Each query of panel p (rows[r].panels[i]) needs PromQL when the source is Prometheus. */
static void check_promql(struct jload *l, const struct panel *p, size_t r, size_t i)
{
	for (size_t q = 0; q < p->nqueries; q++) {
		if (p->queries[q].promql || p->queries[q].url) /* a foreign API needs none */
			continue;
		snprintf(l->path, sizeof l->path, "rows[%zu].panels[%zu].queries[%zu].promql", r, i,
			 q);
		jload_fail(l, "missing (expected PromQL: the source is Prometheus)");
	}
}

/* Check d for the source src: it must be able to answer every query. */
int check_dashboard(const char *text, size_t len, const char *file, enum check_source src,
		    struct dashboard *out, char *err, size_t errlen)
{
	if (dashboard_parse(text, len, file, out, err, errlen) != 0)
		return -1;
	if (src != CHECK_SOURCE_PROMETHEUS)
		return 0;
	struct jload l = {.file = file, .err = err, .errlen = errlen};
	struct jpos *pos = jpos_scan(text, len);
	l.pos = pos;
	for (size_t r = 0; r < out->nrows; r++)
		for (size_t i = 0; i < out->rows[r].npanels; i++)
			check_promql(&l, &out->rows[r].panels[i], r, i);
	jpos_free(pos);
	if (l.problems == 0)
		return 0;
	dashboard_done(out);
	return -1;
}

/* True when the top-level object of p has one of keys (NULL-terminated). */
static int check_has(const struct jpos *p, const char *const *keys)
{
	int line, col;
	for (size_t i = 0; keys[i]; i++)
		if (jpos_find(p, keys[i], 0, &line, &col) == 0)
			return 1;
	return 0;
}

/* True when path (text, len bytes) is a config file rather than a dashboard: see check.h. */
static int check_is_config(const char *path, const char *text, size_t len)
{
	static const char *const dash[] = {"rows", "panels", NULL};
	const char *const *conf = config_keys;
	const char *base = strrchr(path, '/');
	if (strcmp(base ? base + 1 : path, "config.json") == 0)
		return 1;
	struct jpos *p = jpos_scan(text, len);
	int config = p && !check_has(p, dash) && check_has(p, conf);
	jpos_free(p);
	return config;
}

/* Load the config at path into scratch options, problems to out (if set); 1 if on Prometheus. */
static int check_config(const char *path, FILE *out, int *bad)
{
	char err[CHECK_ERR];
	struct options o = {0};
	int prom = 0;
	if (config_load(path, &o, err, sizeof err) != 0) {
		*bad = 1;
		if (out)
			fprintf(out, "%s\n", err);
	} else {
		prom = o.prometheus_url != NULL;
	}
	options_done(&o);
	return prom;
}

/* Parse the dashboard in text for src; problems to out. */
static void check_dashboard_text(const char *path, const char *text, size_t len,
				 enum check_source src, FILE *out, int *bad)
{
	char err[CHECK_ERR];
	struct dashboard d;
	if (check_dashboard(text, len, path, src, &d, err, sizeof err) == 0) {
		dashboard_done(&d);
	} else {
		*bad = 1;
		fprintf(out, "%s\n", err);
	}
}

/* Read path and check it as what it is; 1 when it is a config naming Prometheus. */
static int check_one(const char *path, enum check_source src, FILE *out, int *bad)
{
	char err[1024];
	size_t len;
	char *text = jload_read(path, &len, err, sizeof err);
	int prom = 0;
	if (text == NULL) {
		*bad = 1;
		if (out)
			fprintf(out, "%s\n", err);
	} else if (check_is_config(path, text, len)) {
		prom = check_config(path, out, bad);
	} else if (out) {
		check_dashboard_text(path, text, len, src, out, bad);
	}
	free(text);
	return prom;
}

/* Check every file, configs first in silence for the source, then each in order aloud. */
int check_files(char **files, int n, enum check_source src, FILE *out)
{
	int bad = 0, quiet = 0;
	for (int i = 0; i < n; i++) /* first, silently: does a config name Prometheus? */
		if (check_one(files[i], src, NULL, &quiet))
			src = CHECK_SOURCE_PROMETHEUS;
	for (int i = 0; i < n; i++)
		check_one(files[i], src, out, &bad);
	return bad ? 2 : 0;
}
