#!/usr/bin/env python3
"""Deterministic KPI test data for the engine fixture (tests/engines/).

Writes every metric of the contract (docs/metrics.md) with its cohort labels,
one sample every 60 s for N hours ending at --end, in one of two formats:

  openmetrics  for `promtool tsdb create-blocks-from openmetrics`: timestamps in
               seconds, every series written whole and sorted by time (promtool
               silently drops out-of-order samples), closed by "# EOF".
  prometheus   text exposition with millisecond timestamps, for VictoriaMetrics'
               POST /api/v1/import/prometheus.

Every value is a pure function of the seed and the sample index counted from the
first sample: the clock only shifts the timestamps, so two runs with the same
--end write identical files. Each series draws from its own random.Random seeded
with a string, which Python hashes with SHA-512 (stable across runs and versions;
the built-in hash() is not).

Three scenarios: "default" (the fixture most tests use: one drifting feature per
model, a half-hour slow spell of doc-extract), "calm" (a healthy company: nothing
past a threshold, nothing shifting) and "faults" (calm, then the problems the
what-changed list must find: team claims missing its SLA in the last 45 minutes,
doc-extract slow and drifting in the last hour while triage-nlp is fine, schedule
adherence falling in region apac only for the last 90 minutes).

The label sets are a realistic subset, not the cross product: a team works only
some workflows, in some regions, with some roles. The small team "fraud" is one HR
cohort of 3 people, under the default privacy floor of 5.
"""

import argparse
import math
import random
import sys

STEP = 60  # seconds between samples
PERIOD = 360  # samples in one "day" of the load wave (independent of --hours)

# Who works where, on what. A team's HR cohorts are roles x regions x segments.
TEAMS = {
    "claims": {
        "roles": ["agent", "analyst"],
        "regions": ["emea", "amer", "apac"],
        "workflows": ["exception_triage", "doc_review"],
        "segments": ["ai_user", "ai_builder", "ai_leader"],
        "scale": 1.0,
    },
    "dispatch": {
        "roles": ["planner", "technician"],
        "regions": ["emea", "amer"],
        "workflows": ["dispatch", "exception_triage"],
        "segments": ["ai_user", "ai_builder", "ai_leader"],
        "scale": 0.8,
    },
    "underwriting": {
        "roles": ["analyst", "agent"],
        "regions": ["amer", "apac"],
        "workflows": ["doc_review"],
        "segments": ["ai_user", "ai_builder", "ai_leader"],
        "scale": 0.6,
    },
    # One cohort of 3 people: every HR view must show it suppressed.
    "fraud": {
        "roles": ["analyst"],
        "regions": ["emea"],
        "workflows": ["exception_triage"],
        "segments": ["ai_user"],
        "scale": 0.15,
    },
}
FRAUD_HEADCOUNT = 3

GROUPS = ["treatment", "control"]
QUEUES = ["intake", "review", "escalation"]
REASONS = ["missing_document", "data_mismatch", "policy_ambiguity",
           "low_model_confidence", "system_error"]
COST_CATEGORIES = {"license": 6.0, "infra": 4.0, "training": 2.5, "people": 7.0}

# Models, the features whose drift is watched, and the teams that use them.
MODELS = [
    {"model": "triage-nlp", "version": "v7", "rate": 420.0,
     "features": ["claim_amount", "channel", "text_length", "customer_tenure"],
     "teams": ["claims", "dispatch", "fraud"]},
    {"model": "doc-extract", "version": "v3", "rate": 160.0,
     "features": ["page_count", "doc_type", "scan_quality"],
     "teams": ["claims", "underwriting"]},
]

# AI upskilling tracks: everyone may take foundations; builders and leaders more.
TRACKS = {
    "ai_user": ["foundations"],
    "ai_builder": ["foundations", "automation_builder"],
    "ai_leader": ["foundations", "ai_leadership"],
}

# Histogram upper bounds (the +Inf bucket is added when written).
LATENCY_BOUNDS = [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5]
WAIT_BOUNDS = [30, 60, 120, 300, 600, 1800, 3600, 7200, 14400]
HANDLE_BOUNDS = [60, 120, 300, 600, 900, 1800, 3600]

# Which data set is written (--scenario); set once by main().
SCENARIO = "default"
# The planted faults, in samples before the end.
FAULT_SLA_TEAM, FAULT_SLA_LAST, FAULT_SLA_RATE = "claims", 45, 0.45
FAULT_MODEL, FAULT_MODEL_LAST, FAULT_DRIFT_FEATURE = "doc-extract", 60, "scan_quality"
FAULT_REGION, FAULT_REGION_LAST, FAULT_ADHERENCE = "apac", 90, 0.70


def calm():
    """Whether the levels are a healthy company's (calm, and faults before they begin)."""
    return SCENARIO != "default"


def pick(default, healthy):
    """The default data set's level, or a healthy company's."""
    return healthy if calm() else default


def faulted(i, n, last):
    """Whether sample i of n is within the last `last` samples of a faulted data set."""
    return SCENARIO == "faults" and i >= n - last


class Series:
    """One time series: sample name, ordered labels, one value per step."""

    def __init__(self, name, labels, values):
        self.name = name
        self.labels = labels  # list of (key, value), in output order
        self.values = values


class Family:
    """A metric of the contract: its name, type, help text and series."""

    def __init__(self, name, mtype, help_text):
        self.name = name
        self.type = mtype
        self.help = help_text
        self.series = []


# ---------------------------------------------------------------- randomness


def series_rng(seed, name, labels):
    """The random stream of one series, fixed by the seed and its identity."""
    key = "%d|%s|%s" % (seed, name, ",".join("%s=%s" % kv for kv in labels))
    return random.Random(key)


def wave(i, phase=0.0, depth=0.2):
    """Load over the "day": 1 +/- depth, a function of the sample index only."""
    return 1.0 + depth * math.sin(2.0 * math.pi * (i / PERIOD + phase))


def draw_count(rng, mean):
    """A non-negative whole number of events around mean (rounded Gaussian)."""
    if mean <= 0:
        return 0
    return max(0, int(round(mean + rng.gauss(0.0, math.sqrt(mean)))))


def split(rng, n, share):
    """How many of n events fall in a share of them, rounded at random."""
    return min(n, int(n * share + rng.random()))


# ---------------------------------------------------------------- shapes


def step_increases(rng, n, mean_fn, whole=True):
    """What a counter gains at each step: mean_fn(i) expected, never negative.

    Whole counters count events; the others (dollars, hours) keep two decimals.
    """
    if whole:
        return [draw_count(rng, mean_fn(i)) for i in range(n)]
    return [round(max(0.0, mean_fn(i) * (1.0 + rng.gauss(0.0, 0.15))), 2)
            for i in range(n)]


def running_total(rng, increases, whole=True, warm=4000):
    """A counter: a warm start (as if exported for days) plus the increases.

    The start is about `warm` steps of the average increase. Never decreases.
    """
    mean = sum(increases) / max(1, len(increases))
    total = mean * warm * rng.uniform(0.8, 1.2)
    total = float(int(total)) if whole else round(total, 2)
    out = []
    for inc in increases:
        total = total + inc if whole else round(total + inc, 2)
        out.append(total)
    return out


def counter_values(rng, n, mean_fn, whole=True):
    """A counter whose step increases are drawn around mean_fn(i)."""
    return running_total(rng, step_increases(rng, n, mean_fn, whole), whole)


def gauge_values(rng, n, mean_fn, noise, lo, hi, digits=3):
    """A gauge wandering around mean_fn(i), clipped to [lo, hi]."""
    out = []
    for i in range(n):
        v = mean_fn(i) + rng.gauss(0.0, noise)
        out.append(round(min(hi, max(lo, v)), digits))
    return out


def normalise(weights):
    """Weights scaled to sum to 1."""
    s = float(sum(weights))
    return [w / s for w in weights]


def histogram_series(rng, name, labels, bounds, counts, shares_fn, warm=4000):
    """Cumulative buckets, _sum and _count of one histogram.

    counts[i] is the number of observations at step i; shares_fn(i) gives the
    share falling in each interval (len(bounds) + 1 of them, the last above the
    highest bound). Each interval's observations are credited at a point inside
    it, so _sum is consistent with the buckets, and _count equals le="+Inf".
    Returns the list of Series and the per-step totals actually observed.
    """
    points = [bounds[0] * 0.6] + [
        (bounds[k - 1] + bounds[k]) / 2.0 for k in range(1, len(bounds))
    ] + [bounds[-1] * 1.5]
    nint = len(bounds) + 1
    # Warm start: the average shares over a long, quiet past.
    mean = sum(counts) / max(1, len(counts))
    past = int(mean * warm * rng.uniform(0.8, 1.2))
    per_int = [int(past * s) for s in shares_fn(0)]
    total_sum = sum(c * p for c, p in zip(per_int, points))
    buckets = [[] for _ in range(nint)]
    sums, cnts, observed = [], [], []
    for i, n in enumerate(counts):
        shares = shares_fn(i)
        step_total = 0
        for k in range(nint):
            got = split(rng, n, shares[k])
            per_int[k] += got
            total_sum += got * points[k]
            step_total += got
        observed.append(step_total)
        running = 0
        for k in range(nint):
            running += per_int[k]
            buckets[k].append(float(running))
        sums.append(round(total_sum, 3))
        cnts.append(float(running))
    out = []
    for k in range(nint):
        le = "+Inf" if k == nint - 1 else fmt_bound(bounds[k])
        out.append(Series(name + "_bucket", labels + [("le", le)], buckets[k]))
    out.append(Series(name + "_sum", list(labels), sums))
    out.append(Series(name + "_count", list(labels), cnts))
    return out, observed


def fmt_bound(b):
    """A bucket bound as Go clients write it: 0.3, 1, 2.5, 300."""
    return ("%g" % b) if b != int(b) else str(int(b))


# ---------------------------------------------------------------- label sets


def team_workflows():
    """(team, workflow) pairs actually worked."""
    return [(t, w) for t, d in TEAMS.items() for w in d["workflows"]]


def work_cohorts():
    """(team, role, region, workflow, group): who completes which tasks."""
    return [(t, r, g, w, grp) for t, d in TEAMS.items() for r in d["roles"]
            for g in d["regions"] for w in d["workflows"] for grp in GROUPS]


def hr_cohorts():
    """(team, role, region, segment): the HR cohorts."""
    return [(t, r, g, s) for t, d in TEAMS.items() for r in d["roles"]
            for g in d["regions"] for s in d["segments"]]


def team_role_regions():
    """(team, role, region) groups, for overtime and attrition risk."""
    return [(t, r, g) for t, d in TEAMS.items() for r in d["roles"]
            for g in d["regions"]]


# ---------------------------------------------------------------- executive


def gen_executive(seed, n):
    """Value, cost, tasks, hours and automation (the ROI and productivity inputs)."""
    tasks = Family("kpi_tasks_completed_total", "counter", "Units of work finished.")
    hours = Family("kpi_worker_hours_total", "counter", "Paid hours spent on that work.")
    auto = Family("kpi_tasks_automated_total", "counter",
                  "Tasks finished with no manual step.")
    value = Family("kpi_ai_value_usd_total", "counter", "Value credited to AI, USD.")
    cost = Family("kpi_ai_cost_usd_total", "counter", "What the AI programme costs, USD.")
    done_by_pair = {}
    for team, role, region, wf, grp in work_cohorts():
        labels = [("team", team), ("role", role), ("region", region),
                  ("workflow", wf), ("group", grp)]
        rng = series_rng(seed, tasks.name, labels)
        people = 6.0 + 14.0 * TEAMS[team]["scale"] * rng.uniform(0.7, 1.3)
        # Tasks per worker-hour: the treatment arm (AI-assisted) does ~25% more.
        per_hour = rng.uniform(4.0, 7.0) * (1.25 if grp == "treatment" else 1.0)
        phase = rng.random() * 0.1
        h_rng = series_rng(seed, hours.name, labels)
        hours.series.append(Series(hours.name, labels, counter_values(
            h_rng, n, lambda i: people / 60.0 * wave(i, phase), whole=False)))
        incs = step_increases(rng, n, lambda i: people * per_hour / 60.0 * wave(i, phase))
        tasks.series.append(Series(tasks.name, labels, running_total(rng, incs)))
        # Automation, exceptions and rework are shares of these, per team/workflow.
        acc = done_by_pair.setdefault((team, wf), [0] * n)
        for i in range(n):
            acc[i] += incs[i]
    for team, wf in team_workflows():
        labels = [("team", team), ("workflow", wf)]
        rng = series_rng(seed, auto.name, labels)
        rate = {"doc_review": 0.45, "exception_triage": 0.3, "dispatch": 0.2}[wf]
        share = rate * rng.uniform(0.8, 1.2)
        incs = [split(rng, c, share) for c in done_by_pair[(team, wf)]]
        auto.series.append(Series(auto.name, labels, running_total(rng, incs)))
        # Value: ~$35 a minute for a full-size team; fraud barely pays back yet.
        v_rng = series_rng(seed, value.name, labels)
        usd = pick(35.0, 48.0) * TEAMS[team]["scale"] * v_rng.uniform(0.8, 1.3)
        value.series.append(Series(value.name, labels, counter_values(
            v_rng, n, lambda i: usd * wave(i, 0.05), whole=False)))
        for cat, per_min in COST_CATEGORIES.items():
            clabels = labels + [("category", cat)]
            c_rng = series_rng(seed, cost.name, clabels)
            c_usd = per_min * max(0.35, TEAMS[team]["scale"]) * c_rng.uniform(0.8, 1.2)
            cost.series.append(Series(cost.name, clabels, counter_values(
                c_rng, n, lambda i: c_usd, whole=False)))
    return [value, cost, tasks, hours, auto], done_by_pair


# ---------------------------------------------------------------- operations

# Typical wait before pick-up per queue: interval weights over WAIT_BOUNDS.
WAIT_SHAPES = {
    "intake": [30, 25, 20, 12, 7, 4, 1.5, 0.4, 0.1, 0.0],
    "review": [5, 10, 18, 25, 20, 14, 6, 1.5, 0.5, 0.0],
    "escalation": [1, 2, 4, 8, 15, 25, 25, 14, 5, 1],
}
QUEUE_ARRIVALS = {"intake": 4.0, "review": 2.0, "escalation": 0.4}
QUEUE_LENGTH = {"intake": 40.0, "review": 14.0, "escalation": 4.0}
BREACH_RATE = {"intake": 0.02, "review": 0.04, "escalation": 0.09}
# A healthy company's: escalations picked up within minutes, shorter queues.
CALM_WAIT_SHAPES = {
    "intake": WAIT_SHAPES["intake"],
    "review": WAIT_SHAPES["review"],
    "escalation": [3, 6, 12, 25, 30, 20, 4, 0, 0, 0],
}
CALM_QUEUE_LENGTH = {"intake": 22.0, "review": 10.0, "escalation": 3.0}


def gen_queues(seed, n):
    """Queue length, wait histogram and SLA counters per team, queue and workflow."""
    length = Family("kpi_queue_length", "gauge", "Items waiting now.")
    wait = Family("kpi_queue_wait_seconds", "histogram", "Time from arrival to pick-up.")
    due = Family("kpi_sla_due_total", "counter", "Items whose SLA deadline passed or was met.")
    breach = Family("kpi_sla_breaches_total", "counter", "Items that missed their SLA.")
    for team, wf in team_workflows():
        scale = TEAMS[team]["scale"]
        for q in QUEUES:
            labels = [("team", team), ("queue", q), ("workflow", wf)]
            rng = series_rng(seed, wait.name, labels)
            phase = rng.random() * 0.2
            arrivals = [draw_count(rng, QUEUE_ARRIVALS[q] * scale * wave(i, phase, 0.3))
                        for i in range(n)]
            shares = normalise(pick(WAIT_SHAPES[q], CALM_WAIT_SHAPES[q]))
            series, seen = histogram_series(rng, wait.name, labels, WAIT_BOUNDS,
                                            arrivals, lambda i: shares)
            wait.series.extend(series)
            l_rng = series_rng(seed, length.name, labels)
            mean_len = pick(QUEUE_LENGTH, CALM_QUEUE_LENGTH)[q] * scale * l_rng.uniform(0.7, 1.3)
            depth = pick(0.35, 0.05)
            length.series.append(Series(length.name, labels, gauge_values(
                l_rng, n, lambda i: mean_len * wave(i, phase, depth),
                max(1.0, mean_len * 0.08), 0, 10000, digits=0)))
            # SLA: items closed each step; a queue-dependent share missed it.
            d_rng = series_rng(seed, due.name, labels)
            closed = [draw_count(d_rng, QUEUE_ARRIVALS[q] * scale * wave(i, phase, 0.3))
                      for i in range(n)]
            p = BREACH_RATE[q] * d_rng.uniform(0.6, 1.4)
            late = team == FAULT_SLA_TEAM
            missed = [split(d_rng, c, FAULT_SLA_RATE if late and faulted(i, n, FAULT_SLA_LAST)
                            else p) for i, c in enumerate(closed)]
            due.series.append(Series(due.name, labels, running_total(
                d_rng, closed)))
            # Breaches warm-start at the same share of the due counter's start.
            start_due = due.series[-1].values[0] - closed[0]
            b_total = float(int(start_due * p))
            b_vals = []
            for m in missed:
                b_total += m
                b_vals.append(b_total)
            breach.series.append(Series(breach.name, labels, b_vals))
    return [length, wait, due, breach]


def gen_work_quality(seed, n, done_by_pair):
    """Handle time, exceptions, rework and schedule adherence."""
    handle = Family("kpi_task_handle_seconds", "histogram", "Handle time of a task.")
    exc = Family("kpi_exceptions_total", "counter", "Exceptions raised, by root cause.")
    rework = Family("kpi_rework_total", "counter", "Items sent back for rework.")
    adh = Family("kpi_schedule_adherence_ratio", "gauge", "Time worked as scheduled, 0..1.")
    for team, d in TEAMS.items():
        for role in d["roles"]:
            for wf in d["workflows"]:
                for grp in GROUPS:
                    labels = [("team", team), ("role", role), ("workflow", wf),
                              ("group", grp)]
                    rng = series_rng(seed, handle.name, labels)
                    # AI assistance moves handle time down a bucket or so.
                    base = [3, 10, 30, 30, 14, 8, 4, 1]
                    if grp == "treatment":
                        base = [6, 16, 36, 24, 10, 5, 2.5, 0.5]
                    shares = normalise(base)
                    rate = 3.0 * d["scale"] * rng.uniform(0.7, 1.3)
                    counts = [draw_count(rng, rate * wave(i)) for i in range(n)]
                    series, _ = histogram_series(rng, handle.name, labels,
                                                 HANDLE_BOUNDS, counts, lambda i: shares)
                    handle.series.extend(series)
    reason_share = dict(zip(REASONS, [0.35, 0.25, 0.15, 0.18, 0.07]))
    for team, wf in team_workflows():
        done = done_by_pair[(team, wf)]
        for reason in REASONS:
            labels = [("team", team), ("workflow", wf), ("reason", reason)]
            rng = series_rng(seed, exc.name, labels)
            p = 0.06 * reason_share[reason] * rng.uniform(0.7, 1.3)
            incs = [split(rng, c, p) for c in done]
            exc.series.append(Series(exc.name, labels, running_total(rng, incs)))
        labels = [("team", team), ("workflow", wf)]
        rng = series_rng(seed, rework.name, labels)
        p = 0.03 * rng.uniform(0.6, 1.6)
        incs = [split(rng, c, p) for c in done]
        rework.series.append(Series(rework.name, labels, running_total(rng, incs)))
    for team, d in TEAMS.items():
        for region in d["regions"]:
            labels = [("team", team), ("region", region)]
            rng = series_rng(seed, adh.name, labels)
            mean = rng.uniform(0.84, 0.95)
            low = region == FAULT_REGION
            adh.series.append(Series(adh.name, labels, gauge_values(
                rng, n, lambda i: FAULT_ADHERENCE if low and faulted(i, n, FAULT_REGION_LAST)
                else mean, 0.01, 0.0, 1.0)))
    return [handle, exc, rework, adh]


# ---------------------------------------------------------------- models

# Latency interval weights over LATENCY_BOUNDS (+ the interval above 5 s).
LATENCY_SHAPES = {
    "triage-nlp": [8, 30, 38, 18, 5.6, 0.25, 0.1, 0.03, 0.01, 0.01],
    "doc-extract": [1, 6, 25, 42, 25, 0.6, 0.25, 0.1, 0.04, 0.01],
}
# doc-extract slows down for half an hour in the second hour: a burn-rate spike.
SLOW_FROM, SLOW_TO = 90, 120
SLOW_SHAPE = [1, 4, 18, 36, 30, 6, 3, 1.5, 0.4, 0.1]
# A healthy company's: about 0.1% of calls over 300 ms, well within a 99.5% SLO.
CALM_LATENCY_SHAPES = {
    "triage-nlp": [8, 30, 38, 18, 5.9, 0.06, 0.02, 0.01, 0.005, 0.005],
    "doc-extract": [1, 6, 25, 42, 25.9, 0.06, 0.02, 0.01, 0.005, 0.005],
}


def latency_shares(model, n):
    """Per-step interval shares of a model's latency (with its slow spells)."""
    normal = normalise(pick(LATENCY_SHAPES, CALM_LATENCY_SHAPES)[model])
    slow = normalise(SLOW_SHAPE)
    if model != "doc-extract":
        return lambda i: normal
    if SCENARIO != "default":
        return lambda i: slow if model == FAULT_MODEL and faulted(i, n, FAULT_MODEL_LAST) \
            else normal
    return lambda i: slow if SLOW_FROM <= i < SLOW_TO else normal


def gen_models(seed, n):
    """Requests, latency, labelled outcomes, drift, overrides and fallbacks."""
    req = Family("model_inference_requests_total", "counter", "Inference calls.")
    lat = Family("model_inference_latency_seconds", "histogram", "Inference latency.")
    lab = Family("model_labeled_predictions_total", "counter",
                 "Predictions whose outcome label arrived.")
    drift = Family("model_drift_score", "gauge", "Population stability index per feature.")
    over = Family("model_human_override_total", "counter", "Suggestions a person overruled.")
    fall = Family("model_fallback_total", "counter", "Requests routed to the human fallback.")
    for m in MODELS:
        ident = [("model", m["model"]), ("version", m["version"])]
        rng = series_rng(seed, lat.name, ident)
        counts = [draw_count(rng, m["rate"] * wave(i, 0.1, 0.25)) for i in range(n)]
        series, seen = histogram_series(rng, lat.name, ident, LATENCY_BOUNDS, counts,
                                        latency_shares(m["model"], n))
        lat.series.extend(series)
        # Every observed call is one request: split them by result code.
        c_rng = series_rng(seed, req.name, ident)
        err = [split(c_rng, s, 0.002) for s in seen]
        tmo = [split(c_rng, s - e, 0.001) for s, e in zip(seen, err)]
        ok = [s - e - t for s, e, t in zip(seen, err, tmo)]
        ok_start = series[-1].values[0] - seen[0]
        for code, incs, share in (("ok", ok, 0.997), ("error", err, 0.002),
                                  ("timeout", tmo, 0.001)):
            total = float(int(ok_start * share))
            vals = []
            for x in incs:
                total += x
                vals.append(total)
            req.series.append(Series(req.name, ident + [("code", code)], vals))
        # Outcome labels arrive for ~5% of calls: precision ~0.9, recall ~0.85.
        l_rng = series_rng(seed, lab.name, ident)
        labelled = [split(l_rng, s, 0.05) for s in seen]
        mix = {"tp": 0.34, "fp": 0.038, "tn": 0.56, "fn": pick(0.06, 0.03)}
        for res, share in mix.items():
            incs = [split(l_rng, x, share) for x in labelled]
            lab.series.append(Series(lab.name, ident + [("result", res)],
                                     running_total(l_rng, incs)))
        for k, feature in enumerate(m["features"]):
            labels = ident + [("feature", feature)]
            d_rng = series_rng(seed, drift.name, labels)
            start = d_rng.uniform(0.05, 0.15)
            # One feature per model drifts upward past 0.2 over the window.
            climb = 0.15 if k == len(m["features"]) - 1 and SCENARIO == "default" else 0.0
            planted = m["model"] == FAULT_MODEL and feature == FAULT_DRIFT_FEATURE

            def level(i, start=start, climb=climb, planted=planted):
                if planted and faulted(i, n, FAULT_MODEL_LAST):  # 0.28 at the end
                    k = i - (n - FAULT_MODEL_LAST) + 1
                    return start + (0.28 - start) * k / FAULT_MODEL_LAST
                return start + climb * i / max(1, n - 1)
            drift.series.append(Series(drift.name, labels, gauge_values(
                d_rng, n, level, 0.004, 0.05, 0.3)))
        for team in m["teams"]:
            labels = ident + [("team", team)]
            o_rng = series_rng(seed, over.name, labels)
            share = 0.05 * TEAMS[team]["scale"] / len(m["teams"]) * o_rng.uniform(0.8, 1.2)
            incs = [split(o_rng, s, share) for s in seen]
            over.series.append(Series(over.name, labels, running_total(o_rng, incs)))
        f_rng = series_rng(seed, fall.name, ident)
        incs = [split(f_rng, s, 0.004) for s in seen]
        fall.series.append(Series(fall.name, ident, running_total(f_rng, incs)))
    return [req, lat, lab, drift, over, fall]


# ---------------------------------------------------------------- HR

ADOPTION = {"ai_user": 0.5, "ai_builder": 0.75, "ai_leader": 0.65}
CALM_ADOPTION = {"ai_user": 0.8, "ai_builder": 0.92, "ai_leader": 0.92}


def stepwise(rng, n, start, lo, hi, every=30):
    """A whole-number gauge that moves by -1, 0 or +1 every `every` samples."""
    out, v = [], start
    for i in range(n):
        if i and i % every == 0:
            v = min(hi, max(lo, v + rng.choice((-1, 0, 0, 1))))
        out.append(float(v))
    return out


def gen_hr(seed, n):
    """Headcount, AI use, training, eNPS, overtime and attrition risk by cohort."""
    head = Family("hr_headcount", "gauge", "People in the cohort.")
    active = Family("hr_ai_active_users", "gauge", "People who used an AI tool in 7 days.")
    enrolled = Family("hr_training_enrolled", "gauge", "People enrolled in an AI track.")
    completed = Family("hr_training_completed", "gauge", "People who completed the track.")
    trained = Family("hr_trained_active_users", "gauge", "Trained and active people.")
    enps = Family("hr_enps", "gauge", "Employee NPS, -100..100.")
    overtime = Family("hr_overtime_hours_total", "counter", "Overtime hours.")
    risk = Family("hr_attrition_risk_ratio", "gauge", "Share of a cohort flagged as flight risk.")
    for team, role, region, seg in hr_cohorts():
        labels = [("team", team), ("role", role), ("region", region), ("segment", seg)]
        rng = series_rng(seed, head.name, labels)
        if team == "fraud":
            hc = FRAUD_HEADCOUNT
        else:
            hc = int(round({"ai_user": 22, "ai_builder": 9, "ai_leader": 6}[seg]
                           * TEAMS[team]["scale"] * rng.uniform(0.8, 1.4)))
            hc = max(6, hc)
        head.series.append(Series(head.name, labels, [float(hc)] * n))
        act0 = int(round(hc * pick(ADOPTION, CALM_ADOPTION)[seg] * rng.uniform(0.8, 1.2)))
        act = stepwise(rng, n, min(hc, act0), pick(0, min(act0, int(0.9 * hc))), hc)
        active.series.append(Series(active.name, labels, act))
        done_found = done_all = 0
        for track in TRACKS[seg]:
            tl = labels + [("track", track)]
            # a healthy company's second tracks are taken by a few
            few = 0.2 if calm() and track != "foundations" else 1.0
            enr = int(round(hc * rng.uniform(0.6, 0.95) * few))
            comp = int(round(enr * rng.uniform(*pick((0.5, 0.9), (0.85, 0.97)))))
            done_all += comp
            if track == "foundations":
                done_found = comp
            enrolled.series.append(Series(enrolled.name, tl, [float(enr)] * n))
            completed.series.append(Series(completed.name, tl, [float(comp)] * n))
        # The training-to-use gap: about a third of the trained do not use AI.
        ratio = rng.uniform(*pick((0.55, 0.8), (0.9, 0.98)))
        done = pick(done_found, min(hc, done_all))
        trained.series.append(Series(trained.name, labels, [
            float(min(int(done * ratio + pick(0.0, 0.5)), a)) for a in act]))
    for team, d in TEAMS.items():
        for region in d["regions"]:
            labels = [("team", team), ("region", region)]
            rng = series_rng(seed, enps.name, labels)
            mean = pick(-5.0, 25.0) if team == "fraud" else rng.uniform(*pick((10, 40), (20, 40)))
            enps.series.append(Series(enps.name, labels, gauge_values(
                rng, n, lambda i: mean, 0.0, -100, 100, digits=0)))
    for team, role, region in team_role_regions():
        labels = [("team", team), ("role", role), ("region", region)]
        rng = series_rng(seed, overtime.name, labels)
        per_min = 0.15 * TEAMS[team]["scale"] * rng.uniform(0.5, 1.5) + 0.02
        overtime.series.append(Series(overtime.name, labels, counter_values(
            rng, n, lambda i: per_min * wave(i, 0.3, 0.5), whole=False)))
        r_rng = series_rng(seed, risk.name, labels)
        mean = r_rng.uniform(*pick((0.05, 0.22), (0.03, 0.08)))
        risk.series.append(Series(risk.name, labels, gauge_values(
            r_rng, n, lambda i: mean, 0.0, 0.0, 1.0)))
    return [head, active, enrolled, completed, trained, enps, overtime, risk]


# ---------------------------------------------------------------- output


def generate(seed, n):
    """Every family of the contract, in the order of docs/metrics.md."""
    execs, done_by_pair = gen_executive(seed, n)
    return (execs + gen_queues(seed, n) + gen_work_quality(seed, n, done_by_pair)
            + gen_models(seed, n) + gen_hr(seed, n))


def escape(v):
    """A label value escaped for both text formats."""
    return v.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def fmt_value(v):
    """A sample value: whole numbers without a fraction, others shortest form."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def write_family(out, fam, start, openmetrics):
    """One family: its HELP and TYPE lines, then each series in time order."""
    # OpenMetrics names a counter family without its _total suffix.
    name = fam.name
    if openmetrics and fam.type == "counter" and name.endswith("_total"):
        name = name[: -len("_total")]
    out.write("# HELP %s %s\n# TYPE %s %s\n" % (name, fam.help, name, fam.type))
    for s in fam.series:
        head = "%s{%s} " % (s.name, ",".join('%s="%s"' % (k, escape(v))
                                              for k, v in s.labels))
        lines = []
        for i, v in enumerate(s.values):
            t = start + i * STEP
            ts = str(t) if openmetrics else str(t * 1000)
            lines.append(head + fmt_value(v) + " " + ts + "\n")
        out.write("".join(lines))


def main():
    """Parse the arguments and write the data or the metric list."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--end", type=int, help="Unix seconds of the last sample")
    ap.add_argument("--hours", type=float, default=6.0, help="span (default 6)")
    ap.add_argument("--seed", type=int, default=20240601, help="random seed")
    ap.add_argument("--format", choices=("openmetrics", "prometheus"),
                    default="openmetrics")
    ap.add_argument("--scenario", choices=("default", "calm", "faults"), default="default",
                    help="the data set: default, calm, or faults (calm with planted problems)")
    ap.add_argument("--output", "-o", help="file to write (default: stdout)")
    ap.add_argument("--list-metrics", action="store_true",
                    help="print the contract's metric names, one a line, and exit")
    args = ap.parse_args()
    global SCENARIO
    SCENARIO = args.scenario
    if args.list_metrics:
        for fam in generate(args.seed, 1):
            print(fam.name)
        return 0
    if args.end is None:
        ap.error("--end is required")
    # Samples every 60 s from end - hours to end, both included.
    n = int(args.hours * 3600 // STEP) + 1
    start = args.end - (n - 1) * STEP
    out = open(args.output, "w") if args.output else sys.stdout
    try:
        for fam in generate(args.seed, n):
            write_family(out, fam, start, args.format == "openmetrics")
        if args.format == "openmetrics":
            out.write("# EOF\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
