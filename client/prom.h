/*
 * prom.h: the Prometheus HTTP API v1 (and the engines that speak it: Thanos,
 * Mimir, VictoriaMetrics): request paths and forms, and answers parsed into
 * series. No I/O here: client/http carries the bytes.
 */
#ifndef KPIDASH_PROM_H
#define KPIDASH_PROM_H

#include <stddef.h>

#include "client/series.h"

/* What an answer was, beside its data. */
struct prom_result {
	int ok;		     /* status "success" and the data parsed */
	char error_type[32]; /* "bad_data", "execution", "422" (VictoriaMetrics)... or "" */
	char error[256];     /* the engine's message or ours, sanitized, one line */
	char warnings[256];  /* warnings and infos joined with "; ", sanitized, or "" */
	int partial;	     /* VictoriaMetrics' isPartial, or Thanos' partial warnings */
};

/*
 * The form body of a query (instant at time t) or a range query; the caller
 * frees it. Long queries go as POST, so these are always forms.
 */
char *prom_form_query(const char *promql, double t);
char *prom_form_query_range(const char *promql, double start, double end, double step);

/* The largest step count Prometheus accepts per series (it refuses more). */
#define PROM_MAX_POINTS 11000

/*
 * Parse a /api/v1/query or /api/v1/query_range answer (status is the HTTP
 * status, body its bytes) into out (appended; out initialised by the caller).
 * vector and matrix give one series per element with its labels; scalar and
 * string give one unlabelled series (a string's value is NaN). "NaN", "+Inf",
 * "-Inf" and e-notation are parsed in the C locale; a native-histogram sample
 * is skipped. A non-JSON body (a wrong path prefix answers "404 page not
 * found") says so in res->error. Returns 0 when res->ok, else -1.
 */
int prom_parse_query(long status, const char *body, size_t len, struct series_set *out,
		     struct prom_result *res);

/* What /api/v1/status/buildinfo says; engine is "Prometheus" or a better guess. */
struct prom_buildinfo {
	char engine[32]; /* "Prometheus", "VictoriaMetrics", "Thanos", "Mimir", or "unknown" */
	char version[32];
};
/*
 * Parse a buildinfo answer. VictoriaMetrics answers "data": {} (then the
 * engine is guessed from headers the caller passes as server, may be NULL).
 */
int prom_parse_buildinfo(long status, const char *body, size_t len, const char *server,
			 struct prom_buildinfo *out, struct prom_result *res);

/* Parse /api/v1/labels or /api/v1/label/NAME/values into a NULL-terminated array the caller frees
 * with prom_strings_free. */
char **prom_parse_strings(long status, const char *body, size_t len, struct prom_result *res);
void prom_strings_free(char **v);

/* One alert of /api/v1/alerts; every string sanitized (control characters made visible). */
struct prom_alert {
	char *name;	      /* labels.alertname */
	char *state;	      /* "firing", "pending" */
	char *severity;	      /* labels.severity, or "" */
	char *summary;	      /* annotations.summary or description, or "" */
	char *description;    /* annotations.description, or "" */
	char *runbook;	      /* annotations.runbook_url, or "" */
	struct label *labels; /* all of them, alertname and severity among them, sorted by name */
	size_t nlabels;
	double active_at;
	double value;
};
/* Parse /api/v1/alerts; *n gets the count; free with prom_alerts_free. NULL when none or on error.
 */
struct prom_alert *prom_parse_alerts(long status, const char *body, size_t len, size_t *n,
				     struct prom_result *res);
void prom_alerts_free(struct prom_alert *a, size_t n);

#endif
