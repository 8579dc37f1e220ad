/*
 * demo.c: the embedded synthetic company, answering the KPI contract in-process.
 *
 * demo_new builds, from the seed, tables of cohort cells (team x role x region x
 * segment x pilot arm people, their work by workflow, queues, exceptions, AI money,
 * model traffic and drift). Every cell holds ADDITIVE base quantities; a cell's
 * quantity at time t is its base times a profile of its key (a coarser cohort) at t.
 * Profiles are daily and weekly shapes, slow trends and hash noise sampled at
 * 15-minute knots and joined by a Catmull-Rom spline, so a value at t depends only
 * on (seed, KPI, filter, group, t) and, for flows, the window (t - step, t].
 * A query sums the bases of the matching cells per (group, key), integrates each
 * key's profile once, and forms ratios of sums, so groups always add up to totals.
 */
#include "client/demo.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define KNOT	      900.0 /* seconds between noise knots */
#define DAY	      86400.0
#define PI	      3.14159265358979323846
#define SIG_SLOTS     8		   /* knot cache of one signal, a power of two */
#define SIG_EXACT     4096	   /* knot segments summed exactly in one window */
#define TIME_LIMIT    1e11	   /* |start|, |end| and step, in seconds */
#define ADOPT_MID     1799971200.0 /* 2027-01-15: the adoption S-curve's middle */
#define ADOPT_SCALE   (60 * DAY)
#define DRIFT_PERIOD  (24 * DAY) /* triage-nlp is retrained when claim_amount drifts */
#define SLO_OBJECTIVE 0.995
#define NBUCKET	      15
#define BUCKET_300MS  8 /* index of le="0.3" */

/* Cohort labels, in the order of label_names. */
enum {
	LB_TEAM,
	LB_ROLE,
	LB_REGION,
	LB_SEGMENT,
	LB_WORKFLOW,
	LB_GROUP,
	LB_QUEUE,
	LB_REASON,
	LB_CATEGORY,
	LB_TRACK,
	LB_MODEL,
	LB_VERSION,
	LB_FEATURE,
	LB_COUNT
};

/* Label values; each list is sorted, so index order is the answer order. */
enum { TEAM_CLAIMS, TEAM_DISPATCH, TEAM_FRAUD, TEAM_UW, NTEAM };
enum { ROLE_AGENT, ROLE_ANALYST, ROLE_PLANNER, ROLE_TECH, NROLE };
enum { REG_AMER, REG_APAC, REG_EMEA, NREG };
enum { SEG_BUILDER, SEG_LEADER, SEG_USER, NSEG };
enum { WF_DISPATCH, WF_DOC, WF_EXC, NWF };
enum { GRP_CONTROL, GRP_TREAT, NGRP };
enum { QU_ESC, QU_INTAKE, QU_REVIEW, NQUEUE };
enum { RS_CUSTOMER, RS_MISSING, RS_LOWCONF, RS_POLICY, RS_SYSTEM, NREASON };
enum { CAT_INFRA, CAT_LICENSE, CAT_PEOPLE, CAT_TRAINING, NCAT };
enum { TR_LEAD, TR_AUTO, TR_PROMPT, NTRACK };
enum { MD_DOC, MD_TRIAGE, NMODEL };
enum { FT_CHANNEL, FT_AMOUNT, FT_REGION, FT_TEXT, NFEATURE };

static const char *const label_names[LB_COUNT] = {
    "team",   "role",	  "region", "segment", "workflow", "group",   "queue",
    "reason", "category", "track",  "model",   "version",  "feature",
};

static const char *const team_values[] = {"claims", "dispatch", "fraud", "underwriting", NULL};
static const char *const role_values[] = {"agent", "analyst", "planner", "technician", NULL};
static const char *const region_values[] = {"amer", "apac", "emea", NULL};
static const char *const segment_values[] = {"ai_builder", "ai_leader", "ai_user", NULL};
static const char *const workflow_values[] = {"dispatch", "doc_review", "exception_triage", NULL};
static const char *const group_values[] = {"control", "treatment", NULL};
static const char *const queue_values[] = {"escalation", "intake", "review", NULL};
static const char *const reason_values[] = {
    "customer_change", "missing_data", "model_low_confidence",
    "policy_conflict", "system_error", NULL,
};
static const char *const category_values[] = {"infra", "license", "people", "training", NULL};
static const char *const track_values[] = {"ai_leadership", "automation", "prompting", NULL};
static const char *const model_values[] = {"doc-extract", "triage-nlp", NULL};
static const char *const version_values[] = {"v3", "v7", NULL};
static const char *const feature_values[] = {
    "channel", "claim_amount", "region_mix", "text_length", NULL,
};

static const char *const *const label_values[LB_COUNT] = {
    team_values,  role_values,	  region_values,  segment_values,  workflow_values,
    group_values, queue_values,	  reason_values,  category_values, track_values,
    model_values, version_values, feature_values,
};

/* What each team is like; the company is data. */
struct team_spec {
	double size;	    /* people (the fraud team is placed by hand) */
	double open, close; /* busy hours, UTC */
	double floor;	    /* overnight workload, share of the weekday peak */
	double weekend;	    /* weekend peak, share of the weekday peak */
	double role[NROLE], region[NREG], segment[NSEG];
	double wf[NWF];	       /* share of the team's hours per workflow */
	double aht[NWF];       /* minutes per manually handled task */
	double value_per_cost; /* AI value per AI cost at the weekday peak */
	double qlen;	       /* items waiting at the weekday midday peak */
	double wait;	       /* queue wait factor */
	double breach;	       /* SLA breach share at an average load */
	double exceptions;     /* exceptions per task factor */
	double adopt;	       /* adoption offset */
	double enps;	       /* eNPS of the team */
	double risk;	       /* flight-risk share */
	double adhere;	       /* schedule adherence */
	double overtime;       /* overtime hours per person and evening peak hour */
	double override;       /* share of model suggestions overruled */
};

static const struct team_spec teams[NTEAM] = {
    [TEAM_CLAIMS] =
	{
	    .size = 112,
	    .open = 6.5,
	    .close = 19.5,
	    .floor = 0.12,
	    .weekend = 0.25,
	    .role = {0.6, 0.15, 0.1, 0.15},
	    .region = {0.35, 0.15, 0.5},
	    .segment = {0.27, 0.09, 0.64},
	    .wf = {0, 0.45, 0.55},
	    .aht = {0, 8, 11},
	    .value_per_cost = 3.4,
	    .qlen = 70,
	    .wait = 1.0,
	    .breach = 0.022,
	    .exceptions = 1.0,
	    .adopt = 0.02,
	    .enps = 16,
	    .risk = 0.10,
	    .adhere = 0.925,
	    .overtime = 0.08,
	    .override = 0.055,
	},
    [TEAM_DISPATCH] =
	{
	    .size = 96,
	    .open = 5,
	    .close = 22,
	    .floor = 0.2,
	    .weekend = 0.55,
	    .role = {0.2, 0.05, 0.3, 0.45},
	    .region = {0.4, 0.2, 0.4},
	    .segment = {0.22, 0.08, 0.7},
	    .wf = {0.8, 0, 0.2},
	    .aht = {6, 0, 9},
	    .value_per_cost = 2.5,
	    .qlen = 60,
	    .wait = 1.3,
	    .breach = 0.06,
	    .exceptions = 1.3,
	    .adopt = -0.03,
	    .enps = -4,
	    .risk = 0.16,
	    .adhere = 0.885,
	    .overtime = 0.15,
	    .override = 0.085,
	},
    [TEAM_FRAUD] =
	{
	    .size = 3,
	    .open = 7.5,
	    .close = 18,
	    .floor = 0.05,
	    .weekend = 0.1,
	    .wf = {0, 0.4, 0.6},
	    .aht = {0, 12, 14},
	    .value_per_cost = 3.0,
	    .qlen = 8,
	    .wait = 0.9,
	    .breach = 0.025,
	    .exceptions = 1.6,
	    .adopt = 0.0,
	    .enps = 10,
	    .risk = 0.08,
	    .adhere = 0.91,
	    .overtime = 0.1,
	    .override = 0.06,
	},
    [TEAM_UW] =
	{
	    .size = 72,
	    .open = 7,
	    .close = 18,
	    .floor = 0.06,
	    .weekend = 0.08,
	    .role = {0.3, 0.55, 0.15, 0},
	    .region = {0.3, 0.3, 0.4},
	    .segment = {0.35, 0.12, 0.53},
	    .wf = {0, 0.7, 0.3},
	    .aht = {0, 13, 10},
	    .value_per_cost = 3.9,
	    .qlen = 35,
	    .wait = 0.9,
	    .breach = 0.018,
	    .exceptions = 0.8,
	    .adopt = 0.03,
	    .enps = 27,
	    .risk = 0.07,
	    .adhere = 0.935,
	    .overtime = 0.05,
	    .override = 0.04,
	},
};

/* What each workflow is like. */
struct wf_spec {
	double automation; /* share of tasks finished with no manual step */
	double rework;	   /* share of tasks sent back */
	int model;	   /* the model that serves it */
};

static const struct wf_spec workflows[NWF] = {
    [WF_DISPATCH] = {0.34, 0.03, MD_TRIAGE},
    [WF_DOC] = {0.30, 0.045, MD_DOC},
    [WF_EXC] = {0.20, 0.055, MD_TRIAGE},
};

static const double role_aht[NROLE] = {1.0, 1.15, 0.95, 1.05};
static const double role_adopt[NROLE] = {1.0, 1.04, 1.0, 0.9};
static const double role_risk[NROLE] = {1.1, 0.85, 0.9, 1.15};
static const double region_adhere[NREG] = {1.0, 0.99, 1.01};
static const double region_enps[NREG] = {0, -5, 4};
static const double segment_adopt[NSEG] = {0.82, 0.76, 0.61};
static const double segment_enroll[NSEG] = {0.95, 0.92, 0.86};
static const double segment_complete[NSEG] = {0.06, 0.03, -0.02};
static const double segment_use[NSEG] = {0.87, 0.83, 0.70};
static const double segment_enps[NSEG] = {5, 9, -2};
static const double segment_track[NSEG][NTRACK] = {
    [SEG_BUILDER] = {0, 0.7, 0.3},
    [SEG_LEADER] = {0.7, 0, 0.3},
    [SEG_USER] = {0, 0.3, 0.7},
};
static const double track_complete[NTRACK] = {0.92, 0.95, 1.05};
static const double queue_share[NQUEUE] = {0.17, 0.5, 0.33};
static const double queue_wait[NQUEUE] = {1500, 180, 540};
static const double queue_breach[NQUEUE] = {1.8, 0.7, 1.0};
static const double reason_share[NREASON] = {0.18, 0.32, 0.22, 0.18, 0.10};
static const double category_share[NCAT] = {0.38, 0.12, 0.35, 0.15};
static const int model_version[NMODEL] = {0, 1}; /* doc-extract v3, triage-nlp v7 */
static const double model_weight[NMODEL] = {0.35, 0.65};
static const double model_median[NMODEL] = {0.072, 0.067};
static const double model_precision[NMODEL] = {0.87, 0.91};
static const double model_recall[NMODEL] = {0.90, 0.90};
static const double feature_psi[NMODEL][NFEATURE] = {
    [MD_DOC] = {0.03, 0.04, 0.05, 0.07},
    [MD_TRIAGE] = {0.04, 0.0, 0.05, 0.06},
};
static const double buckets[NBUCKET] = {
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5, INFINITY,
};

/* The tables, each with its additive quantities. */
enum { FAM_WORK, FAM_MONEY, FAM_HR, FAM_QUEUE, FAM_EXC, FAM_MODEL, FAM_LAT, FAM_DRIFT, NFAM };
enum { W_TASKS, W_HOURS, W_AUTO, W_HSUM, W_HCOUNT, W_REWORK, W_NQ };
enum { M_VALUE, M_COST, M_NQ };
enum {
	H_HC,
	H_ACTIVE,
	H_ENROLLED,
	H_COMPLETED,
	H_TRAINED,
	H_ENPS,
	H_OVERTIME,
	H_RISK,
	H_ADHERE,
	H_NQ
};
enum { Q_LEN, Q_WSUM, Q_WCOUNT, Q_DUE, Q_BREACH, Q_NQ };
enum { X_COUNT, X_NQ };
enum { MQ_REQ, MQ_ERR, MQ_FALLBACK, MQ_OVERRIDE, MQ_TP, MQ_FP, MQ_FN, MQ_NQ };
enum { L_NQ = NBUCKET }; /* cumulative latency buckets, le = buckets[q] */
enum { D_PSIW, D_W, D_NQ };

#define BIT(l) (1u << (l))

static const int table_nq[NFAM] = {W_NQ, M_NQ, H_NQ, Q_NQ, X_NQ, MQ_NQ, L_NQ, D_NQ};

/* The labels of a table's keys: the cohorts that share one noise and one shape. */
static const unsigned table_keymask[NFAM] = {
    [FAM_WORK] = BIT(LB_TEAM) | BIT(LB_WORKFLOW) | BIT(LB_GROUP),
    [FAM_MONEY] = BIT(LB_TEAM) | BIT(LB_CATEGORY),
    [FAM_HR] = BIT(LB_TEAM) | BIT(LB_REGION) | BIT(LB_SEGMENT),
    [FAM_QUEUE] = BIT(LB_TEAM) | BIT(LB_QUEUE),
    [FAM_EXC] = BIT(LB_TEAM) | BIT(LB_WORKFLOW) | BIT(LB_REASON),
    [FAM_MODEL] = BIT(LB_MODEL) | BIT(LB_VERSION) | BIT(LB_TEAM),
    [FAM_LAT] = BIT(LB_MODEL) | BIT(LB_VERSION),
    [FAM_DRIFT] = BIT(LB_MODEL) | BIT(LB_VERSION) | BIT(LB_FEATURE),
};

/* One cohort cell: its label values (-1 where it has none) and its key. */
struct cell {
	signed char dim[LB_COUNT];
	unsigned short key;
};

/* The cells of one table and their bases (n x nq, per hour at profile 1). */
struct table {
	struct cell *cells;
	double *base;
	size_t n, cap;
	signed char (*keys)[LB_COUNT]; /* label values of each key, -1 off its key labels */
	uint64_t *keyhash;
	size_t nkeys, kcap;
	int fam, nq;
};

/* The company: its seed, its people, its peak rates and its cell tables. */
struct demo {
	uint64_t seed;
	double drift_phase; /* seconds into the retraining cycle at t = 0 */
	unsigned char people[NTEAM][NROLE][NREG][NSEG][NGRP];
	double tw_tasks[NTEAM][NWF]; /* tasks per hour at the weekday peak */
	double tw_hours[NTEAM][NWF]; /* worker-hours per hour at the weekday peak */
	struct table tab[NFAM];
};

/* ---- noise ---- */

/* The splitmix64 finaliser: a well-mixed 64-bit hash of x. */
static uint64_t noise_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A uniform number in [-1, 1) from the seed, a key hash, a channel and a knot. */
static double noise_unit(uint64_t seed, uint64_t kh, uint64_t chan, int64_t k)
{
	uint64_t h = noise_mix(noise_mix(seed ^ kh ^ (chan * 0xd6e8feb86659fd93ULL)) ^
			       ((uint64_t)k * 0xd1b54a32d192ed03ULL));
	return (double)(h >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* Floor division of k by a positive span. */
static int64_t noise_floordiv(int64_t k, int64_t span)
{
	int64_t q = k / span;
	return (k % span < 0) ? q - 1 : q;
}

/* Noise in [-1, 1] at knot k: knot-to-knot jitter over a smooth wander of span knots. */
static double noise_wobble(uint64_t seed, uint64_t kh, uint64_t chan, int64_t k, int64_t span)
{
	int64_t j = noise_floordiv(k, span);
	double f = (double)(k - j * span) / (double)span;
	double a = noise_unit(seed, kh, chan + 1000, j);
	double b = noise_unit(seed, kh, chan + 1000, j + 1);
	double slow = a + (b - a) * f * f * (3.0 - 2.0 * f);
	return 0.35 * noise_unit(seed, kh, chan, k) + 0.65 * slow;
}

/* ---- shapes of time (t in Unix seconds, UTC) ---- */

/* Hours since UTC midnight at t. */
static double clock_hour(double t)
{
	double s = fmod(t, DAY);
	return (s < 0 ? s + DAY : s) / 3600.0;
}

/* True on Saturday and Sunday (UTC) at t. */
static int clock_weekend(double t)
{
	long long day = (long long)floor(t / DAY);
	int dow = (int)(((day + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday; 0 is Monday */
	return dow >= 5;
}

/* A working-day bump: 0 outside [open, close], 1 in the middle. */
static double clock_bump(double h, double open, double close)
{
	if (h <= open || h >= close)
		return 0.0;
	double x = sin(PI * (h - open) / (close - open));
	return x * sqrt(x);
}

/* The team's workload at t, 1 at a weekday peak, with a lunch dip and an overnight floor. */
static double shape_work(int team, double t)
{
	const struct team_spec *ts = &teams[team];
	double h = clock_hour(t);
	double day = clock_weekend(t) ? ts->weekend : 1.0;
	double x = (h - 12.5) / 0.6;
	double lunch = 1.0 - 0.08 * exp(-x * x);
	return ts->floor + (1.0 - ts->floor) * clock_bump(h, ts->open, ts->close) * day * lunch;
}

/* People on shift at t: a flatter copy of the workload. */
static double shape_staff(int team, double t)
{
	return 0.15 + 0.85 * shape_work(team, t);
}

/* The team's backlog at t, 1 at a weekday's midday (UTC) peak. */
static double shape_queue(int team, double t)
{
	double h = clock_hour(t);
	double day = clock_weekend(t) ? fmax(teams[team].weekend, 0.3) : 1.0;
	double x = (h - 12.5) / 3.2;
	return 0.12 + 0.88 * day * exp(-x * x);
}

/* Overtime at t: the early evening of working days. */
static double shape_overtime(double t)
{
	double x = (clock_hour(t) - 18.0) / 1.5;
	return 0.03 + exp(-x * x) * (clock_weekend(t) ? 0.3 : 1.0);
}

/* Office hours (training sessions) at t. */
static double shape_office(double t)
{
	return 0.05 + (clock_weekend(t) ? 0.05 : 1.0) * clock_bump(clock_hour(t), 8, 17);
}

/* How far the company is through its AI adoption S-curve at t, 0..1. */
static double trend_adoption(double t)
{
	return 1.0 / (1.0 + exp(-(t - ADOPT_MID) / ADOPT_SCALE));
}

/* The PSI of triage-nlp's claim_amount: creeps up past 0.2 until the model is retrained. */
static double trend_drift(const struct demo *d, double t)
{
	double ph = fmod(t + d->drift_phase, DRIFT_PERIOD) / DRIFT_PERIOD;
	if (ph < 0)
		ph += 1.0;
	return 0.05 + 0.21 * pow(ph, 1.4);
}

/* How much the drift above 0.1 is hurting triage-nlp at t. */
static double trend_harm(const struct demo *d, double t)
{
	return fmax(0.0, trend_drift(d, t) - 0.1);
}

/* ---- profiles: a key's multiplier of its cells' bases at one knot ---- */

/* One knot of one key: what every profile is a function of. */
struct knot {
	const struct demo *d;
	const signed char *kd; /* the key's label values */
	uint64_t kh;	       /* the key's hash */
	int64_t k;	       /* knot index: t = k * KNOT */
	double t;
};

/* The key's noise at this knot on channel chan, wandering over span knots. */
static double knot_wob(const struct knot *kn, uint64_t chan, int64_t span)
{
	return noise_wobble(kn->d->seed, kn->kh, chan, kn->k, span);
}

/* Company-wide incidents: 1 most of the time, up to 4 in a rare bad couple of hours. */
static double knot_incident(const struct knot *kn)
{
	double u = noise_unit(kn->d->seed, 0x1c1de47ULL, 77, noise_floordiv(kn->k, 8));
	return u > 0.95 ? 1.0 + 3.0 * (u - 0.95) / 0.05 : 1.0;
}

/* Work: tasks, hours, automation, handle time and rework of a team's workflow and arm. */
static double knot_work(const struct knot *kn, int q)
{
	int team = kn->kd[LB_TEAM];
	double work = shape_work(team, kn->t);
	double tasks = work * (1.0 + 0.07 * knot_wob(kn, 1, 8));
	switch (q) {
	case W_HOURS:
		return shape_staff(team, kn->t) * (1.0 + 0.02 * knot_wob(kn, 2, 8));
	case W_AUTO:
		return tasks * (0.9 + 0.2 * trend_adoption(kn->t)) *
		       (1.0 + 0.06 * knot_wob(kn, 3, 16));
	case W_HSUM:
		return tasks * (1.0 + 0.12 * (work - 0.5)) * (1.0 + 0.04 * knot_wob(kn, 4, 8));
	case W_REWORK:
		return tasks * (1.0 + 0.15 * knot_wob(kn, 5, 16));
	default:
		return tasks;
	}
}

/* Money: value follows the work and the adoption curve; cost by category. */
static double knot_money(const struct knot *kn, int q)
{
	double work = shape_work(kn->kd[LB_TEAM], kn->t);
	if (q == M_VALUE)
		return (0.15 + 0.85 * work) * (0.9 + 0.2 * trend_adoption(kn->t)) *
		       (1.0 + 0.08 * knot_wob(kn, 1, 8));
	switch (kn->kd[LB_CATEGORY]) {
	case CAT_LICENSE:
		return 1.0;
	case CAT_INFRA:
		return (0.2 + 0.8 * work) * (1.0 + 0.08 * knot_wob(kn, 2, 8));
	case CAT_TRAINING:
		return shape_office(kn->t) * (1.0 + 0.2 * knot_wob(kn, 3, 16));
	default:
		return (0.15 + 0.85 * work) * (1.0 + 0.03 * knot_wob(kn, 4, 8));
	}
}

/* Adoption (share of people active with AI) of a team's segment at this knot. */
static double hr_adoption(const struct knot *kn)
{
	double a = segment_adopt[kn->kd[LB_SEGMENT]] + teams[kn->kd[LB_TEAM]].adopt +
		   0.23 * (trend_adoption(kn->t) - 0.5) + 0.012 * knot_wob(kn, 9, 96);
	return fmin(fmax(a, 0.0), 0.95);
}

/* Enrolment creeping up, times the completion of a cohort's enrolled, at this knot. */
static double hr_completion(const struct knot *kn)
{
	double l = trend_adoption(kn->t);
	double c = 0.68 + segment_complete[kn->kd[LB_SEGMENT]] + 0.14 * (l - 0.5) +
		   0.01 * knot_wob(kn, 10, 96);
	return (0.94 + 0.06 * l) * c;
}

/* The share of trained people who use AI at work. */
static double hr_use(const struct knot *kn)
{
	return segment_use[kn->kd[LB_SEGMENT]] + 0.06 * (trend_adoption(kn->t) - 0.5) +
	       0.01 * knot_wob(kn, 11, 96);
}

/* eNPS of a team, region and segment: a slow mood cycle plus day-to-day noise. */
static double hr_enps(const struct knot *kn)
{
	double phase = (double)(kn->kh % 1000) / 1000.0 * 2.0 * PI;
	return teams[kn->kd[LB_TEAM]].enps + region_enps[kn->kd[LB_REGION]] +
	       segment_enps[kn->kd[LB_SEGMENT]] + 5.0 * sin(2.0 * PI * kn->t / (17 * DAY) + phase) +
	       2.0 * knot_wob(kn, 12, 96);
}

/* HR: headcount, adoption, training, wellbeing of a team's region and segment. */
static double knot_hr(const struct knot *kn, int q)
{
	switch (q) {
	case H_ACTIVE:
		return hr_adoption(kn);
	case H_ENROLLED:
		return 0.94 + 0.06 * trend_adoption(kn->t);
	case H_COMPLETED:
		return hr_completion(kn);
	case H_TRAINED:
		return hr_completion(kn) * hr_use(kn);
	case H_ENPS:
		return hr_enps(kn);
	case H_OVERTIME:
		return shape_overtime(kn->t) * (1.0 + 0.2 * knot_wob(kn, 6, 8));
	case H_RISK:
		return 1.0 + 0.12 * knot_wob(kn, 7, 192) - 0.1 * (trend_adoption(kn->t) - 0.5);
	case H_ADHERE:
		return 1.0 - 0.025 * shape_work(kn->kd[LB_TEAM], kn->t) +
		       0.012 * knot_wob(kn, 8, 32);
	default:
		return 1.0;
	}
}

/* Queues: backlog, wait, SLA due and breaches of a team's queue and workflow. */
static double knot_queue(const struct knot *kn, int q)
{
	int team = kn->kd[LB_TEAM];
	double backlog = shape_queue(team, kn->t);
	double flow = shape_work(team, kn->t) * (1.0 + 0.06 * knot_wob(kn, 1, 8));
	switch (q) {
	case Q_LEN:
		return backlog * (1.0 + 0.12 * knot_wob(kn, 2, 8));
	case Q_WSUM:
		return flow * (0.45 + 0.9 * backlog) * (1.0 + 0.08 * knot_wob(kn, 3, 8));
	case Q_BREACH:
		return flow * (0.5 + backlog) * (1.0 + 0.15 * knot_wob(kn, 4, 16));
	default:
		return flow;
	}
}

/* Exceptions: low model confidence grows with drift, system errors with incidents. */
static double knot_exc(const struct knot *kn, int q)
{
	(void)q;
	double x = shape_work(kn->kd[LB_TEAM], kn->t) * (1.0 + 0.15 * knot_wob(kn, 1, 8));
	int reason = kn->kd[LB_REASON];
	if (reason == RS_LOWCONF && workflows[kn->kd[LB_WORKFLOW]].model == MD_TRIAGE)
		x *= 1.0 + 4.0 * trend_harm(kn->d, kn->t);
	if (reason == RS_SYSTEM)
		x *= knot_incident(kn);
	return x;
}

/* The log-normal CDF at x with median m and log-sd s. */
static double lognorm_cdf(double x, double m, double s)
{
	return 0.5 * erfc(-log(x / m) / (s * 1.4142135623730951));
}

/*
 * The share of a model's requests within le seconds: fast body, slow shoulder,
 * load-driven tail. About 0.3% of requests take over 300 ms, inside the 99.5%
 * objective but for the rare incident.
 */
static double model_latency_cdf(const struct knot *kn, int model, double le)
{
	if (isinf(le))
		return 1.0;
	uint64_t mh = noise_mix(0x6d6f64656cULL + (uint64_t)model);
	double load = shape_work(TEAM_CLAIMS, kn->t);
	double m = model_median[model] * (1.0 + 0.3 * load) *
		   (1.0 + 0.04 * noise_wobble(kn->d->seed, mh, 7, kn->k, 8));
	double tail = 0.0026 * (0.126 + load) * knot_incident(kn) *
		      (1.0 + 0.25 * noise_wobble(kn->d->seed, mh, 8, kn->k, 8));
	double shoulder = 0.053;
	return (1.0 - shoulder - tail) * lognorm_cdf(le, m, 0.36) +
	       shoulder * lognorm_cdf(le, 0.105, 0.28) + tail * lognorm_cdf(le, 0.61, 0.22);
}

/* A model's recall at this knot: drift in triage-nlp's inputs costs it recall. */
static double model_recall_at(const struct knot *kn, int model)
{
	double r = model_recall[model] + 0.012 * knot_wob(kn, 9, 96);
	return model == MD_TRIAGE ? r - 0.5 * trend_harm(kn->d, kn->t) : r;
}

/* A model's precision at this knot. */
static double model_precision_at(const struct knot *kn, int model)
{
	double p = model_precision[model] + 0.012 * knot_wob(kn, 10, 96);
	return model == MD_TRIAGE ? p - 0.3 * trend_harm(kn->d, kn->t) : p;
}

/* Model traffic of one team: requests, errors, fallbacks, overrides, outcomes, latency. */
static double knot_model(const struct knot *kn, int q)
{
	int model = kn->kd[LB_MODEL];
	double req = shape_work(kn->kd[LB_TEAM], kn->t) * (1.0 + 0.05 * knot_wob(kn, 1, 8));
	double load = shape_work(TEAM_CLAIMS, kn->t);
	double r = model_recall_at(kn, model), p = model_precision_at(kn, model);
	switch (q) {
	case MQ_ERR:
		return req * (0.7 + 0.6 * load) * (1.0 + 0.25 * knot_wob(kn, 2, 8)) *
		       knot_incident(kn);
	case MQ_FALLBACK:
		return req * (0.5 + load) * (1.0 + 0.2 * knot_wob(kn, 3, 8));
	case MQ_OVERRIDE:
		return req * (1.0 + 0.1 * knot_wob(kn, 4, 8)) *
		       (model == MD_TRIAGE ? 1.0 + 1.5 * trend_harm(kn->d, kn->t) : 1.0);
	case MQ_TP:
		return req * r;
	case MQ_FN:
		return req * (1.0 - r);
	case MQ_FP:
		return req * r * (1.0 - p) / p;
	default:
		return req;
	}
}

/* Latency: a model's requests answered within buckets[q] seconds (the biggest user's shape). */
static double knot_latency(const struct knot *kn, int q)
{
	double req = shape_work(TEAM_CLAIMS, kn->t) * (1.0 + 0.05 * knot_wob(kn, 1, 8));
	return req * model_latency_cdf(kn, kn->kd[LB_MODEL], buckets[q]);
}

/* Drift: the PSI of one feature of one model at this knot (or its weight). */
static double knot_drift(const struct knot *kn, int q)
{
	if (q == D_W)
		return 1.0;
	int model = kn->kd[LB_MODEL], feature = kn->kd[LB_FEATURE];
	double psi = feature_psi[model][feature] + 0.005 * knot_wob(kn, 1, 16);
	if (model == MD_TRIAGE && feature == FT_AMOUNT)
		psi += trend_drift(kn->d, kn->t);
	if (model == MD_DOC && feature == FT_TEXT)
		psi += 0.04 * sin(2.0 * PI * kn->t / (11 * DAY));
	if (feature == FT_REGION)
		psi += 0.015 * sin(2.0 * PI * kn->t / (7 * DAY) + 1.0);
	return fmax(psi, 0.005);
}

/* The profile of table fam's key kd at knot k, for quantity q. */
static double profile_at(const struct demo *d, int fam, const signed char *kd, uint64_t kh, int q,
			 int64_t k)
{
	struct knot kn = {d, kd, kh, k, (double)k * KNOT};
	switch (fam) {
	case FAM_WORK:
		return knot_work(&kn, q);
	case FAM_MONEY:
		return knot_money(&kn, q);
	case FAM_HR:
		return knot_hr(&kn, q);
	case FAM_QUEUE:
		return knot_queue(&kn, q);
	case FAM_EXC:
		return knot_exc(&kn, q);
	case FAM_MODEL:
		return knot_model(&kn, q);
	case FAM_LAT:
		return knot_latency(&kn, q);
	default:
		return knot_drift(&kn, q);
	}
}

/* ---- the cell tables ---- */

/* The key of tb with the label values of dim on its key labels, added when new. */
static unsigned short table_key(struct table *tb, const signed char *dim)
{
	signed char kd[LB_COUNT];
	for (int l = 0; l < LB_COUNT; l++)
		kd[l] = (table_keymask[tb->fam] & BIT(l)) ? dim[l] : -1;
	for (size_t i = 0; i < tb->nkeys; i++)
		if (memcmp(tb->keys[i], kd, sizeof kd) == 0)
			return (unsigned short)i;
	if (tb->nkeys == tb->kcap) {
		size_t cap = tb->kcap;
		xgrow(&tb->keys, &tb->kcap, tb->nkeys + 1, sizeof *tb->keys);
		xgrow(&tb->keyhash, &cap, tb->nkeys + 1, sizeof *tb->keyhash);
	}
	uint64_t h = (uint64_t)tb->fam;
	for (int l = 0; l < LB_COUNT; l++)
		h = noise_mix(h ^ (uint64_t)(kd[l] + 2));
	memcpy(tb->keys[tb->nkeys], kd, sizeof kd);
	tb->keyhash[tb->nkeys] = h;
	return (unsigned short)tb->nkeys++;
}

/* Add a cell with label values dim to tb; returns its bases, zeroed, valid until the next add. */
static double *table_add(struct table *tb, const signed char *dim)
{
	if (tb->n == tb->cap) {
		size_t cap = tb->cap;
		xgrow(&tb->cells, &tb->cap, tb->n + 1, sizeof *tb->cells);
		if (cap != tb->cap)
			tb->base = xrealloc(tb->base, tb->cap * (size_t)tb->nq * sizeof *tb->base);
	}
	struct cell *c = &tb->cells[tb->n];
	memcpy(c->dim, dim, sizeof c->dim);
	c->key = table_key(tb, dim);
	double *b = &tb->base[tb->n * (size_t)tb->nq];
	memset(b, 0, (size_t)tb->nq * sizeof *b);
	tb->n++;
	return b;
}

/* A label vector with no values. */
static void dim_clear(signed char *dim)
{
	memset(dim, -1, LB_COUNT);
}

/* Place people in every team x role x region x segment x arm cell, rounding at random. */
static void build_people(struct demo *d)
{
	uint64_t i = 0;
	for (int tm = 0; tm < NTEAM; tm++)
		for (int r = 0; r < NROLE; r++)
			for (int g = 0; g < NREG; g++)
				for (int s = 0; s < NSEG; s++)
					for (int a = 0; a < NGRP; a++, i++) {
						const struct team_spec *ts = &teams[tm];
						double e = ts->size * ts->role[r] * ts->region[g] *
							   ts->segment[s] * 0.5;
						double u = 0.5 + 0.5 * noise_unit(d->seed,
										  0xbeefULL, i, 0);
						d->people[tm][r][g][s][a] =
						    (unsigned char)floor(e + u);
					}
	/* the fraud team: three people, below any privacy floor */
	d->people[TEAM_FRAUD][ROLE_ANALYST][REG_EMEA][SEG_BUILDER][GRP_TREAT] = 2;
	d->people[TEAM_FRAUD][ROLE_AGENT][REG_AMER][SEG_USER][GRP_CONTROL] = 1;
}

/* Add the work cells of one people cell (h people) for one workflow. */
static void build_work_cell(struct demo *d, const signed char *dim, double h)
{
	int tm = dim[LB_TEAM], wf = dim[LB_WORKFLOW], treat = dim[LB_GROUP] == GRP_TREAT;
	double *b = table_add(&d->tab[FAM_WORK], dim);
	double hours = h * teams[tm].wf[wf] * 0.85;
	double aht = teams[tm].aht[wf] * role_aht[dim[LB_ROLE]] * (treat ? 0.88 : 1.0);
	double autom = workflows[wf].automation + (treat ? 0.05 : 0.0);
	double manual = hours * 0.72 * 60.0 / aht;
	double tasks = manual / (1.0 - autom);
	b[W_TASKS] = tasks;
	b[W_HOURS] = hours;
	b[W_AUTO] = tasks * autom;
	b[W_HCOUNT] = manual;
	b[W_HSUM] = manual * aht * 60.0;
	b[W_REWORK] = tasks * workflows[wf].rework * (tm == TEAM_DISPATCH ? 1.4 : 1.0);
	d->tw_tasks[tm][wf] += tasks;
	d->tw_hours[tm][wf] += hours;
}

/* The work table: every people cell split over its team's workflows. */
static void build_work(struct demo *d)
{
	signed char dim[LB_COUNT];
	dim_clear(dim);
	for (int tm = 0; tm < NTEAM; tm++)
		for (int r = 0; r < NROLE; r++)
			for (int g = 0; g < NREG; g++)
				for (int s = 0; s < NSEG; s++)
					for (int a = 0; a < NGRP; a++) {
						int h = d->people[tm][r][g][s][a];
						for (int wf = 0; wf < NWF && h > 0; wf++) {
							if (teams[tm].wf[wf] <= 0)
								continue;
							dim[LB_TEAM] = (signed char)tm;
							dim[LB_ROLE] = (signed char)r;
							dim[LB_REGION] = (signed char)g;
							dim[LB_SEGMENT] = (signed char)s;
							dim[LB_GROUP] = (signed char)a;
							dim[LB_WORKFLOW] = (signed char)wf;
							build_work_cell(d, dim, h);
						}
					}
}

/* The money table: value per team and workflow, cost also per category. */
static void build_money(struct demo *d)
{
	signed char dim[LB_COUNT];
	for (int tm = 0; tm < NTEAM; tm++)
		for (int wf = 0; wf < NWF; wf++) {
			if (d->tw_hours[tm][wf] <= 0)
				continue;
			double value = d->tw_hours[tm][wf] * 15.0;
			dim_clear(dim);
			dim[LB_TEAM] = (signed char)tm;
			dim[LB_WORKFLOW] = (signed char)wf;
			table_add(&d->tab[FAM_MONEY], dim)[M_VALUE] = value;
			for (int c = 0; c < NCAT; c++) {
				dim[LB_CATEGORY] = (signed char)c;
				table_add(&d->tab[FAM_MONEY], dim)[M_COST] =
				    value / teams[tm].value_per_cost * category_share[c];
			}
		}
}

/* The HR cells of one team x role x region x segment cohort of h people. */
static void build_hr_cell(struct demo *d, signed char *dim, double h)
{
	int tm = dim[LB_TEAM], seg = dim[LB_SEGMENT], role = dim[LB_ROLE];
	double completed = 0.0;
	for (int tr = 0; tr < NTRACK; tr++) {
		if (segment_track[seg][tr] <= 0)
			continue;
		dim[LB_TRACK] = (signed char)tr;
		double *b = table_add(&d->tab[FAM_HR], dim);
		b[H_ENROLLED] = h * segment_enroll[seg] * segment_track[seg][tr];
		b[H_COMPLETED] = b[H_ENROLLED] * track_complete[tr];
		completed += b[H_COMPLETED];
	}
	dim[LB_TRACK] = -1;
	double *b = table_add(&d->tab[FAM_HR], dim);
	b[H_HC] = h;
	b[H_ACTIVE] = h * role_adopt[role];
	b[H_TRAINED] = completed;
	b[H_ENPS] = h;
	b[H_OVERTIME] = h * teams[tm].overtime;
	b[H_RISK] = h * teams[tm].risk * role_risk[role];
	b[H_ADHERE] = h * teams[tm].adhere * region_adhere[dim[LB_REGION]];
}

/* The HR table: people by team x role x region x segment (arms merged), and by track. */
static void build_hr(struct demo *d)
{
	signed char dim[LB_COUNT];
	dim_clear(dim);
	for (int tm = 0; tm < NTEAM; tm++)
		for (int r = 0; r < NROLE; r++)
			for (int g = 0; g < NREG; g++)
				for (int s = 0; s < NSEG; s++) {
					int h = 0;
					for (int a = 0; a < NGRP; a++)
						h += d->people[tm][r][g][s][a];
					if (h == 0)
						continue;
					dim[LB_TEAM] = (signed char)tm;
					dim[LB_ROLE] = (signed char)r;
					dim[LB_REGION] = (signed char)g;
					dim[LB_SEGMENT] = (signed char)s;
					build_hr_cell(d, dim, h);
				}
}

/* The queue and exception tables: per team and workflow, by queue and by reason. */
static void build_queues(struct demo *d)
{
	signed char dim[LB_COUNT];
	for (int tm = 0; tm < NTEAM; tm++)
		for (int wf = 0; wf < NWF; wf++) {
			double tasks = d->tw_tasks[tm][wf];
			if (tasks <= 0)
				continue;
			dim_clear(dim);
			dim[LB_TEAM] = (signed char)tm;
			dim[LB_WORKFLOW] = (signed char)wf;
			for (int qu = 0; qu < NQUEUE; qu++) {
				dim[LB_QUEUE] = (signed char)qu;
				double *b = table_add(&d->tab[FAM_QUEUE], dim);
				b[Q_LEN] = teams[tm].qlen * teams[tm].wf[wf] * queue_share[qu];
				b[Q_WCOUNT] = b[Q_DUE] = tasks * queue_share[qu];
				b[Q_WSUM] = b[Q_WCOUNT] * queue_wait[qu] * teams[tm].wait;
				b[Q_BREACH] = b[Q_DUE] * teams[tm].breach * queue_breach[qu];
			}
			dim[LB_QUEUE] = -1;
			for (int rs = 0; rs < NREASON; rs++) {
				dim[LB_REASON] = (signed char)rs;
				table_add(&d->tab[FAM_EXC], dim)[X_COUNT] =
				    tasks * 0.03 * reason_share[rs] * teams[tm].exceptions;
			}
		}
}

/* The traffic of one model (label values in dim) per team; returns its requests per hour. */
static double build_model_traffic(struct demo *d, signed char *dim)
{
	int m = dim[LB_MODEL];
	double total = 0.0;
	for (int tm = 0; tm < NTEAM; tm++) {
		double req = 0.0;
		for (int wf = 0; wf < NWF; wf++)
			if (workflows[wf].model == m)
				req += d->tw_tasks[tm][wf] * 1.5;
		if (req <= 0)
			continue;
		dim[LB_TEAM] = (signed char)tm;
		double *b = table_add(&d->tab[FAM_MODEL], dim);
		b[MQ_REQ] = req;
		b[MQ_ERR] = req * 0.004;
		b[MQ_FALLBACK] = req * 0.012;
		b[MQ_OVERRIDE] = req * teams[tm].override * (m == MD_DOC ? 0.8 : 1.0);
		b[MQ_TP] = b[MQ_FP] = b[MQ_FN] = req * 0.1;
		total += req;
	}
	dim[LB_TEAM] = -1;
	return total;
}

/* The model tables: traffic per team, latency buckets, and drift per feature. */
static void build_models(struct demo *d)
{
	signed char dim[LB_COUNT];
	for (int m = 0; m < NMODEL; m++) {
		dim_clear(dim);
		dim[LB_MODEL] = (signed char)m;
		dim[LB_VERSION] = (signed char)model_version[m];
		double total = build_model_traffic(d, dim);
		double *lat = table_add(&d->tab[FAM_LAT], dim);
		for (int j = 0; j < NBUCKET; j++)
			lat[j] = total;
		for (int f = 0; f < NFEATURE; f++) {
			dim[LB_FEATURE] = (signed char)f;
			double *b = table_add(&d->tab[FAM_DRIFT], dim);
			b[D_PSIW] = b[D_W] = model_weight[m];
		}
	}
}

/* A company simulated from seed; the caller owns it and frees it with demo_free. */
struct demo *demo_new(uint64_t seed)
{
	struct demo *d = xcalloc(1, sizeof *d);
	d->seed = seed;
	d->drift_phase = (double)(noise_mix(seed ^ 0xd71f7ULL) % (uint64_t)DRIFT_PERIOD);
	for (int f = 0; f < NFAM; f++) {
		d->tab[f].fam = f;
		d->tab[f].nq = table_nq[f];
	}
	build_people(d);
	build_work(d);
	build_money(d);
	build_hr(d);
	build_queues(d);
	build_models(d);
	return d;
}

/* Free d and its tables; NULL is fine. */
void demo_free(struct demo *d)
{
	if (d == NULL)
		return;
	for (int f = 0; f < NFAM; f++) {
		free(d->tab[f].cells);
		free(d->tab[f].base);
		free(d->tab[f].keys);
		free(d->tab[f].keyhash);
	}
	free(d);
}

/* ---- signals: one key's profile as a spline through its knots ---- */

/* The profile of one key and quantity, with caches of knots and spline segments. */
struct sig {
	const struct demo *d;
	const signed char *kd;
	uint64_t kh;
	int fam, q;
	int64_t kk[SIG_SLOTS];
	double kv[SIG_SLOTS];
	int64_t si[2];
	double sc[2][8]; /* the cubic's coefficients, then its integral's (over u) */
};

/* Point s at key key of table tb, quantity q, with empty caches. */
static void sig_init(struct sig *s, const struct demo *d, const struct table *tb, size_t key, int q)
{
	s->d = d;
	s->kd = tb->keys[key];
	s->kh = tb->keyhash[key];
	s->fam = tb->fam;
	s->q = q;
	for (int i = 0; i < SIG_SLOTS; i++)
		s->kk[i] = INT64_MIN;
	s->si[0] = s->si[1] = INT64_MIN;
}

/* The profile at knot k. */
static double sig_knot(struct sig *s, int64_t k)
{
	int slot = (int)((uint64_t)k & (SIG_SLOTS - 1));
	if (s->kk[slot] != k) {
		s->kk[slot] = k;
		s->kv[slot] = profile_at(s->d, s->fam, s->kd, s->kh, s->q, k);
	}
	return s->kv[slot];
}

/* The Catmull-Rom cubic between knots i and i + 1 (u^0..u^3), then its integral over u, / u. */
static const double *sig_seg(struct sig *s, int64_t i)
{
	int slot = (int)((uint64_t)i & 1);
	double *c = s->sc[slot];
	if (s->si[slot] != i) {
		double p0 = sig_knot(s, i - 1), p1 = sig_knot(s, i);
		double p2 = sig_knot(s, i + 1), p3 = sig_knot(s, i + 2);
		s->si[slot] = i;
		c[0] = p1;
		c[1] = 0.5 * (p2 - p0);
		c[2] = 0.5 * (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3);
		c[3] = 0.5 * (-p0 + 3.0 * p1 - 3.0 * p2 + p3);
		c[4] = c[0];
		c[5] = c[1] / 2.0;
		c[6] = c[2] / 3.0;
		c[7] = c[3] / 4.0;
	}
	return c;
}

/* The profile at time t (a gauge's level). */
static double sig_at(struct sig *s, double t)
{
	double x = t / KNOT;
	int64_t i = (int64_t)floor(x);
	double u = x - (double)i;
	const double *c = sig_seg(s, i);
	return c[0] + u * (c[1] + u * (c[2] + u * c[3]));
}

/* The integral of segment i from 0 to u, in knots. */
static double sig_part(struct sig *s, int64_t i, double u)
{
	const double *c = sig_seg(s, i);
	return u * (c[4] + u * (c[5] + u * (c[6] + u * c[7])));
}

/* The integral of whole segments i0 .. i1 - 1; sampled when there are very many. */
static double sig_sum(struct sig *s, int64_t i0, int64_t i1)
{
	double sum = 0.0;
	int64_t m = i1 - i0;
	if (m <= SIG_EXACT) {
		for (int64_t i = i0; i < i1; i++)
			sum += (-sig_knot(s, i - 1) + 13.0 * (sig_knot(s, i) + sig_knot(s, i + 1)) -
				sig_knot(s, i + 2)) /
			       24.0;
		return sum;
	}
	int64_t stride = m / SIG_EXACT + 1, count = 0;
	for (int64_t j = (noise_floordiv(i0 - 1, stride) + 1) * stride; j < i1; j += stride) {
		sum += sig_knot(s, j);
		count++;
	}
	return sum / (double)count * (double)m;
}

/* The integral of the profile over (a, b], in hours. */
static double sig_integral(struct sig *s, double a, double b)
{
	double ka = a / KNOT, kb = b / KNOT;
	int64_t i0 = (int64_t)floor(ka), i1 = (int64_t)floor(kb);
	double ua = ka - (double)i0, ub = kb - (double)i1, sum;
	if (i0 == i1)
		sum = sig_part(s, i1, ub) - sig_part(s, i0, ua);
	else
		sum = sig_part(s, i0, 1.0) - sig_part(s, i0, ua) + sig_sum(s, i0 + 1, i1) +
		      sig_part(s, i1, ub);
	return sum * (KNOT / 3600.0);
}

/* ---- KPIs ---- */

/* num / den, NaN when den is not positive. */
static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

/* The first quantity as is: counts, money, levels. */
static double eval_sum(const double *v, size_t ns)
{
	(void)ns;
	return v[0];
}

/* The first quantity over the second. */
static double eval_ratio(const double *v, size_t ns)
{
	(void)ns;
	return ratio(v[0], v[1]);
}

/* (value - cost) / cost. */
static double eval_roi(const double *v, size_t ns)
{
	(void)ns;
	return ratio(v[0] - v[1], v[1]);
}

/* 1 - breaches / due. */
static double eval_compliance(const double *v, size_t ns)
{
	(void)ns;
	return 1.0 - ratio(v[0], v[1]);
}

/* (completed - trained and active) / completed. */
static double eval_gap(const double *v, size_t ns)
{
	(void)ns;
	return ratio(v[0] - v[1], v[0]);
}

/* Treatment productivity over control productivity, minus 1 (v: control, treatment). */
static double eval_delta(const double *v, size_t ns)
{
	(void)ns;
	return ratio(ratio(v[2], v[3]), ratio(v[0], v[1])) - 1.0;
}

/* The largest of the per-feature ratios (v: ns pairs). */
static double eval_max_ratio(const double *v, size_t ns)
{
	double best = NAN;
	for (size_t s = 0; s < ns; s++) {
		double r = ratio(v[2 * s], v[2 * s + 1]);
		if (!isnan(r) && (isnan(best) || r > best))
			best = r;
	}
	return best;
}

/* tp / (tp + fp). */
static double eval_precision(const double *v, size_t ns)
{
	(void)ns;
	return ratio(v[0], v[0] + v[1]);
}

/* tp / (tp + fn). */
static double eval_recall(const double *v, size_t ns)
{
	(void)ns;
	return ratio(v[0], v[0] + v[1]);
}

/* 2 tp / (2 tp + fp + fn) (v: tp, fp, fn). */
static double eval_f1(const double *v, size_t ns)
{
	(void)ns;
	return ratio(2.0 * v[0], 2.0 * v[0] + v[1] + v[2]);
}

/* The phi-quantile of cumulative bucket counts c, the way histogram_quantile computes it. */
static double hist_quantile(double phi, const double *c)
{
	double total = c[NBUCKET - 1], rank = phi * total, prev = 0.0, lo = 0.0;
	if (!(total > 0))
		return NAN;
	for (int j = 0; j < NBUCKET - 1; j++) {
		double cum = fmax(c[j], prev);
		if (cum >= rank && cum > prev)
			return lo + (buckets[j] - lo) * (rank - prev) / (cum - prev);
		prev = cum;
		lo = buckets[j];
	}
	return buckets[NBUCKET - 2];
}

/* Median latency from the merged buckets. */
static double eval_p50(const double *v, size_t ns)
{
	(void)ns;
	return hist_quantile(0.50, v);
}

/* 95th percentile latency from the merged buckets. */
static double eval_p95(const double *v, size_t ns)
{
	(void)ns;
	return hist_quantile(0.95, v);
}

/* 99th percentile latency from the merged buckets. */
static double eval_p99(const double *v, size_t ns)
{
	(void)ns;
	return hist_quantile(0.99, v);
}

/* Error budget left: 1 - (1 - SLI) / (1 - objective), SLI the share under 300 ms. */
static double eval_budget(const double *v, size_t ns)
{
	(void)ns;
	return 1.0 - (1.0 - ratio(v[0], v[1])) / (1.0 - SLO_OBJECTIVE);
}

/* The burn rate of that budget: (1 - SLI) / (1 - objective), 1 spends it exactly in its window. */
static double eval_burn(const double *v, size_t ns)
{
	(void)ns;
	return (1.0 - ratio(v[0], v[1])) / (1.0 - SLO_OBJECTIVE);
}

static const char *const ls_tw[] = {"team", "workflow", NULL};
static const char *const ls_twc[] = {"team", "workflow", "category", NULL};
static const char *const ls_trrwg[] = {"team", "role", "region", "workflow", "group", NULL};
static const char *const ls_trrw[] = {"team", "role", "region", "workflow", NULL};
static const char *const ls_trrs[] = {"team", "role", "region", "segment", NULL};
static const char *const ls_trrst[] = {"team", "role", "region", "segment", "track", NULL};
static const char *const ls_tr[] = {"team", "region", NULL};
static const char *const ls_trr[] = {"team", "role", "region", NULL};
static const char *const ls_tqw[] = {"team", "queue", "workflow", NULL};
static const char *const ls_trwg[] = {"team", "role", "workflow", "group", NULL};
static const char *const ls_twr[] = {"team", "workflow", "reason", NULL};
static const char *const ls_mv[] = {"model", "version", NULL};
static const char *const ls_mvf[] = {"model", "version", "feature", NULL};
static const char *const ls_mvt[] = {"model", "version", "team", NULL};

static const unsigned char qs_buckets[NBUCKET] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
};

/* The quantities a KPI sums, as a pointer and a count. */
#define QS(...) (const unsigned char[]){__VA_ARGS__}, sizeof((const unsigned char[]){__VA_ARGS__})

enum { FLOW, GAUGE };

/* One KPI: where its quantities live, how they are summed and how they become a value. */
struct kpi_def {
	const char *id;
	int fam;
	int gauge; /* GAUGE: the level at t; FLOW: over (t - step, t] */
	int sub;   /* a label each answer is split by before eval, or -1 */
	int sub2;  /* a second label to split by (its values nest in sub's), or -1 */
	const char *const *labels; /* what it may be grouped and filtered by */
	const unsigned char *qs;   /* the quantities eval gets, per sub value */
	size_t nq;
	double (*eval)(const double *v, size_t ns);
};

static const struct kpi_def kpis[] = {
    {"roi", FAM_MONEY, FLOW, -1, -1, ls_tw, QS(M_VALUE, M_COST), eval_roi},
    {"ai_value_usd", FAM_MONEY, FLOW, -1, -1, ls_tw, QS(M_VALUE), eval_sum},
    {"ai_cost_usd", FAM_MONEY, FLOW, -1, -1, ls_twc, QS(M_COST), eval_sum},
    {"productivity", FAM_WORK, FLOW, -1, -1, ls_trrwg, QS(W_TASKS, W_HOURS), eval_ratio},
    {"productivity_delta", FAM_WORK, FLOW, LB_GROUP, -1, ls_trrw, QS(W_TASKS, W_HOURS), eval_delta},
    {"automation_rate", FAM_WORK, FLOW, -1, -1, ls_tw, QS(W_AUTO, W_TASKS), eval_ratio},
    {"tasks_completed", FAM_WORK, FLOW, -1, -1, ls_trrwg, QS(W_TASKS), eval_sum},
    {"adoption_rate", FAM_HR, GAUGE, -1, -1, ls_trrs, QS(H_ACTIVE, H_HC), eval_ratio},
    {"headcount", FAM_HR, GAUGE, -1, -1, ls_trrs, QS(H_HC), eval_sum},
    {"training_completion", FAM_HR, GAUGE, -1, -1, ls_trrst, QS(H_COMPLETED, H_ENROLLED),
     eval_ratio},
    {"training_gap", FAM_HR, GAUGE, -1, -1, ls_trrs, QS(H_COMPLETED, H_TRAINED), eval_gap},
    {"enps", FAM_HR, GAUGE, -1, -1, ls_tr, QS(H_ENPS, H_HC), eval_ratio},
    {"overtime_hours", FAM_HR, FLOW, -1, -1, ls_trr, QS(H_OVERTIME), eval_sum},
    {"flight_risk", FAM_HR, GAUGE, -1, -1, ls_trr, QS(H_RISK, H_HC), eval_ratio},
    {"queue_length", FAM_QUEUE, GAUGE, -1, -1, ls_tqw, QS(Q_LEN), eval_sum},
    {"queue_wait_seconds", FAM_QUEUE, FLOW, -1, -1, ls_tqw, QS(Q_WSUM, Q_WCOUNT), eval_ratio},
    {"aht_seconds", FAM_WORK, FLOW, -1, -1, ls_trwg, QS(W_HSUM, W_HCOUNT), eval_ratio},
    {"sla_compliance", FAM_QUEUE, FLOW, -1, -1, ls_tqw, QS(Q_BREACH, Q_DUE), eval_compliance},
    {"sla_breaches", FAM_QUEUE, FLOW, -1, -1, ls_tqw, QS(Q_BREACH), eval_sum},
    {"exceptions", FAM_EXC, FLOW, -1, -1, ls_twr, QS(X_COUNT), eval_sum},
    {"rework_rate", FAM_WORK, FLOW, -1, -1, ls_tw, QS(W_REWORK, W_TASKS), eval_ratio},
    {"schedule_adherence", FAM_HR, GAUGE, -1, -1, ls_tr, QS(H_ADHERE, H_HC), eval_ratio},
    {"latency_p50_seconds", FAM_LAT, FLOW, -1, -1, ls_mv, qs_buckets, NBUCKET, eval_p50},
    {"latency_p95_seconds", FAM_LAT, FLOW, -1, -1, ls_mv, qs_buckets, NBUCKET, eval_p95},
    {"latency_p99_seconds", FAM_LAT, FLOW, -1, -1, ls_mv, qs_buckets, NBUCKET, eval_p99},
    {"latency_slo", FAM_LAT, FLOW, -1, -1, ls_mv, QS(BUCKET_300MS, NBUCKET - 1), eval_ratio},
    {"error_budget_left", FAM_LAT, FLOW, -1, -1, ls_mv, QS(BUCKET_300MS, NBUCKET - 1), eval_budget},
    {"latency_slo_burn", FAM_LAT, FLOW, -1, -1, ls_mv, QS(BUCKET_300MS, NBUCKET - 1), eval_burn},
    {"precision", FAM_MODEL, FLOW, -1, -1, ls_mv, QS(MQ_TP, MQ_FP), eval_precision},
    {"recall", FAM_MODEL, FLOW, -1, -1, ls_mv, QS(MQ_TP, MQ_FN), eval_recall},
    {"f1", FAM_MODEL, FLOW, -1, -1, ls_mv, QS(MQ_TP, MQ_FP, MQ_FN), eval_f1},
    {"drift", FAM_DRIFT, GAUGE, -1, -1, ls_mvf, QS(D_PSIW, D_W), eval_ratio},
    {"drift_max", FAM_DRIFT, GAUGE, LB_FEATURE, LB_MODEL, ls_mv, QS(D_PSIW, D_W), eval_max_ratio},
    {"override_rate", FAM_MODEL, FLOW, -1, -1, ls_mvt, QS(MQ_OVERRIDE, MQ_REQ), eval_ratio},
    {"overrides", FAM_MODEL, FLOW, -1, -1, ls_mvt, QS(MQ_OVERRIDE), eval_sum},
    {"fallback_rate", FAM_MODEL, FLOW, -1, -1, ls_mv, QS(MQ_FALLBACK, MQ_REQ), eval_ratio},
    {"error_rate", FAM_MODEL, FLOW, -1, -1, ls_mv, QS(MQ_ERR, MQ_REQ), eval_ratio},
};

#define NKPI (sizeof kpis / sizeof kpis[0])

/* The KPI called id, or NULL. */
static const struct kpi_def *kpi_find(const char *id)
{
	for (size_t i = 0; id != NULL && i < NKPI; i++)
		if (strcmp(kpis[i].id, id) == 0)
			return &kpis[i];
	return NULL;
}

/* The label called name, or -1. */
static int label_find(const char *name)
{
	for (int l = 0; name != NULL && l < LB_COUNT; l++)
		if (strcmp(label_names[l], name) == 0)
			return l;
	return -1;
}

/* The label called name if def may be grouped or filtered by it, else -1. */
static int kpi_label(const struct kpi_def *def, const char *name)
{
	for (size_t i = 0; name != NULL && def->labels[i] != NULL; i++)
		if (strcmp(def->labels[i], name) == 0)
			return label_find(name);
	return -1;
}

/* The index of value among label's values, or -2 (matching no cell) when it has none. */
static int label_value(int label, const char *value)
{
	const char *const *vs = label_values[label];
	for (int i = 0; value != NULL && vs[i] != NULL; i++)
		if (strcmp(vs[i], value) == 0)
			return i;
	return -2;
}

/* The number of values label takes. */
static size_t label_count(int label)
{
	size_t n = 0;
	while (label_values[label][n] != NULL)
		n++;
	return n;
}

/* ---- queries ---- */

static void query_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Write a one-line reason into err (errlen bytes), always NUL-terminated. */
static void query_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Report that def has no label name, listing the labels it has. */
static enum kpi_status query_bad_label(const struct kpi_def *def, const char *name, char *err,
				       size_t errlen)
{
	char list[160] = "";
	size_t len = 0;
	for (size_t i = 0; def->labels[i] != NULL && len < sizeof list; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
					def->labels[i]);
	query_err(err, errlen, "KPI '%s' has no label '%s' (it has: %s)", def->id, name ? name : "",
		  list);
	return KPI_BAD_LABEL;
}

/* Check that q's group and filters name labels of def. */
static enum kpi_status query_check_labels(const struct kpi_def *def, const struct kpi_query *q,
					  char *err, size_t errlen)
{
	if (q->group_by != NULL && kpi_label(def, q->group_by) < 0)
		return query_bad_label(def, q->group_by, err, errlen);
	for (size_t i = 0; i < q->nfilter; i++)
		if (kpi_label(def, q->filter[i].name) < 0)
			return query_bad_label(def, q->filter[i].name, err, errlen);
	return KPI_OK;
}

/* Check q's range and count its points into *n. */
static enum kpi_status query_check_range(const struct kpi_query *q, size_t *n, char *err,
					 size_t errlen)
{
	if (!isfinite(q->start) || !isfinite(q->end) || !isfinite(q->step) ||
	    fabs(q->start) > TIME_LIMIT || fabs(q->end) > TIME_LIMIT || q->step > TIME_LIMIT) {
		query_err(err, errlen, "bad range: start, end and step must be finite times");
		return KPI_BAD_RANGE;
	}
	if (q->step <= 0) {
		query_err(err, errlen, "bad range: step must be positive");
		return KPI_BAD_RANGE;
	}
	if (q->end < q->start) {
		query_err(err, errlen, "bad range: end is before start");
		return KPI_BAD_RANGE;
	}
	double points = floor((q->end - q->start) / q->step + 1e-9) + 1.0;
	if (points > KPI_MAX_POINTS) {
		query_err(err, errlen, "bad range: %.0f points, more than the %d allowed", points,
			  KPI_MAX_POINTS);
		return KPI_BAD_RANGE;
	}
	*n = (size_t)points;
	return KPI_OK;
}

/* One query being answered: its KPI, its shape and its sums. */
struct plan {
	const struct demo *d;
	const struct kpi_def *def;
	const struct table *tb;
	int gl, sl, sl2; /* group and sub labels, -1 for none */
	size_t ng, ns, nk, nq, n;
	double start, step;
	int *fl, *fv; /* filter labels and value indexes */
	size_t nf;
	double *agg;   /* [ng][ns][nk][nq]: summed bases */
	double *acc;   /* [ng][ns][nq][n]: summed quantities per point */
	double *w;     /* [n]: one signal over the points */
	char *present; /* [ng]: a cell matched */
};

/* Set p up for q against d, with zeroed sums. */
static void plan_init(struct plan *p, const struct demo *d, const struct kpi_def *def,
		      const struct kpi_query *q, size_t n)
{
	memset(p, 0, sizeof *p);
	p->d = d;
	p->def = def;
	p->tb = &d->tab[def->fam];
	p->gl = q->group_by ? label_find(q->group_by) : -1;
	p->sl = def->sub;
	p->ng = p->gl >= 0 ? label_count(p->gl) : 1;
	p->sl2 = def->sub2;
	p->ns = (p->sl >= 0 ? label_count(p->sl) : 1) * (p->sl2 >= 0 ? label_count(p->sl2) : 1);
	p->nk = p->tb->nkeys;
	p->nq = def->nq;
	p->n = n;
	p->start = q->start;
	p->step = q->step;
	p->nf = q->nfilter;
	p->fl = xcalloc(p->nf + 1, sizeof *p->fl);
	p->fv = xcalloc(p->nf + 1, sizeof *p->fv);
	for (size_t i = 0; i < p->nf; i++) {
		p->fl[i] = label_find(q->filter[i].name);
		p->fv[i] = label_value(p->fl[i], q->filter[i].value);
	}
	p->agg = xcalloc(p->ng * p->ns * p->nk * p->nq, sizeof *p->agg);
	p->acc = xcalloc(p->ng * p->ns * p->nq * n, sizeof *p->acc);
	p->w = xcalloc(n, sizeof *p->w);
	p->present = xcalloc(p->ng, 1);
}

/* Free what p holds. */
static void plan_done(struct plan *p)
{
	free(p->fl);
	free(p->fv);
	free(p->agg);
	free(p->acc);
	free(p->w);
	free(p->present);
}

/* True when cell c matches every filter of p. */
static int plan_match(const struct plan *p, const struct cell *c)
{
	for (size_t i = 0; i < p->nf; i++)
		if (c->dim[p->fl[i]] != p->fv[i])
			return 0;
	return 1;
}

/* Sum the bases of the matching cells per group, sub value and key. */
static void plan_aggregate(struct plan *p)
{
	const struct table *tb = p->tb;
	for (size_t i = 0; i < tb->n; i++) {
		const struct cell *c = &tb->cells[i];
		int g = p->gl >= 0 ? c->dim[p->gl] : 0;
		int s = p->sl >= 0 ? c->dim[p->sl] : 0;
		if (p->sl2 >= 0)
			s = s * label_count(p->sl2) + c->dim[p->sl2];
		if (g < 0 || s < 0 || !plan_match(p, c))
			continue;
		p->present[g] = 1;
		double *a = &p->agg[(((size_t)g * p->ns + (size_t)s) * p->nk + c->key) * p->nq];
		const double *b = &tb->base[i * (size_t)tb->nq];
		for (size_t j = 0; j < p->nq; j++)
			a[j] += b[p->def->qs[j]];
	}
}

/* True when some group and sub value has a base for key k and quantity j. */
static int plan_needs(const struct plan *p, size_t k, size_t j)
{
	for (size_t gs = 0; gs < p->ng * p->ns; gs++)
		if (p->agg[(gs * p->nk + k) * p->nq + j] != 0)
			return 1;
	return 0;
}

/* Fill p->w with key k's profile of quantity j at every point (level or window integral). */
static void plan_signal(struct plan *p, size_t k, size_t j)
{
	struct sig s;
	sig_init(&s, p->d, p->tb, k, p->def->qs[j]);
	for (size_t i = 0; i < p->n; i++) {
		double t = p->start + (double)i * p->step;
		p->w[i] = p->def->gauge == GAUGE ? sig_at(&s, t) : sig_integral(&s, t - p->step, t);
	}
}

/* Add every key's signal, times its summed bases, into the per-point sums. */
static void plan_integrate(struct plan *p)
{
	for (size_t k = 0; k < p->nk; k++)
		for (size_t j = 0; j < p->nq; j++) {
			if (!plan_needs(p, k, j))
				continue;
			plan_signal(p, k, j);
			for (size_t gs = 0; gs < p->ng * p->ns; gs++) {
				double a = p->agg[(gs * p->nk + k) * p->nq + j];
				double *acc = &p->acc[(gs * p->nq + j) * p->n];
				for (size_t i = 0; a != 0 && i < p->n; i++)
					acc[i] += a * p->w[i];
			}
		}
}

/* Append group g's series to out: eval of its sums at each point, NaN when nothing matched. */
static void plan_emit(const struct plan *p, size_t g, struct series *out)
{
	double v[NBUCKET * NFEATURE];
	size_t width = p->ns * p->nq;
	for (size_t i = 0; i < p->n; i++) {
		for (size_t x = 0; x < width; x++)
			v[x] = p->acc[((g * p->ns) * p->nq + x) * p->n + i];
		double val = p->present[g] ? p->def->eval(v, p->ns) : NAN;
		series_push(out, p->start + (double)i * p->step, val);
	}
}

/* Answer q into out (appended to); on error nothing is appended and err says why. */
enum kpi_status demo_query(const struct demo *d, const struct kpi_query *q, struct series_set *out,
			   char *err, size_t errlen)
{
	const struct kpi_def *def = kpi_find(q->kpi);
	size_t n = 0;
	if (def == NULL) {
		query_err(err, errlen, "unknown KPI '%s'", q->kpi ? q->kpi : "");
		return KPI_UNKNOWN;
	}
	enum kpi_status st = query_check_labels(def, q, err, errlen);
	if (st == KPI_OK)
		st = query_check_range(q, &n, err, errlen);
	if (st != KPI_OK)
		return st;
	struct plan p;
	plan_init(&p, d, def, q, n);
	plan_aggregate(&p);
	plan_integrate(&p);
	for (size_t g = 0; g < p.ng; g++) {
		if (p.gl >= 0 && !p.present[g])
			continue;
		struct series *s = series_set_add(out);
		if (p.gl >= 0)
			series_label_set(s, label_names[p.gl], label_values[p.gl][g]);
		plan_emit(&p, g, s);
	}
	plan_done(&p);
	return KPI_OK;
}

/* The number of KPIs the demo answers. */
size_t demo_kpi_count(void)
{
	return NKPI;
}

/* The id of the i-th KPI, or NULL past the end. */
const char *demo_kpi_id(size_t i)
{
	return i < NKPI ? kpis[i].id : NULL;
}

/* The NULL-terminated labels KPI id may be grouped or filtered by; NULL if unknown. */
const char *const *demo_kpi_labels(const char *id)
{
	const struct kpi_def *def = kpi_find(id);
	return def ? def->labels : NULL;
}

/* The NULL-terminated values label takes in the demo company; NULL if unknown. */
const char *const *demo_label_values(const char *label)
{
	int l = label_find(label);
	return l >= 0 ? label_values[l] : NULL;
}
