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

start_shell 160 48 TERM=tmux-256color
type_line "$BIN --rest $URL --clock $CLOCK --refresh 2; echo EXIT=\$?"
check "the executive view fills in from the KPI-REST backend" wait_for 'Value vs cost' 5
adoption=$(awk -F'\t' '$2 == "AI adoption" { print $6; exit }' "$WORK/demo.tsv")
check "with the demo's figures (AI adoption $adoption)" wait_for "$adoption" 5
check "the status bar names the source" shows 'KPI-REST'
press q
wait_for 'EXIT=0' 5 >/dev/null

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
