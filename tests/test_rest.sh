#!/usr/bin/env bash
# kpidash on a KPI-REST backend: the project's server (tests/servers/kpi_rest_server.c)
# serves the demo company over HTTP by the contract of docs/rest-api.md. What kpidash shows
# through it must be what the in-process demo shows; its failures are said on the panels.
# usage: test_rest.sh path/to/kpidash path/to/kpi_rest_server
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SERVER="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
WORK="$(mktemp -d)"
PIDS=""
trap 'kill $PIDS 2>/dev/null; lib_cleanup; rm -rf "$WORK"' EXIT
CLOCK=2026-11-23T12:00:00Z

. "$(dirname "$0")/servers/serve.sh"

serve URL --seed 42
printf 'rest-%s\n' "$$" > "$WORK/token"
serve LOCKED --seed 42 --token-file "$WORK/token"

"$BIN" --demo --seed 42 --clock "$CLOCK" --once | cut -f1-5,8 >"$WORK/demo.tsv"
"$BIN" --rest "$URL" --clock "$CLOCK" --once 2>"$WORK/rest.err" | cut -f1-5,8 >"$WORK/rest.tsv"
check "every figure of the four views over KPI-REST equals the in-process demo's ($(wc -l <"$WORK/demo.tsv") figures)" \
	bash -c '[ -s "$1/demo.tsv" ] && cmp -s "$1/demo.tsv" "$1/rest.tsv" && [ ! -s "$1/rest.err" ]' _ "$WORK"
diff "$WORK/demo.tsv" "$WORK/rest.tsv" | head -n 6 | sed 's/^/# /'

# Every figure over KPI-REST against the server's own answer for the panel's KPI, scaled by
# the view's declared "per" over the step (tests/engines/check_figures.py --rest): nothing
# is taken from kpidash's printed scale, and the demo in-process is not the oracle either.
# The floor of 1 shows every cohort; the floor itself is checked below.
CHECKER="$ROOT/tests/engines/check_figures.py"
END_S=$(date -u -d "$CLOCK" +%s)
RANGE=86400
"$BIN" --rest "$URL" --clock "$CLOCK" --range 24h --privacy-floor 1 --once \
	>"$WORK/floor1.tsv" 2>"$WORK/floor1.err"
check "kpidash --once --privacy-floor 1 over KPI-REST fetches every panel without an error" \
	bash -c '[ -s "$1" ] && [ ! -s "$2" ]' _ "$WORK/floor1.tsv" "$WORK/floor1.err"
run_checker "the figures over KPI-REST" "$WORK/checker.out" "$CHECKER" --rest kpi-rest "$URL" \
	"$WORK/floor1.tsv" "$ROOT/views" --end "$END_S" --range "$RANGE"

# The people of the whole company, as the server counts them (its headcount KPI at the clock).
EVERYONE=$(curl -s "$URL/v1/kpi/headcount/current?at=$END_S" |
	python3 -c 'import json, sys; v = json.load(sys.stdin)["values"]; print("%d" % v[0]["v"] if len(v) == 1 and v[0]["labels"] == {} else "")')
check "the server counts the whole company's people (${EVERYONE:-nothing})" \
	bash -c '[ -n "$1" ] && [ "$1" -ge 5 ]' _ "$EVERYONE"

# The whole set under the floor: with a floor above everyone, every HR figure over KPI-REST
# (the whole set's too) is suppressed; with a floor of exactly everyone, the whole set's
# figures come back, as the server computes them, and every cohort stays hidden.
whole_floor() {
	local floor="$1" out="$WORK/whole-$1.tsv"
	"$BIN" --rest "$URL" --clock "$CLOCK" --range 24h --privacy-floor "$floor" --once --view hr \
		>"$out" 2>"$WORK/whole-$1.err" || return 1
	[ ! -s "$WORK/whole-$1.err" ] || { sed 's/^/# /' "$WORK/whole-$1.err"; return 1; }
	python3 - "$out" "$floor" "$EVERYONE" "$URL" "$END_S" "$ROOT/tests/engines" <<'PY'
import math, sys
sys.path.insert(0, sys.argv[6])
from check_figures import rest_answer, last_value, same, load_panels
out, floor, everyone, url, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
panels = load_panels(sys.argv[6] + "/../../views")
bad, whole = [], 0
lines = [l.rstrip("\n").split("\t") for l in open(out)]
for f in lines:
    p = panels.get(("hr", f[1])) if len(f) == 9 else None
    if p is None or not p.get("privacy"):
        bad.append("not an HR privacy figure: %r" % f[:4])
        continue
    if floor > everyone or f[3] != "":
        if f[5] != "nan" or f[7] != "suppressed (< %d people)" % floor:
            bad.append("%s {%s} shows %s %r" % (f[1], f[3], f[5], f[7]))
        continue
    whole += 1
    q = p["queries"][int(f[2])]
    want = last_value(rest_answer(url, q["kpi"], end - 86400, end, 86400).get("", []))
    if not same(float(f[5]), want):
        bad.append("%s: kpidash %s, the server %r" % (f[1], f[5], want))
if not lines or (floor <= everyone and whole == 0):
    bad.append("no figure to check")
for b in bad:
    print("#   " + b)
sys.exit(1 if bad else 0)
PY
}
if [ -n "$EVERYONE" ]; then
	check "--once --view hr, floor $((EVERYONE + 1)) above the $EVERYONE people of the whole company: no HR figure at all, the whole set's neither" \
		whole_floor $((EVERYONE + 1))
	check "--once --view hr, floor $EVERYONE = the whole company: the whole set's figures as the server computes them, every cohort hidden" \
		whole_floor "$EVERYONE"
fi

# The executive view on screen: first that it is the executive view over KPI-REST, then AI
# adoption's figure inside its own panel, as the server's own answer formatted as documented
# (a ratio: a percent with one decimal); the demo's --once reads the same.
start_shell 160 48 TERM=tmux-256color
type_line "$BIN --rest $URL --clock $CLOCK --range 24h --refresh 2; echo EXIT=\$? rest"
check "the executive view fills in from the KPI-REST backend" wait_for 'Value vs cost' 5
check "the status bar names the source" shows 'KPI-REST'
check "the screen is the executive view over 24h (its tab, its panels, the range)" \
	shows_all '1 Executive' 'AI adoption' 'Automation rate' 'range 24h'
adoption=$(python3 "$CHECKER" --rest --text "$URL" "$WORK/floor1.tsv" "$ROOT/views" executive \
	"AI adoption" --end "$END_S" --range "$RANGE")
demo_adoption=$(awk -F'\t' '$1 == "executive" && $2 == "AI adoption" { print $6; exit }' "$WORK/demo.tsv")
panel_reads() {
	local i=0
	[ -n "$2" ] || return 1
	while [ "$i" -lt 100 ]; do
		t capture-pane -p -t main | python3 "$CHECKER" --in-panel "$1" "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	capture >/dev/null
	return 1
}
check "on screen, the AI adoption panel reads ${adoption:-?}: the server's own answer, formatted as documented" \
	panel_reads "AI adoption" "$adoption"
check "and the demo in-process reads the same (${demo_adoption:-?})" \
	bash -c '[ -n "$1" ] && [ "$1" = "$2" ]' _ "$adoption" "$demo_adoption"
press q
wait_for 'EXIT=0 rest' 5 >/dev/null

"$BIN" --rest "$LOCKED" --clock "$CLOCK" --once --view hr >/dev/null 2>"$WORK/locked.err"
check "without the token: 401, said per panel" grep -q 'unauthorized' "$WORK/locked.err"
"$BIN" --rest "$LOCKED" --bearer-token-file "$WORK/token" --clock "$CLOCK" --once --view hr \
	>"$WORK/unlocked.tsv" 2>"$WORK/unlocked.err"
check "with the token from a file: every HR figure" \
	bash -c '[ -s "$1/unlocked.tsv" ] && [ ! -s "$1/unlocked.err" ]' _ "$WORK"

"$BIN" --rest "$URL/status/500" --clock "$CLOCK" --once --view hr >/dev/null 2>"$WORK/500.err"
check "a 500 with the contract's error shape says its code and message" grep -q 'internal' "$WORK/500.err"
"$BIN" --rest "$URL/notjson" --clock "$CLOCK" --once --view hr >/dev/null 2>"$WORK/nj.err"
check "a body that is not JSON is named as such" grep -qi 'json' "$WORK/nj.err"
s=$(date +%s%N)
"$BIN" --rest "$URL/hang" --timeout 1 --clock "$CLOCK" --once --view hr >/dev/null 2>"$WORK/hang.err"
ms=$((($(date +%s%N) - s) / 1000000))
check "a hung backend times out per request (${ms} ms for the whole view)" \
	bash -c 'grep -q "no answer in 1.0 s" "$1/hang.err" && [ "$2" -lt 5000 ]' _ "$WORK" "$ms"
"$BIN" --rest "$URL/big/3000000" --max-body 64k --clock "$CLOCK" --once --view hr >/dev/null 2>"$WORK/big.err"
check "a body over the limit is refused" grep -q 'larger than' "$WORK/big.err"

# A panel that reads a foreign JSON API by paths, beside the demo source.
sed "s#URL/#$URL/#g" >"$WORK/foreign.json" <<'JSON'
{"name": "foreign", "title": "Foreign", "rows": [{"height": 8, "panels": [
  {"title": "Their ROI", "kind": "stat", "unit": "ratio",
   "queries": [{"url": "URL/foreign", "value": "data.kpis[id=roi].value"}]},
  {"title": "Their SLA by team", "kind": "bar", "unit": "ratio", "max": 1,
   "queries": [{"url": "URL/foreign", "value": "teams[*].sla", "label": "teams[*].name",
                "label_name": "team"}]},
  {"title": "Their points", "kind": "timeseries", "unit": "none",
   "queries": [{"url": "URL/foreign", "value": "data.points[*].v", "time": "data.points[*].t"}]}]}]}
JSON
"$BIN" --demo --dashboard "$WORK/foreign.json" --view foreign --clock "$CLOCK" --once \
	>"$WORK/foreign.tsv" 2>"$WORK/foreign.err"
check "a foreign API's value picked by a selection path (kpis[id=roi].value = 160%)" \
	grep -q $'^foreign\tTheir ROI\t0\t\t[0-9.]*\t1.6[0-9]*\t1\t160%' "$WORK/foreign.tsv"
check "one series per team by a label path, a string number read as one (fraud 91.0%)" \
	grep -q $'team=fraud\t[0-9.]*\t0.91[0-9]*\t1\t91.0%' "$WORK/foreign.tsv"
check "null is a gap (--), never 0, and a hostile label is drawn harmless" \
	bash -c 'grep -q "team=red.*--" "$1" && ! grep -q $'"'"'\x1b'"'"' "$1"' _ "$WORK/foreign.tsv"
check "points with their own times from a time path (the last at t=1795437000: 2.25)" \
	grep -q $'^foreign\tTheir points\t0\t\t1795437000.000\t2.25\t' "$WORK/foreign.tsv"
check "and no panel failed" bash -c '[ ! -s "$1" ]' _ "$WORK/foreign.err"

finish
