/* slo.c: error budgets, burn rates and the multiwindow policy. */
#include "analysis/slo.h"

#include <math.h>
#include <string.h>

void slo_defaults(struct slo_params *p)
{
	static const struct slo_pair workbook[] = {
	    {3600, 300, 14.4, SLO_PAGE},
	    {6 * 3600, 1800, 6, SLO_PAGE},
	    {86400, 2 * 3600, 3, SLO_TICKET},
	    {3 * 86400, 6 * 3600, 1, SLO_TICKET},
	};
	memset(p, 0, sizeof *p);
	p->objective = NAN;
	p->window = 30 * 86400;
	p->npairs = sizeof workbook / sizeof workbook[0];
	memcpy(p->pairs, workbook, sizeof workbook);
}

const char *slo_invalid(const struct slo_params *p)
{
	if (!(p->objective > 0 && p->objective < 1))
		return "the objective must be between 0 and 1 (0.995 for 99.5%)";
	if (!(p->window > 0) || isinf(p->window))
		return "the window must be a positive duration";
	if (p->npairs > SLO_MAX_PAIRS)
		return "too many burn-rate pairs";
	for (size_t i = 0; i < p->npairs; i++) {
		const struct slo_pair *q = &p->pairs[i];
		if (!(q->short_span > 0) || !(q->long_span >= q->short_span) || isinf(q->long_span))
			return "a burn-rate pair needs a long span no shorter than its short one";
		if (!(q->factor > 0) || isinf(q->factor))
			return "a burn-rate factor must be a positive number";
		if (q->calls != SLO_PAGE && q->calls != SLO_TICKET)
			return "a burn-rate pair calls for a page or a ticket";
	}
	return NULL;
}

double slo_burn(double good, double objective)
{
	if (isnan(good) || isnan(objective))
		return NAN;
	return (1 - good) / (1 - objective);
}

double slo_budget_left(double good, double objective)
{
	return 1 - slo_burn(good, objective);
}

void slo_evaluate(const struct slo_params *p, const struct slo_input *in, struct slo_eval *out)
{
	memset(out, 0, sizeof *out);
	out->pair = -1;
	out->budget_left = slo_budget_left(in->window_good, p->objective);
	out->partial = !isnan(in->covered) && in->covered < p->window;
	out->status = isnan(in->window_good) ? SLO_UNKNOWN : SLO_OK;
	for (size_t i = 0; i < p->npairs && i < SLO_MAX_PAIRS; i++) {
		double l = slo_burn(in->pair_good[i][0], p->objective);
		double s = slo_burn(in->pair_good[i][1], p->objective);
		out->burn[i][0] = l;
		out->burn[i][1] = s;
		/* both above: NaN (no traffic in a span) is above nothing */
		if (l > p->pairs[i].factor && s > p->pairs[i].factor &&
		    p->pairs[i].calls > out->status) {
			out->status = p->pairs[i].calls;
			out->pair = (int)i;
		}
	}
	double now = p->npairs ? out->burn[0][0] : NAN;
	if (isnan(out->budget_left) || isnan(now))
		out->exhausted_in = NAN;
	else if (out->budget_left <= 0)
		out->exhausted_in = 0;
	else if (now <= 0)
		out->exhausted_in = INFINITY;
	else
		out->exhausted_in = out->budget_left * p->window / now;
}

const char *slo_status_name(enum slo_status s)
{
	switch (s) {
	case SLO_OK:
		return "ok";
	case SLO_TICKET:
		return "ticket";
	case SLO_PAGE:
		return "page";
	default:
		return "unknown";
	}
}
