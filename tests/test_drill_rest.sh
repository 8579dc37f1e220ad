#!/usr/bin/env bash
# The drill-down (--once --drill) over KPI-REST: the project's server
# (tests/servers/kpi_rest_server.c) serves the demo company, so every cohort table it
# gives must be the in-process demo's, byte for byte, the privacy floor held the same
# way. A malformed --drill is refused with exit 2 and says why.
# usage: test_drill_rest.sh path/to/kpidash path/to/kpi_rest_server
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SERVER="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/tests/check.sh"
WORK="$(mktemp -d)"
PIDS=""
trap 'kill $PIDS 2>/dev/null; rm -rf "$WORK"' EXIT
CLOCK=2026-11-23T12:00:00Z
HEADER='view,panel,path,label,cohort,value,change,unit,time,step,range,status'

. "$(dirname "$0")/servers/serve.sh"

serve URL --seed 42

# Run the drill-down on the demo and over KPI-REST; files $WORK/NAME.{demo,rest}.{csv,err,rc}.
both() {
	local name="$1"
	shift
	"$BIN" --demo --seed 42 --clock "$CLOCK" --once "$@" >"$WORK/$name.demo.csv" \
		2>"$WORK/$name.demo.err"
	echo $? >"$WORK/$name.demo.rc"
	"$BIN" --rest "$URL" --clock "$CLOCK" --once "$@" >"$WORK/$name.rest.csv" \
		2>"$WORK/$name.rest.err"
	echo $? >"$WORK/$name.rest.rc"
}

# The tables agree, both runs succeeded quietly, and there is more than a header.
same_tables() {
	local n="$1" w="$WORK/$1"
	[ "$(cat "$w.demo.rc")" = 0 ] && [ "$(cat "$w.rest.rc")" = 0 ] &&
		[ ! -s "$w.demo.err" ] && [ ! -s "$w.rest.err" ] &&
		[ "$(head -n 1 "$w.rest.csv")" = "$HEADER" ] &&
		[ "$(wc -l <"$w.rest.csv")" -gt 2 ] &&
		cmp -s "$w.demo.csv" "$w.rest.csv" ||
		{ for f in "$w".*.err; do sed "s|^|# $(basename "$f"): |" "$f"; done
		  diff "$w.demo.csv" "$w.rest.csv" | head -n 6 | sed 's/^/# /'; return 1; }
}

# The server's own answers, the oracle of the tables below: kpidash's CSV of view $2 over
# range $3 seconds ("own": the range the view's JSON declares) (file $1) against what the
# KPI-REST server itself answers for each panel's KPI with the drill path as its filter
# and the row's label as its group, over the panel's declared window and the one before
# it (docs/dashboards.md), scaled by the view's declared "per" over that window. A hidden
# row must carry no figure; every shown one, its change and the (total) must be the
# server's, to 1e-9; the table's trend step is 60 points across the range.
CHECKER_DIR="$ROOT/tests/engines"
END_S=$(date -u -d "$CLOCK" +%s)
server_says() {
	python3 - "$1" "$2" "$3" "$URL" "$END_S" "$CHECKER_DIR" "$ROOT/views" <<'PY'
import csv, math, sys
sys.path.insert(0, sys.argv[6])
import json, os
from check_figures import PER_SECONDS, rest_answer, same, load_panels, panel_window
path, view, url, end = sys.argv[1], sys.argv[2], sys.argv[4], float(sys.argv[5])
panels = load_panels(sys.argv[7])
if sys.argv[3] == "own":
    decl = json.load(open(os.path.join(sys.argv[7], view + ".json")))["range"]
    rng = int(float(decl[:-1]) * {"m": 60, "h": 3600, "d": 86400}[decl[-1]])
else:
    rng = int(sys.argv[3])
rows = list(csv.DictReader(open(path)))
step = float(math.ceil(rng / 60))  # the drill-down's step; KPI-REST has no minimum
bad, shown = [], 0
for r in rows:
    p = panels.get((view, r["panel"]))
    if p is None:
        bad.append("a row of no panel of %s: %r" % (view, r["panel"]))
        continue
    if r["step"] != "%g" % step or r["range"] != "%d" % rng:
        bad.append("%s: step/range %s/%s, the drill-down asks %g/%d" %
                   (r["panel"], r["step"], r["range"], step, rng))
    if r["status"] != "ok":
        if r["value"] != "" or r["change"] != "":
            bad.append("%s / %s is %r yet shows %r %r" % (r["panel"], r["cohort"], r["status"],
                                                       r["value"], r["change"]))
        continue
    q = p["queries"][0]
    filters = dict(q.get("filter") or {})
    filters.update(x.split("=", 1) for x in r["path"].split(",") if x)
    group = None if r["cohort"] == "(total)" else r["label"]
    qstep = panel_window(p, rng, q)
    start = end - 2 * qstep
    per = PER_SECONDS.get(q.get("per", "none"))
    scale = per / qstep if per is not None else 1.0
    got = rest_answer(url, q["kpi"], start, end, qstep, group, sorted(filters.items()))
    pts = got.get("" if group is None else "%s=%s" % (group, r["cohort"]))
    if pts is None:
        bad.append("%s / %s: the server has no such series" % (r["panel"], r["cohort"]))
        continue
    v = pts[-1][1]
    dv = v - pts[-2][1] if len(pts) >= 2 else float("nan")
    for what, mine, want in (("value", r["value"], v * scale), ("change", r["change"], dv * scale)):
        m = float(mine) if mine != "" else float("nan")
        # the CSV writes 10 significant digits
        if not (same(m, want) or abs(m - want) <= 1e-9 * max(1.0, abs(want)) or
                (not math.isnan(want) and abs(m - want) <= 5e-10 * abs(want) * 10)):
            bad.append("%s / %s %s: kpidash %s, the server %r x %.6g" %
                       (r["panel"], r["cohort"], what, mine, want / scale if scale else want, scale))
    shown += 1
if shown == 0:
    bad.append("no shown row to check")
for b in bad[:12]:
    print("#   " + b)
sys.exit(1 if bad else 0)
PY
}

# How many panels and rows a table has (for the check names).
shape() {
	awk -F, 'NR > 1 { p[$2] = 1; n++ } END { printf "%d panels, %d rows", length(p), n }' "$1"
}

# Every view by team, and one nested path each, over KPI-REST as on the demo.
for spec in "executive team" "operations team" "model team" "hr team" "model model" \
	"executive team=claims,workflow" "operations team=dispatch,workflow" \
	"model model=doc-extract,version" "hr team=dispatch,role"; do
	set -- $spec
	name="$1-${2//[=,]/_}"
	both "$name" --view "$1" --drill "$2"
	check "$1 --drill $2 over KPI-REST is the demo's table ($(shape "$WORK/$name.rest.csv"))" \
		same_tables "$name"
	check "$1 --drill $2: every shown cohort, its change and the (total) are the server's own answers" \
		server_says "$WORK/$name.rest.csv" "$1" own
done
both hr-1h --view hr --drill team --range 1h
check "hr --drill team --range 1h over KPI-REST is the demo's table ($(shape "$WORK/hr-1h.rest.csv"))" \
	same_tables hr-1h
check "hr --drill team --range 1h: every shown figure is the server's own answer" \
	server_says "$WORK/hr-1h.rest.csv" hr 3600
both roi --view executive --drill team=underwriting,workflow --panel roi
check "--panel picks one panel, its title in any case ($(shape "$WORK/roi.rest.csv"))" \
	bash -c 'cmp -s "$1.demo.csv" "$1.rest.csv" && [ ! -s "$1.rest.err" ] &&
		[ "$(cut -d, -f2 "$1.rest.csv" | sort -u | tr "\n" /)" = "ROI/panel/" ] &&
		grep -q "^executive,ROI,team=underwriting,workflow,(total)," "$1.rest.csv"' _ "$WORK/roi"

# A nested path's (total) is the parent's row for that cohort: the filter reached the server.
check "team=dispatch,role: each panel's (total) is its dispatch row by team (hr, over KPI-REST)" \
	python3 - "$WORK/hr-team.rest.csv" "$WORK/hr-team_dispatch_role.rest.csv" <<'PY'
import csv, sys
parent = {(r["panel"]): r for r in csv.DictReader(open(sys.argv[1])) if r["cohort"] == "dispatch"}
child = [r for r in csv.DictReader(open(sys.argv[2])) if r["cohort"] == "(total)"]
bad = [(r["panel"], r["value"], parent.get(r["panel"], {}).get("value")) for r in child
       if r["panel"] not in parent or parent[r["panel"]]["value"] != r["value"] or
       parent[r["panel"]]["change"] != r["change"] or r["value"] == ""]
for b in bad:
    print("#   %s: total %s, dispatch %s" % b)
sys.exit(1 if bad or not child else 0)
PY

# The privacy floor over KPI-REST: fraud (3 people) hidden on every HR panel, one more with it.
check "over KPI-REST every HR panel hides fraud, without a figure" \
	python3 - "$WORK/hr-team.rest.csv" "$ROOT/views/hr.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
titles = [p["title"] for row in json.load(open(sys.argv[2]))["rows"] for p in row["panels"]]
bad = []
for t in titles:
    mine = [r for r in rows if r["panel"] == t]
    fraud = [r for r in mine if r["cohort"] == "fraud"]
    cover = [r for r in mine if r["status"] == "suppressed (covers < 5)"]
    if len(fraud) != 1 or fraud[0]["status"] != "suppressed (< 5 people)" or \
            fraud[0]["value"] != "" or fraud[0]["change"] != "":
        bad.append("%s: fraud %r" % (t, fraud))
    if len(cover) < 1 or any(r["value"] or r["change"] for r in cover):
        bad.append("%s: no cohort hidden with fraud, or it shows a figure" % t)
for b in bad:
    print("#   " + b)
sys.exit(1 if bad else 0)
PY
both floor2 --view hr --drill team --privacy-floor 2
check "--privacy-floor 2 over KPI-REST shows fraud's figures as the demo does" \
	bash -c 'cmp -s "$1.demo.csv" "$1.rest.csv" && [ ! -s "$1.rest.err" ] &&
		! grep -q suppressed "$1.rest.csv" &&
		[ "$(grep -c ",team,fraud,[-0-9]" "$1.rest.csv")" -eq "$(grep -c ",team,claims," "$1.rest.csv")" ]' \
	_ "$WORK/floor2"
both fraud --view hr --drill team=fraud,role
check "inside team fraud over KPI-REST every row and the total are hidden" \
	bash -c 'cmp -s "$1.demo.csv" "$1.rest.csv" && [ "$(wc -l <"$1.rest.csv")" -gt 2 ] &&
		! grep -v "^view," "$1.rest.csv" | grep -qv ",,,[a-z_]*,[0-9]*,[0-9]*,[0-9]*,suppressed (part of a hidden cohort)$"' \
	_ "$WORK/fraud"
# the cohort hidden to cover fraud must not be had by drilling into it either: its parts
# would add up to it, and fraud to the total minus the rest
both cover --view hr --drill team=underwriting,role --panel "Overtime hours by team"
check "inside the team hidden to cover fraud, every row and the total are hidden too" \
	bash -c 'cmp -s "$1.demo.csv" "$1.rest.csv" && [ "$(wc -l <"$1.rest.csv")" -gt 2 ] &&
		! grep -v "^view," "$1.rest.csv" | grep -qv ",,,hours,[0-9]*,[0-9]*,[0-9]*,suppressed (part of a hidden cohort)$"' \
	_ "$WORK/cover"

# Malformed specs: exit 2, nothing on stdout, a message that names what is wrong.
refused() {
	local name="$1" want="$2"
	shift 2
	"$BIN" --rest "$URL" --clock "$CLOCK" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
	local rc=$?
	[ "$rc" -eq 2 ] && [ ! -s "$WORK/$name.out" ] && grep -qF -- "$want" "$WORK/$name.err" ||
		{ echo "# exit $rc"; sed 's/^/# /' "$WORK/$name.err" "$WORK/$name.out" | head -n 5; return 1; }
}
check "--drill nosuchlabel: exit 2, the label named" \
	refused nolabel "--drill nosuchlabel: no panel of view executive can be broken down" \
	--once --view executive --drill nosuchlabel
check "--drill team=claims --panel \"No such panel\": exit 2, the panel named" \
	refused nopanel "No such panel" --once --view executive --drill team=claims --panel "No such panel"
check "--drill team without --once: exit 2, --once asked for" \
	refused noonce "--drill: expected --once" --view hr --drill team
check "--drill team without --view: exit 2, --view asked for" \
	refused noview "--view" --once --drill team
check "--drill team=claims,team: exit 2, the label already fixed" \
	refused twice "'team' is already fixed by the drill path" --once --view hr --drill team=claims,team \
	--panel eNPS
check "--drill role --panel eNPS (no role among its labels): exit 2, said so" \
	refused norole "eNPS cannot be broken down by 'role'" --once --view hr --drill role --panel eNPS

finish
