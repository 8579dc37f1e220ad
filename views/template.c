/* template.c: filling a query's $variables. */
#include "views/template.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* A growing output string. */
struct out {
	char *s;
	size_t n, cap;
};

/* Append n bytes of p to o. */
static void out_add(struct out *o, const char *p, size_t n)
{
	xgrow(&o->s, &o->cap, o->n + n + 1, 1);
	memcpy(o->s + o->n, p, n);
	o->n += n;
	o->s[o->n] = '\0';
}

/* Seconds as a Prometheus duration: whole seconds, at least 1 ("300s"). */
static void out_duration(struct out *o, double seconds)
{
	char buf[32];
	double s = ceil(seconds);
	int n = snprintf(buf, sizeof buf, "%.0fs", s < 1 ? 1 : s);
	out_add(o, buf, (size_t)n);
}

char *template_expand(const char *tmpl, const struct template_vars *v, char *err, size_t errlen)
{
	struct out o = {0};
	out_add(&o, "", 0);
	for (const char *p = tmpl; *p;) {
		const char *dollar = strchr(p, '$');
		if (dollar == NULL) {
			out_add(&o, p, strlen(p));
			break;
		}
		out_add(&o, p, (size_t)(dollar - p));
		size_t n = 0;
		while (isalpha((unsigned char)dollar[1 + n]) || dollar[1 + n] == '_')
			n++;
		if (dollar[1] == '$') {
			out_add(&o, "$", 1);
			p = dollar + 2;
			continue;
		}
		if (n == 5 && strncmp(dollar + 1, "range", 5) == 0)
			out_duration(&o, v->range);
		else if (n == 4 && strncmp(dollar + 1, "step", 4) == 0)
			out_duration(&o, v->step);
		else if (n == 6 && strncmp(dollar + 1, "offset", 6) == 0)
			out_duration(&o, v->range); /* the baseline: the window just before */
		else if (n == 5 && strncmp(dollar + 1, "group", 5) == 0)
			out_add(&o, v->group ? v->group : "", v->group ? strlen(v->group) : 0);
		else if (n == 6 && strncmp(dollar + 1, "filter", 6) == 0)
			out_add(&o, v->filter ? v->filter : "", v->filter ? strlen(v->filter) : 0);
		else if (n == 0)
			out_add(&o, "$", 1);
		else {
			snprintf(err, errlen, "unknown template variable $%.*s", (int)n,
				 dollar + 1);
			free(o.s);
			return NULL;
		}
		p = dollar + 1 + n;
	}
	return o.s;
}

char *template_matchers(const struct kpi_filter *f, size_t n)
{
	struct out o = {0};
	out_add(&o, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			out_add(&o, ",", 1);
		out_add(&o, f[i].name, strlen(f[i].name));
		out_add(&o, "=\"", 2);
		for (const char *p = f[i].value; *p; p++) {
			if (*p == '"' || *p == '\\')
				out_add(&o, "\\", 1);
			if (*p == '\n')
				out_add(&o, "\\n", 2);
			else
				out_add(&o, p, 1);
		}
		out_add(&o, "\"", 1);
	}
	return o.s;
}
