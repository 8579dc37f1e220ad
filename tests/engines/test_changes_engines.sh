#!/usr/bin/env bash
# What changed, against real engines: Debian's Prometheus and VictoriaMetrics loaded with
# two data sets of tests/engines/gen_data.py. On the calm one (a healthy company) the list
# must be empty and kpidash --once --what-changed must exit 0. On the faulted one (team
# claims missing its SLA for 45 minutes, doc-extract slow and drifting for an hour while
# triage-nlp is fine, region apac's schedule adherence falling for 90 minutes) the list
# must hold those and nothing else, with the figures and drivers the engine itself gives
# (check_drivers.py works them out with its own PromQL), the same on both engines, and the
# what-changed screen must say so.
# usage: test_changes_engines.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
CALM="$(mktemp -d)"
FAULTS="$(mktemp -d)"
trap '"$HERE/stop.sh" "$CALM"; "$HERE/stop.sh" "$FAULTS"; lib_cleanup; rm -rf "$CALM" "$FAULTS"' EXIT

# kpidash --once --what-changed on engine URL at the data's end, into FILE; its exit status
# into FILE.rc.
what_changed() {
	"$BIN" --prometheus "$1" --clock "$DATA_END" --once --what-changed >"$2" 2>"$2.err"
	echo $? >"$2.rc"
	sed 's/^/# stderr: /' "$2.err"
}

# True when file $1's exit status is $2.
exited() {
	[ "$(cat "$1.rc")" = "$2" ]
}

KPI_SCENARIO=calm engines_up "$CALM"
for engine in prometheus victoriametrics; do
	url=$PROM_URL
	[ "$engine" = victoriametrics ] && url=$VM_URL
	out="$CALM/$engine.tsv"
	what_changed "$url" "$out"
	check "calm, $engine: nothing is listed" test ! -s "$out"
	sed 's/^/# listed: /' "$out"
	check "calm, $engine: exit 0, all figures ok" exited "$out" 0
done
"$HERE/stop.sh" "$CALM" >/dev/null 2>&1

KPI_SCENARIO=faults engines_up "$FAULTS"

# The engine's own SLA of team claims over the last 15 minutes, as the list prints it.
claims_sla() {
	curl -s "$1/api/v1/query" --data-urlencode "time=$DATA_END" --data-urlencode \
		'query=1 - sum(increase(kpi_sla_breaches_total{team="claims"}[15m])) / sum(increase(kpi_sla_due_total{team="claims"}[15m]))' |
		python3 -c 'import json, sys
r = json.load(sys.stdin)["data"]["result"]
print("%.1f%%" % (100 * float(r[0]["value"][1])) if r else "none")'
}

# Entries that name a cohort the faults left alone: another team, the other model, another
# region (in their series or their drivers).
others() {
	awk -F'\t' '$4 $10 ~ /team=(dispatch|underwriting|fraud)|model=triage-nlp|region=(emea|amer)/' "$1"
}

# Entries that are about none of the faults: no faulted cohort in their series or drivers,
# and not a company-wide figure of a faulted KPI.
strays() {
	awk -F'\t' '!($4 $10 ~ /team=claims|model=doc-extract|region=apac/) &&
		!($4 == "" && $3 ~ /SLA compliance|Schedule adherence|latency|Under 300|budget|drift/)' "$1"
}

for engine in prometheus victoriametrics; do
	url=$PROM_URL
	[ "$engine" = victoriametrics ] && url=$VM_URL
	out="$FAULTS/$engine.tsv"
	what_changed "$url" "$out"
	sed 's/^/# listed: /' "$out"
	check "faults, $engine: exit 2, a bad figure" exited "$out" 2
	want=$(claims_sla "$url")
	check "faults, $engine: team claims' SLA over 15 minutes is the engine's ($want)" \
		bash -c 'awk -F"\t" "\$2 == \"operations\" && \$3 == \"SLA compliance by team / SLA 15m\" &&
			\$4 == \"team=claims\" && \$1 == \"bad\" { print \$5 }" "$1" | grep -qx -- "$2"' \
		_ "$out" "$want"
	check "faults, $engine: no entry names a team, model or region the faults left alone" \
		test -z "$(others "$out")"
	check "faults, $engine: every entry is about a planted fault" test -z "$(strays "$out")"
	check "faults, $engine: the latency SLO pages for doc-extract (and for no other model)" \
		bash -c '[ "$(awk -F"\t" "\$9 == \"slo\" { print \$1, \$3, \$4 }" "$1")" = \
			"bad Latency SLO: 99.5% within 300 ms, 30 days / page model=doc-extract" ]' _ "$out"
	run_checker "faults, $engine: drivers" "$FAULTS/drivers.out" "$HERE/check_drivers.py" \
		"$url" "$out" --end "$DATA_END"
done
check "faults: Prometheus and VictoriaMetrics give the same list" \
	cmp -s "$FAULTS/prometheus.tsv" "$FAULTS/victoriametrics.tsv"

# The screen: w lists the same entries, and under the SLA its driver.
bad=$(grep -c '^bad' "$FAULTS/prometheus.tsv")
driver=$(awk -F'\t' '$2 == "operations" && $3 == "SLA compliance" && $4 == "" { print $10 }' \
	"$FAULTS/prometheus.tsv")
start_shell 160 48 TERM=tmux-256color
type_line "$BIN --prometheus $PROM_URL --clock $DATA_END"
wait_for 'Executive' 10 >/dev/null
press w
check "faults, screen: w counts $bad bad entries, as --once does" \
	wait_for "What changed: $bad bad" 10
# The driver's line on the screen (its text as a pattern: dots and signs literal).
shows_driver() {
	[ -n "$driver" ] && wait_for "driven by $(printf '%s' "$driver" | sed 's/[.+]/\\&/g')" 20
}
check "faults, screen: under SLA compliance, driven by ${driver:-(none in --once)}" shows_driver
press Escape
wait_gone 'What changed:' 5 # before the next key: Escape and 3 at once read as Alt-3
press 3
check "faults, screen: the model view's SLO panel says doc-extract pages, its budget spent" \
	wait_for 'doc-extract +✗ PAGE +✗ ░+ -[0-9]+% +✗ spent' 10
press q
finish
