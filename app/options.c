/* options.c: flags and environment into struct options. */
#include "app/options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/config.h"
#include "app/settings.h"
#include "util/duration.h"
#include "tui/keys.h"
#include "util/xalloc.h"
#include "views/privacy.h"

/* Parse a fixed clock: Unix seconds or "YYYY-MM-DDTHH:MM:SSZ" (UTC); NaN when malformed or
 * when the date does not exist (February 30th, hour 25). */
static double parse_clock(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (*end == '\0' && end != s && v > 0)
		return v;
	struct tm tm = {0};
	int used = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &used) != 6 ||
	    used == 0 || s[used] != '\0')
		return NAN;
	struct tm want = tm;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm back;
	if (gmtime_r(&t, &back) == NULL || back.tm_year + 1900 != want.tm_year ||
	    back.tm_mon + 1 != want.tm_mon || back.tm_mday != want.tm_mday ||
	    back.tm_hour != want.tm_hour || back.tm_min != want.tm_min ||
	    back.tm_sec != want.tm_sec)
		return NAN;
	return (double)t;
}

/* The headings of the key lists, by where the keys work. */
static const char *const key_places[KEYS_PLACES] = {"anywhere", "on a dashboard", "in a drill-down",
						    "in what changed"};

/* The usage text, with the keys from the keymap. */
static void usage(FILE *f)
{
	fputs(
	    "usage: kpidash [options]\n"
	    "  --config FILE          settings file (default "
	    "$XDG_CONFIG_HOME/kpidash/config.json)\n"
	    "  --dashboard FILE       add a view, or replace a shipped one of the same name\n"
	    "                         (also every $XDG_CONFIG_HOME/kpidash/dashboards/*.json)\n"
	    "  --demo                 show the embedded demo company (the default source)\n"
	    "  --seed N               demo seed (default 42)\n"
	    "  --prometheus URL       a Prometheus-compatible API, with any path prefix\n"
	    "                         (Mimir: .../prometheus; VictoriaMetrics cluster:\n"
	    "                         .../select/0/prometheus)   [KPIDASH_PROMETHEUS_URL]\n"
	    "  --rest URL             a KPI-REST backend (docs/rest-api.md)   [KPIDASH_REST_URL]\n"
	    "  --header 'Name: value' an extra request header, e.g. X-Scope-OrgID (repeatable)\n"
	    "  --bearer-token-file F  send the token in F   [KPIDASH_BEARER_TOKEN holds one]\n"
	    "  --basic-user USER      basic auth user        [KPIDASH_BASIC_USER]\n"
	    "  --basic-password-file F  its password in F    [KPIDASH_BASIC_PASSWORD]\n"
	    "  --ca-file F, --cert-file F, --key-file F   TLS trust and client certificate\n"
	    "  --insecure             do not verify TLS (the status bar keeps warning)\n"
	    "  --timeout SECS         per request (default 10)\n"
	    "  --max-body SIZE        refuse larger answers (default 32M)\n"
	    "  --clock TIME           fix the data clock: Unix seconds or 2026-11-23T12:00:00Z\n"
	    "  --refresh SECS         seconds between refreshes (default 10)\n"
	    "  --range DUR            time range shown: 1h, 6h, 24h, 7d, 30d (default: each\n"
	    "                         view's own: executive 7d, operations 1h, model 6h, hr 30d)\n"
	    "  --baseline NAME        changes compare with: previous (the window before,\n"
	    "                         the default), yesterday or week (the same time then)\n"
	    "  --view NAME            first view: executive, operations, model, hr\n"
	    "  --theme NAME           dark, light, high-contrast, mono\n"
	    "  --ascii                plain ASCII, no Unicode glyphs\n"
	    "  --no-color             monochrome (also NO_COLOR=1)\n"
	    "  --frames N             exit after N frames (for benchmarks)\n"
	    "  --once                 print every panel's figures (of --view, or all) and exit\n"
	    "  --what-changed         with --once: what is abnormal now, worst first; exit 0\n"
	    "                         when nothing, 1 for warnings, 2 for a bad one, 3 unknown\n"
	    "  --drill LABEL[=VALUE],...  with --once: the cohort table as CSV, grouped by the\n"
	    "                         label without a value, under the label=value path\n"
	    "  --panel TITLE          with --drill: only this panel\n"
	    "  --privacy-floor N      hide HR figures of cohorts under N people (default 5)\n"
	    "                         [KPIDASH_PRIVACY_FLOOR]\n"
	    "  --check FILE...        validate dashboard and config files; exit 0 when clean, 2 if "
	    "not\n"
	    "  --version, --help\n"
	    "HTTP_PROXY, HTTPS_PROXY and NO_PROXY are honoured.\n"
	    "keys:\n",
	    f);
	size_t n;
	const struct keymap_entry *k = keymap(&n);
	for (int w = KEYS_ANY; w < KEYS_PLACES; w++) {
		fprintf(f, " %s:\n", key_places[w]);
		for (size_t i = 0; i < n; i++)
			if ((int)k[i].where == w)
				fprintf(f, "  %-18s  %s\n", k[i].keys, k[i].help);
	}
}

/* The keymap as man page paragraphs, for the build to put into kpidash.1. */
static void usage_man(void)
{
	size_t n;
	const struct keymap_entry *k = keymap(&n);
	for (int w = KEYS_ANY; w < KEYS_PLACES; w++) {
		printf(".SS %c%s\n", toupper((unsigned char)key_places[w][0]), key_places[w] + 1);
		for (size_t i = 0; i < n; i++)
			if ((int)k[i].where == w)
				printf(".TP\n.B %s\n%s\n", k[i].keys, k[i].help);
	}
}

/* Say what an option expected and what it got; returns 2 (a usage error). */
static int opt_error(const char *opt, const char *expected, const char *got)
{
	fprintf(stderr, "kpidash: %s: expected %s, got '%s'\nTry 'kpidash --help'.\n", opt,
		expected, got);
	return 2;
}

enum {
	OPT_SEED = 256,
	OPT_CLOCK,
	OPT_REFRESH,
	OPT_RANGE,
	OPT_BASELINE,
	OPT_VIEW,
	OPT_THEME,
	OPT_ASCII,
	OPT_NO_COLOR,
	OPT_FRAMES,
	OPT_DEMO,
	OPT_VERSION,
	OPT_MAN_KEYS,
	OPT_ONCE,
	OPT_WHAT_CHANGED,
	OPT_CONFIG,
	OPT_DASHBOARD,
	OPT_CHECK,
	OPT_DRILL,
	OPT_PANEL,
	OPT_FLOOR,
	OPT_PROMETHEUS,
	OPT_REST,
	OPT_HEADER,
	OPT_TOKEN_FILE,
	OPT_BASIC_USER,
	OPT_PASSWORD_FILE,
	OPT_CA,
	OPT_CERT,
	OPT_KEY,
	OPT_INSECURE,
	OPT_TIMEOUT,
	OPT_MAX_BODY,
};

static const struct option longopts[] = {
    {"demo", no_argument, 0, OPT_DEMO},
    {"seed", required_argument, 0, OPT_SEED},
    {"prometheus", required_argument, 0, OPT_PROMETHEUS},
    {"rest", required_argument, 0, OPT_REST},
    {"header", required_argument, 0, OPT_HEADER},
    {"bearer-token-file", required_argument, 0, OPT_TOKEN_FILE},
    {"basic-user", required_argument, 0, OPT_BASIC_USER},
    {"basic-password-file", required_argument, 0, OPT_PASSWORD_FILE},
    {"ca-file", required_argument, 0, OPT_CA},
    {"cert-file", required_argument, 0, OPT_CERT},
    {"key-file", required_argument, 0, OPT_KEY},
    {"insecure", no_argument, 0, OPT_INSECURE},
    {"timeout", required_argument, 0, OPT_TIMEOUT},
    {"max-body", required_argument, 0, OPT_MAX_BODY},
    {"clock", required_argument, 0, OPT_CLOCK},
    {"refresh", required_argument, 0, OPT_REFRESH},
    {"range", required_argument, 0, OPT_RANGE},
    {"baseline", required_argument, 0, OPT_BASELINE},
    {"view", required_argument, 0, OPT_VIEW},
    {"theme", required_argument, 0, OPT_THEME},
    {"ascii", no_argument, 0, OPT_ASCII},
    {"no-color", no_argument, 0, OPT_NO_COLOR},
    {"frames", required_argument, 0, OPT_FRAMES},
    {"once", no_argument, 0, OPT_ONCE},
    {"what-changed", no_argument, 0, OPT_WHAT_CHANGED},
    {"config", required_argument, 0, OPT_CONFIG},
    {"dashboard", required_argument, 0, OPT_DASHBOARD},
    {"check", no_argument, 0, OPT_CHECK},
    {"drill", required_argument, 0, OPT_DRILL},
    {"panel", required_argument, 0, OPT_PANEL},
    {"privacy-floor", required_argument, 0, OPT_FLOOR},
    {"version", no_argument, 0, OPT_VERSION},
    {"help", no_argument, 0, 'h'},
    {"man-keys", no_argument, 0, OPT_MAN_KEYS},
    {0, 0, 0, 0},
};

/* What the environment says (over the config file; flags come after and win). */
/* A privacy floor: a whole number of people, at least 1. */
static int options_floor(struct options *o, const char *what, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (*end || end == arg || n < 1 || n > 1000000)
		return opt_error(what, "a whole number of people from 1 to 1000000", arg);
	o->privacy_floor = (int)n;
	return 0;
}

/* The environment's settings; 2 when one is malformed. */
static int options_env(struct options *o)
{
	const char *v;
	if ((v = getenv("KPIDASH_PRIVACY_FLOOR")) && *v &&
	    options_floor(o, "KPIDASH_PRIVACY_FLOOR", v) != 0)
		return 2;
	if ((v = getenv("KPIDASH_PROMETHEUS_URL")) && *v) {
		o->prometheus_url = v;
		o->rest_url = NULL;
	}
	if ((v = getenv("KPIDASH_REST_URL")) && *v) {
		o->rest_url = v;
		o->prometheus_url = NULL;
	}
	if ((v = getenv("KPIDASH_BASIC_USER")) && *v)
		o->basic_user = v;
	if ((v = getenv("KPIDASH_BEARER_TOKEN")) && *v) {
		free(o->bearer_token);
		o->bearer_token = xstrdup(v);
	}
	if ((v = getenv("KPIDASH_BASIC_PASSWORD")) && *v) {
		free(o->basic_password);
		o->basic_password = xstrdup(v);
	}
	return 0;
}

/* The config file named by --config, found by a first pass of getopt over every flag so
 * that "--conf=FILE" and "--config FILE" are read alike, or NULL. */
static const char *options_config_flag(int argc, char **argv)
{
	const char *path = NULL;
	int c, err = opterr;
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		if (c == OPT_CONFIG)
			path = optarg;
	opterr = err;
	optind = 0;
	return path;
}

/* Replace a secret with the one in path; 0, or 2 when the file cannot be read. */
static int options_secret(char **dst, const char *opt, const char *path)
{
	char why[512];
	char *s = settings_secret(path, why, sizeof why);
	if (s == NULL) {
		fprintf(stderr, "kpidash: %s: %s\n", opt, why);
		return 2;
	}
	free(*dst);
	*dst = s;
	return 0;
}

/* One option of the network side; 0, or 2 on a usage error. */
static int options_net(struct options *o, int c, const char *arg)
{
	switch (c) {
	case OPT_PROMETHEUS:
	case OPT_REST:
		o->prometheus_url =
		    c == OPT_PROMETHEUS ? arg : NULL; /* the last source named wins */
		o->rest_url = c == OPT_REST ? arg : NULL;
		return strncmp(arg, "http://", 7) && strncmp(arg, "https://", 8)
			   ? opt_error(c == OPT_REST ? "--rest" : "--prometheus",
				       "an http:// or https:// URL", arg)
			   : 0;
	case OPT_HEADER:
		if (settings_header(o, arg) != 0)
			return opt_error("--header", "'Name: value' (at most 8)", arg);
		return 0;
	case OPT_TOKEN_FILE:
		return options_secret(&o->bearer_token, "--bearer-token-file", arg);
	case OPT_PASSWORD_FILE:
		return options_secret(&o->basic_password, "--basic-password-file", arg);
	case OPT_BASIC_USER:
		o->basic_user = arg;
		return 0;
	case OPT_CA:
		o->ca_file = arg;
		return 0;
	case OPT_CERT:
		o->cert_file = arg;
		return 0;
	case OPT_KEY:
		o->key_file = arg;
		return 0;
	case OPT_INSECURE:
		o->insecure = 1;
		return 0;
	case OPT_TIMEOUT:
		o->timeout = duration_parse(arg);
		return o->timeout < 0.1 ? opt_error("--timeout", "seconds, at least 0.1", arg) : 0;
	default: /* OPT_MAX_BODY */
		o->max_body = settings_size(arg);
		return o->max_body < 1024 ? opt_error("--max-body", "a size like 512k or 32M", arg)
					  : 0;
	}
}

/* One option of the dashboard side; 0, -1 to exit 0, or 2 on a usage error. */
static int options_ui(struct options *o, int c, const char *arg)
{
	char *end;
	switch (c) {
	case OPT_SEED:
		errno = 0;
		o->seed = strtoull(arg, &end, 10);
		return *end || end == arg || errno || !isdigit((unsigned char)arg[0])
			   ? opt_error("--seed", "a whole number", arg)
			   : 0;
	case OPT_CLOCK:
		o->clock = parse_clock(arg);
		return isnan(o->clock)
			   ? opt_error("--clock", "Unix seconds or 2026-11-23T12:00:00Z", arg)
			   : 0;
	case OPT_REFRESH:
		o->refresh = duration_parse(arg);
		return o->refresh < 0.1 ? opt_error("--refresh", "seconds, at least 0.1", arg) : 0;
	case OPT_RANGE:
		o->range = duration_parse(arg);
		return o->range < 60 ? opt_error("--range", "a duration like 1h, 24h or 7d", arg)
				     : 0;
	case OPT_BASELINE: {
		static const char *const names[] = {"previous", "yesterday", "week"}; /* as
			app_baselines */
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (strcmp(arg, names[i]) == 0) {
				o->baseline = i;
				return 0;
			}
		return opt_error("--baseline", "previous, yesterday or week", arg);
	}
	case OPT_FRAMES:
		o->frames = strtol(arg, &end, 10);
		return *end || o->frames < 1 ? opt_error("--frames", "a positive number", arg) : 0;
	case OPT_VIEW:
		o->view = arg;
		o->view_from = "--view";
		return 0;
	case OPT_DRILL:
		o->drill = arg;
		return 0;
	case OPT_PANEL:
		o->panel = arg;
		return 0;
	case OPT_FLOOR:
		return options_floor(o, "--privacy-floor", arg);
	case OPT_THEME:
		o->theme = arg;
		return 0;
	case OPT_ASCII:
		o->ascii = 1;
		return 0;
	case OPT_ONCE:
		o->once = 1;
		return 0;
	case OPT_WHAT_CHANGED:
		o->what_changed = 1;
		return 0;
	case OPT_NO_COLOR:
		o->no_color = 1;
		return 0;
	case OPT_DEMO:
		o->prometheus_url = o->rest_url = NULL;
		return 0;
	case OPT_CONFIG:
		return 0; /* read before all else */
	case OPT_CHECK:
		o->ncheck = -1; /* the files follow the options */
		return 0;
	case OPT_DASHBOARD:
		if (o->ndashboards == sizeof o->dashboards / sizeof o->dashboards[0])
			return opt_error("--dashboard", "at most 8 files", arg);
		o->dashboards[o->ndashboards++] = arg;
		return 0;
	case OPT_VERSION:
		printf("kpidash %s\n", KPIDASH_VERSION);
		return -1;
	case OPT_MAN_KEYS:
		usage_man();
		return -1;
	case 'h':
		usage(stdout);
		return -1;
	default:
		fputs("Try 'kpidash --help'.\n", stderr);
		return 2;
	}
}

int options_parse(int argc, char **argv, struct options *o)
{
	char err[512];
	int c, rc = 0;
	*o = (struct options){.seed = 42,
			      .clock = NAN,
			      .refresh = 10,
			      .range = 0,
			      .timeout = 10,
			      .max_body = 32u << 20,
			      .privacy_floor = PRIVACY_FLOOR_DEFAULT};
	o->config = options_config_flag(argc, argv);
	if (config_load(o->config, o, err, sizeof err) != 0) {
		fprintf(stderr, "kpidash: %s\n", err);
		return 2;
	}
	rc = options_env(o);
	while (rc == 0 && (c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		rc = c >= OPT_PROMETHEUS ? options_net(o, c, optarg) : options_ui(o, c, optarg);
	if (rc == 0 && o->ncheck < 0) {
		o->check = argv + optind;
		o->ncheck = argc - optind;
		if (o->ncheck == 0)
			rc = opt_error("--check", "one or more dashboard or config files", "");
	} else if (rc == 0 && optind < argc) {
		fprintf(stderr, "kpidash: unexpected argument '%s'\nTry 'kpidash --help'.\n",
			argv[optind]);
		rc = 2;
	}
	if (rc == 0 && o->drill && !(o->once && o->view))
		rc = opt_error("--drill", "--once and --view with it", o->drill);
	if (rc == 0 && o->what_changed && (!o->once || o->drill))
		rc = opt_error("--what-changed", "--once with it (and no --drill)", "");
	if (rc == 0 && o->panel && !o->drill)
		rc = opt_error("--panel", "--drill with it", o->panel);
	return rc;
}

/* Overwrite and free a secret. */
static void secret_free(char *s)
{
	if (s == NULL)
		return;
	volatile char *p = s;
	while (*p)
		*p++ = '\0';
	free(s);
}

void options_done(struct options *o)
{
	for (size_t i = 0; i < o->nowned; i++)
		free(o->owned[i]);
	o->nowned = 0;
	secret_free(o->bearer_token);
	secret_free(o->basic_password);
	o->bearer_token = o->basic_password = NULL;
}

struct http_conn options_conn(const struct options *o)
{
	return (struct http_conn){
	    .base_url = o->rest_url ? o->rest_url : o->prometheus_url,
	    .headers = o->nheaders ? o->headers : NULL,
	    .bearer_token = o->bearer_token,
	    .basic_user = o->basic_user,
	    .basic_password = o->basic_password,
	    .ca_file = o->ca_file,
	    .cert_file = o->cert_file,
	    .key_file = o->key_file,
	    .insecure = o->insecure,
	    .timeout_ms = (long)(o->timeout * 1000),
	    .max_body = o->max_body,
	};
}
