/* config.c: the user's config.json, applied to the options under environment and flags. */
#include "app/config.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/settings.h"
#include "util/duration.h"
#include "tui/theme.h"
#include "util/jload.h"
#include "util/jpos.h"
#include "util/xalloc.h"

/* The default place: $XDG_CONFIG_HOME/kpidash/config.json, else ~/.config/kpidash/config.json. */
static int config_default_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(buf, len, "%s/kpidash/config.json", xdg);
	else if (home && *home)
		snprintf(buf, len, "%s/.config/kpidash/config.json", home);
	else
		return -1;
	return 0;
}

/* A string member kept for as long as o lives; *out untouched when absent. */
static int config_string(struct jload *l, json_t *obj, const char *key, struct options *o,
			 const char **out)
{
	char *s;
	if (jload_string(l, obj, key, 0, &s) != 0)
		return -1;
	if (s) {
		*out = settings_keep(o, s);
		free(s);
	}
	return 0;
}

/* A duration member ("24h" or seconds) into *out when present and sane. */
static int config_duration(struct jload *l, json_t *obj, const char *key, double min, double *out)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL)
		return 0;
	double d = json_is_number(v)   ? json_number_value(v)
		   : json_is_string(v) ? duration_parse(json_string_value(v))
				       : -1;
	if (d >= min) {
		*out = d;
		return 0;
	}
	size_t old = jload_push(l, key, 0);
	jload_fail(
	    l, "expected a duration of at least %gs (seconds, or like \"90s\", \"15m\", \"24h\")",
	    min);
	l->path[old] = '\0';
	return -1;
}

/* A secret named by a file member: read now, so that a bad path is said at start. */
static int config_secret(struct jload *l, json_t *obj, const char *key, char **out)
{
	char *path, why[512];
	if (jload_string(l, obj, key, 0, &path) != 0)
		return -1;
	if (path == NULL)
		return 0;
	char *s = settings_secret(path, why, sizeof why);
	free(path);
	if (s == NULL) {
		size_t old = jload_push(l, key, 0);
		jload_fail(l, "%s", why);
		l->path[old] = '\0';
		return -1;
	}
	free(*out);
	*out = s;
	return 0;
}

/* "headers": {"Name": "value"} as "Name: value" lines. */
static int config_headers(struct jload *l, json_t *obj, struct options *o)
{
	json_t *h = json_object_get(obj, "headers");
	const char *key;
	json_t *v;
	if (h == NULL)
		return 0;
	size_t old = jload_push(l, "headers", 0);
	if (!json_is_object(h))
		return jload_fail(l, "expected an object of \"Name\": \"value\"");
	json_object_foreach(h, key, v)
	{
		char line[1024];
		if (json_is_string(v))
			snprintf(line, sizeof line, "%s: %s", key, json_string_value(v));
		if (!json_is_string(v) || settings_header(o, settings_keep(o, line)) != 0) {
			jload_push(l, key, 0);
			return jload_fail(l, "expected a string (at most %d headers)",
					  OPT_MAX_HEADERS);
		}
	}
	l->path[old] = '\0';
	return 0;
}

const char *const config_keys[] = {"prometheus", "rest",  "refresh",	   "range",
				   "view",	 "theme", "privacy_floor", NULL};

/*
 * The "prometheus" or "rest" object (key): where the source is and how to reach
 * it; *url gets its URL. The connection settings are the same for both.
 */
static int config_server(struct jload *l, json_t *root, const char *key, struct options *o,
			 const char **url)
{
	static const char *const keys[] = {
	    "url",	"headers",   "bearer_token_file", "basic_user", "basic_password_file",
	    "ca_file",	"cert_file", "key_file",	  "insecure",	"timeout",
	    "max_body", NULL};
	json_t *p = json_object_get(root, key);
	if (p == NULL)
		return 0;
	size_t old = jload_push(l, key, 0);
	if (!json_is_object(p))
		return jload_fail(l, "expected an object");
	json_t *ins = json_object_get(p, "insecure");
	json_t *mb = json_object_get(p, "max_body");
	if (jload_keys(l, p, keys) || config_string(l, p, "url", o, url) ||
	    config_headers(l, p, o) || config_secret(l, p, "bearer_token_file", &o->bearer_token) ||
	    config_string(l, p, "basic_user", o, &o->basic_user) ||
	    config_secret(l, p, "basic_password_file", &o->basic_password) ||
	    config_string(l, p, "ca_file", o, &o->ca_file) ||
	    config_string(l, p, "cert_file", o, &o->cert_file) ||
	    config_string(l, p, "key_file", o, &o->key_file) ||
	    config_duration(l, p, "timeout", 0.1, &o->timeout))
		return -1;
	if (ins && !json_is_boolean(ins)) {
		jload_push(l, "insecure", 0);
		return jload_fail(l, "expected true or false");
	}
	o->insecure = ins ? json_is_true(ins) : o->insecure;
	if (mb && !(json_is_string(mb) && settings_size(json_string_value(mb)) >= 1024)) {
		jload_push(l, "max_body", 0);
		return jload_fail(l, "expected a size like \"512k\" or \"32M\"");
	}
	o->max_body = mb ? settings_size(json_string_value(mb)) : o->max_body;
	l->path[old] = '\0';
	return 0;
}

/* "view": which view to open, and where the file says so, for the app to name if no
 * dashboard has that name (the dashboards are loaded after the config). */
static int config_view(struct jload *l, json_t *root, struct options *o)
{
	char place[1200];
	if (config_string(l, root, "view", o, &o->view) != 0)
		return -1;
	if (json_object_get(root, "view")) {
		size_t old = jload_push(l, "view", 0);
		jload_place(l, place, sizeof place);
		o->view_from = settings_keep(o, place);
		l->path[old] = '\0';
	}
	return 0;
}

/* "theme": one of the themes kpidash has, checked here so that --check refuses a file that
 * start-up would. */
static int config_theme(struct jload *l, json_t *root, struct options *o)
{
	char why[256];
	if (config_string(l, root, "theme", o, &o->theme) != 0)
		return -1;
	if (json_object_get(root, "theme") && theme_select(o->theme, why, sizeof why) != 0) {
		jload_push(l, "theme", 0);
		return jload_fail(l, "%s", why);
	}
	return 0;
}

/* The top level: the screen's settings, and the source: Prometheus or KPI-REST, not both. */
static int config_apply(struct jload *l, json_t *root, struct options *o)
{
	if (!json_is_object(root))
		return jload_fail(l, "expected an object");
	if (json_object_get(root, "prometheus") && json_object_get(root, "rest")) {
		jload_push(l, "rest", 0);
		return jload_fail(l, "set either \"prometheus\" or \"rest\", not both");
	}
	return jload_keys(l, root, config_keys) ||
		       config_duration(l, root, "refresh", 0.1, &o->refresh) ||
		       config_duration(l, root, "range", 60, &o->range) ||
		       config_view(l, root, o) || config_theme(l, root, o) ||
		       jload_int(l, root, "privacy_floor", 1, 1000000, o->privacy_floor,
				 &o->privacy_floor) ||
		       config_server(l, root, "prometheus", o, &o->prometheus_url) ||
		       config_server(l, root, "rest", o, &o->rest_url)
		   ? -1
		   : 0;
}

int config_parse(const char *text, size_t len, const char *file, struct options *o, char *err,
		 size_t errlen)
{
	struct jload l = {.file = file, .err = err, .errlen = errlen, .go_on = 1};
	struct jpos *pos;
	json_t *root = jload_parse(&l, text, len, &pos);
	int rc = root ? config_apply(&l, root, o) : -1;
	json_decref(root);
	jpos_free(pos);
	return rc == 0 && l.problems == 0 ? 0 : -1;
}

int config_load(const char *path, struct options *o, char *err, size_t errlen)
{
	char def[1024];
	struct stat st;
	if (path == NULL) {
		if (config_default_path(def, sizeof def) != 0 || stat(def, &st) != 0)
			return 0; /* no file in the default place: the defaults stand */
		path = def;
	}
	size_t len;
	char *text = jload_read(path, &len, err, errlen);
	if (text == NULL)
		return -1;
	int rc = config_parse(text, len, path, o, err, errlen);
	free(text);
	return rc;
}
