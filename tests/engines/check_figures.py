#!/usr/bin/env python3
"""Compare every figure kpidash shows with what the engine itself says.

usage: check_figures.py ENGINE_NAME ENGINE_URL FIGURES_FILE VIEWS_DIR

FIGURES_FILE is the output of `kpidash --once` against ENGINE_URL: one line a
figure (view, panel, query, series, time, value, scale, text, PromQL). For each
panel of the shipped views, every one of its figures must equal the engine's
answer to the same PromQL as an instant query at the same time (times the
panel's scale, for rates shown per hour), to a relative 1e-9: far finer than
any figure is drawn. Prints "ok - ..." / "not ok - ..." a panel and a closing
"N passed, M failed".
"""
import json
import math
import sys
import urllib.parse
import urllib.request


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
        labels = ",".join("%s=%s" % (k, v) for k, v in sorted(s["metric"].items()))
        out[labels] = float(s["value"][1])
    return out


def same(a, b):
    """Equal to a relative 1e-9, NaN equal to NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def panels(views_dir):
    """(view, title) of every shipped panel, in order."""
    out = []
    for name in ("executive", "operations", "model", "hr"):
        with open("%s/%s.json" % (views_dir, name)) as f:
            d = json.load(f)
        for row in d["rows"]:
            out += [(d["name"], p["title"]) for p in row["panels"]]
    return out


def main():
    engine, url, figures_file, views_dir = sys.argv[1:5]
    figures = {}
    with open(figures_file) as f:
        for line in f:
            view, panel, query, series, t, value, scale, text, promql = line.rstrip("\n").split("\t")
            figures.setdefault((view, panel), []).append(
                (int(query), series, float(t), float(value), float(scale), text, promql))
    passed = failed = 0
    for key in panels(views_dir):
        view, title = key
        problems = []
        shown = []
        for query, series, t, value, scale, text, promql in figures.get(key, []):
            try:
                answer = instant(url, promql, t)
            except Exception as e:  # the engine refused: that is a failure to report
                problems.append("query %d: %s" % (query, e))
                continue
            if series not in answer:
                problems.append("query %d: the engine has no series {%s}" % (query, series))
            elif not same(value, answer[series] * scale):
                problems.append("query %d {%s}: kpidash %r, engine %r" %
                                (query, series, value, answer[series] * scale))
            shown.append(text)
        if not figures.get(key):
            problems.append("kpidash printed no figure")
        name = "%s: %s / %s shows %s as the engine computes it" % (
            engine, view, title, " ".join(shown[:4]) + (" ..." if len(shown) > 4 else ""))
        if problems:
            failed += 1
            print("not ok - " + name)
            for p in problems:
                print("#   " + p)
        else:
            passed += 1
            print("ok - " + name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
