/*
 * options.h: what the user asked for, from flags and the environment
 * (KPIDASH_*, NO_COLOR); flags win. Secrets come from files or the
 * environment, never from argv, and are never printed.
 */
#ifndef KPIDASH_OPTIONS_H
#define KPIDASH_OPTIONS_H

#include <stddef.h>

#include "client/http.h"

#define KPIDASH_VERSION "0.1.0"
#define OPT_MAX_HEADERS 8

struct options {
	unsigned long long seed;
	double clock;	 /* fixed data clock (Unix seconds), NaN for the real one */
	double refresh;	 /* seconds between refreshes */
	double range;	 /* seconds of history shown, 0 for each view's own */
	size_t baseline; /* what changes compare with first: an index of app_baselines */
	const char *view;
	const char *view_from; /* who named it, for an error: "--view" or "file:2:11: view" */
	const char *theme;
	int ascii;
	int no_color;
	long frames;	   /* exit after this many frames (benchmarks), 0 for never */
	int once;	   /* print every panel's figures and exit, without a screen */
	int what_changed;  /* --what-changed: with --once, the list of what is abnormal */
	int privacy_floor; /* cohorts with fewer people hide their HR figures */
	const char *drill; /* --drill: with --once, the cohort table "label[=value],..." as CSV */
	const char *panel; /* --panel: only the panel with this title */
	char **check;	   /* --check: the files to validate (argv's rest), NULL otherwise */
	int ncheck;

	/* A Prometheus-compatible engine, when prometheus_url is set; a KPI-REST backend, when
	 * rest_url is; the connection settings below serve either. */
	const char *prometheus_url;
	const char *rest_url;
	const char *headers[OPT_MAX_HEADERS + 1]; /* NULL-terminated */
	size_t nheaders;
	char *bearer_token; /* read from a file or KPIDASH_BEARER_TOKEN; owned */
	const char *basic_user;
	char *basic_password; /* read from a file or KPIDASH_BASIC_PASSWORD; owned */
	const char *ca_file, *cert_file, *key_file;
	int insecure;
	double timeout;	 /* seconds per request */
	size_t max_body; /* bytes */

	const char *config;	   /* --config FILE, or NULL for the default place */
	const char *dashboards[8]; /* --dashboard FILE..., after the user's dashboards directory */
	size_t ndashboards;
	char *owned[32]; /* strings read from the config file, freed with o */
	size_t nowned;
};

/*
 * Fill o from argv and the environment. Returns 0 to run, -1 to exit with
 * status 0 (--help, --version), or 2 after printing a usage error to stderr.
 */
int options_parse(int argc, char **argv, struct options *o);
/* Free what o owns (the secrets, wiped first). */
void options_done(struct options *o);
/* The connection settings for client/http, for whichever URL is set; borrowed from o. */
struct http_conn options_conn(const struct options *o);

#endif
