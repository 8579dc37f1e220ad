#!/usr/bin/env bash
# The drill-down (--once --drill) against real engines: Debian's Prometheus and
# VictoriaMetrics, loaded with the project's data set (tests/engines/start.sh). Every
# cohort kpidash prints must be what the engine itself answers to the panel's PromQL
# with $group the label and $filter the drill path; the (total) row what it answers with
# $group empty. HR panels must hold the privacy floor: the fraud team (3 people) and a
# cohort covering it are hidden, and fraud's real figure is printed nowhere.
# usage: test_drill_engines.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$ROOT/tests/check.sh"
ENG="$(mktemp -d)"
trap '"$HERE/stop.sh" "$ENG"; rm -rf "$ENG"' EXIT

engines_up "$ENG"

# The checks themselves: kpidash's CSV against the engine's own answers.
cat >"$ENG/drill.py" <<'PY'
import csv
import io
import json
import math
import subprocess
import sys
import urllib.parse
import urllib.request

BIN, VIEWS, END, PROM, VM = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
sys.path.insert(0, sys.argv[6])  # tests/engines: check_figures' reading of the views
from check_figures import PER_SECONDS, MIN_STEP, panel_window  # noqa: E402
HEADER = ["view", "panel", "path", "label", "cohort", "value", "change", "unit", "time",
          "step", "range", "status"]
FLOOR = 5
# Under a cohort the floor hides at its own level (small or a cover), every row is hidden.
SUPPRESSED_INSIDE = "suppressed (part of a hidden cohort)"
passed = failed = 0


def report(ok, name, problems=()):
    global passed, failed
    if ok and not problems:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        for p in problems:
            print("#   " + p)
    sys.stdout.flush()


def ask(url, path, form):
    data = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(url + path, data, timeout=30) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(body.get("error", "no success"))
    return body["data"]


def instant(url, promql, t, label=None):
    """The engine's answer at t: {label value: number} (label None: {"": number})."""
    data = ask(url, "/api/v1/query", {"query": promql, "time": "%.3f" % t})
    if data["resultType"] == "scalar":
        return {"": float(data["result"][1])}
    out = {}
    for s in data["result"]:
        key = s["metric"].get(label, "") if label else ""
        out[key] = float(s["value"][1])
    return out


def ranged(url, promql, start, end, step, label=None):
    """The engine's query_range answer: {label value: [(t, v)...]}."""
    data = ask(url, "/api/v1/query_range",
               {"query": promql, "start": "%.3f" % start, "end": "%.3f" % end,
                "step": "%.3f" % step})
    out = {}
    for s in data["result"]:
        key = s["metric"].get(label, "") if label else ""
        out[key] = [(float(t), float(v)) for t, v in s["values"]]
    return out


def same(a, b):
    """Equal to a relative 1e-9, NaN (or none) equal to NaN."""
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


# The drill-down's step rule (views/cohort.c): 60 points across the range, at least the
# engine's 120 s. Computed here from the range, never read from kpidash's CSV.
DRILL_POINTS = 60


def drill_step(rng):
    return float(max(math.ceil(rng / DRILL_POINTS), MIN_STEP))


def declared_scale(q, qstep):
    """The query's declared "per" over the step it is asked with; 1 without one."""
    per = PER_SECONDS.get(q.get("per", "none"))
    return per / qstep if per is not None else 1.0


def duration(s):
    s = math.ceil(s)
    return "%ds" % (s if s >= 1 else 1)


def expand(tmpl, group, flt, step, rng):
    """views/template.c's $variables: $group, $filter, $step, $range, $offset, $$."""
    out, i = [], 0
    while i < len(tmpl):
        ch = tmpl[i]
        if ch != "$":
            out.append(ch)
            i += 1
            continue
        if tmpl[i + 1:i + 2] == "$":
            out.append("$")
            i += 2
            continue
        j = i + 1
        while j < len(tmpl) and (tmpl[j].isalpha() or tmpl[j] == "_"):
            j += 1
        name = tmpl[i + 1:j]
        out.append({"group": group, "filter": flt, "step": duration(step),
                    "range": duration(rng), "offset": duration(rng), "": "$"}[name])
        i = j
    return "".join(out)


def load_views():
    views = {}
    for name in ("executive", "operations", "model", "hr"):
        with open("%s/%s.json" % (VIEWS, name)) as f:
            d = json.load(f)
        panels = {}
        for row in d["rows"]:
            for p in row["panels"]:
                panels[p["title"]] = p
        views[name] = (d, panels)
    return views


VIEW = load_views()


def kpidash(*args):
    r = subprocess.run([BIN, "--clock", "%d" % END, "--once"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def parse_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != HEADER:
        raise ValueError("no CSV header: %r" % (rows[0] if rows else text[:80]))
    return [dict(zip(HEADER, r)) for r in rows[1:]]


def num(s):
    return float(s) if s != "" else None


def matchers(path):
    """A drill path "a=b,c=d" as PromQL matchers, as views/template.c writes them."""
    if not path:
        return ""
    out = []
    for part in path.split(","):
        k, v = part.split("=", 1)
        out.append('%s="%s"' % (k, v.replace("\\", "\\\\").replace('"', '\\"')))
    return ",".join(out)


def suppressed_small(floor):
    return "suppressed (< %d people)" % floor


def suppressed_cover(floor):
    return "suppressed (covers < %d)" % floor


def check_rows(url, view, title, rows, label, path, rng, floor):
    """Problems of one panel's rows against the engine; [] when every figure holds."""
    d, panels = VIEW[view]
    p = panels[title]
    q = p["queries"][0]
    problems = []
    if not rows:
        return ["kpidash printed no row for it"]
    cohorts = [r for r in rows if r["cohort"] != "(total)"]
    totals = [r for r in rows if r["cohort"] == "(total)"]
    if len(totals) != 1 or rows[-1] is not totals[0]:
        problems.append("expected exactly one (total) row, last")
    for r in rows:
        if r["label"] != label or r["path"] != path or float(r["time"]) != END:
            problems.append("row %r: label/path/time not %s/%s/%d" % (r, label, path, END))
            return problems
    step = drill_step(rng)
    for r in rows[:1]:
        if num(r["step"]) != step or num(r["range"]) != rng:
            problems.append("step/range printed %s/%s, the rule gives %g/%d" %
                            (r["step"], r["range"], step, rng))
    qstep = panel_window(p, rng, q)  # a figure is over its declared window (docs/dashboards.md)
    scale = declared_scale(q, qstep)
    flt = matchers(path)
    grouped = expand(q["promql"], label, flt, qstep, rng)
    total = expand(q["promql"], "", flt, qstep, rng)
    want = instant(url, grouped, END, label)
    want_total = instant(url, total, END).get("")
    # Changes: against the same window just before (none where the engine has no data then).
    before = instant(url, grouped, END - qstep, label)
    before_total = instant(url, total, END - qstep).get("")
    dwant = {k: v - before[k] for k, v in want.items() if k in before}
    dwant_total = None if want_total is None or before_total is None else want_total - before_total
    shown = {r["cohort"] for r in cohorts}
    if shown != set(want):
        problems.append("cohorts %s, the engine has %s" % (sorted(shown), sorted(want)))
    heads = heads_total = None
    if p.get("privacy"):
        h = d["headcount"]["promql"]
        heads = instant(url, expand(h, label, flt, step, rng), END, label)
        heads_total = instant(url, expand(h, "", flt, step, rng), END).get("")
    hidden = 0.0
    nsmall = 0
    for r in cohorts:
        c = r["cohort"]
        if heads is not None:
            n = heads.get(c, float("nan"))
            small = not (n >= floor)
            inside = r["status"] == SUPPRESSED_INSIDE and r["value"] == ""
            if small and r["status"] != suppressed_small(floor) and not inside:
                problems.append("%s has %g people but status %r" % (c, n, r["status"]))
            if not small and r["status"] not in ("ok", suppressed_cover(floor)) and not inside:
                problems.append("%s has %g people but status %r" % (c, n, r["status"]))
            if r["status"] != "ok":
                hidden += 0 if math.isnan(n) else n
                nsmall += small
        elif r["status"] != "ok":
            problems.append("%s: status %r on a panel without privacy" % (c, r["status"]))
        if r["status"] != "ok":
            if r["value"] != "" or r["change"] != "":
                problems.append("%s is %s yet shows %r %r" % (c, r["status"], r["value"], r["change"]))
            continue
        if c not in want:
            continue
        v, dv = num(r["value"]), num(r["change"])
        if not same(v, want[c] * scale):
            problems.append("%s: kpidash %r, engine %r" % (c, v, want[c] * scale))
        w = dwant.get(c)
        if not same(dv, None if w is None else w * scale):
            problems.append("%s change: kpidash %r, engine %r" % (c, dv, None if w is None else w * scale))
    if nsmall and hidden < floor and any(r["status"] == "ok" for r in cohorts):
        problems.append("hidden cohorts add up to %g people, under the floor %d" % (hidden, floor))
    for r in totals[:1]:
        if r["status"] == SUPPRESSED_INSIDE and r["value"] == "" and r["change"] == "":
            continue  # under a hidden cohort: its own check is the cover test's
        if heads_total is not None and not heads_total >= floor:
            if r["status"] not in (suppressed_small(floor), SUPPRESSED_INSIDE) or r["value"] != "":
                problems.append("(total) of %g people shown: %r" % (heads_total, r))
            continue
        v, dv = num(r["value"]), num(r["change"])
        if r["status"] != "ok":
            problems.append("(total) status %r" % r["status"])
        if not same(v, None if want_total is None else want_total * scale):
            problems.append("(total): kpidash %r, engine %r" % (v, want_total))
        if not same(dv, None if dwant_total is None else dwant_total * scale):
            problems.append("(total) change: kpidash %r, engine %r" % (dv, dwant_total))
    return problems


def drill_panel(engine, url, view, title, spec, rng, floor=FLOOR):
    """Run kpidash for one panel and check every row of it."""
    parts = spec.split(",")
    path = ",".join(x for x in parts if "=" in x)
    label = [x for x in parts if "=" not in x][-1]
    args = ["--prometheus", url, "--view", view, "--drill", spec, "--panel", title,
            "--range", "%ds" % rng]
    if floor != FLOOR:
        args += ["--privacy-floor", str(floor)]
    name = "%s: %s / %s, by %s%s%s" % (engine, view, title, label,
                                       " under " + path if path else "",
                                       ", floor %d" % floor if floor != FLOOR else "")
    try:
        rc, out, err = kpidash(*args)
        problems = [] if rc == 0 and err == "" else ["exit %d, stderr %r" % (rc, err[:300])]
        rows = [r for r in parse_csv(out) if r["panel"] == title]
        if len(rows) != len(parse_csv(out)):
            problems.append("rows of other panels printed with --panel")
        problems += check_rows(url, view, title, rows, label, path, rng, floor)
        shown = sum(r["cohort"] != "(total)" for r in rows)
        name += ": %d cohorts and the total as the engine computes them" % shown
    except Exception as e:  # kpidash or the engine failed: a failure to report
        problems = ["%s: %s" % (type(e).__name__, e)]
        rows = []
    report(not problems, name, problems)
    return rows


def numbers(text):
    """Every number in the text, split on commas, tabs and spaces."""
    out = []
    for line in text.splitlines():
        for tok in line.replace("\t", ",").replace(" ", ",").split(","):
            try:
                out.append(float(tok))
            except ValueError:
                pass
    return out


H24, H1 = 86400, 3600
# Per-cohort figures of panels of every shape, on both engines, each over its declared
# window. Asked over an hour, so that the window before lies inside the 6 hours of data;
# one over a day, whose window before (a gauge's level a day ago) the engine has not.
CASES = [
    ("executive", "ROI", "team", H1),                           # counter ratio, over the range
    ("executive", "SLA compliance", "team", H1),               # counter ratio, last point
    ("executive", "Value vs cost per hour", "team", H1),       # "per": "hour"
    ("executive", "Productivity vs control", "team=dispatch,role", H1),
    ("executive", "AI adoption", "team", H1),                  # HR ratio in the executive view
    ("operations", "Queue length", "team", H24),               # gauge: no level a day before
    ("operations", "Schedule adherence", "team", H1),          # avg of a gauge
    ("operations", "SLA compliance by team", "team", H1),       # over the range
    ("operations", "Handle time", "team=dispatch,role", H1),
    ("operations", "Queue length", "team=dispatch,workflow", H1),
    ("model", "p99 latency", "model", H1),                     # histogram quantile
    ("model", "Under 300 ms (SLO 99.5%)", "model", H1),
    ("model", "Overrides by team", "team", H1),
    ("model", "p99 latency", "model=doc-extract,version", H1),
    ("model", "Drift by feature (triage-nlp)", "version", H1),  # the query's own filter
    ("hr", "AI adoption", "team", H1),                         # HR ratios, privacy held
    ("hr", "eNPS", "team", H1),
    ("hr", "Teams: training vs use", "team", H1),
    ("hr", "Overtime hours by team", "team", H1),
    ("hr", "AI adoption", "team=dispatch,role", H1),
    ("hr", "Overtime hours by team", "team=dispatch,role", H1),
    ("hr", "AI adoption", "team=fraud,role", H1),              # inside the small team: all hidden
]
for engine, url in (("prometheus", PROM), ("victoriametrics", VM)):
    for view, title, spec, rng in CASES:
        drill_panel(engine, url, view, title, spec, rng)

# Privacy on Prometheus: every HR panel by team.
heads = instant(PROM, "sum by (team) (hr_headcount)", END, "team")
report(heads.get("fraud") == 3, "the engine counts 3 people in team fraud (%r)" % heads.get("fraud"))
d, panels = VIEW["hr"]
rc, out, err = kpidash("--prometheus", PROM, "--view", "hr", "--drill", "team", "--range", "1h")
report(rc == 0 and err == "", "hr by team: every panel fetched (exit %d)" % rc,
       [err[:300]] if err else [])
rows = parse_csv(out) if rc == 0 else []
shown_numbers = numbers("\n".join("%s,%s" % (r["value"], r["change"]) for r in rows))
for title, p in panels.items():
    q = p["queries"][0]
    mine = [r for r in rows if r["panel"] == title]
    fraud = [r for r in mine if r["cohort"] == "fraud"]
    problems = []
    if len(fraud) != 1:
        problems.append("no single fraud row: %r" % fraud)
    else:
        f = fraud[0]
        if f["status"] != suppressed_small(FLOOR) or f["value"] != "" or f["change"] != "":
            problems.append("fraud row %r" % f)
    cover = [r for r in mine if r["status"] == suppressed_cover(FLOOR)]
    hidden = sum(heads.get(r["cohort"], 0) for r in mine
                 if r["cohort"] != "(total)" and r["status"] != "ok")
    if not cover:
        problems.append("no other cohort is hidden with fraud")
    if hidden < FLOOR:
        problems.append("the hidden cohorts have %g people, under %d" % (hidden, FLOOR))
    qstep = panel_window(p, H1, q)
    scale = declared_scale(q, qstep)
    real = instant(PROM, expand(q["promql"], "team", "", qstep, H1), END, "team").get("fraud")
    if real is None:
        problems.append("the engine has no figure for fraud")
    elif any(same(x, real * scale) for x in shown_numbers):
        problems.append("fraud's figure %r is printed" % (real * scale))
    if not problems:
        problems = check_rows(PROM, "hr", title, mine, "team", "", H1, FLOOR)
    report(not problems, "prometheus: hr / %s, by team, hides fraud (%s) and %s with it" %
           (title, "%.6g" % (real * scale) if real is not None else "?",
            ", ".join(r["cohort"] for r in cover) or "nothing"), problems)

def dashboard_query(view, f, rng):
    """A --once figure line's query as the view declares it: (its PromQL with the step of
    its declared window; its declared scale; a problem or None)."""
    p = VIEW[view][1].get(f[1])
    if p is None or not f[2].isdigit() or int(f[2]) >= len(p["queries"]):
        return None, None, "a figure of no declared query: %r" % f[:4]
    q = p["queries"][int(f[2])]
    qstep = panel_window(p, rng, q)
    return (expand(q["promql"], q.get("group", ""), "", qstep, rng), declared_scale(q, qstep),
            None)


# The dashboard's own figures (--once without --drill) hide fraud too.
for rng in ("24h", "1h"):
    rng_s = H24 if rng == "24h" else H1
    rc, out, err = kpidash("--prometheus", PROM, "--view", "hr", "--range", rng)
    figs = [l.split("\t") for l in out.splitlines()]
    values = []
    problems = [] if rc == 0 and err == "" else ["exit %d, stderr %r" % (rc, err[:300])]
    if not figs:
        problems.append("kpidash printed no figure")
    for f in figs:
        try:
            values.append(float(f[5]))
        except (IndexError, ValueError):
            problems.append("a line that is no figure: %r" % f)
    fraud_lines = [f for f in figs if len(f) > 7 and "team=fraud" in f[3].split(",")]
    if not fraud_lines:
        problems.append("no figure for team=fraud at all")
    for f in fraud_lines:
        if f[5] not in ("nan", "") or "suppressed" not in f[7]:
            problems.append("team=fraud shown: %r" % f[:8])
        promql, scale, why = dashboard_query("hr", f, rng_s)
        if why:
            problems.append("%s: %s" % (f[1], why))
            continue
        real = instant(PROM, promql, END, "team").get("fraud")
        if real is None:
            problems.append("%s: the engine has no fraud figure" % f[1])
        elif any(same(x, real * scale) or same(x, real) for x in values):
            problems.append("%s: fraud's figure %r is printed" % (f[1], real))
    report(not problems, "prometheus: --once --view hr over %s shows no figure for team=fraud "
           "(%d figures of team=fraud)" % (rng, len(fraud_lines)), problems)

# A floor of 2 shows fraud, as the engine computes it.
for title in ("AI adoption", "eNPS", "Overtime hours by team"):
    rows = drill_panel("prometheus", PROM, "hr", title, "team", H1, floor=2)
    fraud = [r for r in rows if r["cohort"] == "fraud"]
    report(len(fraud) == 1 and fraud[0]["status"] == "ok" and fraud[0]["value"] != "" and
           all(r["status"] == "ok" for r in rows),
           "prometheus: --privacy-floor 2 shows fraud's %s (%s) and hides no one" %
           (title, fraud[0]["value"] if fraud else "no row"))

# The team hidden to cover fraud: drilling into it shows nothing, or fraud would be the
# team total minus the other teams and the sum of its parts.
for title in ("Overtime hours by team", "AI adoption"):
    top = drill_panel("prometheus", PROM, "hr", title, "team", H1)
    covers = [r["cohort"] for r in top if r["status"] == suppressed_cover(FLOOR)]
    problems = []
    for cover in covers:
        rows = drill_panel("prometheus", PROM, "hr", title, "team=%s,role" % cover, H1)
        problems += ["%s=%s: %r" % (cover, r["cohort"], r["value"]) for r in rows
                     if r["status"] != SUPPRESSED_INSIDE or r["value"] != ""]
    report(covers and not problems,
           "prometheus: inside the team that covers fraud (%s) every %s figure is hidden" %
           (",".join(covers) or "none", title), problems)
    shown = [r["cohort"] for r in top if r["status"] == "ok"]
    rows = drill_panel("prometheus", PROM, "hr", title, "team=%s,role" % shown[0], H1) if shown else []
    report(rows and not any(r["status"] == SUPPRESSED_INSIDE for r in rows),
           "prometheus: inside a team that is shown (%s), %s is not hidden wholesale" %
           (shown[0] if shown else "none", title))

# The whole (filtered) set under the floor. A floor above everyone the engine counts hides
# every cohort, and the (total) row too: it would be the figure of fewer people than the
# floor. A floor of exactly everyone shows the total again, as the engine computes it.
WHOLE_CASES = [("AI adoption", H24), ("eNPS", H24), ("Overtime hours by team", H1),
               ("Teams: training vs use", H24)]
for engine, url in (("prometheus", PROM), ("victoriametrics", VM)):
    hq = VIEW["hr"][0]["headcount"]["promql"]
    everyone = instant(url, expand(hq, "", "", MIN_STEP, H24), END).get("")
    ok = everyone is not None and everyone >= FLOOR and everyone == math.floor(everyone)
    report(ok, "%s: the engine counts %s people in the whole company (%s)" %
           (engine, "%g" % everyone if everyone is not None else "no", hq))
    if not ok:
        continue
    n = int(everyone)
    for title, rng in WHOLE_CASES:
        rows = drill_panel(engine, url, "hr", title, "team", rng, floor=n + 1)
        total = [r for r in rows if r["cohort"] == "(total)"]
        bad = [r for r in rows if r["value"] != "" or r["change"] != "" or
               r["status"] != suppressed_small(n + 1)]
        report(len(total) == 1 and len(rows) > 1 and not bad,
               "%s: hr / %s by team, floor %d above the %d people of the whole company: "
               "the (total) row and every cohort show no figure" % (engine, title, n + 1, n),
               ["%s: %r %r %r" % (r["cohort"], r["value"], r["change"], r["status"])
                for r in bad])
    for title, rng in WHOLE_CASES[:2]:
        p = VIEW["hr"][1][title]
        q = p["queries"][0]
        qstep = rng if p.get("value") == "range" else drill_step(rng)
        want = instant(url, expand(q["promql"], "", "", qstep, rng), END).get("")
        want = None if want is None else want * declared_scale(q, qstep)
        rows = drill_panel(engine, url, "hr", title, "team", rng, floor=n)
        total = [r for r in rows if r["cohort"] == "(total)"]
        ok = len(total) == 1 and total[0]["status"] == "ok" and same(num(total[0]["value"]), want)
        report(ok, "%s: hr / %s by team, floor %d = the whole company: the (total) row shows "
               "the engine's %r" % (engine, title, n, want), [] if ok else ["(total) %r" % total])
    # the dashboard's own figures (--once without --drill): the same floors
    for floor in (n + 1, n):
        rc, out, err = kpidash("--prometheus", url, "--view", "hr", "--range", "24h",
                               "--privacy-floor", str(floor))
        figs = [l.split("\t") for l in out.splitlines()]
        problems = [] if rc == 0 and err == "" else ["exit %d, stderr %r" % (rc, err[:300])]
        checked = 0
        for f in figs:
            if len(f) != 9:
                problems.append("a line that is no figure: %r" % f)
                continue
            p = VIEW["hr"][1].get(f[1])
            if p is None or not p.get("privacy"):
                continue
            checked += 1
            whole = f[3] == ""
            if floor > n or not whole:  # under the floor: every cohort, and the whole set
                if f[5] != "nan" or f[7] != suppressed_small(floor):
                    problems.append("%s {%s}: %s %r" % (f[1], f[3], f[5], f[7]))
                continue
            promql, scale, why = dashboard_query("hr", f, H24)
            if why:
                problems.append("%s: %s" % (f[1], why))
                continue
            want = instant(url, promql, END).get("")
            if want is None or not same(float(f[5]), want * scale):
                problems.append("%s: kpidash %s, the engine %r" % (f[1], f[5], want))
        if checked == 0:
            problems.append("no figure of a privacy panel at all")
        report(not problems,
               "%s: --once --view hr, floor %d %s the %d people of the whole company: %s "
               "(%d figures)" % (engine, floor, "above" if floor > n else "equal to", n,
                                 "no figure at all" if floor > n else
                                 "only the whole set's figures, as the engine computes them",
                                 checked), problems)

report(passed > 0, "the drill checks checked something (%d passed before this)" % passed)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY

python3 "$ENG/drill.py" "$BIN" "$ROOT/views" "$DATA_END" "$PROM_URL" "$VM_URL" "$HERE" \
	>"$ENG/drill.out" 2>&1
rc=$?
summary=""
fails=0
while IFS= read -r line; do
	case "$line" in
	"ok - "*) PASS=$((PASS + 1)); echo "$line" ;;
	"not ok - "*) FAIL=$((FAIL + 1)); fails=$((fails + 1)); echo "$line" ;;
	"#"*) echo "$line" ;;
	*" passed, "*" failed") summary=$line ;;
	*) echo "# $line" ;;
	esac
done <"$ENG/drill.out"
# A checker that crashed, checked nothing, or exits other than its own lines say: a failure.
check "the drill checks ran to their end (${summary:-no summary}, exit $rc)" \
	bash -c '[ -n "$1" ] && [ "${1%% *}" -gt 0 ] &&
		{ { [ "$2" = 0 ] && [ "$3" = 0 ]; } || { [ "$2" != 0 ] && [ "$3" -gt 0 ]; }; }' \
	_ "$summary" "$rc" "$fails"

finish
