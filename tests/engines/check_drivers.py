#!/usr/bin/env python3
"""The drivers kpidash names in `--once --what-changed`, against the engine's own answers.

usage: check_drivers.py URL WHAT_CHANGED.tsv --end UNIX_S

For each planted fault of the "faults" data set (gen_data.py) whose entry the list must
hold, this finds the entry, takes its "since", and works out on its own what drove the
change: the KPI broken down by each label its panel may be drilled by, over the time since
the change began and as long before it, asked of the engine with PromQL written here (not
the dashboard's), and the cohorts ranked by their part in the change:

  a ratio of sums  part_i = (w'_i / W') r'_i - (w_i / W) r_i, weights the denominators;
  an average       part_i = the cohort's own move, the largest share of the moves first.

It prints one "ok - " or "not ok - " line a check and ends with "N passed, M failed".
"""

import argparse
import datetime
import json
import math
import re
import sys
import urllib.parse
import urllib.request

PASS = FAIL = 0


def check(name, ok, detail=""):
    """Count and print one check."""
    global PASS, FAIL
    if ok:
        PASS += 1
        print("ok - " + name)
    else:
        FAIL += 1
        print("not ok - " + name + (": " + detail if detail else ""))


def instant(url, query, t):
    """The engine's answer to query at t: {label value: number}, by the one label it keeps."""
    q = urllib.parse.urlencode({"query": query, "time": "%d" % t})
    with urllib.request.urlopen(url + "/api/v1/query?" + q, timeout=20) as r:
        body = json.load(r)
    out = {}
    for s in body["data"]["result"]:
        labels = s["metric"]
        key = next(iter(labels.values())) if labels else ""
        out[key] = float(s["value"][1])
    return out


def ratio_parts(url, num, den, label, end, span, one_minus=False):
    """Each cohort's part in the change of sum(num)/sum(den) (or 1 minus it) from the span
    before to the last, weighted by den."""
    def at(t):
        n = instant(url, "sum by (%s) (%s)" % (label, num.replace("$D", "%ds" % span)), t)
        d = instant(url, "sum by (%s) (%s)" % (label, den.replace("$D", "%ds" % span)), t)
        r = {k: n[k] / d[k] for k in d if k in n and d[k] > 0}
        return {k: (1 - v if one_minus else v, d[k]) for k, v in r.items()}
    before, after = at(end - span), at(end)
    keys = [k for k in after if k in before]
    w0 = sum(before[k][1] for k in keys)
    w1 = sum(after[k][1] for k in keys)
    parts = {k: after[k][1] / w1 * after[k][0] - before[k][1] / w0 * before[k][0] for k in keys}
    return parts, sum(parts.values())


def mean_moves(url, metric, label, end, before):
    """Each cohort's own move of avg by (label) (metric) from `before` to end."""
    b = instant(url, "avg by (%s) (%s)" % (label, metric), before)
    a = instant(url, "avg by (%s) (%s)" % (label, metric), end)
    return {k: a[k] - b[k] for k in a if k in b}


def best(parts, total):
    """The cohort that moved most with the total, and its part."""
    same = {k: v for k, v in parts.items() if v * total > 0}
    if not same:
        return None, 0.0
    k = max(same, key=lambda k: abs(same[k]))
    return k, same[k]


def best_ratio(url, num, den, labels, end, span, one_minus=False):
    """Over labels, the cohort with the largest part in a ratio's change (the first label on
    a tie): (label, cohort, its part, the total change)."""
    cands = []
    for label in labels:
        parts, total = ratio_parts(url, num, den, label, end, span, one_minus)
        k, v = best(parts, total)
        cands.append((abs(v), label, k, v, total))
    _, label, k, part, total = max(cands, key=lambda c: c[0])
    return label, k, part, total


def read_list(path):
    """The what-changed TSV as dicts."""
    cols = ["level", "view", "title", "series", "now", "window", "normal", "since", "kinds",
            "drivers"]
    rows = []
    with open(path) as f:
        for line in f:
            rows.append(dict(zip(cols, line.rstrip("\n").split("\t"))))
    return rows


def find(rows, view, title, series=""):
    """The entry of view and title (and series), or None."""
    for r in rows:
        if r["view"] == view and r["title"] == title and r["series"] == series:
            return r
    return None


def since_of(row):
    """Its since as Unix seconds, or None."""
    try:
        t = datetime.datetime.strptime(row["since"], "%Y-%m-%dT%H:%M:%SZ")
    except (KeyError, ValueError):
        return None
    return int(t.replace(tzinfo=datetime.timezone.utc).timestamp())


DRIVER = re.compile(r"^(?:spread; most )?([a-z_]+)=(\S+) ([+-][0-9.]+)pp"
                    r"(?: of ([+-][0-9.]+)pp| on its own)$")


def check_driver(name, row, expect_label, expect_value, part, total, own=False):
    """The entry's drivers text against the cohort and figures worked out here (in pp)."""
    m = DRIVER.match(row.get("drivers", "")) if row else None
    check(name + ": names a driver", m is not None, row.get("drivers", "") if row else "no entry")
    if m is None:
        return
    got = "%s=%s" % (m.group(1), m.group(2))
    want = "%s=%s" % (expect_label, expect_value)
    check(name + ": the driver is " + want, got == want, "kpidash named " + got)
    tol = 0.11  # one decimal shown, and the rounding of both
    ok = abs(float(m.group(3)) - part * 100) <= tol
    if not own:
        ok = ok and m.group(4) is not None and abs(float(m.group(4)) - total * 100) <= tol
    check(name + ": its part (%+.2fpp%s) is the engine's" %
          (part * 100, "" if own else " of %+.2fpp" % (total * 100)), ok, row["drivers"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("tsv")
    ap.add_argument("--end", type=int, required=True)
    a = ap.parse_args()
    rows = read_list(a.tsv)
    end = a.end

    # One team's SLA: the company figure of operations, over the time since it fell.
    row = find(rows, "operations", "SLA compliance")
    since = since_of(row) if row else None
    check("SLA compliance is listed with when it began", since is not None,
          "no operations 'SLA compliance' entry with a since")
    if since is not None:
        span = end - since
        num = "increase(kpi_sla_breaches_total[$D])"
        den = "increase(kpi_sla_due_total[$D])"
        label, k, part, total = best_ratio(a.url, num, den, ("team", "workflow"), end, span,
                                           one_minus=True)
        check("the engine says team=claims drove SLA compliance",
              (label, k) == ("team", "claims"), "%s=%s" % (label, k))
        check_driver("SLA compliance", row, label, k, part, total)

    # One model breaking its latency SLO: the model view's share under 300 ms.
    row = find(rows, "model", "Under 300 ms (SLO 99.5%)")
    since = since_of(row) if row else None
    check("Under 300 ms is listed with when it began", since is not None, "no entry")
    if since is not None:
        span = end - since
        num = 'rate(model_inference_latency_seconds_bucket{le="0.3"}[$D])'
        den = "rate(model_inference_latency_seconds_count[$D])"
        label, k, part, total = best_ratio(a.url, num, den, ("model", "version"), end, span)
        check("the engine says model=doc-extract drove the latency SLO",
              k in ("doc-extract", "v3"), "%s=%s" % (label, k))
        check_driver("Under 300 ms", row, label, k, part, total)

    # One region's schedule adherence: an average, so each cohort's own move.
    row = find(rows, "operations", "Schedule adherence")
    since = since_of(row) if row else None
    check("Schedule adherence is listed with when it began", since is not None, "no entry")
    if since is not None:
        before = since - (end - since)
        cands = []
        for label in ("team", "region"):
            moves = mean_moves(a.url, "kpi_schedule_adherence_ratio", label, end, before)
            total = sum(moves.values())
            k, v = best(moves, total)
            share = v / total if total else 0
            cands.append((abs(share), label, k, v))
        _, label, k, move = max(cands, key=lambda c: c[0])
        check("the engine says region=apac moved schedule adherence",
              (label, k) == ("region", "apac"), "%s=%s" % (label, k))
        check_driver("Schedule adherence", row, label, k, move, 0, own=True)

    print("%d passed, %d failed" % (PASS, FAIL))
    return 1 if FAIL else 0


if __name__ == "__main__":
    sys.exit(main())
