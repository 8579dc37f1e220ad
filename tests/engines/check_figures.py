#!/usr/bin/env python3
"""Compare every figure kpidash shows with what the engine itself says.

usage: check_figures.py [--rest] NAME URL FIGURES_FILE VIEWS_DIR --end T --range SECONDS
       check_figures.py [--rest] --text URL FIGURES_FILE VIEWS_DIR VIEW TITLE --end T --range SECONDS
       check_figures.py --in-panel TITLE TEXT < screen

FIGURES_FILE is the output of `kpidash --once --clock T --range SECONDS` against
URL: one line a figure (view, panel, query, series, time, value, scale, text,
PromQL). The expected figure is computed from the engine and the dashboard files alone,
never from what kpidash printed beside it:

- the PromQL is the view's own (VIEWS_DIR/*.json), its variables filled in here the way
  docs/dashboards.md says ($group the query's group, $filter empty, $range and $offset
  the range, $step the panel's declared "window": a duration, or the range for "range",
  "now" and no window); nothing is read from kpidash's line to make it, and the printed
  PromQL must be exactly the view's template so filled in, whatever the layout;
- the scale is the query's declared "per" (minute 60 s, hour 3,600 s, day 86,400 s)
  over that step, 1 without one;
- the value is the engine's answer to that PromQL as an instant query at T, times the
  scale, to a relative 1e-9; every series the engine answers must be there, and none
  other; every figure is at T;
- a figure of a unit with declared decimals (ratio, percent, score) must read as
  docs/dashboards.md formats it: a ratio as a percent with that many decimals, a score
  with them (a whole score signed, eNPS +20).

Prints "ok - ..." / "not ok - ..." a panel and a closing "N passed, M failed"; a file
with no figure, a line that is no figure, or a figure of no declared panel is a failure,
never a pass on nothing.

With --rest, URL is a KPI-REST server (docs/rest-api.md) instead of an engine: the
expected value is its own answer for the query's KPI (its group and filter), the last point
of the window kpidash asks: the panel's window ending at T, at the step of the window (a
gauge, with no $step in the PromQL, is the level at T). Scale, times, series and text are held as above.

With --text it prints, for one panel of VIEW, the text its first figure must read on
screen: the engine's (or server's) answer, scaled and formatted as above (for screen
checks). With --in-panel it reads a screen (tmux capture-pane) on stdin and exits 0 when
the box titled TITLE shows TEXT inside it: the figure is in the panel meant, not elsewhere.
"""
import argparse
import json
import math
import re
import sys
import urllib.parse
import urllib.request

# "per" names, as docs/dashboards.md and views/dashboard.c name them: seconds a window.
PER_SECONDS = {"minute": 60.0, "hour": 3600.0, "day": 86400.0}
MIN_STEP = 120  # a Prometheus-compatible source: two samples of a 60 s scrape
VIEW_NAMES = ("executive", "operations", "model", "hr")
FIELDS = 9


def instant(url, promql, t):
    """The engine's answer to promql at time t: {labels-string: value}."""
    form = urllib.parse.urlencode({"query": promql, "time": "%.3f" % t}).encode()
    with urllib.request.urlopen(url + "/api/v1/query", form, timeout=30) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(body.get("error", "no success"))
    data = body["data"]
    if data["resultType"] == "scalar":
        return {"": float(data["result"][1])}
    out = {}
    for s in data["result"]:
        out[canon(",".join("%s=%s" % kv for kv in s["metric"].items()))] = float(s["value"][1])
    return out


def rest_answer(url, kpi, start, end, step, group=None, filters=()):
    """A KPI-REST server's answer (docs/rest-api.md): {labels-string: [(t, v or NaN)...]}."""
    form = urllib.parse.urlencode({"start": "%.0f" % start, "end": "%.0f" % end,
                                   "step": "%.0f" % step})
    if group:
        form += "&group_by=" + urllib.parse.quote(group, safe="")
    if filters:  # name:value,... with the values percent-encoded, ',' and ':' as they are
        form += "&filter=" + ",".join("%s:%s" % (urllib.parse.quote(k, safe=""),
                                                  urllib.parse.quote(v, safe=""))
                                       for k, v in filters)
    with urllib.request.urlopen("%s/v1/kpi/%s?%s" % (url, kpi, form), timeout=30) as r:
        body = json.load(r)
    out = {}
    for s in body["series"]:
        key = canon(",".join("%s=%s" % kv for kv in s["labels"].items()))
        out[key] = [(float(t), float("nan") if v is None else float(v)) for t, v in s["points"]]
    return out


def last_value(points):
    """The last value that is no gap, as a figure shows it (NaN when none)."""
    for _, v in reversed(points):
        if not math.isnan(v):
            return v
    return float("nan")


def canon(labels):
    """A series' labels "b=2,a=1" in one order: "a=1,b=2"."""
    return ",".join(sorted(x for x in labels.split(",") if x))


def same(a, b):
    """Equal to a relative 1e-9, NaN equal to NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def duration(s):
    """Seconds as the template writes a duration: whole seconds, at least 1."""
    s = math.ceil(s)
    return "%ds" % (s if s >= 1 else 1)


def tokens(tmpl):
    """The template as literal text and $names, as views/template.c reads it."""
    out, lit, i = [], [], 0
    while i < len(tmpl):
        ch = tmpl[i]
        if ch != "$":
            lit.append(ch)
            i += 1
            continue
        if tmpl[i + 1:i + 2] == "$":  # $$ is a literal $
            lit.append("$")
            i += 2
            continue
        j = i + 1
        while j < len(tmpl) and (tmpl[j].isalpha() or tmpl[j] == "_"):
            j += 1
        if j == i + 1:  # a '$' before no letter stays as it is
            lit.append("$")
            i += 1
            continue
        out += [("lit", "".join(lit)), ("var", tmpl[i + 1:j])]
        lit = []
        i = j
    return out + [("lit", "".join(lit))]


def fill(tmpl, group, step, rng):
    """The template with its variables filled in ($filter empty: the dashboard's top)."""
    vals = {"group": group, "filter": "", "step": duration(step), "range": duration(rng),
            "offset": duration(rng)}
    return "".join(v if k == "lit" else vals[v] for k, v in tokens(tmpl))


def step_in(tmpl, group, rng, printed):
    """The step(s) printed PromQL was filled in with, where the template has $step:
    (set of steps, None) or (None, why it is not the template)."""
    rx, nstep = [], 0
    for k, v in tokens(tmpl):
        if k == "lit":
            rx.append(re.escape(v))
        elif v == "step":
            rx.append(r"([0-9]+)s")
            nstep += 1
        else:
            rx.append(re.escape({"group": group, "filter": "", "range": duration(rng),
                                 "offset": duration(rng)}[v]))
    m = re.fullmatch("".join(rx), printed)
    if m is None:
        return None, "kpidash asked %r, which is not the view's %r filled in" % (printed, tmpl)
    return {int(x) for x in m.groups()}, None


def fmt_text(v, unit, decimals):
    """A figure as docs/dashboards.md formats it, for the units with declared decimals;
    None where the format is not one of those."""
    if decimals is None or math.isnan(v) or math.isinf(v):
        return None
    if unit in ("ratio", "percent"):
        x = v * 100 if unit == "ratio" else v
        num = "%.*f" % (decimals, abs(x))
        sign = "-" if x < 0 and num.strip("0.") else ""
        return sign + num + "%"
    if unit == "score":
        num = "%.*f" % (decimals, abs(v))
        nonzero = bool(num.strip("0."))
        sign = "-" if v < 0 and nonzero else "+" if nonzero and decimals == 0 else ""
        return sign + num
    return None


# The burn-rate pairs an "slo" panel has when it names none (docs/dashboards.md).
SLO_PAIRS = (("1h", "5m"), ("6h", "30m"), ("1d", "2h"), ("3d", "6h"))


def slo_queries(p):
    """An "slo" panel's queries as docs/dashboards.md says they are made: the good share
    over each span, the window's first, then each pair's long and short, each span once;
    for a latency threshold, the bucket under it over the histogram's count."""
    s = p["slo"]
    names = [s.get("window", "30d")]
    for pair in s.get("pairs") or [{"long": a, "short": b} for a, b in SLO_PAIRS]:
        names += [pair["long"], pair["short"]]
    spans = []
    for n in names:
        secs = panel_window({"window": n}, 0)
        if secs not in spans:
            spans.append(secs)
    lat = s.get("latency")
    if lat:
        h, le = lat["histogram"], lat["le"]
        promql = ('sum by ($group) (rate(%s_bucket{le="%s",$filter}[$step])) / '
                  'sum by ($group) (rate(%s_count{$filter}[$step]))' % (h, le, h))
    else:
        promql = "(%s) / (%s)" % (s["good"], s["total"])
    return [{"kpi": s.get("kpi"), "group": s.get("group"), "promql": promql,
             "window": "%ds" % secs, "unit": "ratio", "decimals": 2} for secs in spans]


def load_panels(views_dir):
    """{(view, title): panel} of every shipped panel, in order; an "slo" panel with the
    queries it makes."""
    out = {}
    for name in VIEW_NAMES:
        with open("%s/%s.json" % (views_dir, name)) as f:
            d = json.load(f)
        for row in d["rows"]:
            for p in row["panels"]:
                if p.get("kind") == "slo":
                    p = dict(p, queries=slo_queries(p))
                out[(d["name"], p["title"])] = p
    return out


def read_figures(path):
    """(figures {(view, title): [figure]}, problems with the file itself)."""
    figures, problems = {}, []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            try:
                if len(parts) != FIELDS:
                    raise ValueError("%d fields, not %d" % (len(parts), FIELDS))
                view, panel, query, series, t, value, scale, text, promql = parts
                fig = {"query": int(query), "series": canon(series), "t": float(t),
                       "value": float(value), "scale": float(scale), "text": text,
                       "promql": promql}
            except ValueError as e:
                problems.append("line %d is no figure (%s): %r" % (n, e, line[:120]))
                continue
            figures.setdefault((view, panel), []).append(fig)
    return figures, problems


WINDOW_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def panel_window(p, rng, q=None):
    """The seconds a panel's figures (of its query q) are over, as docs/dashboards.md
    declares: the query's "window", else the panel's (a duration; "range" and "now" are
    the range)."""
    w = (q or {}).get("window", p.get("window", "range"))
    if w in ("range", "now"):
        return float(rng)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd]?)", w)
    if not m:
        raise ValueError("window %r is no duration" % w)
    return float(m.group(1)) * WINDOW_UNITS[m.group(2) or "s"]


def query_step(p, qi, figs, rng, problems, min_step=MIN_STEP):
    """The step of the figures of query qi of panel p: its declared window, whatever the
    layout; every printed PromQL of it must be the template filled in with that (None
    when the query has no $step)."""
    q = p["queries"][qi]
    try:
        step = panel_window(p, rng, q)
    except ValueError as e:
        problems.append(str(e))
        return None
    if "promql" not in q or "$step" not in q["promql"]:
        return None
    for fig in figs:
        if fig["query"] != qi:
            continue
        want = fill(q["promql"], q.get("group", ""), step, rng)
        if fig["promql"] != want:
            problems.append("query %d asked %r, not its window's %r" % (qi, fig["promql"], want))
    if step < min_step:
        problems.append("query %d: window %ds is under the engine's least step %ds" %
                        (qi, step, min_step))
    return step


def expected(url, p, qi, step, rng, end, rest=False):
    """(what was asked, the answer {series: value} to query qi of p at end, the declared
    scale): the engine's instant answer to the view's PromQL, or with rest the KPI-REST
    server's answer for the query's KPI, the last point of the same window kpidash asks
    (the figure's window ending at end and the two before it, at the step of the window)."""
    q = p["queries"][qi]
    per = PER_SECONDS.get(q.get("per", "none"))
    if per is not None and step is None:
        raise RuntimeError("query %d declares per %s but its PromQL has no $step" %
                           (qi, q["per"]))
    scale = per / step if per is not None else 1.0
    if rest:
        qstep = step or panel_window(p, rng)  # a gauge: the level at end, whatever the step
        start = end - 2 * qstep  # the figure's window and the two before it
        got = rest_answer(url, q["kpi"], start, end, qstep, q.get("group"),
                          sorted((q.get("filter") or {}).items()))
        return ("%s by %s, step %gs" % (q["kpi"], q.get("group") or "nothing", qstep),
                {k: last_value(v) for k, v in got.items()}, scale)
    promql = fill(q["promql"], q.get("group", ""), step or rng, rng)
    return promql, instant(url, promql, end), scale


def check_panel(url, key, p, figs, rng, end, rest=False):
    """(problems, texts shown, what was computed) of one panel's figures."""
    problems, shown, computed = [], [], []
    if not figs:
        return ["kpidash printed no figure"], shown, computed
    for qi, q in enumerate(p["queries"]):
        step = query_step(p, qi, figs, rng, problems, 0 if rest else MIN_STEP)
        mine = {f["series"]: f for f in figs if f["query"] == qi}
        if not mine:
            problems.append("query %d: kpidash printed no figure" % qi)
            continue
        try:
            promql, answer, scale = expected(url, p, qi, step, rng, end, rest)
        except Exception as e:  # the engine refused, or the view cannot be read: a failure
            problems.append("query %d: %s" % (qi, e))
            continue
        if not answer:
            problems.append("query %d: the engine answers nothing to %s" % (qi, promql))
        if set(mine) != set(answer):
            problems.append("query %d: series %s, the engine has %s" %
                            (qi, sorted(mine), sorted(answer)))
        for series, f in sorted(mine.items()):
            shown.append(f["text"])
            if f["t"] != end:
                problems.append("query %d {%s}: at %.3f, not at %.3f" % (qi, series, f["t"], end))
            if series not in answer:
                continue
            want = answer[series] * scale
            computed.append(want)
            if not same(f["value"], want):
                problems.append("query %d {%s}: kpidash %r, engine %r x %.9g (per %s / step %s)"
                                % (qi, series, f["value"], answer[series], scale,
                                   q.get("per", "none"), step))
            if not same(f["scale"], scale):
                problems.append("query %d {%s}: kpidash's scale %r, the view declares %r"
                                % (qi, series, f["scale"], scale))
            text = fmt_text(want, q.get("unit", p.get("unit")), q.get("decimals", p.get("decimals")))
            if text is not None and f["text"] != text:
                problems.append("query %d {%s}: reads %r, the engine's %r formats as %r"
                                % (qi, series, f["text"], want, text))
    extra = sorted({f["query"] for f in figs} - set(range(len(p["queries"]))))
    if extra:
        problems.append("figures of queries %s the panel does not have" % extra)
    return problems, shown, computed


def check(args):
    panels = load_panels(args.views)
    figures, file_problems = read_figures(args.figures)
    passed = failed = 0

    def report(ok, name, problems):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("ok - " + name)
        else:
            failed += 1
            print("not ok - " + name)
            for pr in problems:
                print("#   " + pr)

    nfig = sum(len(v) for v in figures.values())
    report(nfig > 0 and not file_problems,
           "%s: %s holds %d figures, every line one" % (args.engine, args.figures.split("/")[-1],
                                                        nfig),
           file_problems or ["no figure at all: nothing to check"])
    for key in sorted(set(figures) - set(panels)):
        report(False, "%s: %s / %s is a panel of no shipped view" % ((args.engine,) + key), [])
    for key, p in panels.items():
        view, title = key
        problems, shown, computed = check_panel(args.url, key, p, figures.get(key, []),
                                                args.range, args.end, args.rest)
        name = "%s: %s / %s shows %s as %s computes it" % (
            args.engine, view, title, " ".join(shown[:4]) + (" ..." if len(shown) > 4 else ""),
            "the KPI-REST server" if args.rest else "the engine")
        report(not problems, name, problems)
    if passed + failed == 0:
        report(False, "%s: the checker checked something" % args.engine, [])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def text(args):
    panels = load_panels(args.views)
    figures, file_problems = read_figures(args.figures)
    key = (args.view, args.title)
    if key not in panels or not figures.get(key):
        print("no panel %s / %s in the views, or no figure of it" % key, file=sys.stderr)
        return 1
    p, problems = panels[key], []
    step = query_step(p, 0, figures[key], args.range, problems, 0 if args.rest else MIN_STEP)
    promql, answer, scale = expected(args.url, p, 0, step, args.range, args.end, args.rest)
    if problems or len(answer) != 1:
        print("; ".join(problems) or "the engine answers %r" % answer, file=sys.stderr)
        return 1
    out = fmt_text(list(answer.values())[0] * scale, p.get("unit"), p.get("decimals"))
    if out is None:
        print("%s / %s: no documented fixed format" % key, file=sys.stderr)
        return 1
    print(out)
    return 0


def in_panel(title, want, screen):
    """Whether the box titled title on the screen text shows want inside it, as a whole
    figure (after a blank, a level mark or a change arrow)."""
    lines = screen.split("\n")
    for i, line in enumerate(lines):
        m = re.search("─ (?:[!✗] )?(?:[▲▼] )?" + re.escape(title) + " ─", line)
        if not m:
            continue
        left, right = line.rfind("┌", 0, m.start()), line.find("┐", m.end())
        if left < 0 or right < 0:
            continue
        for body in lines[i + 1:]:
            if body[left:left + 1] != "│":
                break
            if re.search("(^|[ !✗▲▼])" + re.escape(want) + "( |$)", body[left + 1:right]):
                return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--text", action="store_true", help="print a panel's expected text")
    ap.add_argument("--in-panel", action="store_true",
                    help="TITLE TEXT: exit 0 when the screen on stdin shows TEXT in that panel")
    ap.add_argument("--rest", action="store_true", help="the URL is a KPI-REST server")
    ap.add_argument("--end", type=float)
    ap.add_argument("--range", type=int)
    ap.add_argument("pos", nargs="+")
    args = ap.parse_args()
    if args.in_panel:
        if len(args.pos) != 2:
            ap.error("--in-panel TITLE TEXT")
        return 0 if in_panel(args.pos[0], args.pos[1], sys.stdin.read()) else 1
    if args.end is None or args.range is None:
        ap.error("--end and --range are required")
    if args.text:
        if len(args.pos) != 5:
            ap.error("--text URL FIGURES_FILE VIEWS_DIR VIEW TITLE")
        args.url, args.figures, args.views, args.view, args.title = args.pos
        return text(args)
    if len(args.pos) != 4:
        ap.error("NAME URL FIGURES_FILE VIEWS_DIR")
    args.engine, args.url, args.figures, args.views = args.pos
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
