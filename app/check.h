/*
 * check.h: kpidash --check FILE...: dashboards and config files validated by
 * the loaders start-up uses, every problem printed on a line of its own as
 * "file:line:col: json.path: what was expected" ("file: json.path: what" when
 * no position applies, "file: why" when the file cannot be read).
 */
#ifndef KPIDASH_CHECK_H
#define KPIDASH_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "views/dashboard.h"

/* The source the dashboards will be shown from: Prometheus needs PromQL in every query. */
enum check_source { CHECK_SOURCE_DEMO, CHECK_SOURCE_PROMETHEUS };

/*
 * dashboard_parse, and then, for CHECK_SOURCE_PROMETHEUS, every query must
 * have "promql" ("rows[0].panels[1].queries[0].promql: missing (expected
 * PromQL: the source is Prometheus)", at the query's position). Same contract:
 * -1 with *out empty and err holding the problems, one a line.
 */
int check_dashboard(const char *text, size_t len, const char *file, enum check_source src,
		    struct dashboard *out, char *err, size_t errlen);

/*
 * Validate files[0..n-1], printing each problem on a line of out, in the order
 * of the files. A file is a config when it is named config.json, or when its
 * top-level object has none of "rows", "panels" but one of the config's keys
 * ("prometheus", "refresh", "range", "view", "theme"); anything else is a
 * dashboard (a file that is not JSON gets jansson's syntax error either way).
 * Dashboards are checked for src, or for Prometheus when a config among the
 * files sets prometheus.url. Each file reports all its unknown keys and then
 * its first other problem. Returns 0 when every file is clean, else 2.
 */
int check_files(char **files, int n, enum check_source src, FILE *out);

#endif
